"""Sites' orders to the warehouse, and the warehouse's answer to each.

One writer per row: the site writes its order and its lines (owner_node = the site's node; they go
up by sync); central writes the fulfilment of an order (how far the dispatches serve it; it goes
down to that site only, by its `site_id`). Neither ever edits the other's rows.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import Base, SyncedRow
from gers.models import enum_column
from inventory.models import FoodGroup, Product, Site


class OrderStatus(enum.StrEnum):
    """The site's side: drafted, sent to the warehouse, or withdrawn by the site."""

    DRAFT = "draft"
    SENT = "sent"
    CANCELLED = "cancelled"


class FulfilmentStatus(enum.StrEnum):
    """The warehouse's side."""

    OPEN = "open"  # received, nothing prepared (or its dispatch was cancelled)
    PREPARING = "preparing"  # a dispatch in preparation serves it
    PARTIAL = "partial"  # shipped, not all of it
    SERVED = "served"  # every line shipped in full


class SiteOrder(SyncedRow, Base):
    __tablename__ = "site_order"
    __table_args__ = (UniqueConstraint("site_id", "number"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    status: Mapped[OrderStatus] = mapped_column(enum_column(OrderStatus, "order_status"))
    wanted_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    sent_at: Mapped[dt.datetime | None]
    cancelled_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))

    site: Mapped[Site] = relationship()
    lines: Mapped[list[SiteOrderLine]] = relationship(back_populates="order", cascade="all, delete-orphan",
                                                      order_by="SiteOrderLine.position")
    fulfilment: Mapped[OrderFulfilment | None] = relationship(
        primaryjoin="foreign(OrderFulfilment.order_id) == SiteOrder.id", back_populates="order", uselist=False)


class SiteOrderLine(SyncedRow, Base):
    """A product (in units, or kg for goods sold by weight) or a whole food group (in kg)."""

    __tablename__ = "site_order_line"
    __table_args__ = (
        CheckConstraint("(product_id IS NULL) <> (food_group_id IS NULL)", name="product_or_group"),
        CheckConstraint("units >= 0 AND grams >= 0 AND units + grams > 0", name="quantity_positive"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site_order.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("product.id"))
    food_group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("food_group.id"))
    units: Mapped[int] = mapped_column(default=0)
    grams: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)

    order: Mapped[SiteOrder] = relationship(back_populates="lines")
    product: Mapped[Product | None] = relationship()
    food_group: Mapped[FoodGroup | None] = relationship()

    @property
    def label(self) -> str:
        if self.product is not None:
            return self.product.name
        return f"Groupe : {self.food_group.label}" if self.food_group else "?"


class OrderFulfilment(SyncedRow, Base):
    """Central's answer to one order: its state and what has been shipped for each line.

    `order_id` has no foreign key: central's row goes down to a site that may not hold its own order
    yet (a new Pi pulls before central gives back what the site wrote; sync.runner).
    """

    __tablename__ = "order_fulfilment"

    order_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    status: Mapped[FulfilmentStatus] = mapped_column(enum_column(FulfilmentStatus, "fulfilment_status"))
    # {order line id: [units shipped, grams shipped]}
    served: Mapped[dict] = mapped_column(JSON, default=dict)
    # The dispatch numbers that serve it, for the site to match its arrivals.
    dispatch_numbers: Mapped[str] = mapped_column(String(200), default="")

    order: Mapped[SiteOrder] = relationship(primaryjoin="foreign(OrderFulfilment.order_id) == SiteOrder.id",
                                            back_populates="fulfilment")
