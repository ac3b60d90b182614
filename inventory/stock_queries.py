"""Read the stock: FEFO candidates for a product at a site, lots with their expiry status."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from inventory.expiry import ExpirySettings, ExpiryStatus, expiry_status, last_usable_day
from inventory.fefo import Candidate, PickPlan, plan_pick
from inventory.models import Category, DateKind, Product, SoldBy, StorageClass
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
    def blocked(self) -> bool:
        return self.recalled or self.status is ExpiryStatus.EXPIRED


def _balance_rows(session: Session):
    return (select(StockBalance.lot_id, StockBalance.site_id, StockBalance.location, StockBalance.units,
                   StockBalance.grams, Lot.lot_code, Lot.product_id, Lot.date_kind, Lot.expiry_date,
                   Lot.source, Lot.recall_id, Lot.received_at, Product.name, Product.gtin,
                   Product.storage_class, Product.sold_by,
                   Category.shelf_life, Category.code.label("category_code"))
            .join(Lot, Lot.id == StockBalance.lot_id)
            .join(Product, Product.id == Lot.product_id)
            .join(Category, Category.id == Product.category_id)
            .where(or_(StockBalance.units > 0, StockBalance.grams > 0)))


def _to_lot_stock(row, today: dt.date, settings: ExpirySettings) -> LotStock:
    grace = settings.grace_months(row.shelf_life, row.category_code)
    return LotStock(
        lot_id=row.lot_id, lot_code=row.lot_code, product_id=row.product_id, product_name=row.name,
        gtin=row.gtin, site_id=row.site_id, location=row.location, units=row.units, grams=row.grams,
        date_kind=row.date_kind, expiry_date=row.expiry_date,
        usable_until=last_usable_day(row.date_kind, row.expiry_date, grace),
        status=expiry_status(row.date_kind, row.expiry_date, grace, today, settings.soon_days),
        source=row.source, recalled=row.recall_id is not None, received_at=row.received_at,
        storage_class=row.storage_class, sold_by=row.sold_by)


def lot_stock(session: Session, *, today: dt.date, settings: ExpirySettings,
              site_id: uuid.UUID | None = None, product_id: uuid.UUID | None = None,
              location: str | None = None, lot_ids: Iterable[uuid.UUID] | None = None,
              expiring_by: dt.date | None = None) -> list[LotStock]:
    """Positive stock rows, filtered; `expiring_by` keeps lots whose printed date is on or before it."""
    query = _balance_rows(session)
    if site_id is not None:
        query = query.where(StockBalance.site_id == site_id)
    if product_id is not None:
        query = query.where(StockBalance.product_id == product_id)
    if location is not None:
        query = query.where(StockBalance.location == location)
    if lot_ids is not None:
        query = query.where(StockBalance.lot_id.in_(list(lot_ids)))
    if expiring_by is not None:
        query = query.where(StockBalance.expiry_date <= expiring_by)
    query = query.order_by(StockBalance.expiry_date, Product.name, StockBalance.location)
    return [_to_lot_stock(row, today, settings) for row in session.execute(query)]


def fefo_candidates(session: Session, site_id: uuid.UUID, product_id: uuid.UUID, *, today: dt.date,
                    settings: ExpirySettings) -> list[Candidate]:
    """Every stocked lot of the product at the site, blocked ones included (FEFO skips them)."""
    return [Candidate(lot_id=row.lot_id, location=row.location, units=row.units, grams=row.grams,
                      usable_until=row.usable_until, expiry_date=row.expiry_date,
                      received_at=row.received_at, blocked=row.recalled)
            for row in lot_stock(session, today=today, settings=settings, site_id=site_id,
                                 product_id=product_id)]


def pick_plan(session: Session, site_id: uuid.UUID, product_id: uuid.UUID, *, today: dt.date,
              settings: ExpirySettings, units: int = 0, grams: int = 0) -> PickPlan:
    """The FEFO lots to take for a quantity of a product at a site (nothing is written)."""
    candidates = fefo_candidates(session, site_id, product_id, today=today, settings=settings)
    return plan_pick(candidates, today=today, units=units, grams=grams)
