"""Screens of the household registry on central (social workers and coordinators)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from sqlalchemy import select

from gers.clock import paris_today
from gers.home import Tile
from gers.models import Role
from gers.scope import in_scope, scoped
from gers.web import current_user, db, now, public, roles
from households import commission, forms, grants, privacy, registry, rules
from households.access import access_state
from households.commission_views import bp as commission_bp
from households.documents import CardFace, card_sheet_pdf, export_pdf
from households.enums import (
    ELIGIBILITY_METHOD_LABELS,
    HOUSEHOLD_TYPE_LABELS,
    PERIOD_KIND_LABELS,
    REFERRAL_REASON_LABELS,
    SEX_LABELS,
    AuditAction,
    ReferralReason,
)
from households.errors import HouseholdError, InvalidInput
from households.grant_models import AllowanceGrant
from households.models import Household
from households.scope import household_at_site
from households.settings_views import bp as settings_bp
from inventory.models import Site

STAFF = (Role.SOCIAL_WORKER, Role.COORDINATOR)
ASSETS = Path(__file__).parent / "static"
bp = Blueprint("households", __name__, url_prefix="/foyers", template_folder="templates")
bp.register_blueprint(commission_bp)
bp.register_blueprint(settings_bp)

TILES = (
    Tile("Foyers", "Dossiers, demandes, cartes et droits d'achat", "households.index", frozenset(STAFF)),
    Tile("Commissions", "Séances, dossiers anonymes et décisions", "households.commission.index",
         frozenset(STAFF)),
    Tile("Paramètres foyers", "Barèmes, durées, seuils et limites", "households.settings.index",
         frozenset({Role.COORDINATOR})),
)


def _owner() -> str:
    return current_app.config["NODE_CODE"]


def _household(card: str) -> Household:
    try:
        household = registry.find(db(), card)
    except HouseholdError:
        abort(404)
    if household.anonymised_at is not None:
        abort(404)
    return in_scope(household, household_at_site)  # another site's file: 404, as if it did not exist


def _shop_sites() -> list[Site]:
    return list(db().scalars(select(Site).where(Site.has_epicerie).order_by(Site.name)))


def _form_context(**extra):
    return dict(sites=_shop_sites(), types=HOUSEHOLD_TYPE_LABELS, sexes=SEX_LABELS,
                member_rows=forms.MEMBER_ROWS, **extra)


@bp.route("/ressources/<path:filename>")
@public
def asset(filename: str):
    """The room's CSS and JS (local files: sites are offline, no CDN)."""
    return send_from_directory(ASSETS, filename, max_age=3600)


@bp.route("/")
@roles(*STAFF)
def index():
    text = request.args.get("carte", "").strip()
    found = list(db().scalars(scoped(registry.search(text), household_at_site)))
    if text and len(found) == 1:
        return redirect(url_for("households.file", card=found[0].card_number))
    return render_template("households/index.html", households=found, text=text)


@bp.route("/nouveau", methods=["GET", "POST"])
@roles(*STAFF)
def new():
    if request.method == "GET":
        return render_template("households/edit.html", **_form_context(form={}, errors={}, household=None))
    try:
        household = registry.register(db(), forms.household_input(request.form), actor=current_user(),
                                      now=now(), owner_node=_owner(), today=paris_today(now()))
    except InvalidInput as refused:
        db().rollback()
        return render_template("households/edit.html", **_form_context(
            form=request.form, errors=refused.errors, household=None)), 422
    db().commit()
    flash(f"Foyer enregistré : carte {household.card_number}.", "info")
    return redirect(url_for("households.file", card=household.card_number))


@bp.route("/<card>")
@roles(*STAFF)
def file(card: str):
    session = db()
    household = _household(card)
    registry.record(session, household.id, current_user(), AuditAction.VIEWED, now(), _owner())
    session.commit()
    network = rules.network_rules(session)
    periods = commission.periods_of(session, household.id)
    return render_template(
        "households/file.html", household=household, state=access_state(periods, paris_today(now()),
                                                                                rules.access_rules(network)),
        periods=periods, grants=grants.grants_of(session, household.id),
        requests=commission.requests_of(session, household.id),
        decisions=commission.decisions_of(session, household.id),
        contact=registry.contact_of(session, household.id), trail=registry.audit_trail(session, household.id),
        sites={s.id: s for s in session.scalars(select(Site))}, period_labels=PERIOD_KIND_LABELS,
        method_labels=ELIGIBILITY_METHOD_LABELS, today=paris_today(now()))


@bp.route("/<card>/modifier", methods=["GET", "POST"])
@roles(*STAFF)
def edit(card: str):
    household = _household(card)
    if request.method == "GET":
        return render_template("households/edit.html", **_form_context(
            form=_household_form(household), errors={}, household=household))
    try:
        registry.update(db(), household, forms.household_input(request.form), actor=current_user(), now=now(),
                        owner_node=_owner(), today=paris_today(now()))
    except InvalidInput as refused:
        db().rollback()
        return render_template("households/edit.html", **_form_context(
            form=request.form, errors=refused.errors, household=household)), 422
    db().commit()
    flash("Dossier mis à jour.", "info")
    return redirect(url_for("households.file", card=household.card_number))


