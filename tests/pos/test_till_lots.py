"""Which lots a till line draws on: one line per lot (FSE+ free, each lot decremented by what it gave),
never an expired or recalled lot, and the site's DDM grace read the same at scan and at payment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from devices.interfaces import ScaleReading, ScaleState
from inventory.expiry import ExpirySettings
from inventory.gtin import with_check_digit
from inventory.ledger import balance_of
from inventory.recalls import RecallTarget, record_recall
from inventory.stock_models import Lot, LotSource, StockDiscrepancy
from pos import basket as baskets
from pos import cash, checkout
from pos.enums import Shop
from pos.errors import TillError
from pos.models import InStoreItem, InStoreLayoutRow
from pos.payments import Method, Tender
from tests.conftest import BOTH_BACKENDS
from tests.inventory.stock_builders import StockBuilders
from tests.pos.conftest import NOW, TODAY


@pytest.fixture
def stock(session, build):
    return StockBuilders(session, build)


def ring(session, till, ctx):
    cash_session = cash.open_session(session, ctx, Decimal("50.00"))
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    return basket


def pay(session, ctx, basket, amount="5.00", key="key-1"):
    return checkout.complete_sale(session, ctx, basket, [Tender(Method.CASH, Decimal(amount))], key)


def lines_of(basket):
    return [(line.lot_id, line.quantity, line.fse_plus, line.market_value, line.price) for line in basket.lines]


@pytest.fixture
def two_lots(session, till, stock):
    """Pasta: one FSE+ packet that must go first, then the Banque Alimentaire lot of the fixture (40)."""
    fse = stock.lot(till.pasta, till.site, days=100, lot_code="FSE-1", source=LotSource.FSE_PLUS)
    stock.stock(fse, till.site, units=1)
    session.commit()
    banque = session.scalar(select(Lot).where(Lot.product_id == till.pasta.id,
                                              Lot.source == LotSource.BANQUE_ALIMENTAIRE))
    return fse, banque


@BOTH_BACKENDS
def test_a_line_drawing_on_two_lots_is_split_per_lot_and_priced_by_each_source(session, till, two_lots):
    fse, banque = two_lots
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    first = baskets.scan(session, ctx, basket, till.pasta.gtin)
    baskets.set_quantity(session, ctx, basket, first.id, 3)
    assert lines_of(basket) == [(fse.id, 1, True, Decimal("1.25"), Decimal("0.00")),
                                (banque.id, 2, False, Decimal("2.50"), Decimal("0.25"))]
    baskets.scan(session, ctx, basket, till.pasta.gtin)  # a fourth packet joins the paid lot's line
    assert lines_of(basket)[1] == (banque.id, 3, False, Decimal("3.75"), Decimal("0.38"))
    sale = pay(session, ctx, basket).entry
    assert sale.amount_paid == Decimal("0.38")
    assert [(line.lot_id, line.quantity, line.price) for line in sale.lines] == [
        (fse.id, 1, Decimal("0.00")), (banque.id, 3, Decimal("0.38"))]
    assert balance_of(session, fse.id, till.site.id, "") == (0, 0)
    assert balance_of(session, banque.id, till.site.id, "") == (37, 37 * 500)
    assert session.scalar(select(StockDiscrepancy.id)) is None


def test_repeated_scans_move_to_the_next_lot_when_the_first_is_taken(session, till, two_lots):
    fse, banque = two_lots
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    assert lines_of(basket) == [(fse.id, 1, True, Decimal("1.25"), Decimal("0.00")),
                                (banque.id, 1, False, Decimal("1.25"), Decimal("0.13"))]


def test_a_gs1_count_beyond_the_stock_keeps_the_rest_without_a_lot(session, till, stock):
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    lot = stock.lot(till.milk, till.site, days=5)
    stock.stock(lot, till.site, units=1)
    baskets.scan(session, ctx, basket, f"(01)0{till.milk.gtin}(37)2")
    assert [(line.lot_id, line.quantity) for line in basket.lines] == [(lot.id, 1), (None, 1)]


# --- expired and recalled goods are refused at the scan --------------------------------------------

def test_a_plain_scan_is_refused_when_the_sites_only_lots_are_expired(session, till, stock):
    expired = stock.lot(till.milk, till.site, days=-100)  # milk: DDM, long shelf life (2 months of grace)
    stock.stock(expired, till.site, units=4)
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    with pytest.raises(TillError, match="Seuls des lots périmés ou rappelés"):
        baskets.scan(session, ctx, basket, till.milk.gtin)
    assert basket.lines == []


def test_a_plain_scan_is_refused_when_the_sites_only_lots_are_recalled(session, till, stock):
    recalled = stock.lot(till.milk, till.site, days=30, lot_code="R-7")
    stock.stock(recalled, till.site, units=4)
    record_recall(session, title="Lait", targets=[RecallTarget(till.milk.gtin, "R-7")], now=NOW,
                  owner_node="CENTRAL")
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    with pytest.raises(TillError, match="Seuls des lots périmés ou rappelés.*mettez-le de côté"):
        baskets.scan(session, ctx, basket, till.milk.gtin)
    assert basket.lines == []


def test_a_gs1_scan_of_a_good_lot_is_sold_beside_recalled_stock(session, till, stock):
    """The pack names its own lot and date: it is not the recalled lot on the books."""
    recalled = stock.lot(till.milk, till.site, days=30, lot_code="R-7")
    stock.stock(recalled, till.site, units=4)
    record_recall(session, title="Lait", targets=[RecallTarget(till.milk.gtin, "R-7")], now=NOW,
                  owner_node="CENTRAL")
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    with pytest.raises(TillError, match="rappelé"):
        baskets.scan(session, ctx, basket, f"(01)0{till.milk.gtin}(10)R-7")
    line = baskets.scan(session, ctx, basket, f"(01)0{till.milk.gtin}(15){TODAY + dt.timedelta(days=9):%y%m%d}(10)B-2")
    assert (line.quantity, line.lot_id) == (1, None)


@pytest.mark.parametrize("ai,label", [("17", "DLC"), ("15", "DDM")])
def test_a_gs1_scan_whose_own_date_is_past_is_refused(session, till, ai, label):
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    past = TODAY - dt.timedelta(days=400 if ai == "15" else 1)
    with pytest.raises(TillError, match=f"{label} du {past:%d/%m/%Y}.*ne le remettez pas"):
        baskets.scan(session, ctx, basket, f"(01)0{till.pasta.gtin}({ai}){past:%y%m%d}(10)X1")
    assert basket.lines == []


def test_a_gs1_ddm_within_its_grace_is_sold(session, till):
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    past = TODAY - dt.timedelta(days=20)  # pasta: long shelf life, 2 months of grace
    line = baskets.scan(session, ctx, basket, f"(01)0{till.pasta.gtin}(15){past:%y%m%d}")
    assert line.quantity == 1


def test_the_sites_ddm_grace_is_the_same_at_scan_and_at_payment(session, till, stock):
    """A site granting 6 months on groceries: the lot the basket accepts is sold at « Valider »."""
    old = stock.lot(till.pasta, till.site, days=None, lot_code="OLD")
    old.date_kind, old.expiry_date = till.pasta.date_kind, TODAY - dt.timedelta(days=100)
    stock.stock(old, till.site, units=2)
    session.commit()
    ctx = till.ctx(expiry=ExpirySettings(category_grace_months={"epicerie": 6}))
    basket = ring(session, till, ctx)
    line = baskets.scan(session, ctx, basket, till.pasta.gtin)
    assert line.lot_id == old.id
    sale = pay(session, ctx, basket).entry
    assert sale.lines[0].lot_id == old.id
    assert balance_of(session, old.id, till.site.id, "") == (1, 500)


# --- price-embedded in-store labels ----------------------------------------------------------------

@pytest.fixture
def price_labels(session, till):
    session.add_all([InStoreLayoutRow(site_id=till.site.id, prefix="23", measure="price_cents", owner_node="AUCH"),
                     InStoreItem(site_id=till.site.id, item_code="00077", product_id=till.fse_rice.id,
                                 owner_node="AUCH")])
    session.commit()


def test_a_price_label_on_a_weighed_article_sells_at_its_price(session, till, price_labels):
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    line = baskets.scan(session, ctx, basket, with_check_digit("230004200532"))  # Comté, 5,32 €
    assert (line.quantity, line.market_value, line.price) == (1, Decimal("5.32"), Decimal("0.53"))
    assert line.grams == 315  # 5,32 € at 16,90 €/kg
    sale = pay(session, ctx, basket).entry
    assert [(line.quantity, line.grams, line.market_value, line.price) for line in sale.lines] == [
        (1, 315, Decimal("5.32"), Decimal("0.53"))]


def test_two_price_labels_of_different_prices_stay_two_lines(session, till, price_labels):
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    baskets.scan(session, ctx, basket, with_check_digit("230004200532"))
    baskets.scan(session, ctx, basket, with_check_digit("230004200410"))
    assert [(line.quantity, line.market_value) for line in basket.lines] == [
        (1, Decimal("5.32")), (1, Decimal("4.10"))]


def test_a_price_label_on_fse_plus_stock_is_free(session, till, price_labels):
    """Rice sold through a shop label: the FSE+ lot in stock is still given free."""
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    line = baskets.scan(session, ctx, basket, with_check_digit("230007700210"))
    assert (line.market_value, line.price, line.fse_plus) == (Decimal("2.10"), Decimal("0.00"), True)
    pay(session, ctx, basket, "0.00")


# --- a weighed article is one line when its lots price alike ----------------------------------------

def test_one_weighing_over_two_lots_is_one_line_as_the_scale_gave_it(session, till, stock):
    """Apples from two crates: one line at the scale's weight, each crate decremented by what it gave."""
    nearly_empty, full = stock.lot(till.apples, till.site, days=3), stock.lot(till.apples, till.site, days=8)
    stock.stock(nearly_empty, till.site, units=0, grams=300)
    stock.stock(full, till.site, units=0, grams=5000)
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    reading = ScaleReading(ScaleState.OK, grams=1250, stable=True, display=" 1.250 kg")
    baskets.add_weighed(session, ctx, basket, till.apples, reading)
    baskets.add_weighed(session, ctx, basket, till.apples, reading)
    assert [(line.quantity, line.grams, line.weight_display, line.market_value) for line in basket.lines] == [
        (1, 1250, " 1.250 kg", Decimal("3.11"))] * 2
    pay(session, ctx, basket)
    assert balance_of(session, nearly_empty.id, till.site.id, "") == (0, 0)
    assert balance_of(session, full.id, till.site.id, "") == (0, 5000 - 2200)
    assert session.scalar(select(StockDiscrepancy.id)) is None


def test_a_weighing_over_an_fse_plus_and_a_paid_lot_is_split(session, till, stock):
    fse = stock.lot(till.apples, till.site, days=3, source=LotSource.FSE_PLUS)
    paid = stock.lot(till.apples, till.site, days=8)
    stock.stock(fse, till.site, units=0, grams=400)
    stock.stock(paid, till.site, units=0, grams=5000)
    ctx = till.ctx()
    basket = ring(session, till, ctx)
    baskets.add_weighed(session, ctx, basket, till.apples,
                        ScaleReading(ScaleState.OK, grams=1000, stable=True, display=" 1.000 kg"))
    assert [(line.lot_id, line.grams, line.fse_plus, line.price) for line in basket.lines] == [
        (fse.id, 400, True, Decimal("0.00")), (paid.id, 600, False, Decimal("0.15"))]
