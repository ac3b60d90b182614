"""The till's API on the ledger: FEFO sales, never an expired or recalled lot, discrepancies, returns."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from inventory.enums import DateKind, SoldBy
from inventory.expiry import ExpirySettings
from inventory.ledger import StockError, balance_of
from inventory.recalls import RecallTarget, record_recall
from inventory.selling import LotNotSellable, record_return, sell_from_stock
from inventory.stock_models import DiscrepancyReason, LotSource, MovementKind, StockMovement
from tests.conftest import BOTH_BACKENDS
from tests.inventory.stock_builders import NOW, OWNER

pytestmark = BOTH_BACKENDS
SITE_NODE = "AUCH"


@pytest.fixture
def auch(build):
    return build.site(code="AUCH")


@pytest.fixture
def yoghurt(build):
    return build.product(name="Yaourt nature x4", date_kind=DateKind.DLC, net_weight_g=500)


def sell(session, site, product, **kwargs):
    return sell_from_stock(session, site.id, product.id, now=NOW, owner_node=SITE_NODE, settings=ExpirySettings(),
                           **kwargs)


def test_sale_takes_the_fefo_lot_and_says_which(session, auch, yoghurt, stock):
    later, sooner = stock.lot(yoghurt, days=6), stock.lot(yoghurt, days=2)
    stock.stock(later, auch, units=5)
    stock.stock(sooner, auch, units=1)
    outcome = sell(session, auch, yoghurt, units=2, reference="sale:42")
    assert [(line.lot_id, line.units, line.grams) for line in outcome.lines] == [(sooner.id, 1, 500),
                                                                                (later.id, 1, 500)]
    assert outcome.discrepancy is None and outcome.warnings == ()
    assert balance_of(session, sooner.id, auch.id, "") == (0, 0)
    assert balance_of(session, later.id, auch.id, "") == (4, 2000)
    movements = session.scalars(select(StockMovement).where(StockMovement.kind == MovementKind.SALE)).all()
    assert {(m.reference, m.owner_node, m.units) for m in movements} == {("sale:42", "AUCH", -1)}


def test_sale_never_takes_an_expired_or_recalled_lot(session, auch, yoghurt, stock):
    expired = stock.lot(yoghurt, days=-1)
    recalled = stock.lot(yoghurt, days=1, lot_code="R-1")
    good = stock.lot(yoghurt, days=9)
    for lot in (expired, recalled, good):
        stock.stock(lot, auch, units=3)
    record_recall(session, title="Yaourt", targets=[RecallTarget(yoghurt.gtin, "R-1")], now=NOW,
                  owner_node=OWNER)
    outcome = sell(session, auch, yoghurt, units=2)
    assert [line.lot_id for line in outcome.lines] == [good.id]


def test_sale_without_recorded_stock_is_kept_with_a_discrepancy(session, auch, yoghurt):
    outcome = sell(session, auch, yoghurt, units=2)
    (line,) = outcome.lines
    assert line.lot_id is None and line.units == 2
    assert outcome.discrepancy.reason is DiscrepancyReason.NO_STOCK
    assert (outcome.discrepancy.units, outcome.discrepancy.site_id) == (2, auch.id)
    assert outcome.warnings == ("Aucun stock enregistré pour ce produit sur le site : vente notée, écart à "
                                "vérifier au prochain inventaire.",)
    movement = session.get(StockMovement, line.movement_id)
    assert (movement.lot_id, movement.product_id, movement.units) == (None, yoghurt.id, -2)


def test_sale_with_only_blocked_lots_warns_the_cashier(session, auch, yoghurt, stock):
    stock.stock(stock.lot(yoghurt, days=-2), auch, units=3)
    outcome = sell(session, auch, yoghurt, units=1)
    assert outcome.discrepancy.reason is DiscrepancyReason.BLOCKED_ONLY
    assert "vérifiez le lot de l'article" in outcome.warnings[0]


def test_sale_beyond_the_stock_takes_what_there_is(session, auch, yoghurt, stock):
    lot = stock.lot(yoghurt, days=3)
    stock.stock(lot, auch, units=1)
    outcome = sell(session, auch, yoghurt, units=3)
    assert [(line.lot_id, line.units) for line in outcome.lines] == [(lot.id, 1), (None, 2)]
    assert outcome.discrepancy.reason is DiscrepancyReason.SHORT and outcome.discrepancy.units == 2


def test_fse_plus_lots_are_flagged_free_of_charge(session, auch, yoghurt, stock):
    fse = stock.lot(yoghurt, days=2, source=LotSource.FSE_PLUS)
    bought = stock.lot(yoghurt, days=5, source=LotSource.PURCHASE)
    stock.stock(fse, auch, units=1)
    stock.stock(bought, auch, units=1)
    outcome = sell(session, auch, yoghurt, units=2)
    assert [(line.lot_id, line.free_of_charge) for line in outcome.lines] == [(fse.id, True), (bought.id, False)]
    assert fse.is_free_of_charge and not bought.is_free_of_charge


def test_sale_by_weight(session, auch, build, stock):
    apples = build.product(name="Pommes", sold_by=SoldBy.WEIGHT, net_weight_g=1000, gtin=None)
    lot = stock.lot(apples, days=10, unit_weight_g=0)
    stock.stock(lot, auch, units=0, grams=12_000)
    outcome = sell(session, auch, apples, grams=1_250)
    assert [(line.units, line.grams) for line in outcome.lines] == [(0, 1_250)]
    assert balance_of(session, lot.id, auch.id, "") == (0, 10_750)


def test_sale_of_a_scanned_lot_uses_it_or_refuses_it(session, auch, yoghurt, stock):
    sooner, scanned = stock.lot(yoghurt, days=1), stock.lot(yoghurt, days=8, lot_code="SCAN")
    stock.stock(sooner, auch, units=2, location="rayon")
    stock.stock(scanned, auch, units=2, location="rayon")
    outcome = sell(session, auch, yoghurt, units=1, lot_id=scanned.id)
    assert [(line.lot_id, line.grams) for line in outcome.lines] == [(scanned.id, 500)]
    assert balance_of(session, scanned.id, auch.id, "rayon") == (1, 500)
    record_recall(session, title="Yaourt", targets=[RecallTarget(yoghurt.gtin, "scan")], now=NOW,
                  owner_node=OWNER)
    with pytest.raises(LotNotSellable, match="rappelé : ne le remettez pas"):
        sell(session, auch, yoghurt, units=1, lot_id=scanned.id)


def test_expired_scanned_lot_is_refused(session, auch, yoghurt, stock):
    lot = stock.lot(yoghurt, days=-1, lot_code="OLD")
    stock.stock(lot, auch, units=2)
    with pytest.raises(LotNotSellable) as refused:
        sell(session, auch, yoghurt, units=1, lot_id=lot.id)
    assert str(refused.value) == "Lot « OLD » périmé (DLC du 27/11/2026) : ne le remettez pas."


def test_scanned_lot_beyond_its_stock_goes_negative_with_a_discrepancy(session, auch, yoghurt, stock):
    lot = stock.lot(yoghurt, days=4)
    outcome = sell(session, auch, yoghurt, units=1, lot_id=lot.id)
    assert outcome.discrepancy.reason is DiscrepancyReason.SHORT
    assert balance_of(session, lot.id, auch.id, "") == (-1, 0)


def test_lot_of_another_product_is_refused(session, auch, yoghurt, build, stock):
    other = stock.lot(build.product())
    with pytest.raises(StockError, match="n'est pas un lot de ce produit"):
        sell(session, auch, yoghurt, units=1, lot_id=other.id)


def test_zero_sale_is_refused(session, auch, yoghurt):
    with pytest.raises(StockError, match="Quantité vendue nulle"):
        sell(session, auch, yoghurt)


def test_return_goes_back_to_the_lot_sold(session, auch, yoghurt, stock):
    lot = stock.lot(yoghurt, days=4)
    stock.stock(lot, auch, units=2)
    sell(session, auch, yoghurt, units=2)
    movement = record_return(session, site_id=auch.id, product_id=yoghurt.id, lot_id=lot.id, units=1,
                             grams=500, now=NOW + dt.timedelta(minutes=5), owner_node=SITE_NODE,
                             reference="return:1")
    assert movement.kind is MovementKind.RETURN
    assert balance_of(session, lot.id, auch.id, "") == (1, 500)
    unknown_lot = record_return(session, site_id=auch.id, product_id=yoghurt.id, units=1, now=NOW,
                                owner_node=SITE_NODE)
    assert unknown_lot.lot_id is None
