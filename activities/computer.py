"""The computer corner (« point informatique »): booking the site's computer by slot, the rights
procedures people come for, anonymous figures, and the purge of card numbers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from activities.errors import ActivityError
from activities.models import ComputerBooking, RightsProcedure
from activities.people import household_here
from activities.procedures import USUAL
from activities.slots import day_slots
from gers.clock import PARIS, paris_midnight, paris_today
from gers.formatting import date_fr
from inventory.models import OpeningSlot


def slots_of(session: Session, site_id: uuid.UUID, day: dt.date, minutes: int) -> list[dt.time]:
    openings = session.execute(select(OpeningSlot.opens, OpeningSlot.closes).where(
        OpeningSlot.site_id == site_id, OpeningSlot.weekday == day.weekday(), OpeningSlot.village.is_(None))).all()
    return day_slots(openings, minutes)


def bookings_of(session: Session, site_id: uuid.UUID, day: dt.date) -> dict[dt.time, ComputerBooking]:
    start = paris_midnight(day)
    rows = session.scalars(select(ComputerBooking).where(
        ComputerBooking.site_id == site_id, ~ComputerBooking.cancelled, ComputerBooking.starts_at >= start,
        ComputerBooking.starts_at < paris_midnight(day + dt.timedelta(days=1))))
    return {row.starts_at.astimezone(PARIS).time(): row for row in rows}


@dataclass(frozen=True)
class BookingInput:
    day: dt.date
    time: dt.time
    procedure_id: uuid.UUID | None
    with_volunteer: bool
    card: str = ""  # empty: anonymous


def book(session: Session, data: BookingInput, *, site_id: uuid.UUID, minutes: int, now: dt.datetime,
         owner_node: str) -> ComputerBooking:
    if data.time not in slots_of(session, site_id, data.day, minutes):
        raise ActivityError("Ce créneau n'existe pas : choisissez un créneau dans les horaires d'ouverture du site.")
    starts_at = dt.datetime.combine(data.day, data.time, tzinfo=PARIS).astimezone(dt.UTC)
    if starts_at < now:
        raise ActivityError("Ce créneau est passé : choisissez un créneau à venir.")
    if data.time in bookings_of(session, site_id, data.day):
        raise ActivityError("Ce créneau est déjà réservé : choisissez-en un autre.")
    if data.procedure_id is not None and session.get(RightsProcedure, data.procedure_id) is None:
        raise ActivityError("Démarche inconnue : choisissez dans la liste.")
    card = household_here(session, data.card, site_id).card_number if data.card.strip() else None
    booking = ComputerBooking(site_id=site_id, starts_at=starts_at, procedure_id=data.procedure_id,
                              with_volunteer=data.with_volunteer, card_number=card, owner_node=owner_node)
    session.add(booking)
    session.flush()
    return booking


def cancel(session: Session, booking: ComputerBooking, node: str) -> None:
    if booking.owner_node != node:
        raise ActivityError("Cette réservation a été prise sur un autre poste : annulez-la là-bas.")
    booking.cancelled = True
    session.flush()


def procedures(session: Session) -> list[RightsProcedure]:
    return list(session.scalars(select(RightsProcedure).where(~RightsProcedure.withdrawn)
                                .order_by(RightsProcedure.position, RightsProcedure.name)))


@dataclass(frozen=True)
class ProcedureInput:
    name: str
    summary: str
    steps: str
    documents: str
    position: int = 0


def save_procedure(session: Session, data: ProcedureInput, *, owner_node: str,
                   procedure: RightsProcedure | None = None) -> RightsProcedure:
    if not all(text.strip() for text in (data.name, data.summary, data.steps, data.documents)):
        raise ActivityError("Indiquez le nom, le résumé, les étapes et les documents à apporter.")
    if procedure is None:
        procedure = RightsProcedure(owner_node=owner_node)
        session.add(procedure)
    elif procedure.owner_node != owner_node:
        raise ActivityError("Cette démarche se modifie sur le serveur central.")
    procedure.name, procedure.summary = data.name.strip()[:60], data.summary.strip()[:200]
    procedure.steps, procedure.documents = data.steps.strip()[:4000], data.documents.strip()[:4000]
    procedure.position = data.position
    session.flush()
    return procedure


def add_usual_procedures(session: Session, owner_node: str) -> int:
    """The usual five (CAF, CPAM, France Travail, impots.gouv, ANTS), those not there yet."""
    present = {p.name for p in procedures(session)}
    added = 0
    for position, text in enumerate(USUAL):
        if text.name not in present:
            save_procedure(session, ProcedureInput(text.name, text.summary, text.steps, text.documents, position),
                           owner_node=owner_node)
            added += 1
    return added


@dataclass(frozen=True)
class UsageFigure:
    month: str
    procedure: str
    bookings: int
    with_volunteer: int


def usage_figures(session: Session, site_id: uuid.UUID | None) -> list[UsageFigure]:
    """Counts only, per month and procedure."""
    query = select(ComputerBooking).where(~ComputerBooking.cancelled)
    if site_id is not None:
        query = query.where(ComputerBooking.site_id == site_id)
    names = {p.id: p.name for p in session.scalars(select(RightsProcedure))}
    booked, helped = Counter(), Counter()
    for booking in session.scalars(query):
        key = (paris_today(booking.starts_at).strftime("%Y-%m"), names.get(booking.procedure_id, "Autre"))
        booked[key] += 1
        helped[key] += booking.with_volunteer
    return [UsageFigure(*key, booked[key], helped[key]) for key in sorted(booked)]


@dataclass(frozen=True)
class PurgeReport:
    cutoff: dt.date
    applied: bool
    count: int

    def text(self) -> str:
        verb = "ont perdu" if self.applied else "perdraient"
        lines = [f"{self.count} réservation(s) du point informatique antérieure(s) au {date_fr(self.cutoff)} "
                 f"{verb} leur numéro de carte."]
        if not self.applied and self.count:
            lines.append("Simulation : rien n'a été modifié. Relancez avec --appliquer pour le faire.")
        return "\n".join(lines)


def purge(session: Session, *, now: dt.datetime, days: int, apply: bool) -> PurgeReport:
    """Bookings older than `days` days keep their slot and procedure (the figures), not the card."""
    cutoff = paris_today(now) - dt.timedelta(days=days)
    rows = list(session.scalars(select(ComputerBooking).where(
        ComputerBooking.card_number.is_not(None), ComputerBooking.starts_at < paris_midnight(cutoff))))
    if apply:
        for row in rows:
            row.card_number = None
        session.flush()
    return PurgeReport(cutoff, apply, len(rows))
