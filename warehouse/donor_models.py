"""The donors' paperwork besides attestations: loi Garot conventions and the log of refused donations.

Conventions are written at central (coordinators); one naming a site goes down to that site's node
(the site's `site_id` scope), the others to every node. A refusal is written where the donation was
refused — the warehouse (central) or a site's local intake (its node) — and a site's go up by sync.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import AppendOnlyRow, Base, SyncedRow
from gers.models import enum_column
from inventory.models import Product, Site
from warehouse.donor_enums import PickupFrequency, RefusalReason
from warehouse.models import Delivery, Donor


class DonorConvention(SyncedRow, Base):
    """A donation convention (loi Garot 2016-138: shops over 400 m² must offer one to an association)."""

    __tablename__ = "donor_convention"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint("duration_months IS NULL OR duration_months >= 1", name="duration_positive"),
    )

    donor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("donor.id"), index=True)
    # The site that picks up (its volunteers do the ramasse); None: the warehouse's rounds.
    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("site.id"), index=True)
    signed_on: Mapped[dt.date] = mapped_column(Date)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    duration_months: Mapped[int | None]
    goods: Mapped[str] = mapped_column(String(400))
    food_groups: Mapped[list] = mapped_column(JSON, default=list)  # food group codes
    pickup_frequency: Mapped[PickupFrequency] = mapped_column(enum_column(PickupFrequency, "pickup_frequency"))
    comment: Mapped[str] = mapped_column(String(400), default="")

    donor: Mapped[Donor] = relationship()
    site: Mapped[Site | None] = relationship()


class DonationRefusal(AppendOnlyRow, Base):
    """A donation, or part of one, refused at intake (décret 2020-1274): never edited."""

    __tablename__ = "donation_refusal"
    __table_args__ = (CheckConstraint("units >= 0 AND grams >= 0", name="quantities_not_negative"),)

    donor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("donor.id"), index=True)
    delivery_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("delivery.id"), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("product.id"))
    product_label: Mapped[str] = mapped_column(String(160), default="")
    gtin: Mapped[str] = mapped_column(String(14), default="")
    lot_code: Mapped[str] = mapped_column(String(60), default="")
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[RefusalReason] = mapped_column(enum_column(RefusalReason, "refusal_reason"))
    detail: Mapped[str] = mapped_column(String(400), default="")
    units: Mapped[int] = mapped_column(default=0)
    grams: Mapped[int] = mapped_column(default=0)
    refused_at: Mapped[dt.datetime]
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))

    donor: Mapped[Donor | None] = relationship()
    delivery: Mapped[Delivery | None] = relationship()
    product: Mapped[Product | None] = relationship()
