"""Returns credit the period of the sale they give back, and never refund more than was paid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pos import basket as baskets
from pos import cash, checkout
from pos.enums import Shop
from pos.limits import left_for
from pos.payments import Method, Tender
from tests.conftest import BOTH_BACKENDS
from tests.pos.conftest import NOW

NEXT_PERIOD = NOW + dt.timedelta(days=32)  # the monthly period started on 28/11: 28/12 – 27/01


@pytest.fixture
def sale(session, till):
    """Three packets of pasta on one line (3,75 €, paid 0,38 €) and the two litres of milk of the quota."""
    ctx = till.ctx()
    cash_session = cash.open_session(session, ctx, Decimal("50.00"))
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    pasta = baskets.scan(session, ctx, basket, till.pasta.gtin)
    baskets.set_quantity(session, ctx, basket, pasta.id, 3)
    milk = baskets.scan(session, ctx, basket, till.milk.gtin)
    baskets.set_quantity(session, ctx, basket, milk.id, 2)
    entry = checkout.complete_sale(session, ctx, basket, [Tender(Method.CASH, Decimal("1.00"))], "key-1").entry
    session.commit()
    return cash_session, entry


def left_at(session, till, ctx, cash_session):
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    return left_for(session, ctx, basket, baskets.lookup_household(session, ctx, basket))


@BOTH_BACKENDS
def test_a_return_after_the_period_credits_the_period_of_the_sale(session, till, sale):
    cash_session, entry = sale
    later = till.ctx(now=NEXT_PERIOD)
    checkout.return_items(session, later, entry.id, {line.id: line.quantity for line in entry.lines},
                          "Rapporté le mois suivant", cash_session)
    session.commit()
    left = left_at(session, till, later, cash_session)
    assert left.allowance == Decimal("20.00")  # a fresh month: 20 €, not 20 € + what was given back
    assert left.quotas == {"laitier": 2}  # not 4


@BOTH_BACKENDS
def test_a_return_within_the_period_still_credits_it(session, till, sale):
    cash_session, entry = sale
    ctx = till.ctx(now=NOW + dt.timedelta(hours=2))
    milk = next(line for line in entry.lines if line.category_id is not None and line.quantity == 2)
    checkout.return_items(session, ctx, entry.id, {milk.id: 1}, "Brique percée", cash_session)
    session.commit()
    left = left_at(session, till, ctx, cash_session)
    assert left.quotas == {"laitier": 1}
    assert left.allowance == Decimal("20.00") - Decimal("3.75") - Decimal("1.05")


def test_partial_returns_never_refund_more_than_was_paid(session, till, sale):
    cash_session, entry = sale
    ctx = till.ctx()
    pasta = next(line for line in entry.lines if line.quantity == 3)
    assert pasta.price == Decimal("0.38")
    refunds = [checkout.return_items(session, ctx, entry.id, {pasta.id: 1}, "Un paquet", cash_session)
               for _ in range(3)]
    assert [-r.amount_paid for r in refunds] == [Decimal("0.13"), Decimal("0.13"), Decimal("0.12")]
    assert sum(r.market_value for r in refunds) == -Decimal("3.75")
    assert sum(r.grams for r in refunds) == -1500


def test_returning_the_rest_of_a_line_refunds_exactly_what_is_left(session, till, sale):
    cash_session, entry = sale
    ctx = till.ctx()
    pasta = next(line for line in entry.lines if line.quantity == 3)
    first = checkout.return_items(session, ctx, entry.id, {pasta.id: 1}, "Un paquet", cash_session)
    rest = checkout.return_items(session, ctx, entry.id, {pasta.id: 2}, "Le reste", cash_session)
    assert (first.amount_paid, rest.amount_paid) == (Decimal("-0.13"), Decimal("-0.25"))
    assert (first.market_value, rest.market_value) == (Decimal("-1.25"), Decimal("-2.50"))
