"""Stock shared by the warehouse and the tills: lots, recalls, the append-only ledger, counts.

Writers (see ARCHITECTURE.md, one writer per row): central writes lots, recalls and its own
movements; a site writes the movements of its shelves (receipts, sales, returns, losses, counts) and
its discrepancies. `stock_balance` is not synced: each node derives it from the ledger it holds
(`inventory.ledger.rebuild_balances` after the sync has inserted other nodes' movements).
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import AppendOnlyRow, Base, SyncedRow
from gers.models import enum_column
from inventory.enums import DateKind
from inventory.models import Product


class LotSource(enum.StrEnum):
    FSE_PLUS = "fse_plus"
    BANQUE_ALIMENTAIRE = "banque_alimentaire"
    RAMASSE = "ramasse"
    COLLECTE = "collecte"
    AGRICULTURAL = "agricultural"
    PURCHASE = "purchase"
    OTHER_DONATION = "other_donation"

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]

    @property
    def is_donation(self) -> bool:
        return self is not LotSource.PURCHASE


SOURCE_LABELS = {
    LotSource.FSE_PLUS: "FSE+ (aide européenne)",
    LotSource.BANQUE_ALIMENTAIRE: "Banque Alimentaire (flux national)",
    LotSource.RAMASSE: "Ramasse (magasin)",
    LotSource.COLLECTE: "Collecte",
    LotSource.AGRICULTURAL: "Don agricole",
    LotSource.PURCHASE: "Achat",
    LotSource.OTHER_DONATION: "Autre don",
}
# Reg. (EU) 2021/1057 art. 21(2): food from the European aid is always given free of charge.
FREE_OF_CHARGE_SOURCES = frozenset({LotSource.FSE_PLUS})


class MovementKind(enum.StrEnum):
    INTAKE = "intake"
    DISPATCH_OUT = "dispatch_out"
    RECEIPT = "receipt"
    SALE = "sale"
    RETURN = "return"
    LOSS = "loss"
    COUNT_ADJUSTMENT = "count_adjustment"
    MOVE = "move"  # from one location to another within a site: a pair of rows

    @property
    def label(self) -> str:
        return MOVEMENT_LABELS[self]


MOVEMENT_LABELS = {
    MovementKind.INTAKE: "Entrée",
    MovementKind.DISPATCH_OUT: "Expédition",
    MovementKind.RECEIPT: "Réception sur site",
    MovementKind.SALE: "Vente",
    MovementKind.RETURN: "Retour",
    MovementKind.LOSS: "Perte",
    MovementKind.COUNT_ADJUSTMENT: "Ajustement d'inventaire",
    MovementKind.MOVE: "Changement d'emplacement",
}


class LossReason(enum.StrEnum):
    BREAKAGE = "breakage"
    EXPIRED = "expired"
    COLD_CHAIN = "cold_chain"
    RECALL = "recall"
    THEFT = "theft"
    OTHER = "other"

    @property
    def label(self) -> str:
        return LOSS_LABELS[self]


LOSS_LABELS = {
    LossReason.BREAKAGE: "Casse",
    LossReason.EXPIRED: "Périmé",
    LossReason.COLD_CHAIN: "Rupture de la chaîne du froid",
    LossReason.RECALL: "Rappel de produit",
    LossReason.THEFT: "Vol",
    LossReason.OTHER: "Autre",
}


class DiscrepancyReason(enum.StrEnum):
    NO_STOCK = "no_stock"  # the product was sold but the site had no recorded stock of it
    BLOCKED_ONLY = "blocked_only"  # only expired or recalled lots were recorded
    SHORT = "short"  # some stock, less than sold


class Recall(SyncedRow, Base):
    """A recall notice (by hand or from RappelConso): its items say which GTIN and lots."""

    __tablename__ = "recall"

    reference: Mapped[str] = mapped_column(String(64), index=True)  # RappelConso "numero_fiche"
    title: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(400), default="")
    origin: Mapped[str] = mapped_column(String(20), default="manual")  # manual | rappelconso
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime]
    lifted_at: Mapped[dt.datetime | None]

    items: Mapped[list[RecallItem]] = relationship(back_populates="recall", cascade="all, delete-orphan",
                                                   order_by="RecallItem.gtin")


class RecallItem(SyncedRow, Base):
    __tablename__ = "recall_item"

    recall_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recall.id", ondelete="CASCADE"), index=True)
    gtin: Mapped[str] = mapped_column(String(14), index=True)
    lot_code: Mapped[str | None] = mapped_column(String(40))  # None: every lot of the GTIN
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)

    recall: Mapped[Recall] = relationship(back_populates="items")


class Lot(SyncedRow, Base):
    """One lot code of one product received from one source: what FEFO, recalls and prices see."""

    __tablename__ = "lot"
    __table_args__ = (
        CheckConstraint("unit_weight_g >= 0", name="unit_weight_not_negative"),
        Index("ix_lot_product_code", "product_id", "lot_code"),
    )

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"))
    lot_code: Mapped[str] = mapped_column(String(40), default="")
    date_kind: Mapped[DateKind] = mapped_column(enum_column(DateKind, "date_kind"))
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[LotSource] = mapped_column(enum_column(LotSource, "lot_source"))
    received_at: Mapped[dt.datetime]
    received_site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    unit_weight_g: Mapped[int] = mapped_column(default=0)  # grams per unit; 0 for loose produce
    recall_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("recall.id"), index=True)

    product: Mapped[Product] = relationship()
    recall: Mapped[Recall | None] = relationship()

    @property
    def is_free_of_charge(self) -> bool:
        """The till prices these lots at 0 € whatever the participation rate."""
        return self.source in FREE_OF_CHARGE_SOURCES

    @property
    def is_recalled(self) -> bool:
        return self.recall_id is not None


class StockMovement(AppendOnlyRow, Base):
    """The ledger: never updated, never deleted; corrections are new rows. Signed quantities."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        Index("ix_stock_movement_lot_site", "lot_id", "site_id"),
        Index("ix_stock_movement_site_occurred", "site_id", "occurred_at"),
    )

    kind: Mapped[MovementKind] = mapped_column(enum_column(MovementKind, "movement_kind"))
    lot_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("lot.id"))  # None: sold, lot unknown
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    location: Mapped[str] = mapped_column(String(32), default="")
    units: Mapped[int] = mapped_column(default=0)
    grams: Mapped[int] = mapped_column(default=0)
    occurred_at: Mapped[dt.datetime]
    loss_reason: Mapped[LossReason | None] = mapped_column(enum_column(LossReason, "loss_reason"))
    reference: Mapped[str] = mapped_column(String(80), default="", index=True)  # e.g. "dispatch:<uuid>"
    # The till's journal entry (sale, void or return) that moved the goods: recalls find the sales of a
    # lot, the sync ties each movement to its entry. No foreign key: the journal is the till's room.
    journal_entry_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(String(200), default="")


