"""Coordinators' screens on central for the kiosk's content: opening hours and van stops, « accès aux
droits » pages (workshops: activities/). Central owns these rows; the nightly sync takes them to
every site."""

from __future__ import annotations

import datetime as dt
import uuid

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from gers.home import Tile
from gers.models import Role
from gers.web import db, roles
from inventory.models import WEEKDAY_LABELS, OpeningSlot, Site
from kiosk import content, editing
from kiosk.editing import ContentError
from kiosk.models import RightsPage

bp = Blueprint("kiosk_content", __name__, url_prefix="/borne-contenu", template_folder="templates")
TILES = (Tile("Contenu de la borne", "Horaires, arrêts du camion et pages « accès aux droits »",
              "kiosk_content.index", frozenset({Role.COORDINATOR})),)


def _page(error: str = "", status: int = 200):
    session = db()
    sites = session.scalars(select(Site).options(selectinload(Site.opening_slots)).order_by(Site.name)).all()
    return render_template("kiosk/content.html", sites=sites, weekdays=WEEKDAY_LABELS,
                           pages=content.rights_pages(session), error=error), status


def _done(message: str):
    db().commit()
    flash(message, "info")
    return redirect(url_for("kiosk_content.index"))


def _refused(error: ContentError):
    db().rollback()
    return _page(str(error), 422)


def _uuid(raw: str | None, label: str, required: bool = True) -> uuid.UUID | None:
    if not raw and not required:
        return None
    try:
        return uuid.UUID(raw or "")
    except ValueError:
        raise ContentError(f"{label} : choisissez dans la liste.") from None


def _time(raw: str | None, label: str) -> dt.time:
    try:
        return dt.time.fromisoformat((raw or "").strip())
    except ValueError:
        raise ContentError(f"{label} : indiquez une heure comme 09:30.") from None


def _int(raw: str | None, label: str) -> int:
    try:
        return int((raw or "").strip())
    except ValueError:
        raise ContentError(f"{label} : indiquez un nombre entier.") from None


@bp.route("/")
@roles(Role.COORDINATOR)
def index():
    return _page()


@bp.route("/creneaux", methods=["POST"])
@roles(Role.COORDINATOR)
def add_slot():
    form = request.form
    try:
        data = editing.SlotInput(site_id=_uuid(form.get("site_id"), "Site"), weekday=_int(form.get("weekday"), "Jour"),
                                 opens=_time(form.get("opens"), "Ouverture"), closes=_time(form.get("closes"), "Fermeture"),
                                 village=form.get("village", "")[:80], place=form.get("place", "")[:120])
        editing.add_slot(db(), data, current_app.config["NODE_CODE"])
    except ContentError as error:
        return _refused(error)
    return _done("Créneau ajouté.")


@bp.route("/creneaux/<uuid:slot_id>/supprimer", methods=["POST"])
@roles(Role.COORDINATOR)
def delete_slot(slot_id: uuid.UUID):
    return _delete(OpeningSlot, slot_id, "Créneau supprimé.")


@bp.route("/droits", methods=["POST"])
@roles(Role.COORDINATOR)
def add_rights_page():
    form = request.form
    try:
        data = editing.RightsInput(title=form.get("title", "")[:120], who=form.get("who", "")[:2000],
                                   place=form.get("place", "")[:200], hours=form.get("hours", "")[:200],
                                   position=_int(form.get("position") or "0", "Ordre"))
        editing.add_rights_page(db(), data, current_app.config["NODE_CODE"])
    except ContentError as error:
        return _refused(error)
    return _done("Page « accès aux droits » ajoutée.")


@bp.route("/droits/<uuid:page_id>/supprimer", methods=["POST"])
@roles(Role.COORDINATOR)
def delete_rights_page(page_id: uuid.UUID):
    return _withdraw(RightsPage, page_id, "Page retirée de la borne.")


def _row(model, row_id: uuid.UUID):
    row = db().get(model, row_id)
    if row is None:
        raise ContentError("Élément introuvable : il a peut-être déjà été supprimé.")
    return row


def _delete(model, row_id: uuid.UUID, message: str):
    try:
        db().delete(_row(model, row_id))
    except ContentError as error:
        return _refused(error)
    return _done(message)


def _withdraw(model, row_id: uuid.UUID, message: str):
    try:
        _row(model, row_id).withdrawn = True
    except ContentError as error:
        return _refused(error)
    return _done(message)
