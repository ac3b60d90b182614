"""The tours' use cases: generate a van's dated stops from its weekly slots, edit, cancel, read the
week for the kiosks, find the stop where a van is now, attach a till entry to it.

Services flush; the edge (view, CLI) commits once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gers.clock import paris_now, paris_today
from inventory.enums import SiteKind
from inventory.models import OpeningSlot, Site
from pos.errors import TillError
from pos.models import JournalEntry
from tours.models import StopVisit, TourStop

MAX_PERIOD_DAYS = 366  # a tour is planned for weeks or months, never years at once


class TourError(TillError):
    """French message for the coordinator or the cashier."""


@dataclass(frozen=True)
class StopInput:
    site_id: uuid.UUID
    day: dt.date
    opens: dt.time
    closes: dt.time
    commune: str
    insee_code: str = ""
    place: str = ""


def vans(session: Session) -> list[Site]:
    return list(session.scalars(select(Site).where(Site.kind == SiteKind.MOBILE_UNIT).order_by(Site.name)))


def _van(session: Session, site_id: uuid.UUID) -> Site:
    site = session.get(Site, site_id)
    if site is None or site.kind is not SiteKind.MOBILE_UNIT:
        raise TourError("Choisissez une unité mobile.")
    return site


def generate(session: Session, site_id: uuid.UUID, first_day: dt.date, last_day: dt.date,
             owner_node: str) -> int:
    """A dated stop for each weekly slot of the van (village given) on each day of the period. A day
    that already has a stop at that hour keeps it (edited or cancelled by hand): running it twice adds
    nothing. Returns how many stops were added."""
    van = _van(session, site_id)
    if last_day < first_day:
        raise TourError("La fin de la période précède son début.")
    if (last_day - first_day).days >= MAX_PERIOD_DAYS:
        raise TourError(f"Période trop longue : {MAX_PERIOD_DAYS} jours au plus.")
    slots = [slot for slot in van.opening_slots if slot.village]
    if not slots:
        raise TourError(f"« {van.name} » n'a aucun arrêt hebdomadaire : ajoutez ses créneaux (villages) d'abord.")
    taken = {(day, opens) for day, opens in session.execute(select(TourStop.day, TourStop.opens).where(
        TourStop.site_id == site_id, TourStop.day.between(first_day, last_day)))}
    added = 0
    for offset in range((last_day - first_day).days + 1):
        day = first_day + dt.timedelta(days=offset)
        for slot in slots:
            if slot.weekday == day.weekday() and (day, slot.opens) not in taken:
                session.add(_from_slot(slot, day, owner_node))
                added += 1
    session.flush()
    return added


def _from_slot(slot: OpeningSlot, day: dt.date, owner_node: str) -> TourStop:
    return TourStop(site_id=slot.site_id, day=day, opens=slot.opens, closes=slot.closes,
                    commune=slot.village or "", insee_code=slot.village_insee_code or "", place=slot.place or "",
                    owner_node=owner_node)


def add_stop(session: Session, data: StopInput, owner_node: str) -> TourStop:
    _van(session, data.site_id)
    if not data.commune.strip():
        raise TourError("Indiquez la commune de l'arrêt.")
    if data.opens >= data.closes:
        raise TourError("L'heure de fin doit suivre l'heure de début.")
    if session.scalar(select(TourStop.id).where(TourStop.site_id == data.site_id, TourStop.day == data.day,
                                                TourStop.opens == data.opens)):
        raise TourError("Cette unité a déjà un arrêt ce jour-là à cette heure.")
    stop = TourStop(site_id=data.site_id, day=data.day, opens=data.opens, closes=data.closes,
                    commune=data.commune.strip()[:80], insee_code=data.insee_code, place=data.place.strip()[:120],
                    owner_node=owner_node)
    session.add(stop)
    session.flush()
    return stop


def set_cancelled(session: Session, stop: TourStop, cancelled: bool, note: str = "") -> TourStop:
    if cancelled and not note.strip():
        raise TourError("Indiquez le motif de l'annulation (il s'affiche sur le calendrier).")
    stop.cancelled, stop.note = cancelled, note.strip()[:200] if cancelled else ""
    session.flush()
    return stop


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def stops_between(session: Session, first_day: dt.date, last_day: dt.date, site_id: uuid.UUID | None = None,
                  *, with_cancelled: bool = True) -> list[TourStop]:
    query = (select(TourStop).where(TourStop.day.between(first_day, last_day))
             .options(selectinload(TourStop.site)).order_by(TourStop.day, TourStop.opens, TourStop.commune))
    if site_id is not None:
        query = query.where(TourStop.site_id == site_id)
    if not with_cancelled:
        query = query.where(~TourStop.cancelled)
    return list(session.scalars(query))


def current_stop(session: Session, site_id: uuid.UUID, now: dt.datetime) -> TourStop | None:
    """The van's stop whose day is today (Paris) and whose hours contain now."""
    local = paris_now(now)
    return session.scalar(select(TourStop).where(
        TourStop.site_id == site_id, TourStop.day == paris_today(now), ~TourStop.cancelled,
        TourStop.opens <= local.time(), TourStop.closes > local.time()).order_by(TourStop.opens))


def todays_stops(session: Session, site_id: uuid.UUID, now: dt.datetime) -> list[TourStop]:
    today = paris_today(now)
    return stops_between(session, today, today, site_id, with_cancelled=False)


def stop_choices(session: Session, site_id: uuid.UUID, now: dt.datetime) -> list[tuple[str, str, bool]]:
    """Today's stops of a van for the till's chooser: (id, « 10:00–12:00 Saint-Clar », is it now)."""
    current = current_stop(session, site_id, now)
    return [(str(stop.id), f"{stop.opens:%H:%M}–{stop.closes:%H:%M} {stop.commune}",
             current is not None and stop.id == current.id) for stop in todays_stops(session, site_id, now)]


def parse_stop_choice(raw) -> uuid.UUID | None:
    if raw in (None, ""):
        return None
    try:
        return uuid.UUID(str(raw))
    except ValueError as error:
        raise TourError("Arrêt inconnu : rechargez l'écran de caisse.") from error


def attach_entry(session: Session, entry: JournalEntry, owner_node: str, chosen: uuid.UUID | None = None) -> StopVisit | None:
    """At a van, the entry belongs to the stop chosen by the cashier, else the stop of this hour. At a
    fixed site, or a van between stops with nothing chosen, nothing is attached (the sale never waits)."""
    site = session.get(Site, entry.site_id)
    if site is None or site.kind is not SiteKind.MOBILE_UNIT:
        return None
    stop = session.get(TourStop, chosen) if chosen else current_stop(session, entry.site_id, entry.created_at)
    if stop is None or stop.site_id != entry.site_id or stop.cancelled:
        if chosen:
            raise TourError("Cet arrêt n'est pas un arrêt de cette unité aujourd'hui.")
        return None
    visit = StopVisit(entry_id=entry.id, stop_id=stop.id, site_id=entry.site_id, owner_node=owner_node,
                      created_at=entry.created_at)
    session.add(visit)
    session.flush()
    return visit
