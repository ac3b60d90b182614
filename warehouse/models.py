"""The departmental warehouse: donors, storage locations, deliveries and their intake lines,
dispatches to sites and their receipts, donor attestations.

Central writes everything here except the dispatch receipts, which the receiving site writes
(one writer per row: a receipt never edits the dispatch it answers).
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import Base, SyncedRow
from gers.models import enum_column
from inventory.enums import StorageClass
from inventory.models import Product, Site
from inventory.stock_models import Lot, LotSource, StockMovement


class DonorKind(enum.StrEnum):
    STORE = "store"
    FARM = "farm"
    COMPANY = "company"
    NETWORK = "network"
    PUBLIC_BODY = "public_body"

    @property
    def label(self) -> str:
        return DONOR_KIND_LABELS[self]


DONOR_KIND_LABELS = {
    DonorKind.STORE: "Magasin (ramasse)",
    DonorKind.FARM: "Exploitation agricole",
    DonorKind.COMPANY: "Entreprise",
    DonorKind.NETWORK: "Réseau associatif",
    DonorKind.PUBLIC_BODY: "Organisme public",
}


class Donor(SyncedRow, Base):
    __tablename__ = "donor"

    name: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[DonorKind] = mapped_column(enum_column(DonorKind, "donor_kind"))
    siret: Mapped[str] = mapped_column(String(14), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(5), default="")
    commune: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(default=True)


class StorageLocation(SyncedRow, Base):
    """A place in the warehouse (aisle-rack-level, cold room, quay) with its storage class."""

    __tablename__ = "storage_location"
    __table_args__ = (UniqueConstraint("site_id", "code"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(120), default="")
    storage_class: Mapped[StorageClass] = mapped_column(enum_column(StorageClass, "storage_class"))
    active: Mapped[bool] = mapped_column(default=True)


class Delivery(SyncedRow, Base):
    """One arrival of goods (a truck, a ramasse round): source, donor, delivery note."""

    __tablename__ = "delivery"

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    source: Mapped[LotSource] = mapped_column(enum_column(LotSource, "lot_source"))
    donor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("donor.id"), index=True)
    delivery_note: Mapped[str] = mapped_column(String(60), default="")
    # "source:donor:NOTE" — unique, so a delivery note is never recorded twice; NULL without a note.
    note_key: Mapped[str | None] = mapped_column(String(140), unique=True)
    received_at: Mapped[dt.datetime]
    received_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[dt.datetime | None]
    comment: Mapped[str] = mapped_column(String(400), default="")

    donor: Mapped[Donor | None] = relationship()
    lines: Mapped[list[IntakeLine]] = relationship(back_populates="delivery", order_by="IntakeLine.created_at")


class IntakeLine(SyncedRow, Base):
    """Cartons of one lot received in a delivery, with the value declared for attestations."""

    __tablename__ = "intake_line"
    __table_args__ = (
        CheckConstraint("cartons >= 1", name="cartons_positive"),
        CheckConstraint("units >= 0 AND grams >= 0", name="quantities_not_negative"),
        CheckConstraint("unit_value >= 0", name="unit_value_not_negative"),
    )

    delivery_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("delivery.id"), index=True)
    lot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lot.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"))
    cartons: Mapped[int]
    units: Mapped[int]
    grams: Mapped[int]
    location: Mapped[str] = mapped_column(String(32))
    # Per unit, or per kg for goods sold by weight: the cost price the donor declared. None: not declared
    # (never replaced by the retail price: the attestation flags it for the donor to value).
    unit_value: Mapped[Decimal | None]
    scanned_code: Mapped[str] = mapped_column(String(200), default="")
    short_shelf_life_override: Mapped[bool] = mapped_column(default=False)
    movement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_movement.id"))

    delivery: Mapped[Delivery] = relationship(back_populates="lines")
    lot: Mapped[Lot] = relationship()
    product: Mapped[Product] = relationship()
    movement: Mapped[StockMovement] = relationship()


class DispatchStatus(enum.StrEnum):
    DRAFT = "draft"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class Dispatch(SyncedRow, Base):
    __tablename__ = "dispatch"

    number: Mapped[str] = mapped_column(String(20), unique=True)
    from_site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    to_site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    status: Mapped[DispatchStatus] = mapped_column(enum_column(DispatchStatus, "dispatch_status"))
    planned_on: Mapped[dt.date] = mapped_column(Date)
    prepared_at: Mapped[dt.datetime]
    prepared_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    shipped_at: Mapped[dt.datetime | None]
    shipped_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    comment: Mapped[str] = mapped_column(String(400), default="")
    # The site's order this dispatch serves, if prepared from one (warehouse.orders). No foreign key:
    # the order is the site's row, and a new Pi pulls its dispatches before central gives it back the
    # rows it wrote (sync.runner), so the reference may wait a moment for its row.
    order_id: Mapped[uuid.UUID | None] = mapped_column(index=True)

    from_site: Mapped[Site] = relationship(foreign_keys=[from_site_id])
    to_site: Mapped[Site] = relationship(foreign_keys=[to_site_id])
    lines: Mapped[list[DispatchLine]] = relationship(back_populates="dispatch", cascade="all, delete-orphan",
                                                     order_by="DispatchLine.position")
    receipt: Mapped[DispatchReceipt | None] = relationship(back_populates="dispatch", uselist=False)


class DispatchLine(SyncedRow, Base):
    __tablename__ = "dispatch_line"
    __table_args__ = (CheckConstraint("units >= 0 AND grams >= 0", name="quantities_not_negative"),)

    dispatch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dispatch.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lot.id"), index=True)
    location: Mapped[str] = mapped_column(String(32))
    units: Mapped[int]
    grams: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)

    dispatch: Mapped[Dispatch] = relationship(back_populates="lines")
    lot: Mapped[Lot] = relationship()


class DispatchReceipt(SyncedRow, Base):
    """Written by the receiving site: what arrived, line by line."""

    __tablename__ = "dispatch_receipt"

    dispatch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dispatch.id"), unique=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    received_at: Mapped[dt.datetime]
    received_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    with_differences: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str] = mapped_column(String(400), default="")

    dispatch: Mapped[Dispatch] = relationship(back_populates="receipt")
    lines: Mapped[list[DispatchReceiptLine]] = relationship(back_populates="receipt",
                                                            cascade="all, delete-orphan")


class DispatchReceiptLine(SyncedRow, Base):
    __tablename__ = "dispatch_receipt_line"
    __table_args__ = (CheckConstraint("units >= 0 AND grams >= 0", name="quantities_not_negative"),)

    receipt_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dispatch_receipt.id", ondelete="CASCADE"),
                                                  index=True)
    dispatch_line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dispatch_line.id"))
    units: Mapped[int]
    grams: Mapped[int]
    note: Mapped[str] = mapped_column(String(200), default="")

    receipt: Mapped[DispatchReceipt] = relationship(back_populates="lines")
    dispatch_line: Mapped[DispatchLine] = relationship()


class DonorAttestation(SyncedRow, Base):
    """An issued attestation de don (art. 238 bis CGI): numbered, immutable once issued.

    Its figures and the PDF handed to the donor are stored at issue and never recomputed. One live
    attestation per donor and period; a correction is a new attestation that cancels this one.
    """

    __tablename__ = "donor_attestation"
    __table_args__ = (
        # The database's guard for the same donor and period (overlaps are refused by the service).
        Index("uq_donor_attestation_live_period", "donor_id", "period_start", "period_end", unique=True,
              sqlite_where=text("cancelled_at IS NULL"), postgresql_where=text("cancelled_at IS NULL")),
    )

    number: Mapped[str] = mapped_column(String(20), unique=True)
    donor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("donor.id"), index=True)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime]
    issued_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    total_grams: Mapped[int]
    total_value: Mapped[Decimal]
    # {"lines": [{nature, units, grams, value, halved_value, unvalued_units, unvalued_grams}],
    #  "donation_dates": ["YYYY-MM-DD", …]}; amounts as strings. None only for rows issued before 0003.
    figures: Mapped[dict | None] = mapped_column(JSON)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("donor_attestation.id"))
    cancelled_at: Mapped[dt.datetime | None]
    cancel_reason: Mapped[str] = mapped_column(String(400), default="")

    donor: Mapped[Donor] = relationship()
    replaces: Mapped[DonorAttestation | None] = relationship(remote_side="DonorAttestation.id")

    @property
    def unvalued_grams(self) -> int:
        return sum(line["unvalued_grams"] for line in (self.figures or {}).get("lines", []))
