"""The till's pages: the checkout screen (driven by till.js over the JSON API) and the journal."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, flash, redirect, render_template, url_for
from sqlalchemy import select

from gers.backup import RESTORE_PENDING_MESSAGE, restore_pending
from gers.home import Tile
from gers.models import Role
from gers.web import db, roles
from inventory.services import categories, garment_types
from pos import cash, journal, openapi  # noqa: F401  (openapi's route lives on bp)
from pos.api import TILL_ROLES
from pos.models import JournalEntry
from pos.web import api as api_bp
from pos.web import bp, till_context

__all__ = ["TILES", "api_bp", "bp"]

STOP_CHOICES = "pos.stop_choices"  # (session, site_id, now) -> [(id, label, current)], set by the app factory

TILES = (
    Tile("Caisse", "Passer les achats des foyers et de la vesti-boutique", "pos.till", frozenset(TILL_ROLES)),
    Tile("Journal de caisse", "Ventes, retours, clôtures, réimpression et contrôle", "pos.journal_page",
         frozenset({Role.COORDINATOR})),
)


@bp.route("/caisse")
@roles(*TILL_ROLES)
def till():
    ctx = till_context()
    # At a van, today's stops (from the tours room above the till, through the app factory's hook).
    stops = current_app.extensions.get(STOP_CHOICES, lambda _s, _id, _now: [])(db(), ctx.site_id, ctx.now)
    return render_template("pos/till.html", session_open=cash.current_session(db(), ctx.site_id) is not None,
                           categories=categories(db()), garments=garment_types(db()), by_pin=ctx.pin_login,
                           stops=stops, restore_pending=RESTORE_PENDING_MESSAGE
                           if restore_pending(Path(current_app.instance_path)) else "")


@bp.route("/caisse/journal")
@roles(Role.COORDINATOR)
def journal_page():
    ctx = till_context()
    entries = db().scalars(select(JournalEntry).where(JournalEntry.site_id == ctx.site_id)
                           .order_by(JournalEntry.sequence.desc()).limit(100)).all()
    return render_template("pos/journal.html", entries=entries)


@bp.route("/caisse/journal/verification", methods=["POST"])
@roles(Role.COORDINATOR)
def verify_journal():
    count, broken = journal.verify(db(), till_context().site_id)
    if broken is None:
        flash(f"Journal intègre : {count} écritures vérifiées, chaînage complet.", "info")
    else:
        flash(f"Journal altéré à l'écriture n° {broken.sequence} : {broken.reason}.", "error")
    return redirect(url_for("pos.journal_page"))
