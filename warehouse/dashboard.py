"""The expiry dashboard: lots by urgency bucket with their weight and place, kg expiring per day.

Buckets are taken on the last usable day (DLC, or DDM plus grace), with the rule of
inventory.expiry for the day itself: a lot whose last day is today is in "today", not "expired".
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.expiry import ExpirySettings, ExpiryStatus
from inventory.models import Site
from inventory.stock_models import Lot
from inventory.stock_queries import LotStock, lot_stock

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


@dataclass
class Bucket:
    key: str
    label: str
    lots: list[LotStock] = field(default_factory=list)

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
    site_names: dict[uuid.UUID, str]


def bucket_key(lot: LotStock, today: dt.date) -> str | None:
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


def classify(lots: Iterable[LotStock], today: dt.date) -> tuple[list[Bucket], list[tuple[dt.date, int]]]:
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
    window = lot_stock(session, today=today, settings=settings, site_id=site_id,
                       expiring_by=today + dt.timedelta(days=HORIZON_DAYS))
    seen = {(lot.lot_id, lot.site_id, lot.location) for lot in window}
    recalled_ids = session.scalars(select(Lot.id).where(Lot.recall_id.is_not(None))).all()
    recalled = [lot for lot in lot_stock(session, today=today, settings=settings, site_id=site_id,
                                         lot_ids=recalled_ids)
                if (lot.lot_id, lot.site_id, lot.location) not in seen] if recalled_ids else []
    buckets, per_day = classify([*window, *recalled], today)
    names = dict(session.execute(select(Site.id, Site.name)).all())
    return Dashboard(today, buckets, per_day, names)
