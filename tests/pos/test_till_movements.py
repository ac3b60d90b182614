"""Stock movements written by the till name the journal entry (sale, void, return) that made them:
a recall finds the sales of a lot, and the sync can tie each movement to its entry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from inventory.stock_models import MovementKind, StockMovement
from pos import basket as baskets
from pos import cash, checkout
from pos.enums import Shop
from pos.payments import Method, Tender
from tests.conftest import BOTH_BACKENDS

pytestmark = BOTH_BACKENDS


@pytest.fixture
def sold(session, till):
    """A sale of two packets of pasta (stocked) and a litre of milk (no recorded stock)."""
    ctx = till.ctx()
    cash_session = cash.open_session(session, ctx, Decimal("50.00"))
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    pasta = baskets.scan(session, ctx, basket, till.pasta.gtin)
    baskets.set_quantity(session, ctx, basket, pasta.id, 2)
    baskets.scan(session, ctx, basket, till.milk.gtin)
    sale = checkout.complete_sale(session, ctx, basket, [Tender(Method.CASH, Decimal("1.00"))], "key-1").entry
    session.commit()
    return ctx, cash_session, sale


def movements(session, kind):
    return session.execute(select(StockMovement.journal_entry_id, StockMovement.product_id, StockMovement.units)
                           .where(StockMovement.kind == kind).order_by(StockMovement.units)).all()


def test_sale_movements_carry_the_sale(session, till, sold):
    _, _, sale = sold
    assert sorted(movements(session, MovementKind.SALE), key=lambda row: str(row.product_id)) == sorted(
        [(sale.id, till.pasta.id, -2), (sale.id, till.milk.id, -1)], key=lambda row: str(row[1]))


def test_return_movements_carry_the_return(session, till, sold):
    ctx, cash_session, sale = sold
    pasta_line = next(line for line in sale.lines if line.product_id == till.pasta.id)
    back = checkout.return_items(session, ctx, sale.id, {pasta_line.id: 1}, "Paquet abîmé", cash_session)
    session.commit()
    assert movements(session, MovementKind.RETURN) == [(back.id, till.pasta.id, 1)]


def test_void_movements_carry_the_void(session, till, sold):
    ctx, _, sale = sold
    void = checkout.void_sale(session, ctx, sale.id, "Erreur de saisie")
    session.commit()
    assert {(row.journal_entry_id, row.units) for row in movements(session, MovementKind.RETURN)} == {
        (void.id, 1), (void.id, 2)}
