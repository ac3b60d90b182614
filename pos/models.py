"""The counter's records, owned by the site that writes them.

The journal is append-only: a sale, a void, a return or a closing is a new entry chained to the
previous one by SHA-256 with a gapless sequence per site (pos/journal_chain.py). Nothing here is
ever updated after it is written, except a cash session's closing fields and the draft basket.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import AppendOnlyRow, Base, SyncedRow
from gers.models import enum_column
from pos.enums import EntryKind, Shop
from pos.payments import Method

OPEN_SESSION = text("closed_at IS NULL")


class CashSession(SyncedRow, Base):
    __tablename__ = "cash_session"
    __table_args__ = (
        CheckConstraint("opening_float >= 0", name="float_not_negative"),
        # One open session per site: two taps on « Ouvrir la caisse » racing each other cannot both win.
        Index("uq_cash_session_one_open", "site_id", unique=True, sqlite_where=OPEN_SESSION,
              postgresql_where=OPEN_SESSION),
    )

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    opened_at: Mapped[dt.datetime]
    opened_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    opening_float: Mapped[Decimal]
    closed_at: Mapped[dt.datetime | None]
    closed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    counted_cash: Mapped[Decimal | None]
    expected_cash: Mapped[Decimal | None]
    # Tail anchor: the journal's last entry at closing (the Z entry itself, whose own hash only a
    # row outside the chain can hold). `journal verify` checks the journal still reaches it, so
    # deleting the tail shows unless this row goes too (see pos/journal.py on what is detectable).
    last_sequence: Mapped[int | None]
    last_hash: Mapped[str | None] = mapped_column(String(64))

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class JournalEntry(AppendOnlyRow, Base):
    __tablename__ = "journal_entry"
    __table_args__ = (
        UniqueConstraint("site_id", "sequence", name="site_sequence"),
        Index("ix_journal_entry_session_kind", "cash_session_id", "kind"),
        Index("ix_journal_entry_household_created", "household_id", "created_at"),
    )

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    sequence: Mapped[int]
    kind: Mapped[EntryKind] = mapped_column(enum_column(EntryKind, "entry_kind"))
    shop: Mapped[Shop] = mapped_column(enum_column(Shop, "shop"))
    cash_session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cash_session.id"))
    cashier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    # Pseudonymous: the household's random id, never a name. No foreign key on purpose: the hash
    # covers it, so the retention purge deletes the household and the sale keeps an id that points
    # at nothing (nothing left links it to a person).
    household_id: Mapped[uuid.UUID | None]
    refers_to_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("journal_entry.id"))
    # A double click on « Valider » sends the same key twice: the second finds the first sale.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    market_value: Mapped[Decimal]
    amount_paid: Mapped[Decimal]  # participation collected (negative for voids and returns)
    allowance_used: Mapped[Decimal]
    # What the household may still spend at this site after this entry, printed on the receipt.
    allowance_left: Mapped[Decimal | None]
    grams: Mapped[int]
    reason: Mapped[str] = mapped_column(String(300), default="")
    # Coordinator who allowed a line over the allowance or a quota (reason in `reason`).
    override_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    lines: Mapped[list[JournalLine]] = relationship(order_by="JournalLine.line_no")
    tenders: Mapped[list[JournalTender]] = relationship(order_by="JournalTender.position")
    closing: Mapped[CashClosing | None] = relationship()

    @property
    def short_hash(self) -> str:
        return self.hash[:8]


class JournalLine(AppendOnlyRow, Base):
    __tablename__ = "journal_line"

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entry.id"), index=True)
    line_no: Mapped[int]
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("product.id"))
    garment_type_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("garment_type.id"))
    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("category.id"))
    description: Mapped[str] = mapped_column(String(160))
    quantity: Mapped[int]
    grams: Mapped[int]
    market_value: Mapped[Decimal]
    price: Mapped[Decimal]
    rate: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    fse_plus: Mapped[bool] = mapped_column(default=False)
    lot_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("lot.id"))
    weight_display: Mapped[str] = mapped_column(String(20), default="")  # exactly as the scale gave it
    # For voids and returns: the sale line given back.
    returns_line_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("journal_line.id"))


class JournalTender(AppendOnlyRow, Base):
    __tablename__ = "journal_tender"

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entry.id"), index=True)
    position: Mapped[int]
    method: Mapped[Method] = mapped_column(enum_column(Method, "payment_method"))
    amount: Mapped[Decimal]  # applied to the sale (negative for a refund)
    tendered: Mapped[Decimal]  # handed over; for cash the difference is the change given back
    reference: Mapped[str] = mapped_column(String(60), default="")  # never card data


class CashClosing(AppendOnlyRow, Base):
    """The Z report of a cash session, chained in the journal by its CLOSING entry."""

    __tablename__ = "cash_closing"

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entry.id"), unique=True)
    cash_session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cash_session.id"), unique=True)
    sales_count: Mapped[int]
    voids_count: Mapped[int]
    returns_count: Mapped[int]
    market_value: Mapped[Decimal]
    grams: Mapped[int]
    amount_paid: Mapped[Decimal]
    allowance_used: Mapped[Decimal]
    cash_total: Mapped[Decimal]
    card_total: Mapped[Decimal]
    cheque_total: Mapped[Decimal]
    opening_float: Mapped[Decimal]
    expected_cash: Mapped[Decimal]
    counted_cash: Mapped[Decimal]
    perpetual_total: Mapped[Decimal]  # participation collected at this site since the first sale


class Basket(SyncedRow, Base):
    """The sale being rung up: kept in the database so a reload or a power cut loses nothing."""

    __tablename__ = "basket"

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    cash_session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cash_session.id"), index=True)
    cashier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    shop: Mapped[Shop] = mapped_column(enum_column(Shop, "shop"))
    # A draft basket goes with its household when the retention purge deletes it.
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    card_number: Mapped[str | None] = mapped_column(String(20))
    # An exception granted by a coordinator for a household without active access (journaled).
    exception_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    exception_reason: Mapped[str] = mapped_column(String(300), default="")

    lines: Mapped[list[BasketLine]] = relationship(order_by="BasketLine.line_no", cascade="all, delete-orphan")


class BasketLine(SyncedRow, Base):
    __tablename__ = "basket_line"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    basket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("basket.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int]
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("product.id"))
    garment_type_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("garment_type.id"))
    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("category.id"))
    category_code: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(String(160))
    quantity: Mapped[int]
    grams: Mapped[int] = mapped_column(default=0)
    unit_price: Mapped[Decimal]  # market price per piece, per kg, or the embedded price
    market_value: Mapped[Decimal]
    price: Mapped[Decimal]
    rate: Mapped[Decimal]
    fse_plus: Mapped[bool] = mapped_column(default=False)
    lot_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("lot.id"))
    weight_display: Mapped[str] = mapped_column(String(20), default="")
    override_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    override_reason: Mapped[str] = mapped_column(String(300), default="")


class ReceiptPrint(SyncedRow, Base):
    """A receipt handed to the printer for a journal entry: the first is the original, any later one
    a DUPLICATA. Written before the job is spooled and given its job id once spooled, so after a
    power cut a retry knows whether the original may already be on paper."""

    __tablename__ = "receipt_print"

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entry.id"), index=True)
    duplicate: Mapped[bool]
    job_id: Mapped[str | None] = mapped_column(String(64))  # set once the printer's spool holds it


class InStoreLayoutRow(SyncedRow, Base):
    """One row of a site's table of weighted in-store codes (EAN-13 starting with 2)."""

    __tablename__ = "instore_layout"
    __table_args__ = (UniqueConstraint("site_id", "prefix", name="site_prefix"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    prefix: Mapped[str] = mapped_column(String(2))
    measure: Mapped[str] = mapped_column(String(16))  # weight_g | price_cents
    item_start: Mapped[int] = mapped_column(default=2)
    item_end: Mapped[int] = mapped_column(default=7)
    value_start: Mapped[int] = mapped_column(default=7)
    value_end: Mapped[int] = mapped_column(default=12)


class InStoreItem(SyncedRow, Base):
    """A shop's article number (inside an in-store code) mapped to a catalog product."""

    __tablename__ = "instore_item"
    __table_args__ = (UniqueConstraint("site_id", "item_code", name="site_item"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    item_code: Mapped[str] = mapped_column(String(8))
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"))
