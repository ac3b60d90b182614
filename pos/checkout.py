"""Completing, voiding and returning sales: each is one new journal entry, all or nothing.

Stock moves out (or back) through the inventory ledger in the same transaction as the entry, so a
power cut leaves either the whole sale or nothing. A double click on « Valider » carries the same
idempotency key and finds the sale already recorded instead of recording it twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from households.allowance import Spending, remaining
from inventory.enums import SoldBy
from inventory.ledger import StockError
from inventory.models import Product
from inventory.money import round_cents
from inventory.selling import record_return, sell_from_stock
from pos.basket import lookup_household
from pos.context import TillContext
from pos.enums import EntryKind
from pos.errors import TillError
from pos.journal import seal
from pos.limits import counts_against_allowance
from pos.models import Basket, CashSession, JournalEntry, JournalLine, JournalTender
from pos.payments import Method, PaymentError, Tender, settle
from pos.spending import household_spending

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Completed:
    entry: JournalEntry
    change: Decimal
    warnings: tuple[str, ...]
    replayed: bool = False  # the same request had already recorded this sale


def complete_sale(session: Session, ctx: TillContext, basket: Basket, tenders: Sequence[Tender],
                  idempotency_key: str) -> Completed:
    if existing := _by_key(session, idempotency_key):
        return Completed(existing, _change(existing), (), replayed=True)
    if not basket.lines:
        raise TillError("Le panier est vide.")
    cash_session = _open_session(session, basket.cash_session_id)
    total = sum((line.price for line in basket.lines), ZERO)
    try:
        settlement = settle(total, tenders)
    except PaymentError as error:
        raise TillError(str(error)) from error
    warnings: list[str] = []
    entry_id = uuid.uuid4()  # known before the stock movements, which name it
    _loaded = _products_of(session, basket)  # held until the lines are made: their session.get finds them
    lines = [_journal_line(session, ctx, entry_id, line, warnings) for line in basket.lines]
    uses_allowance = basket.household_id is not None and counts_against_allowance(basket.shop, ctx)
    entry = JournalEntry(
        id=entry_id, site_id=ctx.site_id, owner_node=ctx.owner_node, kind=EntryKind.SALE, shop=basket.shop,
        cash_session_id=cash_session.id, cashier_id=ctx.cashier_id, household_id=basket.household_id,
        idempotency_key=idempotency_key, created_at=ctx.now,
        market_value=sum((line.market_value for line in lines), ZERO), amount_paid=total,
        allowance_used=sum((line.market_value for line in lines), ZERO) if uses_allowance else ZERO,
        grams=sum(line.grams for line in lines), override_by_id=_overrider(basket),
        reason=_override_reasons(basket))
    entry.allowance_left = _allowance_left_after(session, ctx, basket, entry.allowance_used)
    tender_rows = [_tender_row(tender, settlement.change) for tender in settlement.tenders]
    seal(session, entry, lines, tender_rows)
    session.delete(basket)
    session.flush()
    return Completed(entry, settlement.change, tuple(dict.fromkeys(warnings)))


def _by_key(session: Session, key: str) -> JournalEntry | None:
    if not key:
        raise TillError("Requête de paiement incomplète : rechargez l'écran de caisse.")
    return session.scalar(select(JournalEntry).where(JournalEntry.idempotency_key == key))


def _change(entry: JournalEntry) -> Decimal:
    return sum((t.tendered - t.amount for t in entry.tenders), ZERO)


def _open_session(session: Session, cash_session_id: uuid.UUID) -> CashSession:
    cash_session = session.get(CashSession, cash_session_id)
    if cash_session is None or not cash_session.is_open:
        raise TillError("La caisse a été clôturée : ouvrez une nouvelle session de caisse.")
    return cash_session


def _products_of(session: Session, basket: Basket) -> list[Product]:
    """The basket's products and their categories in one query, instead of one query per line."""
    ids = {line.product_id for line in basket.lines if line.product_id is not None}
    return list(session.scalars(select(Product).where(Product.id.in_(ids)).options(joinedload(Product.category))))