class StockBalance(Base):
    """Current stock per lot, site and location, kept in step with the ledger in the same transaction.

    Derived and local (never synced). The denormalised product and expiry date make the FEFO pick and
    the expiry dashboard index-only lookups.
    """

    __tablename__ = "stock_balance"
    __table_args__ = (
        Index("ix_stock_balance_fefo", "site_id", "product_id", "expiry_date"),
        Index("ix_stock_balance_expiry", "expiry_date"),
    )

    lot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lot.id"), primary_key=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), primary_key=True)
    location: Mapped[str] = mapped_column(String(32), primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"))
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    units: Mapped[int] = mapped_column(default=0)
    grams: Mapped[int] = mapped_column(default=0)


class StockDiscrepancy(SyncedRow, Base):
    """A sale the recorded stock could not cover: to be explained by the next count."""

    __tablename__ = "stock_discrepancy"

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"))
    movement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_movement.id"))
    reason: Mapped[DiscrepancyReason] = mapped_column(enum_column(DiscrepancyReason, "discrepancy_reason"))
    units: Mapped[int] = mapped_column(default=0)
    grams: Mapped[int] = mapped_column(default=0)
    occurred_at: Mapped[dt.datetime]
    resolved_at: Mapped[dt.datetime | None]
    resolved_by_count_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stock_count.id"))


class StockCount(SyncedRow, Base):
    """A physical count of a location (or a whole site when location is empty)."""

    __tablename__ = "stock_count"

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    location: Mapped[str] = mapped_column(String(32), default="")
    started_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))

    lines: Mapped[list[StockCountLine]] = relationship(back_populates="count", cascade="all, delete-orphan")


class StockCountLine(SyncedRow, Base):
    __tablename__ = "stock_count_line"

    count_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_count.id", ondelete="CASCADE"), index=True)
    lot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lot.id"))
    location: Mapped[str] = mapped_column(String(32), default="")
    expected_units: Mapped[int] = mapped_column(default=0)
    expected_grams: Mapped[int] = mapped_column(default=0)
    counted_units: Mapped[int | None]
    counted_grams: Mapped[int | None]
    # Filled when the count is closed: counted minus the balance at that moment.
    variance_units: Mapped[int | None]
    variance_grams: Mapped[int | None]

    count: Mapped[StockCount] = relationship(back_populates="lines")
    lot: Mapped[Lot] = relationship()
