"""The tours' screens on central: a van's month (generate from the weekly slots, add, cancel,
restore), its printable calendar and its figures per stop. Coordinators only."""

from __future__ import annotations

import datetime as dt
import uuid

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from gers.clock import paris_today
from gers.errors import render_error
from gers.home import Tile
from gers.models import Role
from gers.web import db, now, roles
from tours import services
from tours.calendar_pdf import month_label, month_pdf
from tours.figures import stop_figures
from tours.forms import FormError, read_date, read_insee, read_month, read_time
from tours.models import TourStop

bp = Blueprint("tours", __name__, url_prefix="/tournees", template_folder="templates")

PLANNERS = (Role.COORDINATOR,)
TILES = (Tile("Tournées", "Unités mobiles : calendrier des arrêts, annulations, calendrier imprimable, chiffres par arrêt",
              "tours.index", frozenset(PLANNERS)),)


@bp.errorhandler(IntegrityError)
def _written_at_the_same_time(_exc: IntegrityError):
    db().rollback()
    return render_error(409, "Enregistré en même temps", "Quelqu'un vient d'enregistrer un arrêt à la même heure : "
                        "rien n'a été enregistré de votre saisie. Rechargez le calendrier et vérifiez.")


def _node() -> str:
    return current_app.config["NODE_CODE"]


def _selection() -> tuple[list, object, int, int]:
    """The vans, the one chosen (the first by default) and the month shown."""
    vans = services.vans(db())
    raw = request.values.get("van", "")
    van = next((v for v in vans if str(v.id) == raw), None) if raw else (vans[0] if vans else None)
    if raw and van is None:
        abort(404)
    today = paris_today(now())
    try:
        year, month = read_month(request.values.get("mois"), today)
    except FormError:
        year, month = today.year, today.month  # a hand-edited address shows this month
    return vans, van, year, month


def _page(error: str = "", status: int = 200):
    vans, van, year, month = _selection()
    first, last = services.month_bounds(year, month)
    stops = services.stops_between(db(), first, last, van.id) if van else []
    return render_template("tours/index.html", vans=vans, van=van, month=f"{year}-{month:02d}",
                           month_label=month_label(year, month), stops=stops, first=first, last=last,
                           error=error, form=request.form), status


def _back(van_id, day: dt.date, message: str):
    db().commit()
    flash(message, "success")
    return redirect(url_for("tours.index", van=van_id, mois=f"{day:%Y-%m}"))


def _refused(error: Exception):
    db().rollback()
    return _page(str(error), 422)


@bp.route("/")
@roles(*PLANNERS)
def index():
    return _page()


def _van_id() -> uuid.UUID:
    try:
        return uuid.UUID(request.form.get("van", ""))
    except ValueError as error:
        raise FormError("Choisissez une unité mobile.") from error


@bp.route("/generer", methods=["POST"])
@roles(*PLANNERS)
def generate():
    form = request.form
    try:
        van_id = _van_id()
        first, last = read_date(form.get("du"), "Du"), read_date(form.get("au"), "Au")
        added = services.generate(db(), van_id, first, last, owner_node=_node())
    except (FormError, services.TourError) as error:
        return _refused(error)
    return _back(van_id, first, f"{added} arrêt(s) ajouté(s) du {first:%d/%m/%Y} au {last:%d/%m/%Y}.")


@bp.route("/arrets", methods=["POST"])
@roles(*PLANNERS)
def add_stop():
    form = request.form
    try:
        data = services.StopInput(_van_id(), read_date(form.get("jour"), "Jour"), read_time(form.get("de"), "De"),
                                  read_time(form.get("a"), "À"), form.get("commune", "")[:80],
                                  read_insee(form.get("insee")), form.get("lieu", "")[:120])
        stop = services.add_stop(db(), data, owner_node=_node())
    except (FormError, services.TourError) as error:
        return _refused(error)
    return _back(stop.site_id, stop.day, f"Arrêt ajouté : {stop.commune}, le {stop.day:%d/%m/%Y}.")


def _stop(stop_id: uuid.UUID) -> TourStop:
    stop = db().get(TourStop, stop_id)
    if stop is None:
        abort(404)
    return stop


@bp.route("/arrets/<uuid:stop_id>/annuler", methods=["POST"])
@roles(*PLANNERS)
def cancel(stop_id: uuid.UUID):
    stop = _stop(stop_id)
    try:
        services.set_cancelled(db(), stop, True, request.form.get("motif", ""))
    except services.TourError as error:
        return _refused(error)
    return _back(stop.site_id, stop.day, f"Arrêt de {stop.commune} du {stop.day:%d/%m/%Y} annulé.")


@bp.route("/arrets/<uuid:stop_id>/retablir", methods=["POST"])
@roles(*PLANNERS)
def restore(stop_id: uuid.UUID):
    stop = _stop(stop_id)
    services.set_cancelled(db(), stop, False)
    return _back(stop.site_id, stop.day, f"Arrêt de {stop.commune} du {stop.day:%d/%m/%Y} rétabli.")


@bp.route("/calendrier.pdf")
@roles(*PLANNERS)
def calendar():
    _vans, van, year, month = _selection()
    if van is None:
        abort(404)
    first, last = services.month_bounds(year, month)
    pdf = month_pdf(current_app.config["NETWORK_NAME"], van, year, month,
                    services.stops_between(db(), first, last, van.id))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="tournee-{van.code}-{year}-{month:02d}.pdf"'})


@bp.route("/chiffres")
@roles(*PLANNERS)
def figures():
    vans, van, year, month = _selection()
    first, last = services.month_bounds(year, month)
    rows = stop_figures(db(), first, last, frozenset({van.id})) if van else []
    return render_template("tours/figures.html", vans=vans, van=van, month=f"{year}-{month:02d}",
                           month_label=month_label(year, month), rows=rows)
