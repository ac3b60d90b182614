"""A market value changed by central takes effect on a later morning: never in the middle of a basket,
never on a past sale (the journal keeps each line's value)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from inventory.ledger import StockError
from inventory.models import GarmentType
from inventory.prices import GarmentBounds, apply_due_prices, schedule_garment_price, schedule_product_price
from pos import basket as baskets
from pos import cash, checkout
from pos.enums import Shop
from pos.payments import Method, Tender
from tests.pos.conftest import NOW, TODAY

TOMORROW = TODAY + dt.timedelta(days=1)
AFTER_MIDNIGHT = dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC)  # 00:30 in Auch on the 29th


def _basket(session, ctx, till, cash_session):
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    return basket


def test_a_new_price_waits_for_its_morning_and_a_basket_keeps_the_day_it_was_opened(session, till):
    ctx = till.ctx()
    cash_session = cash.open_session(session, ctx, Decimal("0"))
    schedule_product_price(session, till.pasta, price=Decimal("1.50"), effective_from=TOMORROW, today=TODAY,
                           owner_node="CENTRAL")
    open_before = _basket(session, ctx, till, cash_session)
    assert baskets.scan(session, ctx, open_before, till.pasta.gtin).market_value == Decimal("1.25")

    later = dataclasses.replace(ctx, now=AFTER_MIDNIGHT)
    # The basket opened yesterday evening goes on at yesterday's price, also for a second article.
    line = baskets.scan(session, later, open_before, till.pasta.gtin)
    assert (line.quantity, line.unit_price, line.market_value) == (2, Decimal("1.25"), Decimal("2.50"))
    sale = checkout.complete_sale(session, later, open_before, [Tender(Method.CASH, Decimal("0.25"))], "k-1").entry

    next_basket = _basket(session, later, till, cash_session)
    assert baskets.scan(session, later, next_basket, till.pasta.gtin).market_value == Decimal("1.50")
    # The sale made at the old price keeps it.
    assert [(line.market_value, line.price) for line in sale.lines] == [(Decimal("2.50"), Decimal("0.25"))]


def test_a_price_for_today_or_before_is_refused_and_nothing_is_recorded(session, till):
    with pytest.raises(StockError, match="au plus tôt demain"):
        schedule_product_price(session, till.pasta, price=Decimal("2"), effective_from=TODAY, today=TODAY,
                               owner_node="CENTRAL")
    assert apply_due_prices(session, TOMORROW) == 0


def test_central_moves_the_catalog_price_when_its_day_comes(session, till):
    schedule_product_price(session, till.pasta, price=Decimal("1.40"), effective_from=TOMORROW, today=TODAY,
                           owner_node="CENTRAL")
    assert apply_due_prices(session, TODAY) == 0 and till.pasta.market_price == Decimal("1.25")
    assert apply_due_prices(session, TOMORROW) == 1 and till.pasta.market_price == Decimal("1.40")


def test_a_site_price_for_a_garment_within_the_bounds(session, till, build):
    jumper = GarmentType(code="pull", label="Pull", price=Decimal("2.00"), owner_node="CENTRAL")
    session.add(jumper)
    bounds = GarmentBounds(Decimal("0.50"), Decimal("3.00"))
    with pytest.raises(StockError, match="entre 0,50 € et 3,00 €"):
        schedule_garment_price(session, jumper, price=Decimal("5"), effective_from=TOMORROW, today=TODAY,
                               owner_node="CENTRAL", bounds=bounds, site_id=till.site.id)
    schedule_garment_price(session, jumper, price=Decimal("1.00"), effective_from=TOMORROW, today=TODAY,
                           owner_node="CENTRAL", bounds=bounds, site_id=till.site.id)
    other = build.site(code="CONDOM")
    ctx = dataclasses.replace(till.ctx(), now=NOW + dt.timedelta(days=1))
    cash_session = cash.open_session(session, ctx, Decimal("0"))
    vesti = baskets.open_basket(session, ctx, cash_session, Shop.VESTI)
    assert baskets.add_garment(session, ctx, vesti, jumper).price == Decimal("1.00")
    condom = dataclasses.replace(ctx, site_id=other.id)
    assert baskets.add_garment(session, condom, baskets.open_basket(
        session, condom, cash.open_session(session, condom, Decimal("0")), Shop.VESTI), jumper).price == Decimal("2.00")
