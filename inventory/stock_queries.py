"""Read the stock: FEFO candidates for a product at a site, lots with their expiry status."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from inventory.enums import DateKind, SoldBy, StorageClass
from inventory.expiry import ExpirySettings, ExpiryStatus, expiry_status, last_usable_day
from inventory.fefo import Candidate, PickPlan, plan_pick
from inventory.models import Category, Product
from inventory.recalls import BLOCKED_LOCATIONS, HOLD_LOCATION, QUARANTINE_LOCATION
from inventory.stock_models import FREE_OF_CHARGE_SOURCES, Lot, LotSource, StockBalance


@dataclass(frozen=True)
class LotStock:
    """One balance row with what screens, reports and the till need to know about it."""

    lot_id: uuid.UUID
    lot_code: str
    product_id: uuid.UUID
    product_name: str
    gtin: str | None
    site_id: uuid.UUID
    location: str
    units: int
    grams: int
    date_kind: DateKind
    expiry_date: dt.date | None
    usable_until: dt.date | None
    status: ExpiryStatus
    source: LotSource
    recalled: bool
    received_at: dt.datetime
    storage_class: StorageClass
    sold_by: SoldBy

    @property
    def free_of_charge(self) -> bool:
        return self.source in FREE_OF_CHARGE_SOURCES

    @property
    def on_hold(self) -> bool:
        """Held back by the site (quarantine) until released with a reason."""
        return self.location == HOLD_LOCATION

    @property
    def blocked(self) -> bool:
        return self.recalled or self.on_hold or self.status is ExpiryStatus.EXPIRED


_B, _L, _P, _C = StockBalance.__table__, Lot.__table__, Product.__table__, Category.__table__


def _balance_rows():
    """Core columns, not ORM entities: the dashboard reads thousands of rows and pays per row."""
    return (select(_B.c.lot_id, _B.c.site_id, _B.c.location, _B.c.units, _B.c.grams, _L.c.lot_code,
                   _L.c.product_id, _L.c.date_kind, _L.c.expiry_date, _L.c.source, _L.c.recall_id,
                   _L.c.received_at, _P.c.name, _P.c.gtin, _P.c.storage_class, _P.c.sold_by, _C.c.shelf_life,
                   _C.c.code.label("category_code"))
            .select_from(_B.join(_L, _L.c.id == _B.c.lot_id).join(_P, _P.c.id == _L.c.product_id)
                         .join(_C, _C.c.id == _P.c.category_id))
            .where(or_(_B.c.units > 0, _B.c.grams > 0)))


class _Dates:
    """Per-call memo of the pure date rules: thousands of lots share a few hundred dates."""

    def __init__(self, today: dt.date, settings: ExpirySettings) -> None:
        self.today, self.settings = today, settings
        self.grace: dict[tuple, int] = {}
        self.rules: dict[tuple, tuple[dt.date | None, ExpiryStatus]] = {}

    def __call__(self, row) -> tuple[dt.date | None, ExpiryStatus]:
        key = (row.shelf_life, row.category_code)
        grace = self.grace.get(key)
        if grace is None:
            grace = self.grace[key] = self.settings.grace_months(row.shelf_life, row.category_code)
        rule_key = (row.date_kind, row.expiry_date, grace)
        found = self.rules.get(rule_key)
        if found is None:
            found = self.rules[rule_key] = (
                last_usable_day(row.date_kind, row.expiry_date, grace),
                expiry_status(row.date_kind, row.expiry_date, grace, self.today, self.settings.soon_days))
        return found


def _to_lot_stock(row, dates: _Dates) -> LotStock:
    usable_until, status = dates(row)
    return LotStock(
        lot_id=row.lot_id, lot_code=row.lot_code, product_id=row.product_id, product_name=row.name,
        gtin=row.gtin, site_id=row.site_id, location=row.location, units=row.units, grams=row.grams,
        date_kind=row.date_kind, expiry_date=row.expiry_date, usable_until=usable_until, status=status,
        source=row.source, recalled=row.recall_id is not None or row.location == QUARANTINE_LOCATION, received_at=row.received_at,
        storage_class=row.storage_class, sold_by=row.sold_by)


def lot_stock(session: Session, *, today: dt.date, settings: ExpirySettings,
              site_id: uuid.UUID | None = None, product_id: uuid.UUID | None = None,
              location: str | None = None, lot_ids: Iterable[uuid.UUID] | None = None,
              expiring_by: dt.date | None = None) -> list[LotStock]:
    """Positive stock rows, filtered; `expiring_by` keeps lots whose printed date is on or before it."""
    query = _balance_rows()
    if site_id is not None:
        query = query.where(_B.c.site_id == site_id)
    if product_id is not None:
        query = query.where(_B.c.product_id == product_id)
    if location is not None:
        query = query.where(_B.c.location == location)
    if lot_ids is not None:
        query = query.where(_B.c.lot_id.in_(list(lot_ids)))
    if expiring_by is not None:
        query = query.where(_B.c.expiry_date <= expiring_by)
    query = query.order_by(_B.c.expiry_date, _P.c.name, _B.c.location)
    dates = _Dates(today, settings)
    return [_to_lot_stock(row, dates) for row in session.execute(query)]


def fefo_candidates(session: Session, site_id: uuid.UUID, product_id: uuid.UUID, *, today: dt.date,
                    settings: ExpirySettings) -> list[Candidate]:
    """Every stocked lot of the product at the site, blocked ones included (FEFO skips them).

    The hot path of the till and of dispatch picking: one small query for the product's grace, one
    index range scan (ix_stock_balance_fefo) for its lots, no ORM entities.
    """
    category = session.execute(select(_C.c.shelf_life, _C.c.code).select_from(
        _P.join(_C, _C.c.id == _P.c.category_id)).where(_P.c.id == product_id)).first()
    if category is None:
        return []
    grace = settings.grace_months(category.shelf_life, category.code)
    rows = session.execute(
        select(_B.c.lot_id, _B.c.location, _B.c.units, _B.c.grams, _B.c.expiry_date, _L.c.date_kind,
               _L.c.received_at, _L.c.recall_id)
        .select_from(_B.join(_L, _L.c.id == _B.c.lot_id))
        .where(_B.c.site_id == site_id, _B.c.product_id == product_id, or_(_B.c.units > 0, _B.c.grams > 0)))
    usable: dict[tuple, dt.date | None] = {}
    candidates = []
    for row in rows:
        key = (row.date_kind, row.expiry_date)
        if key not in usable:
            usable[key] = last_usable_day(row.date_kind, row.expiry_date, grace)
        blocked = row.recall_id is not None or row.location in BLOCKED_LOCATIONS
        candidates.append(Candidate(row.lot_id, row.location, row.units, row.grams, usable[key], row.expiry_date,
                                    row.received_at, blocked))
    return candidates


def pick_plan(session: Session, site_id: uuid.UUID, product_id: uuid.UUID, *, today: dt.date,
              settings: ExpirySettings, units: int = 0, grams: int = 0) -> PickPlan:
    """The FEFO lots to take for a quantity of a product at a site (nothing is written)."""
    candidates = fefo_candidates(session, site_id, product_id, today=today, settings=settings)
    return plan_pick(candidates, today=today, units=units, grams=grams)
