"""Coordinators' screens on central for the kiosk's content: opening hours and van stops, workshops,
« accès aux droits » pages. Central owns these rows; the nightly sync takes them to every site."""

from __future__ import annotations

import datetime as dt
import uuid

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from gers.clock import PARIS
from gers.home import Tile
from gers.models import Role
from gers.web import db, now, roles
from inventory.models import WEEKDAY_LABELS, OpeningSlot, Site
from kiosk import content, editing
from kiosk.editing import ContentError
from kiosk.enums import WORKSHOP_KIND_LABELS, WorkshopKind
from kiosk.models import RightsPage, Workshop

bp = Blueprint("kiosk_content", __name__, url_prefix="/borne-contenu", template_folder="templates")
TILES = (Tile("Contenu de la borne", "Horaires, arrêts du camion, ateliers et pages « accès aux droits »",
              "kiosk_content.index", frozenset({Role.COORDINATOR})),)


def _page(error: str = "", status: int = 200):
    session = db()
    sites = session.scalars(select(Site).options(selectinload(Site.opening_slots)).order_by(Site.name)).all()
    return render_template("kiosk/content.html", sites=sites, weekdays=WEEKDAY_LABELS,
                           workshops=content.upcoming_workshops(session, None, now()),
                           pages=content.rights_pages(session), kinds=WORKSHOP_KIND_LABELS, error=error,
                           paris=PARIS), status


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


def _moment(day: str | None, time: str | None) -> dt.datetime:
    try:
        date = dt.date.fromisoformat((day or "").strip())
    except ValueError:
        raise ContentError("Date : indiquez une date comme 2026-12-03.") from None
    return dt.datetime.combine(date, _time(time, "Heure"), tzinfo=PARIS).astimezone(dt.UTC)


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


@bp.route("/ateliers", methods=["POST"])
@roles(Role.COORDINATOR)
def add_workshop():
    form = request.form
    try:
        kind = WorkshopKind(form.get("kind", ""))
    except ValueError:
        return _refused(ContentError("Type : choisissez atelier ou bourse des compétences."))
    try:
        data = editing.WorkshopInput(site_id=_uuid(form.get("site_id"), "Site", required=False), kind=kind,
                                     title=form.get("title", "")[:120], starts_at=_moment(form.get("day"), form.get("time")),
                                     place=form.get("place", "")[:200], places=_int(form.get("places"), "Nombre de places"))
        editing.add_workshop(db(), data, current_app.config["NODE_CODE"])
    except ContentError as error:
        return _refused(error)
    return _done("Atelier ajouté.")


@bp.route("/ateliers/<uuid:workshop_id>", methods=["POST"])
@roles(Role.COORDINATOR)
def update_workshop(workshop_id: uuid.UUID):
    workshop = db().get(Workshop, workshop_id)
    if workshop is None:
        return _refused(ContentError("Atelier introuvable : il a peut-être été supprimé."))
    try:
        editing.set_places_taken(db(), workshop, _int(request.form.get("places_taken"), "Places prises"))
    except ContentError as error:
        return _refused(error)
    return _done("Places prises enregistrées.")


@bp.route("/ateliers/<uuid:workshop_id>/supprimer", methods=["POST"])
@roles(Role.COORDINATOR)
def delete_workshop(workshop_id: uuid.UUID):
    return _withdraw(Workshop, workshop_id, "Atelier retiré de la borne.")


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
