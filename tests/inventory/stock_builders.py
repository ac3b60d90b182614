"""Builders for stock rows, shared by tests/inventory and tests/warehouse (imported by their conftests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from inventory.enums import DateKind
from inventory.ledger import record_movement
from inventory.models import Product, Site
from inventory.stock_models import Lot, LotSource, MovementKind

OWNER = "CENTRAL"
NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)  # a Saturday morning in Auch (10:00 local)
TODAY = dt.date(2026, 11, 28)


class StockBuilders:
    def __init__(self, session: Session, build: Any) -> None:
        self.session = session
        self.build = build

    def lot(self, product: Product | None = None, site: Site | None = None, *, days: int | None = 30,
            **fields: Any) -> Lot:
        """A lot expiring `days` after TODAY (None: no date), received at `site` at NOW."""
        product = product or self.build.product()
        values: dict[str, Any] = dict(
            lot_code=f"L{self.session.info.setdefault('lot_n', 0) + 1}", source=LotSource.BANQUE_ALIMENTAIRE,
            date_kind=product.date_kind if days is not None else DateKind.NONE,
            expiry_date=None if days is None else TODAY + dt.timedelta(days=days), received_at=NOW,
            received_site_id=(site or self.build.site()).id, unit_weight_g=product.net_weight_g,
            owner_node=OWNER)
        self.session.info["lot_n"] = self.session.info.get("lot_n", 0) + 1
        values.update(fields)
        lot = Lot(product=product, **values)
        self.session.add(lot)
        self.session.flush()
        return lot

    def stock(self, lot: Lot, site: Site, units: int = 10, grams: int | None = None, location: str = "",
              kind: MovementKind = MovementKind.INTAKE, now: dt.datetime = NOW):
        grams = units * lot.unit_weight_g if grams is None else grams
        movement = record_movement(self.session, kind=kind, lot=lot, site_id=site.id, location=location,
                                   units=units, grams=grams, now=now, owner_node=OWNER)
        self.session.flush()
        return movement
