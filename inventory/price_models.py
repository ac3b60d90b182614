"""Price history of the catalog: market values and garment prices with their date of effect.

Central writes these rows (coordinators); every node receives them by sync. A price applies from the
morning of its `effective_from` day (Europe/Paris), so a change made today never reaches a basket
already being rung up: the till prices a basket on the day it was opened. Past sales keep the value
they were sold at because the journal stores each line's market value and price, never a reference.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from gers.db import Base, SyncedRow


class ProductPrice(SyncedRow, Base):
    """The market value of a product (per piece, or per kg when sold by weight) from a given day."""

    __tablename__ = "product_price"
    __table_args__ = (
        CheckConstraint("market_price >= 0", name="market_price_not_negative"),
        Index("ix_product_price_product_day", "product_id", "effective_from", unique=True),
    )

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    market_price: Mapped[Decimal]
    effective_from: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")


class GarmentPrice(SyncedRow, Base):
    """A garment type's symbolic price from a given day: for the whole network (site_id None) or one
    site's own price, within the bounds set for the network (GARMENT_PRICE_MIN / _MAX)."""

    __tablename__ = "garment_price"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_not_negative"),
        Index("ix_garment_price_type_site_day", "garment_type_id", "site_id", "effective_from"),
    )

    garment_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("garment_type.id", ondelete="CASCADE"))
    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    price: Mapped[Decimal]
    effective_from: Mapped[dt.date] = mapped_column(Date)