def _household_form(household: Household) -> dict[str, str]:
    form = {"home_site_id": str(household.home_site_id), "household_type": household.household_type.value,
            "commune": household.commune, "card_number": household.card_number,
            "participation_rate": "" if household.participation_rate is None else str(household.participation_rate)}
    for i, member in enumerate(household.members):
        form[f"member_year_{i}"], form[f"member_sex_{i}"] = str(member.birth_year), member.sex.value
    contact = registry.contact_of(db(), household.id)
    if contact is not None:
        form.update(contact_name=contact.contact_name, phone=contact.phone, email=contact.email,
                    postal_address=contact.postal_address)
    return form


@bp.route("/<card>/demande", methods=["GET", "POST"])
@roles(*STAFF)
def new_request(card: str):
    household = _household(card)
    site = rules.site_settings(db(), household.home_site_id)
    context = dict(household=household, site=site, methods=ELIGIBILITY_METHOD_LABELS, reasons=REFERRAL_REASON_LABELS,
                   network=rules.network_rules(db()))
    if request.method == "GET":
        persons = len(household.members)
        return render_template("households/request.html", form={"persons": persons, "requested_months": str(
            context["network"].access_default_months), "method": site.eligibility_method.value}, errors={},
            chosen=[], **context)
    try:
        method, figures = forms.figures(request.form)
        read = forms.Reader(request.form)
        months = read.integer("requested_months", "la durée demandée") or 0
        reasons = read.choices("referral_reasons", ReferralReason)
        if "referral_reasons" in read.errors:
            raise InvalidInput({"referral_reasons": read.errors["referral_reasons"]})
        data = commission.RequestInput(read.text("referring_organisation", 120), read.text("referring_worker", 120),
                                       months, figures, method, read.text("personal_project", 250), reasons)
        commission.submit_request(db(), household, data, actor=current_user(), now=now(), owner_node=_owner())
    except InvalidInput as refused:
        db().rollback()
        return render_template("households/request.html", form=request.form, errors=refused.errors,
                               chosen=request.form.getlist("referral_reasons"), **context), 422
    db().commit()
    flash("Demande enregistrée : elle figurera à l'ordre du jour de la prochaine commission.", "info")
    return redirect(url_for("households.file", card=household.card_number))


@bp.route("/<card>/evaluation", methods=["POST"])
@roles(*STAFF)
def assessment(card: str):
    """The live result of the request form (the same pure rule the request will store)."""
    household = _household(card)
    try:
        method, figures = forms.figures(request.form)
        result = commission.preview(db(), household, method, figures)
    except InvalidInput as refused:
        return jsonify(errors=refused.errors), 422
    return jsonify(value=str(result.value), threshold=str(result.threshold), below=result.below_threshold,
                   explanation=result.explanation())


@bp.route("/<card>/carte.pdf")
@roles(*STAFF)
def card_pdf(card: str):
    household = _household(card)
    return _cards_response([household], f"carte-{household.card_number}.pdf")


@bp.route("/cartes.pdf")
@roles(*STAFF)
def cards_pdf():
    numbers = [n for n in request.args.get("numeros", "").replace(";", ",").split(",") if n.strip()]
    households = [_household(number) for number in numbers[:100]]
    if not households:
        abort(404)
    return _cards_response(households, "cartes.pdf")


def _cards_response(households: list[Household], filename: str) -> Response:
    session = db()
    site_names = {s.id: s.name for s in session.scalars(select(Site))}
    for household in households:
        registry.record(session, household.id, current_user(), AuditAction.CARD_PRINTED, now(), _owner())
    session.commit()
    faces = [CardFace(h.card_number, site_names.get(h.home_site_id, "")) for h in households]
    pdf = card_sheet_pdf(faces, current_app.config["NETWORK_NAME"])
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@bp.route("/<card>/export.<kind>")
@roles(*STAFF)
def export(card: str, kind: str):
    if kind not in ("json", "pdf"):
        abort(404)
    household = _household(card)
    data = privacy.export_household(db(), household, purchases=current_app.extensions[privacy.PURCHASES],
                                   activities=current_app.extensions[privacy.ACTIVITIES])
    registry.record(db(), household.id, current_user(), AuditAction.EXPORTED, now(), _owner(), kind.upper())
    db().commit()
    filename = f"foyer-{household.card_number}.{kind}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if kind == "json":
        return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                        headers=headers)
    return Response(export_pdf(data, current_app.config["NETWORK_NAME"]), mimetype="application/pdf",
                    headers=headers)


@bp.route("/<card>/droits/<uuid:grant_id>/parts", methods=["GET", "POST"])
@roles(Role.COORDINATOR)
def shares(card: str, grant_id: uuid.UUID):
    household = _household(card)
    grant = db().get(AllowanceGrant, grant_id)
    if grant is None or grant.household_id != household.id:
        abort(404)
    sites = _shop_sites()
    if request.method == "GET":
        form = {f"share_{s.site_id}": str(s.percent.normalize()) for s in grant.shares}
        return render_template("households/shares.html", household=household, grant=grant, sites=sites,
                               form=form, errors={})
    read = forms.Reader(request.form)
    values = {site.id: read.decimal(f"share_{site.id}", "la part", required=False) for site in sites}
    try:
        read.done()
        grants.set_shares(db(), grant, {k: v for k, v in values.items() if v}, actor=current_user(), now=now(),
                          owner_node=_owner())
    except InvalidInput as refused:
        db().rollback()
        errors = {"shares": " ".join(refused.errors.values())}
        return render_template("households/shares.html", household=household, grant=grant, sites=sites,
                               form=request.form, errors=errors), 422
    db().commit()
    flash("Parts par site enregistrées.", "info")
    return redirect(url_for("households.file", card=household.card_number))
