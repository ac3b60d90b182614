"""Central's screens of the computer corner: the coordinators write the procedures (steps, documents
to bring); every site receives them by sync."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, request

from activities import computer
from activities.errors import ActivityError
from activities.forms import read_count
from activities.models import RightsProcedure
from activities.views import procedures_page
from activities.web import PLANNERS, done, node
from gers.web import db, roles

bp = Blueprint("activities_central", __name__, url_prefix="/activites", template_folder="templates")


def _input() -> computer.ProcedureInput:
    form = request.form
    return computer.ProcedureInput(name=form.get("name", ""), summary=form.get("summary", ""),
                                   steps=form.get("steps", ""), documents=form.get("documents", ""),
                                   position=read_count(form.get("position") or "0", "Ordre", maximum=99))


def _refused(error: ActivityError):
    db().rollback()
    return procedures_page(str(error), 422)


def _procedure(procedure_id: uuid.UUID) -> RightsProcedure:
    found = db().get(RightsProcedure, procedure_id)
    if found is None or found.withdrawn:
        abort(404)
    return found


@bp.route("/demarches", methods=["POST"])
@roles(*PLANNERS)
def add_procedure():
    try:
        saved = computer.save_procedure(db(), _input(), owner_node=node())
    except ActivityError as error:
        return _refused(error)
    return done(f"Démarche « {saved.name} » ajoutée.", "activities.procedures")


@bp.route("/demarches/courantes", methods=["POST"])
@roles(*PLANNERS)
def add_usual():
    added = computer.add_usual_procedures(db(), node())
    return done(f"{added} démarche(s) courante(s) ajoutée(s) : relisez-les et adaptez-les.", "activities.procedures")


@bp.route("/demarches/<uuid:procedure_id>", methods=["POST"])
@roles(*PLANNERS)
def update_procedure(procedure_id: uuid.UUID):
    try:
        computer.save_procedure(db(), _input(), owner_node=node(), procedure=_procedure(procedure_id))
    except ActivityError as error:
        return _refused(error)
    return done("Démarche modifiée.", "activities.procedures")


@bp.route("/demarches/<uuid:procedure_id>/retirer", methods=["POST"])
@roles(*PLANNERS)
def withdraw_procedure(procedure_id: uuid.UUID):
    _procedure(procedure_id).withdrawn = True
    return done("Démarche retirée.", "activities.procedures")
