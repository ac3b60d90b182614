"""The collectes' screens on central: the list, one collecte (shops, shifts, figures, totals), one shop
and its thanks letter. Coordinators plan; the warehouse enters the figures of the day too."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from collectes import services
from collectes.forms import CollecteError, kilos, read_count, read_date, read_grams, read_time
from collectes.letters import Letterhead, thanks_letter_pdf
from collectes.models import Collecte, CollecteShift, CollecteShop, ShiftVolunteer
from gers.clock import paris_today
from gers.errors import render_error
from gers.home import Tile
from gers.models import Role
from gers.web import current_user, db, now, roles
from inventory.enums import SiteKind
from inventory.models import Site
from warehouse.models import Donor

bp = Blueprint("collectes", __name__, url_prefix="/collectes", template_folder="templates")
bp.add_app_template_filter(kilos, "kilos")

PLANNERS = (Role.COORDINATOR,)
COUNTERS = (Role.COORDINATOR, Role.WAREHOUSE)  # the figures are entered at the shop or at intake
TILES = (Tile("Collectes", "Collecte nationale et collectes locales : magasins, créneaux de bénévoles, résultats",
              "collectes.index", frozenset(COUNTERS)),)


@bp.errorhandler(IntegrityError)
def _written_at_the_same_time(_exc: IntegrityError):
    """Two people sending the same first figures (or the same name) at once: the database's unique
    constraints keep one; the other is told, and nothing of theirs is half-written."""
    db().rollback()
    return render_error(409, "Enregistré en même temps", "Quelqu'un vient d'enregistrer la même chose : rien n'a "
                        "été enregistré de votre saisie. Revenez à la collecte, vérifiez et recommencez si besoin.")


def _node() -> str:
    return current_app.config["NODE_CODE"]


def _get(model, row_id: uuid.UUID):
    row = db().get(model, row_id)
    if row is None:
        abort(404)
    return row


def _collecte_page(collecte_id: uuid.UUID, error: str = "", status: int = 200):
    totals = services.collecte_totals(db(), collecte_id)
    if totals is None:
        abort(404)
    return render_template("collectes/collecte.html", totals=totals, donors=services.store_donors(db()),
                           error=error, form=request.form, today=paris_today(now())), status


def _done(collecte_id: uuid.UUID, message: str):
    db().commit()
    flash(message, "success")
    return redirect(url_for("collectes.collecte", collecte_id=collecte_id))


def _refused(collecte_id: uuid.UUID, error: CollecteError):
    db().rollback()
    return _collecte_page(collecte_id, str(error), 422)


def _index(error: str = "", status: int = 200):
    return render_template("collectes/index.html", collectes=services.collectes(db()), error=error,
                           form=request.form), status


@bp.route("/")
@roles(*COUNTERS)
def index():
    return _index()


@bp.route("/", methods=["POST"])
@roles(*PLANNERS)
def create():
    form = request.form
    try:
        collecte = services.create_collecte(
            db(), name=form.get("name", "")[:120], national=form.get("national") == "1",
            starts_on=read_date(form.get("starts_on"), "Premier jour"),
            ends_on=read_date(form.get("ends_on") or form.get("starts_on"), "Dernier jour"), owner_node=_node())
    except CollecteError as exc:
        db().rollback()
        return _index(str(exc), 422)
    return _done(collecte.id, f"Collecte « {collecte.name} » créée : ajoutez les magasins.")


@bp.route("/<uuid:collecte_id>")
@roles(*COUNTERS)
def collecte(collecte_id: uuid.UUID):
    return _collecte_page(collecte_id)


def _get_collecte(collecte_id: uuid.UUID) -> Collecte:
    return _get(Collecte, collecte_id)


def _donor(raw: str | None) -> Donor | None:
    if not raw:
        return None
    try:
        donor = db().get(Donor, uuid.UUID(raw))
    except ValueError:
        donor = None
    if donor is None:
        raise CollecteError("Donateur : choisissez dans la liste.")
    return donor


@bp.route("/<uuid:collecte_id>/magasins", methods=["POST"])
@roles(*PLANNERS)
def add_shop(collecte_id: uuid.UUID):
    form, collecte_row = request.form, _get_collecte(collecte_id)
    try:
        services.add_shop(db(), collecte_row, donor=_donor(form.get("donor_id")), name=form.get("name", "")[:160],
                          commune=form.get("commune", "")[:80], address=form.get("address", "")[:200],
                          owner_node=_node())
    except CollecteError as exc:
        return _refused(collecte_id, exc)
    return _done(collecte_id, "Magasin ajouté.")


@bp.route("/magasins/<uuid:shop_id>/creneaux", methods=["POST"])
@roles(*PLANNERS)
def add_shift(shop_id: uuid.UUID):
    form, shop = request.form, _get(CollecteShop, shop_id)
    try:
        services.add_shift(db(), shop, day=read_date(form.get("day"), "Jour"),
                           starts_at=read_time(form.get("starts_at"), "Début"),
                           ends_at=read_time(form.get("ends_at"), "Fin"),
                           places=read_count(form.get("places"), "Places", maximum=50), owner_node=_node())
    except CollecteError as exc:
        return _refused(shop.collecte_id, exc)
    return _done(shop.collecte_id, f"Créneau ajouté à {shop.name}.")


@bp.route("/creneaux/<uuid:shift_id>/benevoles", methods=["POST"])
@roles(*PLANNERS)
def sign_up(shift_id: uuid.UUID):
    shift = _get(CollecteShift, shift_id)
    try:
        volunteer = services.sign_up(db(), shift, request.form.get("display_name", "")[:200], owner_node=_node())
    except CollecteError as exc:
        return _refused(shift.shop.collecte_id, exc)
    return _done(shift.shop.collecte_id, f"{volunteer.display_name} est inscrit(e) à {shift.shop.name}.")


@bp.route("/benevoles/<uuid:volunteer_id>/retirer", methods=["POST"])
@roles(*PLANNERS)
def withdraw(volunteer_id: uuid.UUID):
    volunteer = _get(ShiftVolunteer, volunteer_id)
    collecte_id, name = volunteer.shift.shop.collecte_id, volunteer.display_name
    services.withdraw(db(), volunteer)
    return _done(collecte_id, f"{name} est retiré(e) du créneau.")


@bp.route("/magasins/<uuid:shop_id>/resultats", methods=["POST"])
@roles(*COUNTERS)
def record_result(shop_id: uuid.UUID):
    form, shop = request.form, _get(CollecteShop, shop_id)
    try:
        # Both read before anything is written: one bad figure records nothing.
        cartons, grams = read_count(form.get("cartons"), "Cartons"), read_grams(form.get("kg"), "Poids")
        services.record_result(db(), shop, day=read_date(form.get("day"), "Jour"), cartons=cartons, grams=grams,
                               actor_id=current_user().id, owner_node=_node())
    except CollecteError as exc:
        return _refused(shop.collecte_id, exc)
    return _done(shop.collecte_id, f"Résultats de {shop.name} enregistrés : {cartons} cartons, {kilos(grams)}.")


@bp.route("/magasins/<uuid:shop_id>")
@roles(*COUNTERS)
def shop(shop_id: uuid.UUID):
    shop_row = _get(CollecteShop, shop_id)
    return render_template("collectes/shop.html", total=services.shop_total(shop_row))


@bp.route("/magasins/<uuid:shop_id>/remerciements.pdf")
@roles(*COUNTERS)
def thanks_letter(shop_id: uuid.UUID):
    total = services.shop_total(_get(CollecteShop, shop_id))
    if not total.days_entered:
        flash("Aucun résultat saisi pour ce magasin : saisissez ses cartons et ses kilos avant la lettre.", "error")
        return redirect(url_for("collectes.shop", shop_id=shop_id))
    warehouse = db().scalar(select(Site).where(Site.kind == SiteKind.WAREHOUSE).order_by(Site.code).limit(1))
    head = Letterhead(current_app.config["NETWORK_NAME"], warehouse.commune if warehouse else "", paris_today(now()))
    return Response(thanks_letter_pdf(head, total), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="remerciements-{shop_id}.pdf"'})


@bp.context_processor
def _planner() -> dict:
    user = current_user()
    return {"can_plan": user is not None and user.role in (*PLANNERS, Role.ADMIN)}
