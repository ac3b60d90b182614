"""The activities' screens on both nodes: workshops (plan, list, one workshop), the bourse des
compétences, the computer corner's procedures and the anonymous figures. Views are thin: read the
form, call one service, commit once or answer the refusal in French (422, nothing written)."""

from __future__ import annotations

import datetime as dt
import uuid

from flask import Blueprint, render_template, request

from activities import computer, skills, workshops
from activities.enums import SIDE_LABELS, SKILL_LABELS, TOPIC_LABELS, Side, Skill, WorkshopTopic
from activities.errors import ActivityError
from activities.forms import read_choice, read_count, read_date, read_hours, read_time, read_uuid
from activities.models import SkillEntry, Workshop
from activities.people import card_numbers
from activities.web import (
    COUNTER,
    FIGURES,
    PLANNERS,
    VIEWERS,
    can,
    done,
    facilitators,
    node,
    on_site,
    site_in_scope,
    sites,
)
from gers.clock import PARIS, paris_today
from gers.home import Tile
from gers.models import User
from gers.scope import current_scope, scoped_get
from gers.web import db, now, roles

bp = Blueprint("activities", __name__, url_prefix="/activites", template_folder="templates")
TILES = (Tile("Ateliers et point informatique",
              "Ateliers, bourse des compétences, réservations de l'ordinateur, démarches en ligne, chiffres",
              "activities.index", frozenset(VIEWERS)),)


def _refused(page, error: ActivityError, *args):
    db().rollback()
    return page(*args, error=str(error), status=422)


# --- workshops -------------------------------------------------------------------------------

def _index(error: str = "", status: int = 200):
    scope, moment = current_scope(), now()
    return render_template("activities/index.html", upcoming=workshops.upcoming(db(), scope, moment),
                           recent=workshops.recent(db(), scope, moment), sites=sites(), topics=TOPIC_LABELS,
                           facilitators=facilitators(), can_plan=can(PLANNERS), on_site=on_site(), error=error,
                           form=request.form), status


@bp.route("/")
@roles(*VIEWERS)
def index():
    return _index()


def _workshop_input() -> workshops.WorkshopInput:
    form = request.form
    day, time = read_date(form.get("day"), "Date"), read_time(form.get("time"), "Heure")
    return workshops.WorkshopInput(
        site_id=site_in_scope(read_uuid(form.get("site_id"), "Site", required=False)),
        topic=read_choice(form.get("topic"), WorkshopTopic, "Thème"), title=form.get("title", "")[:120],
        starts_at=dt.datetime.combine(day, time, tzinfo=PARIS).astimezone(dt.UTC), place=form.get("place", "")[:200],
        places=read_count(form.get("places"), "Nombre de places", minimum=1, maximum=workshops.MAX_PLACES),
        facilitator_id=read_uuid(form.get("facilitator_id"), "Animateur", required=False),
        facilitator_name=form.get("facilitator_name", "")[:120])


@bp.route("/ateliers", methods=["POST"])
@roles(*PLANNERS)
def create_workshop():
    try:
        workshop = workshops.create(db(), _workshop_input(), now=now(), owner_node=node())
    except ActivityError as error:
        return _refused(_index, error)
    return done(f"Atelier « {workshop.title} » ajouté.", "activities.workshop", workshop_id=workshop.id)


def workshop_page(workshop_id: uuid.UUID, error: str = "", status: int = 200):
    workshop = scoped_get(Workshop.site_id, workshop_id)
    listed = workshops.registrations(db(), workshop.id)
    moment = now()
    return render_template("activities/workshop.html", workshop=workshop, taken=len(listed), listed=listed,
                           cards=card_numbers(db(), {r.household_id for r in listed}), topics=TOPIC_LABELS,
                           facilitators=facilitators(), facilitator=db().get(User, workshop.facilitator_id) if workshop.facilitator_id else None,
                           can_edit=can(PLANNERS) and workshop.owner_node == node(), can_register=on_site() and can(COUNTER),
                           started=workshop.starts_at <= moment, local=workshop.starts_at.astimezone(PARIS),
                           node=node(), error=error, form=request.form), status


@bp.route("/ateliers/<uuid:workshop_id>")
@roles(*VIEWERS)
def workshop(workshop_id: uuid.UUID):
    return workshop_page(workshop_id)