def _journal_line(session: Session, ctx: TillContext, entry_id: uuid.UUID, line,
                  warnings: list[str]) -> JournalLine:
    lot_id = line.lot_id
    if line.product_id is not None:
        product = session.get(Product, line.product_id)
        by_weight = product.sold_by is SoldBy.WEIGHT
        try:
            outcome = sell_from_stock(session, ctx.site_id, product.id, now=ctx.now, owner_node=ctx.owner_node,
                                      units=0 if by_weight else line.quantity, grams=line.grams if by_weight else 0,
                                      lot_id=line.lot_id, actor_id=ctx.cashier_id, settings=ctx.expiry,
                                      journal_entry_id=entry_id)
        except StockError as error:
            raise TillError(f"« {line.description} » : {error}") from error
        warnings.extend(outcome.warnings)
        lot_id = outcome.lines[0].lot_id if len(outcome.lines) == 1 else line.lot_id
    return JournalLine(product_id=line.product_id, garment_type_id=line.garment_type_id,
                       category_id=line.category_id, description=line.description, quantity=line.quantity,
                       grams=line.grams, market_value=line.market_value, price=line.price, rate=line.rate,
                       fse_plus=line.fse_plus, lot_id=lot_id, weight_display=line.weight_display)


def _tender_row(tender: Tender, change: Decimal) -> JournalTender:
    applied = tender.amount - change if tender.method is Method.CASH else tender.amount
    return JournalTender(method=tender.method, amount=applied, tendered=tender.amount,
                         reference=tender.reference.strip()[:60])


def _overrider(basket: Basket) -> uuid.UUID | None:
    ids = [line.override_by_id for line in basket.lines if line.override_by_id] + (
        [basket.exception_by_id] if basket.exception_by_id else [])
    return ids[0] if ids else None


def _override_reasons(basket: Basket) -> str:
    reasons = [f"Dérogation ligne {line.line_no} : {line.override_reason}" for line in basket.lines
               if line.override_by_id] + ([f"Accès exceptionnel : {basket.exception_reason}"]
                                           if basket.exception_by_id else [])
    return " ; ".join(reasons)[:300]


def _allowance_left_after(session: Session, ctx: TillContext, basket: Basket, used: Decimal) -> Decimal | None:
    lookup = lookup_household(session, ctx, basket)
    if lookup is None or lookup.grant is None or not counts_against_allowance(basket.shop, ctx):
        return None
    grant = lookup.grant
    spent = household_spending(session, lookup.household_id, ctx.site_id, grant.period_starts_on,
                               grant.period_ends_on)
    left = remaining(grant.terms, Spending(spent.market_value + used, spent.quantities), ctx.today)
    return left.allowance


# --- voids and returns ----------------------------------------------------------------------------

def void_sale(session: Session, ctx: TillContext, sale_id: uuid.UUID, reason: str) -> JournalEntry:
    """Cancel a whole sale of the open session: a new entry that gives everything back."""
    sale = _sale(session, ctx, sale_id)
    cash_session = session.get(CashSession, sale.cash_session_id)
    if not cash_session.is_open:
        raise TillError("Seule une vente de la session de caisse en cours peut être annulée ; pour une vente "
                        "plus ancienne, faites un retour.")
    if _given_back(session, sale):
        raise TillError(f"La vente n° {sale.sequence} a déjà fait l'objet d'un retour : faites un retour "
                        "des articles restants.")
    return _give_back(session, ctx, sale, EntryKind.VOID, {line.id: line.quantity for line in sale.lines}, reason,
                      cash_session)


def return_items(session: Session, ctx: TillContext, sale_id: uuid.UUID, quantities: Mapping[uuid.UUID, int],
                 reason: str, cash_session: CashSession) -> JournalEntry:
    """Articles brought back: re-credit the allowance and the stock, refund what was paid for them."""
    sale = _sale(session, ctx, sale_id)
    already = _given_back(session, sale)
    for line in sale.lines:
        wanted, before = quantities.get(line.id, 0), already.get(line.id, GivenBack()).quantity
        if wanted < 0 or wanted > line.quantity - before:
            raise TillError(f"Retour impossible : « {line.description} » vendu {line.quantity}, déjà rendu "
                            f"{before}.")
    if not any(quantities.values()):
        raise TillError("Indiquez au moins un article à reprendre.")
    return _give_back(session, ctx, sale, EntryKind.RETURN, quantities, reason, cash_session)


