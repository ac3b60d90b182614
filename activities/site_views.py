"""The activities' screens of a site node: registrations at the counter, attendance after the
workshop, the computer corner's bookings. Everything written here is owned by the node and goes up
to central by sync."""

from __future__ import annotations

import datetime as dt
import uuid

from flask import Blueprint, current_app, render_template, request

from activities import computer, workshops
from activities.enums import Channel
from activities.errors import ActivityError
from activities.forms import read_date, read_time, read_uuid
from activities.models import ComputerBooking, Workshop, WorkshopRegistration
from activities.views import workshop_page
from activities.web import COUNTER, done, node
from gers.clock import PARIS, paris_today
from gers.scope import current_scope, scoped_get
from gers.web import db, now, roles

bp = Blueprint("activities_site", __name__, url_prefix="/activites", template_folder="templates")


def _refused_on(workshop_id: uuid.UUID, error: ActivityError):
    db().rollback()
    return workshop_page(workshop_id, str(error), 422)


@bp.route("/ateliers/<uuid:workshop_id>/inscriptions", methods=["POST"])
@roles(*COUNTER)
def register(workshop_id: uuid.UUID):
    workshop = scoped_get(Workshop.site_id, workshop_id)
    try:
        workshops.register(db(), workshop, request.form.get("card", ""), site_id=current_scope(),
                           channel=Channel.COUNTER, now=now(), owner_node=node())
    except ActivityError as error:
        return _refused_on(workshop_id, error)
    return done("Inscription enregistrée.", "activities.workshop", workshop_id=workshop_id)


@bp.route("/inscriptions/<uuid:registration_id>/annuler", methods=["POST"])
@roles(*COUNTER)
def cancel_registration(registration_id: uuid.UUID):
    registration = scoped_get(WorkshopRegistration.site_id, registration_id)
    try:
        workshops.cancel(db(), registration, node())
    except ActivityError as error:
        return _refused_on(registration.workshop_id, error)
    return done("Inscription annulée : la place est libre.", "activities.workshop",
                workshop_id=registration.workshop_id)


@bp.route("/ateliers/<uuid:workshop_id>/presences", methods=["POST"])
@roles(*COUNTER)
def attendance(workshop_id: uuid.UUID):
    workshop = scoped_get(Workshop.site_id, workshop_id)
    form = request.form
    try:
        marks = [workshops.Presence(row.id, form.get(f"came-{row.id}") == "1", form.get(f"project-{row.id}") == "1")
                 for row in workshops.registrations(db(), workshop.id)]
        workshops.mark_attendance(db(), workshop, marks, now=now(), node=node())
    except ActivityError as error:
        return _refused_on(workshop_id, error)
    return done("Présences enregistrées.", "activities.workshop", workshop_id=workshop_id)


# --- the computer corner ---------------------------------------------------------------------

def _minutes() -> int:
    return current_app.config["ACTIVITIES_SLOT_MINUTES"]


def _computer_page(day: dt.date, error: str = "", status: int = 200):
    site_id, moment = current_scope(), now()
    slots = computer.slots_of(db(), site_id, day, _minutes())
    booked = computer.bookings_of(db(), site_id, day)
    free = [slot for slot in slots if slot not in booked
            and dt.datetime.combine(day, slot, tzinfo=PARIS) >= moment.astimezone(PARIS)]
    return render_template("activities/computer.html", day=day, slots=slots, booked=booked, free=free,
                           procedures=computer.procedures(db()), today=paris_today(moment),
                           previous=day - dt.timedelta(days=1), next=day + dt.timedelta(days=1),
                           minutes=_minutes(), error=error, form=request.form), status


@bp.route("/informatique")
@roles(*COUNTER)
def computer_corner():
    try:
        day = read_date(request.args["jour"], "Jour") if request.args.get("jour") else paris_today(now())
    except ActivityError as error:
        return _computer_page(paris_today(now()), str(error), 422)
    return _computer_page(day)


@bp.route("/informatique", methods=["POST"])
@roles(*COUNTER)
def book():
    form = request.form
    day = paris_today(now())
    try:
        day = read_date(form.get("day"), "Jour")
        data = computer.BookingInput(day=day, time=read_time(form.get("time"), "Créneau"),
                                     procedure_id=read_uuid(form.get("procedure_id"), "Démarche", required=False),
                                     with_volunteer=form.get("with_volunteer") == "1", card=form.get("card", "")[:40])
        computer.book(db(), data, site_id=current_scope(), minutes=_minutes(), now=now(), owner_node=node())
    except ActivityError as error:
        db().rollback()
        return _computer_page(day, str(error), 422)
    return done(f"Ordinateur réservé le {day:%d/%m/%Y} à {data.time:%H:%M}.", "activities_site.computer_corner",
                jour=day.isoformat())


@bp.route("/informatique/<uuid:booking_id>/annuler", methods=["POST"])
@roles(*COUNTER)
def cancel_booking(booking_id: uuid.UUID):
    booking = scoped_get(ComputerBooking.site_id, booking_id)
    day = paris_today(booking.starts_at)
    try:
        computer.cancel(db(), booking, node())
    except ActivityError as error:
        db().rollback()
        return _computer_page(day, str(error), 422)
    return done("Réservation annulée.", "activities_site.computer_corner", jour=day.isoformat())
