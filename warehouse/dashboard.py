"""The expiry dashboard: lots by urgency bucket with their weight and place, kg expiring per day.

Buckets are taken on the last usable day (DLC, or DDM plus grace), with the rule of
inventory.expiry for the day itself: a lot whose last day is today is in "today", not "expired".
The query reads plain columns (no ORM entities, no UUID objects): it may return thousands of rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import String, or_, select, type_coerce
from sqlalchemy.orm import Session

from inventory.enums import DateKind
from inventory.expiry import ExpirySettings, ExpiryStatus, expiry_status, last_usable_day
from inventory.models import Category, Product, Site
from inventory.stock_models import Lot, Recall, StockBalance

HORIZON_DAYS = 30
BUCKETS = (
    ("expired", "Périmés (à sortir du stock)"),
    ("today", "Dernier jour : aujourd'hui"),
    ("d3", "Dans 1 à 3 jours"),
    ("d7", "Dans 4 à 7 jours"),
    ("d30", "Dans 8 à 30 jours"),
    ("ddm_past", "DDM dépassée, encore distribuable"),
    ("recalled", "Lots rappelés (bloqués)"),
)
_DATE_KINDS = {kind.value: kind for kind in DateKind}


@dataclass(frozen=True)
class DashboardLot:
    product_name: str
    lot_code: str
    site_name: str
    location: str
    units: int
    grams: int
    date_kind: DateKind
    expiry_date: dt.date | None
    usable_until: dt.date | None
    status: ExpiryStatus
    recalled: bool


@dataclass
class Bucket:
    key: str
    label: str
    lots: list[DashboardLot] = field(default_factory=list)

    @property
    def grams(self) -> int:
        return sum(max(lot.grams, 0) for lot in self.lots)

    @property
    def units(self) -> int:
        return sum(max(lot.units, 0) for lot in self.lots)


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    buckets: list[Bucket]
    per_day: list[tuple[dt.date, int]]


def bucket_key(lot: DashboardLot, today: dt.date) -> str | None:
    if lot.recalled:
        return "recalled"
    if lot.usable_until is None:
        return None
    days = (lot.usable_until - today).days
    if days < 0:
        return "expired"
    if days <= HORIZON_DAYS:
        return "today" if days == 0 else "d3" if days <= 3 else "d7" if days <= 7 else "d30"
    return "ddm_past" if lot.status is ExpiryStatus.PAST_DDM_USABLE else None


def classify(lots: Iterable[DashboardLot], today: dt.date) -> tuple[list[Bucket], list[tuple[dt.date, int]]]:
    """Pure: the buckets, and grams whose last usable day falls on each of the next 30 days."""
    buckets = {key: Bucket(key, label) for key, label in BUCKETS}
    per_day = {today + dt.timedelta(days=n): 0 for n in range(HORIZON_DAYS + 1)}
    for lot in lots:
        key = bucket_key(lot, today)
        if key is None:
            continue
        buckets[key].lots.append(lot)
        if key != "recalled" and lot.usable_until in per_day:
            per_day[lot.usable_until] += max(lot.grams, 0)
    return list(buckets.values()), sorted(per_day.items())


def expiry_dashboard(session: Session, *, today: dt.date, settings: ExpirySettings,
                     site_id: uuid.UUID | None = None) -> Dashboard:
    """Positive stock whose printed date is within the horizon (or past), and every recalled lot.

    Two queries rather than one with an OR: each keeps its index (the expiry date; the recall, then
    the balance's primary key, which starts with the lot).
    """
    balance, lot, recall = StockBalance.__table__, Lot.__table__, Recall.__table__
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    window = _rows(site_id).where(balance.c.expiry_date <= horizon)
    recalled_lots = select(lot.c.id).where(lot.c.recall_id.in_(select(recall.c.id)))
    recalled = _rows(site_id).where(balance.c.lot_id.in_(recalled_lots),
                                    or_(balance.c.expiry_date.is_(None), balance.c.expiry_date > horizon))
    rules = _Rules(today, settings)
    rows = [*session.execute(window), *session.execute(recalled)]
    buckets, per_day = classify((rules.lot(row) for row in rows), today)
    return Dashboard(today, buckets, per_day)


def _rows(site_id: uuid.UUID | None):
    balance, lot, product, category, site = (StockBalance.__table__, Lot.__table__, Product.__table__,
                                             Category.__table__, Site.__table__)
    query = (select(product.c.name, lot.c.lot_code, site.c.name.label("site_name"), balance.c.location,
                    balance.c.units, balance.c.grams, type_coerce(lot.c.date_kind, String).label("date_kind"),
                    balance.c.expiry_date, lot.c.recall_id.is_not(None).label("recalled"),
                    type_coerce(category.c.shelf_life, String).label("shelf_life"),
                    category.c.code.label("category_code"))
             .select_from(balance.join(lot, lot.c.id == balance.c.lot_id)
                          .join(product, product.c.id == balance.c.product_id)
                          .join(category, category.c.id == product.c.category_id)
                          .join(site, site.c.id == balance.c.site_id))
             .where(or_(balance.c.units > 0, balance.c.grams > 0))
             .order_by(balance.c.expiry_date, product.c.name))
    return query if site_id is None else query.where(balance.c.site_id == site_id)


class _Rules:
    """The pure date rules, memoised for the call: thousands of lots share a few hundred dates."""

    def __init__(self, today: dt.date, settings: ExpirySettings) -> None:
        self.today, self.settings = today, settings
        self.memo: dict[tuple, tuple[dt.date | None, ExpiryStatus]] = {}

    def lot(self, row) -> DashboardLot:
        key = (row.date_kind, row.expiry_date, row.shelf_life, row.category_code)
        dates = self.memo.get(key)
        if dates is None:
            grace = self.settings.grace_months(row.shelf_life, row.category_code)
            dates = self.memo[key] = (
                last_usable_day(row.date_kind, row.expiry_date, grace),
                expiry_status(row.date_kind, row.expiry_date, grace, self.today, self.settings.soon_days))
        return DashboardLot(row.name, row.lot_code, row.site_name, row.location, row.units, row.grams,
                            _DATE_KINDS[row.date_kind], row.expiry_date, dates[0], dates[1], row.recalled)