def _sale(session: Session, ctx: TillContext, sale_id: uuid.UUID) -> JournalEntry:
    sale = session.get(JournalEntry, sale_id)
    if sale is None or sale.site_id != ctx.site_id or sale.kind is not EntryKind.SALE:
        raise TillError("Vente introuvable sur ce site.")
    voided = session.scalar(select(func.count()).where(JournalEntry.refers_to_id == sale.id,
                                                       JournalEntry.kind == EntryKind.VOID))
    if voided:
        raise TillError(f"La vente n° {sale.sequence} est déjà annulée.")
    return sale


@dataclass(frozen=True)
class GivenBack:
    """What earlier voids or returns already gave back of a sale line (positive figures)."""

    quantity: int = 0
    price: Decimal = ZERO
    market_value: Decimal = ZERO
    grams: int = 0


def _given_back(session: Session, sale: JournalEntry) -> dict[uuid.UUID, GivenBack]:
    rows = session.execute(select(JournalLine.returns_line_id, func.sum(JournalLine.quantity),
                                  func.sum(JournalLine.price), func.sum(JournalLine.market_value),
                                  func.sum(JournalLine.grams))
                           .join(JournalEntry, JournalLine.entry_id == JournalEntry.id)
                           .where(JournalEntry.refers_to_id == sale.id).group_by(JournalLine.returns_line_id))
    return {line_id: GivenBack(-int(quantity), -round_cents(Decimal(price)), -round_cents(Decimal(value)),
                               -int(grams))
            for line_id, quantity, price, value, grams in rows if line_id}


def _give_back(session: Session, ctx: TillContext, sale: JournalEntry, kind: EntryKind,
               quantities: Mapping[uuid.UUID, int], reason: str, cash_session: CashSession) -> JournalEntry:
    if not reason.strip():
        raise TillError("Indiquez le motif.")
    entry_id = uuid.uuid4()  # known before the stock movements, which name it
    already = _given_back(session, sale)
    lines = [_negative_line(session, ctx, entry_id, sale, line, quantities[line.id],
                            already.get(line.id, GivenBack())) for line in sale.lines if quantities.get(line.id)]
    refund = -sum((line.price for line in lines), ZERO)
    value = sum((line.market_value for line in lines), ZERO)
    entry = JournalEntry(
        id=entry_id, site_id=ctx.site_id, owner_node=ctx.owner_node, kind=kind, shop=sale.shop,
        cash_session_id=cash_session.id, cashier_id=ctx.cashier_id, household_id=sale.household_id, refers_to_id=sale.id, created_at=ctx.now,
        market_value=value, amount_paid=-refund, allowance_used=value if sale.allowance_used else ZERO,
        grams=sum(line.grams for line in lines), reason=reason.strip()[:300], allowance_left=None)
    method = Method.FREE if refund == 0 else Method.CASH
    return seal(session, entry, lines, [JournalTender(method=method, amount=-refund, tendered=-refund)])


def _negative_line(session: Session, ctx: TillContext, entry_id: uuid.UUID, sale: JournalEntry,
                   line: JournalLine, quantity: int, before: GivenBack) -> JournalLine:
    """The sale line given back, in proportion of the quantity, with the goods back in stock.

    Each share is rounded but never more than what is left of the line, and the last pieces take
    exactly what is left: returning a line piece by piece refunds what was paid for it, not more."""
    last = before.quantity + quantity == line.quantity

    def part(total, already, exact):
        return total - already if last else min(exact, total - already)

    grams = part(line.grams, before.grams, line.grams * quantity // line.quantity)
    price = part(line.price, before.price, round_cents(line.price * quantity / line.quantity))
    value = part(line.market_value, before.market_value, round_cents(line.market_value * quantity / line.quantity))
    if line.product_id is not None:
        product = session.get(Product, line.product_id)
        by_weight = product.sold_by is SoldBy.WEIGHT
        record_return(session, site_id=ctx.site_id, product_id=line.product_id, now=ctx.now,
                      owner_node=ctx.owner_node, lot_id=line.lot_id, units=0 if by_weight else quantity,
                      grams=grams if by_weight else 0, reference=f"vente {sale.sequence}", actor_id=ctx.cashier_id,
                      journal_entry_id=entry_id)
    return JournalLine(product_id=line.product_id, garment_type_id=line.garment_type_id,
                       category_id=line.category_id, description=line.description, quantity=-quantity,
                       grams=-grams, market_value=-value, price=-price, rate=line.rate,
                       fse_plus=line.fse_plus, lot_id=line.lot_id, weight_display=line.weight_display,
                       returns_line_id=line.id)
