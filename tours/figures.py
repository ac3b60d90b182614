"""Attendance and kilos per stop of a van: households served, visits of the paid line, free FSE+
distributions, kilos paid and free. Counts, never names (the small-cell rule is for identities).

Read from the journal entries attached to each stop and the voids and returns that refer to them
(a void cancels its sale's visit and kilos at the stop where the sale was made).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from pos.enums import EntryKind, Shop
from pos.models import JournalEntry, JournalLine
from tours.models import StopVisit, TourStop


@dataclass(frozen=True)
class StopFigures:
    stop: TourStop
    households: int = 0  # with a sale or a distribution not voided
    visits: int = 0  # paid line: sales less voids
    distributions: int = 0  # free FSE+ line: distributions less voids
    grams_paid: int = 0
    grams_free: int = 0  # FSE+ lines, at either line


def _entries_of_stops():
    """(stop, entry) for each attached entry and each void or return referring to one."""
    return (select(StopVisit.stop_id, JournalEntry.id.label("entry_id"))
            .join(JournalEntry, or_(JournalEntry.id == StopVisit.entry_id, JournalEntry.refers_to_id == StopVisit.entry_id))
            .subquery())


def stop_figures(session: Session, first_day: dt.date, last_day: dt.date,
                 site_ids: frozenset[uuid.UUID] | None = None) -> list[StopFigures]:
    query = (select(TourStop).where(TourStop.day.between(first_day, last_day))
             .options(selectinload(TourStop.site)).order_by(TourStop.day, TourStop.opens))
    if site_ids is not None:
        query = query.where(TourStop.site_id.in_(site_ids))
    stops = list(session.scalars(query))
    if not stops:
        return []
    ids = [stop.id for stop in stops]
    pairs = _entries_of_stops()
    void = aliased(JournalEntry)
    voided = exists().where(void.refers_to_id == JournalEntry.id, void.kind == EntryKind.VOID)
    sign = case((JournalEntry.kind == EntryKind.SALE, 1), (JournalEntry.kind == EntryKind.VOID, -1), else_=0)
    entries = {stop_id: (households, visits, distributions) for stop_id, households, visits, distributions in session.execute(
        select(pairs.c.stop_id,
               func.count(func.distinct(case((and_(JournalEntry.kind == EntryKind.SALE, ~voided),
                                              JournalEntry.household_id)))),
               func.coalesce(func.sum(case((JournalEntry.shop == Shop.EPICERIE, sign), else_=0)), 0),
               func.coalesce(func.sum(case((JournalEntry.shop == Shop.FSE, sign), else_=0)), 0))
        .join(JournalEntry, JournalEntry.id == pairs.c.entry_id)
        .where(pairs.c.stop_id.in_(ids)).group_by(pairs.c.stop_id))}
    grams = {stop_id: (paid, free) for stop_id, paid, free in session.execute(
        select(pairs.c.stop_id,
               func.coalesce(func.sum(case((JournalLine.fse_plus, 0), else_=JournalLine.grams)), 0),
               func.coalesce(func.sum(case((JournalLine.fse_plus, JournalLine.grams), else_=0)), 0))
        .join(JournalLine, JournalLine.entry_id == pairs.c.entry_id)
        .where(pairs.c.stop_id.in_(ids)).group_by(pairs.c.stop_id))}
    return [StopFigures(stop, *(int(v) for v in entries.get(stop.id, (0, 0, 0))),
                        *(int(v) for v in grams.get(stop.id, (0, 0)))) for stop in stops]
