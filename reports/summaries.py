"""Keeping the summary tables (reports.models) up to date, so reports never scan years of sale lines.

`refresh(session)` is called after sales and stock movements were applied on central (after each sync
batch, nightly, or by `gers-solidaire reports refresh`). It reads only what is new:

- the till's journal, per site, from the last sequence it summed: the sequence is gapless, so the
  cursor is exact whatever the site's clock or how long it stayed offline; entries past a gap (a batch
  not yet arrived) wait until the gap is filled, and each entry is added exactly once;
- the other stock movements (intakes, receipts, losses, counts, dispatches), per site, from a few
  days before the latest movement already summed (LOOK_BACK): those days are summed again from scratch,
  so a movement arriving late within the look-back is counted, and nothing twice. A movement older
  than that (a unit back from a long tour with rows out of order) needs `since`.

Sales are summed from the journal (not from the ledger's sale movements), on the Paris day of the
entry: a void or a return counts, negatively, on the day it happens — a closed period is never
altered by a later return.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import Table, and_, case, delete, exists, func, literal, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from gers.clock import paris_midnight, paris_today
from inventory.models import Category, FoodGroup, Product, Site
from inventory.stock_models import Lot, MovementKind, StockMovement
from pos.enums import EntryKind
from pos.models import JournalEntry, JournalLine, JournalTender
from reports.models import (
    NO_GROUP,
    EntriesDay,
    EntriesYear,
    HouseholdDay,
    HouseholdFirst,
    HouseholdYear,
    SalesDay,
    SalesYear,
    StockDay,
    StockYear,
    SummaryCursor,
    TendersDay,
)
from reports.sqlday import paris_day, register_sqlite, year_start

LOOK_BACK = dt.timedelta(days=3)
COUNTED_KINDS = (EntryKind.SALE, EntryKind.VOID, EntryKind.RETURN)
TILL_MOVEMENTS = (MovementKind.SALE, MovementKind.RETURN)  # summed from the journal instead


@dataclass
class RefreshResult:
    entries: int = 0  # journal entries summed
    sites_waiting: int = 0  # sites whose next entry has not arrived (a gap in the sequence)
    stock_days: int = 0  # site-days of movements summed again


def refresh(session: Session, *, since: dt.datetime | None = None,
            progress=None) -> RefreshResult:
    """Bring every summary up to date with the journal entries and stock movements central holds.

    `since` (aware UTC): also sum again, for every site, the stock movements that occurred since then
    (after importing movements older than the look-back). Journal entries need no hint. Flushes only:
    the caller commits. `progress(site_code)` is called once per site (the CLI's progress bar).
    The new rows of every site are summed by one statement per summary table, whatever the number of sites.
    """
    register_sqlite(session)
    result = RefreshResult()
    journal, stock = [], []
    for site_id, code in session.execute(select(Site.id, Site.code).order_by(Site.code)).all():
        cursor = session.get(SummaryCursor, site_id) or _new_cursor(session, site_id)
        if (span := _journal_span(session, cursor, result)) is not None:
            journal.append(span)
        if (first_day := _movements_start(session, cursor, since, result)) is not None:
            stock.append((site_id, first_day))
        if progress is not None:
            progress(code)
    _sum_journal(session, journal)
    _sum_movements(session, stock)
    session.flush()
    return result


def rebuild(session: Session, progress=None) -> RefreshResult:
    """Empty every summary and sum everything again (after a restore, or to check the summaries)."""
    for model in (SalesDay, SalesYear, EntriesDay, EntriesYear, TendersDay, HouseholdDay, HouseholdYear,
                  HouseholdFirst, StockDay, StockYear, SummaryCursor):
        session.execute(delete(model))
    return refresh(session, progress=progress)


def _new_cursor(session: Session, site_id: uuid.UUID) -> SummaryCursor:
    cursor = SummaryCursor(site_id=site_id, journal_sequence=0, movements_until=None)
    session.add(cursor)
    session.flush()
    return cursor


# --- journal ---------------------------------------------------------------------------------------

def _journal_span(session: Session, cursor: SummaryCursor, result: RefreshResult):
    first, last = _contiguous_range(session, cursor.site_id, cursor.journal_sequence)
    if first is None:
        result.sites_waiting += int(_has_entries_after(session, cursor.site_id, cursor.journal_sequence))
        return None
    result.entries += last - first + 1
    result.sites_waiting += int(_has_entries_after(session, cursor.site_id, last))
    cursor.journal_sequence = last
    return cursor.site_id, first, last


def _sum_journal(session: Session, spans: list) -> None:
    if not spans:
        return
    where = and_(or_(*(and_(JournalEntry.site_id == site_id, JournalEntry.sequence.between(first, last))
                       for site_id, first, last in spans)), JournalEntry.kind.in_(COUNTED_KINDS))
    # The yearly sales are the daily ones of the days these entries touch, taken out and added back
    # once those days are summed: the sale lines are read once, by the daily statement.
    touched = _days_touched(session, where)
    _add_to_years(session, _SALES_YEARS, touched, -1)
    for table, columns, query, adds in _journal_statements(where):
        _upsert_add(session, table, columns, query, adds)
    _add_to_years(session, _SALES_YEARS, touched, 1)


def _days_touched(session: Session, where):
    """Per site, the first and last Paris day of the new entries, as a condition on SalesDay."""
    day = paris_day(JournalEntry.created_at)
    spans = session.execute(select(JournalEntry.site_id, func.min(day), func.max(day)).where(where)
                            .group_by(JournalEntry.site_id)).all()
    return or_(*(and_(SalesDay.site_id == site_id, SalesDay.day.between(first, last))
                 for site_id, first, last in spans))


def _contiguous_range(session: Session, site_id: uuid.UUID, done: int) -> tuple[int | None, int | None]:
    """The entries after `done` that can be summed: from the next sequence up to the first gap."""
    after = select(func.min(JournalEntry.sequence)).where(JournalEntry.site_id == site_id,
                                                          JournalEntry.sequence > done)
    first = session.scalar(after)
    if first is None or (done and first != done + 1):
        return None, None  # nothing new, or the next entry is still on its way
    following = aliased(JournalEntry)
    last = session.scalar(select(func.min(JournalEntry.sequence)).where(
        JournalEntry.site_id == site_id, JournalEntry.sequence >= first,
        ~exists().where(following.site_id == site_id, following.sequence == JournalEntry.sequence + 1)))
    return first, last


def _has_entries_after(session: Session, site_id: uuid.UUID, done: int) -> bool:
    return session.scalar(select(func.count()).select_from(JournalEntry).where(
        JournalEntry.site_id == site_id, JournalEntry.sequence > done + 1)) > 0


def _journal_statements(where):
    """Per table: (table, columns, INSERT's query, columns added to a row already there)."""
    day = paris_day(JournalEntry.created_at)
    year = year_start(day)
    sales = ["lines", "grams", "market_value", "paid"]
    # A void cancels the visit; a return does not (the household came).
    visit = case((JournalEntry.kind == EntryKind.SALE, 1), (JournalEntry.kind == EntryKind.VOID, -1), else_=0)
    households = (select(JournalEntry.household_id, day, JournalEntry.site_id, func.sum(visit),
                         func.sum(JournalEntry.market_value), func.sum(JournalEntry.allowance_used))
                  .where(where, JournalEntry.household_id.is_not(None))
                  .group_by(JournalEntry.household_id, day, JournalEntry.site_id))
    years = (select(year, JournalEntry.site_id, JournalEntry.household_id, func.sum(visit))
             .where(where, JournalEntry.household_id.is_not(None))
             .group_by(year, JournalEntry.site_id, JournalEntry.household_id))
    first = (select(JournalEntry.household_id, func.min(day))
             .where(where, JournalEntry.household_id.is_not(None), JournalEntry.kind == EntryKind.SALE)
             .group_by(JournalEntry.household_id))
    return (
        (HouseholdYear.__table__, ["year", "site_id", "household_id", "visits"], years, ["visits"]),
        (HouseholdFirst.__table__, ["household_id", "first_day"], first, []),
        (SalesDay.__table__, ["day", "site_id", "shop", "food_group", "fse_plus", *sales], _lines(where, day), sales),
        (EntriesDay.__table__, ["day", "site_id", "shop", "kind", "entries", "grams", "market_value", "paid",
                                "allowance_used"], _entries(where, day, JournalEntry.grams, JournalEntry.market_value,
                                                            JournalEntry.amount_paid, JournalEntry.allowance_used),
         ["entries", "grams", "market_value", "paid", "allowance_used"]),
        (EntriesYear.__table__, ["year", "site_id", "shop", "kind", "entries", "paid"],
         _entries(where, year, JournalEntry.amount_paid), ["entries", "paid"]),
        (TendersDay.__table__, ["day", "site_id", "shop", "method", "tenders", "amount"], _tenders(where, day),
         ["tenders", "amount"]),
        (HouseholdDay.__table__, ["household_id", "day", "site_id", "visits", "market_value", "allowance_used"],
         households, ["visits", "market_value", "allowance_used"]),
    )


def _lines(where, key):
    group = func.coalesce(FoodGroup.code, literal(NO_GROUP))
    return (select(key, JournalEntry.site_id, JournalEntry.shop, group, JournalLine.fse_plus, func.count(),
                   func.sum(JournalLine.grams), func.sum(JournalLine.market_value), func.sum(JournalLine.price))
            .join(JournalEntry, JournalLine.entry_id == JournalEntry.id)
            .outerjoin(Category, Category.id == JournalLine.category_id)
            .outerjoin(FoodGroup, FoodGroup.id == Category.food_group_id)
            .where(where).group_by(key, JournalEntry.site_id, JournalEntry.shop, group, JournalLine.fse_plus))


def _entries(where, key, *summed):
    return (select(key, JournalEntry.site_id, JournalEntry.shop, JournalEntry.kind, func.count(),
                   *(func.sum(column) for column in summed))
            .where(where).group_by(key, JournalEntry.site_id, JournalEntry.shop, JournalEntry.kind))


def _tenders(where, key):
    return (select(key, JournalEntry.site_id, JournalEntry.shop, JournalTender.method, func.count(),
                   func.sum(JournalTender.amount))
            .join(JournalEntry, JournalTender.entry_id == JournalEntry.id)
            .where(where).group_by(key, JournalEntry.site_id, JournalEntry.shop, JournalTender.method))


def _upsert_add(session: Session, table: Table, columns: list[str], query, adds: list[str]) -> None:
    """INSERT … SELECT that adds to the figures of rows already there (same statement on both engines)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).from_select(columns, query)
    keys = [column.name for column in table.primary_key.columns]
    changes = {name: table.c[name] + statement.excluded[name] for name in adds}
    if not adds:  # the first day seen: keep the earlier of the two
        earliest = func.least if insert is pg_insert else func.min
        changes = {name: earliest(table.c[name], statement.excluded[name]) for name in columns[1:]}
    statement = statement.on_conflict_do_update(index_elements=keys, set_=changes)
    session.execute(statement)


# --- stock movements -------------------------------------------------------------------------------

def _movements_start(session: Session, cursor: SummaryCursor, since: dt.datetime | None,
                     result: RefreshResult) -> dt.date | None:
    """The first Paris day of this site's movements to sum again (None: nothing to do)."""
    starts = [moment for moment in (cursor.movements_until and cursor.movements_until - LOOK_BACK, since)
              if moment is not None]
    from_moment = min(starts) if starts and cursor.movements_until is not None else None
    first, latest = session.execute(select(func.min(StockMovement.occurred_at), func.max(StockMovement.occurred_at))
                                    .where(_not_till(cursor.site_id), *([StockMovement.occurred_at > from_moment]
                                                                        if from_moment else []))).one()
    if first is None:
        return None
    first_day = paris_today(first)
    result.stock_days += (paris_today(latest) - first_day).days + 1
    cursor.movements_until = max(latest, cursor.movements_until or latest)
    return first_day


def _not_till(site_id: uuid.UUID):
    return and_(StockMovement.site_id == site_id, StockMovement.kind.not_in(TILL_MOVEMENTS))


def _sum_movements(session: Session, starts: list) -> None:
    """Sum again, from scratch, each site's days from its first day to sum (idempotent). The yearly rows
    lose what those days held and gain what they hold now: only the days summed again are read."""
    if not starts:
        return
    again = or_(*(and_(StockDay.site_id == site_id, StockDay.day >= first_day) for site_id, first_day in starts))
    _add_to_years(session, _STOCK_YEARS, again, -1)
    session.execute(delete(StockDay).where(again))
    query = _movements_query(or_(*(and_(_not_till(site_id), StockMovement.occurred_at >= paris_midnight(first_day))
                                   for site_id, first_day in starts)))
    session.execute(StockDay.__table__.insert().from_select(
        ["day", "site_id", "food_group", "kind", "reason", "source", "movements", "units", "grams",
         "market_value"], query))
    _add_to_years(session, _STOCK_YEARS, again, 1)
    session.execute(delete(StockYear).where(StockYear.movements == 0))


@dataclass(frozen=True)
class _Years:
    """A yearly summary kept from its daily one: same keys with the day's year, same figures."""

    days: type
    years: type
    keys: tuple[str, ...]
    figures: tuple[str, ...]


_SALES_YEARS = _Years(SalesDay, SalesYear, ("site_id", "shop", "food_group", "fse_plus"),
                      ("lines", "grams", "market_value", "paid"))
_STOCK_YEARS = _Years(StockDay, StockYear, ("site_id", "food_group", "kind", "reason", "source"),
                      ("movements", "grams", "market_value"))


def _add_to_years(session: Session, summary: _Years, days, sign: int) -> None:
    """Add (sign 1) or take out (sign −1) the daily rows matching `days` from the yearly rows."""
    table = summary.days.__table__
    year = year_start(table.c.day)
    keys = [table.c[name] for name in summary.keys]
    query = (select(year, *keys, *(func.sum(table.c[name]) * sign for name in summary.figures))
             .where(days).group_by(year, *keys))
    _upsert_add(session, summary.years.__table__, ["year", *summary.keys, *summary.figures], query,
                list(summary.figures))


def _movements_query(where):
    day = paris_day(StockMovement.occurred_at)
    grams = case((StockMovement.grams != 0, StockMovement.grams),
                 else_=StockMovement.units * func.coalesce(func.nullif(Lot.unit_weight_g, 0), Product.net_weight_g))
    value = case((Product.sold_by == "weight", grams * Product.market_price / 1000),
                 else_=StockMovement.units * Product.market_price)
    reason = func.coalesce(StockMovement.loss_reason, literal(""))
    source = func.coalesce(Lot.source, literal(""))
    return (select(day, StockMovement.site_id, FoodGroup.code, StockMovement.kind, reason, source, func.count(),
                   func.sum(StockMovement.units), func.sum(grams), func.sum(value))
            .join(Product, Product.id == StockMovement.product_id)
            .join(Category, Category.id == Product.category_id)
            .join(FoodGroup, FoodGroup.id == Category.food_group_id)
            .outerjoin(Lot, Lot.id == StockMovement.lot_id)
            .where(where).group_by(day, StockMovement.site_id, FoodGroup.code, StockMovement.kind, reason, source))