@bp.route("/ateliers/<uuid:workshop_id>", methods=["POST"])
@roles(*PLANNERS)
def update_workshop(workshop_id: uuid.UUID):
    found = scoped_get(Workshop.site_id, workshop_id)
    try:
        workshops.update(db(), found, _workshop_input(), now=now(), node=node())
    except ActivityError as error:
        return _refused(workshop_page, error, workshop_id)
    return done("Atelier modifié.", "activities.workshop", workshop_id=workshop_id)


@bp.route("/ateliers/<uuid:workshop_id>/retirer", methods=["POST"])
@roles(*PLANNERS)
def withdraw_workshop(workshop_id: uuid.UUID):
    found = scoped_get(Workshop.site_id, workshop_id)
    try:
        workshops.withdraw(db(), found, node())
    except ActivityError as error:
        return _refused(workshop_page, error, workshop_id)
    return done(f"Atelier « {found.title} » retiré.", "activities.index")


# --- the bourse des compétences ----------------------------------------------------------------

def _bourse(error: str = "", status: int = 200):
    scope = current_scope()
    entries = skills.open_entries(db(), scope)
    return render_template("activities/bourse.html", entries=entries, exchanges=skills.exchanges(db(), scope),
                           cards=card_numbers(db(), {e.household_id for e in entries}), skills=SKILL_LABELS,
                           sides=SIDE_LABELS, Side=Side, sites=sites(), can_match=can(PLANNERS),
                           can_add=can(COUNTER), node=node(), today=paris_today(now()), error=error,
                           form=request.form), status


@bp.route("/bourse")
@roles(*VIEWERS)
def bourse():
    return _bourse()


@bp.route("/bourse", methods=["POST"])
@roles(*COUNTER)
def add_entry():
    form = request.form
    try:
        entry = skills.add_entry(db(), site_id=site_in_scope(read_uuid(form.get("site_id"), "Site", required=False)),
                                 side=read_choice(form.get("side"), Side, "Offre ou demande"),
                                 skill=read_choice(form.get("skill"), Skill, "Savoir-faire"),
                                 detail=form.get("detail", ""), card=form.get("card", ""),
                                 pseudonym=form.get("pseudonym", ""), owner_node=node())
    except ActivityError as error:
        return _refused(_bourse, error)
    return done(f"{entry.side_label} : {entry.skill_label}, enregistré.", "activities.bourse")


@bp.route("/bourse/<uuid:entry_id>/retirer", methods=["POST"])
@roles(*COUNTER)
def close_entry(entry_id: uuid.UUID):
    entry = scoped_get(SkillEntry.site_id, entry_id)
    try:
        skills.close_entry(db(), entry, node())
    except ActivityError as error:
        return _refused(_bourse, error)
    return done("Annonce retirée.", "activities.bourse")


@bp.route("/bourse/echanges", methods=["POST"])
@roles(*PLANNERS)
def record_exchange():
    form = request.form
    try:
        offer = _entry(read_uuid(form.get("offer_id"), "Offre"))
        ask = _entry(read_uuid(form.get("ask_id"), "Demande"))
        skills.record_exchange(db(), offer, ask, on=read_date(form.get("day"), "Date"),
                               hours=read_hours(form.get("hours")), today=paris_today(now()), owner_node=node())
    except ActivityError as error:
        return _refused(_bourse, error)
    return done("Échange enregistré.", "activities.bourse")


def _entry(entry_id: uuid.UUID | None) -> SkillEntry:
    entry = db().get(SkillEntry, entry_id)
    scope = current_scope()
    if entry is None or entry.closed or (scope is not None and entry.site_id != scope):
        raise ActivityError("Annonce introuvable : choisissez dans la liste.")
    return entry


# --- the computer corner's procedures, the figures ------------------------------------------------

def procedures_page(error: str = "", status: int = 200):
    return render_template("activities/procedures.html", procedures=computer.procedures(db()),
                           can_edit=can(PLANNERS) and not on_site(), error=error, form=request.form), status


@bp.route("/demarches")
@roles(*VIEWERS)
def procedures():
    return procedures_page()


@bp.route("/chiffres")
@roles(*FIGURES)
def figures():
    scope = current_scope()
    return render_template("activities/figures.html", attendance=workshops.attendance_figures(db(), scope),
                           exchanges=skills.exchange_figures(db(), scope), usage=computer.usage_figures(db(), scope))
