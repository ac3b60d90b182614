"""Commission screens: sessions, the anonymous agenda, decisions."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.clock import paris_today
from gers.models import Role
from gers.scope import current_scope, in_scope, scoped, scoped_get
from gers.web import current_user, db, now, roles
from households import commission, forms
from households.access_models import CommissionSession
from households.commission import PARTICIPATION
from households.enums import OUTCOME_LABELS, Outcome
from households.errors import HouseholdError, InvalidInput
from households.models import Household
from households.scope import household_at_site
from inventory.models import Site

STAFF = (Role.SOCIAL_WORKER, Role.COORDINATOR)
bp = Blueprint("commission", __name__, url_prefix="/commissions")


def _sites() -> dict[uuid.UUID, Site]:
    shops = scoped(select(Site).where(Site.has_epicerie), Site.id)
    return {s.id: s for s in db().scalars(shops.order_by(Site.name))}


def _meeting(session_id: uuid.UUID) -> CommissionSession:
    """Another site's commission answers 404 to a site's social worker."""
    return scoped_get(CommissionSession.site_id, session_id)


@bp.route("/", methods=["GET", "POST"])
@roles(*STAFF)
def index():
    errors = {}
    if request.method == "POST":
        read = forms.Reader(request.form)
        held_on = read.date("held_on", "la date de la séance")
        site_id = current_scope() or read.uuid("site_id")  # a site's worker convenes their own site
        if not read.errors:
            meeting = commission.open_session(db(), site_id=site_id, held_on=held_on,
                                              owner_node=current_app.config["NODE_CODE"])
            db().commit()
            return redirect(url_for("households.commission.session", session_id=meeting.id))
        errors = read.errors
    meetings = db().scalars(scoped(select(CommissionSession), CommissionSession.site_id)
                            .order_by(CommissionSession.held_on.desc()).limit(50)).all()
    return render_template("households/commissions.html", meetings=meetings, sites=_sites(), errors=errors,
                           today=paris_today(now())), 422 if errors else 200


@bp.route("/<uuid:session_id>")
@roles(*STAFF)
def session(session_id: uuid.UUID, errors: dict | None = None, status: int = 200):
    meeting = _meeting(session_id)
    cards = dict(db().execute(select(Household.id, Household.card_number).where(
        Household.id.in_([d.household_id for d in meeting.decisions]))).all())
    items = commission.agenda(db(), meeting, paris_today(now()))
    noted = current_app.extensions.get(PARTICIPATION, lambda _session, _ids: {})(
        db(), [item.household_id for item in items if item.household_id])
    return render_template("households/commission.html", meeting=meeting, sites=_sites(), cards=cards,
                           items=items, participation=noted, outcomes=OUTCOME_LABELS,
                           errors=errors or {}, failed=request.form.get("subject_id"),
                           network=commission.rules.network_rules(db())), status


@bp.route("/<uuid:session_id>/decision", methods=["POST"])
@roles(*STAFF)
def decide(session_id: uuid.UUID):
    meeting = _meeting(session_id)
    read = forms.Reader(request.form)
    outcome = read.choice("outcome", Outcome, "la décision")
    months = read.integer("duration_months", "la durée", required=False)
    subject_id = read.uuid("subject_id")
    try:
        read.done()
        if subject_id is None:
            abort(400)
        if (subject := commission.subject_household(db(), subject_id)) is not None:
            in_scope(subject, household_at_site)  # another site's file: 404 (an unknown one: 422 below)
        commission.decide(db(), meeting, subject_id=subject_id, outcome=outcome, duration_months=months,
                          note=read.text("note", 250), actor=current_user(), now=now(),
                          owner_node=current_app.config["NODE_CODE"])
    except InvalidInput as refused:
        db().rollback()
        return session(session_id, refused.errors, 422)
    except HouseholdError as refused:
        db().rollback()
        return session(session_id, {"form": str(refused)}, 422)
    db().commit()
    flash(f"Décision enregistrée : {OUTCOME_LABELS[outcome].lower()}.", "info")
    return redirect(url_for("households.commission.session", session_id=meeting.id))


@bp.route("/<uuid:session_id>/cloture", methods=["POST"])
@roles(*STAFF)
def close(session_id: uuid.UUID):
    meeting = _meeting(session_id)
    commission.close_session(meeting, now())
    db().commit()
    flash("Séance close.", "info")
    return redirect(url_for("households.commission.session", session_id=meeting.id))
