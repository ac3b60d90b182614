"""What shops and the warehouse share: sites, the catalog and its reporting food groups.

Central owns all of these rows; site nodes receive them by sync and never edit them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import Base, SyncedRow
from gers.models import enum_column
from inventory.enums import SITE_KIND_LABELS, DateKind, ShelfLife, SiteKind, SoldBy, StorageClass

WEEKDAY_LABELS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class Site(SyncedRow, Base):
    __tablename__ = "site"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[SiteKind] = mapped_column(enum_column(SiteKind, "site_kind"))
    commune: Mapped[str] = mapped_column(String(80))
    insee_code: Mapped[str] = mapped_column(String(5))
    postcode: Mapped[str] = mapped_column(String(5))
    address: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(120), default="")
    has_epicerie: Mapped[bool] = mapped_column(default=False)
    has_vesti_boutique: Mapped[bool] = mapped_column(default=False)
    capacity_ambient_kg: Mapped[int] = mapped_column(default=0)
    capacity_chilled_kg: Mapped[int] = mapped_column(default=0)
    capacity_frozen_kg: Mapped[int] = mapped_column(default=0)

    opening_slots: Mapped[list[OpeningSlot]] = relationship(
        back_populates="site", order_by="(OpeningSlot.weekday, OpeningSlot.opens)",
        cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return SITE_KIND_LABELS[self.kind]


class OpeningSlot(SyncedRow, Base):
    """A weekly opening (fixed site) or a stop of a mobile unit's tour (village given)."""

    __tablename__ = "opening_slot"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("opens < closes", name="opens_before_closes"),
    )

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)
    # Mobile units only: the village where the van stands during this slot.
    village: Mapped[str | None] = mapped_column(String(80))
    village_insee_code: Mapped[str | None] = mapped_column(String(5))
    # Where the van parks in the village (« place de la mairie »), shown on the kiosk.
    place: Mapped[str | None] = mapped_column(String(120))

    site: Mapped[Site] = relationship(back_populates="opening_slots")

    @property
    def weekday_label(self) -> str:
        return WEEKDAY_LABELS[self.weekday]


class FoodGroup(SyncedRow, Base):
    """Reporting groups (kg distributed by group): data, so partners can change them."""

    __tablename__ = "food_group"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(120))


class Category(SyncedRow, Base):
    __tablename__ = "category"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    food_group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("food_group.id"), index=True)
    shelf_life: Mapped[ShelfLife] = mapped_column(enum_column(ShelfLife, "shelf_life"))
    storage_class: Mapped[StorageClass] = mapped_column(enum_column(StorageClass, "storage_class"))
    date_kind: Mapped[DateKind] = mapped_column(enum_column(DateKind, "date_kind"))

    food_group: Mapped[FoodGroup] = relationship()


class Product(SyncedRow, Base):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("market_price >= 0", name="market_price_not_negative"),
        CheckConstraint("net_weight_g >= 0", name="net_weight_not_negative"),
    )

    gtin: Mapped[str | None] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(160), index=True)
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("category.id"), index=True)
    sold_by: Mapped[SoldBy] = mapped_column(enum_column(SoldBy, "sold_by"))
    # Per piece, or per kg when sold by weight.
    market_price: Mapped[Decimal]
    net_weight_g: Mapped[int] = mapped_column(default=0)
    storage_class: Mapped[StorageClass] = mapped_column(enum_column(StorageClass, "storage_class"))
    date_kind: Mapped[DateKind] = mapped_column(enum_column(DateKind, "date_kind"))
    active: Mapped[bool] = mapped_column(default=True)

    category: Mapped[Category] = relationship()


class GarmentType(SyncedRow, Base):
    """Vesti-boutique: second-hand clothes sold by type at a symbolic price."""

    __tablename__ = "garment_type"
    __table_args__ = (CheckConstraint("price >= 0", name="price_not_negative"),)

    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    price: Mapped[Decimal]
    active: Mapped[bool] = mapped_column(default=True)
