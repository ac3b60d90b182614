"""A collecte, its shops, the volunteers' shifts in each shop and each shop's figures per day.

Central writes every row (coordinators and the warehouse enter them there); the volunteers' names
are personal data of the association's people, so no row leaves central (CENTRAL_ONLY).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import CENTRAL_ONLY, Base, SyncedRow
from warehouse.models import Donor


class Collecte(SyncedRow, Base):
    __tablename__ = "collecte"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="dates_in_order"), {"info": CENTRAL_ONLY})

    name: Mapped[str] = mapped_column(String(120), unique=True)
    national: Mapped[bool] = mapped_column(default=False)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)

    shops: Mapped[list[CollecteShop]] = relationship(back_populates="collecte", order_by="CollecteShop.name")


class CollecteShop(SyncedRow, Base):
    """A shop taking part in one collecte; linked to its Donor when the shop already gives (ramasse)."""

    __tablename__ = "collecte_shop"
    __table_args__ = (UniqueConstraint("collecte_id", "name"), {"info": CENTRAL_ONLY})

    collecte_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("collecte.id"), index=True)
    donor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("donor.id"))
    name: Mapped[str] = mapped_column(String(160))
    commune: Mapped[str] = mapped_column(String(80), default="")
    address: Mapped[str] = mapped_column(String(200), default="")

    collecte: Mapped[Collecte] = relationship(back_populates="shops")
    donor: Mapped[Donor | None] = relationship()
    shifts: Mapped[list[CollecteShift]] = relationship(
        back_populates="shop", order_by="(CollecteShift.day, CollecteShift.starts_at)")
    results: Mapped[list[CollecteResult]] = relationship(back_populates="shop", order_by="CollecteResult.day")


class CollecteShift(SyncedRow, Base):
    """A slot of volunteers at a shop's door: day, local (Paris) hours, places."""

    __tablename__ = "collecte_shift"
    __table_args__ = (CheckConstraint("places >= 1", name="places_positive"),
                      CheckConstraint("ends_at > starts_at", name="hours_in_order"), {"info": CENTRAL_ONLY})

    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("collecte_shop.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    places: Mapped[int]

    shop: Mapped[CollecteShop] = relationship(back_populates="shifts")
    volunteers: Mapped[list[ShiftVolunteer]] = relationship(
        back_populates="shift", order_by="ShiftVolunteer.created_at", cascade="all, delete-orphan")


class ShiftVolunteer(SyncedRow, Base):
    """A volunteer signed up by a coordinator: a display name only (« Marie D. »)."""

    __tablename__ = "collecte_volunteer"
    __table_args__ = (UniqueConstraint("shift_id", "display_name"), {"info": CENTRAL_ONLY})

    shift_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("collecte_shift.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(60))

    shift: Mapped[CollecteShift] = relationship(back_populates="volunteers")


class CollecteResult(SyncedRow, Base):
    """What a shop gave on one day, counted at the end of the day; entered again, it is corrected."""

    __tablename__ = "collecte_result"
    __table_args__ = (UniqueConstraint("shop_id", "day"),
                      CheckConstraint("cartons >= 0 AND grams >= 0", name="figures_not_negative"),
                      {"info": CENTRAL_ONLY})

    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("collecte_shop.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    cartons: Mapped[int]
    grams: Mapped[int]
    entered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))

    shop: Mapped[CollecteShop] = relationship(back_populates="results")
