"""Cash sessions: opened with a float, closed with the counted cash and a Z report in the journal."""

from __future__ import annotations

import uuid
from collections import Counter
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gers.formatting import money
from pos.context import TillContext
from pos.enums import EntryKind, Shop
from pos.errors import TillError
from pos.journal import seal
from pos.models import Basket, CashClosing, CashSession, JournalEntry
from pos.payments import Method

ZERO = Decimal("0.00")


def current_session(session: Session, site_id: uuid.UUID) -> CashSession | None:
    return session.scalar(select(CashSession).where(CashSession.site_id == site_id,
                                                    CashSession.closed_at.is_(None)))


def open_session(session: Session, ctx: TillContext, opening_float: Decimal) -> CashSession:
    """Idempotent: a second tap on « Ouvrir la caisse » joins the session the first one opened (a
    unique index keeps two racing taps from opening two)."""
    if opening_float < 0:
        raise TillError("Le fond de caisse ne peut pas être négatif.")
    if already := current_session(session, ctx.site_id):
        return already
    cash_session = CashSession(site_id=ctx.site_id, owner_node=ctx.owner_node, opened_at=ctx.now,
                               opened_by_id=ctx.cashier_id, opening_float=opening_float)
    session.add(cash_session)
    session.flush()
    return cash_session


def z_figures(session: Session, cash_session: CashSession, counted_cash: Decimal) -> CashClosing:
    """The Z report of a session, computed from its journal entries (not yet sealed)."""
    entries = session.scalars(select(JournalEntry).where(JournalEntry.cash_session_id == cash_session.id,
                                                         JournalEntry.kind != EntryKind.CLOSING)
                              .options(selectinload(JournalEntry.tenders))).all()
    kinds = Counter(entry.kind for entry in entries)
    by_method: dict[Method, Decimal] = {method: ZERO for method in Method}
    for entry in entries:
        for tender in entry.tenders:
            by_method[tender.method] += tender.amount
    paid = sum((e.amount_paid for e in entries), ZERO)
    expected = cash_session.opening_float + by_method[Method.CASH]
    return CashClosing(
        cash_session_id=cash_session.id, sales_count=kinds[EntryKind.SALE], voids_count=kinds[EntryKind.VOID],
        returns_count=kinds[EntryKind.RETURN], market_value=sum((e.market_value for e in entries), ZERO),
        grams=sum(e.grams for e in entries), amount_paid=paid,
        allowance_used=sum((e.allowance_used for e in entries), ZERO), cash_total=by_method[Method.CASH],
        card_total=by_method[Method.CARD], cheque_total=by_method[Method.CHEQUE],
        opening_float=cash_session.opening_float, expected_cash=expected, counted_cash=counted_cash,
        perpetual_total=_previous_perpetual(session, cash_session.site_id) + paid)


def _previous_perpetual(session: Session, site_id: uuid.UUID) -> Decimal:
    last = session.scalar(select(CashClosing.perpetual_total).join(JournalEntry, CashClosing.entry_id == JournalEntry.id)
                          .where(JournalEntry.site_id == site_id).order_by(JournalEntry.sequence.desc()).limit(1))
    return last if last is not None else ZERO


def _signed(amount: Decimal) -> str:
    return ("+" if amount >= 0 else "") + money(amount)


def closing_entry(session: Session, cash_session_id: uuid.UUID) -> JournalEntry | None:
    """The Z of a closed session: a second tap on the Z answers it instead of an error."""
    return session.scalar(select(JournalEntry).where(JournalEntry.cash_session_id == cash_session_id,
                                                     JournalEntry.kind == EntryKind.CLOSING))


def close_session(session: Session, ctx: TillContext, cash_session: CashSession, counted_cash: Decimal) -> JournalEntry:
    """Close with the counted cash: the Z report becomes a CLOSING entry of the chained journal."""
    if not cash_session.is_open:
        raise TillError("Cette session de caisse est déjà clôturée.")
    if counted_cash < 0:
        raise TillError("Le montant compté ne peut pas être négatif.")
    pending = session.scalar(select(Basket).where(Basket.cash_session_id == cash_session.id,
                                                  Basket.lines.any()))
    if pending is not None:
        raise TillError("Un panier est en cours : validez-le ou videz-le avant de clôturer.")
    closing = z_figures(session, cash_session, counted_cash)
    entry = JournalEntry(site_id=ctx.site_id, owner_node=ctx.owner_node, kind=EntryKind.CLOSING, shop=Shop.EPICERIE,
                         cash_session_id=cash_session.id, cashier_id=ctx.cashier_id, created_at=ctx.now,
                         market_value=ZERO, amount_paid=ZERO, allowance_used=ZERO, grams=0, allowance_left=None,
                         reason=f"Écart de caisse {_signed(counted_cash - closing.expected_cash)}")
    seal(session, entry, [], [], closing)
    cash_session.closed_at, cash_session.closed_by_id = ctx.now, ctx.cashier_id
    cash_session.counted_cash, cash_session.expected_cash = counted_cash, closing.expected_cash
    cash_session.last_sequence, cash_session.last_hash = entry.sequence, entry.hash
    for basket in session.scalars(select(Basket).where(Basket.cash_session_id == cash_session.id)):
        session.delete(basket)
    session.flush()
    return entry
