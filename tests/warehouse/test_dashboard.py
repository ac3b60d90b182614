"""Expiry dashboard: buckets on the last usable day, where the lots are, kilos per day, the SVG plot."""

from __future__ import annotations

import datetime as dt

from inventory.enums import DateKind, ShelfLife
from inventory.expiry import ExpirySettings
from inventory.recalls import RecallTarget, record_recall
from tests.conftest import BOTH_BACKENDS
from tests.inventory.stock_builders import NOW, TODAY
from warehouse.chart import kg_per_day_svg
from warehouse.dashboard import expiry_dashboard

SETTINGS = ExpirySettings()


def grams_by_bucket(board):
    return {bucket.key: bucket.grams for bucket in board.buckets}


@BOTH_BACKENDS
def test_lots_fall_in_their_bucket_with_weights_and_places(session, network, stock, build):
    yoghurt = network.yoghurt
    for days, grams in ((-1, 1000), (0, 2000), (3, 3000), (4, 4000), (30, 5000), (31, 6000)):
        lot = stock.lot(yoghurt, days=days)
        stock.stock(lot, network.warehouse, units=grams // 500, location="F-01")
    biscuits = build.product(date_kind=DateKind.DDM, category=build.category(shelf_life=ShelfLife.LONG))
    stock.stock(stock.lot(biscuits, days=-10), network.auch, units=2, grams=700)
    board = expiry_dashboard(session, today=TODAY, settings=SETTINGS)
    assert grams_by_bucket(board) == {"expired": 1000, "today": 2000, "d3": 3000, "d7": 4000, "d30": 5000,
                                      "ddm_past": 700, "recalled": 0}
    today_lot = board.buckets[1].lots[0]
    assert (today_lot.site_name, today_lot.location) == ("Entrepôt départemental", "F-01")
    per_day = dict(board.per_day)
    assert len(board.per_day) == 31
    assert (per_day[TODAY], per_day[TODAY + dt.timedelta(days=30)]) == (2000, 5000)
    assert sum(per_day.values()) == 14_000


def test_dashboard_for_one_site(session, network, stock):
    stock.stock(stock.lot(network.yoghurt, days=1), network.warehouse, units=2)
    stock.stock(stock.lot(network.yoghurt, days=1), network.auch, units=4)
    board = expiry_dashboard(session, today=TODAY, settings=SETTINGS, site_id=network.auch.id)
    assert grams_by_bucket(board)["d3"] == 2000


def test_recalled_lots_have_their_own_bucket_whatever_their_date(session, network, stock):
    lot = stock.lot(network.spread, days=300, lot_code="R1")
    stock.stock(lot, network.warehouse, units=4, location="A-01")
    record_recall(session, title="Pâte", targets=[RecallTarget(network.spread.gtin, "R1")], now=NOW,
                  owner_node="CENTRAL")
    board = expiry_dashboard(session, today=TODAY, settings=SETTINGS)
    assert grams_by_bucket(board)["recalled"] == 3000
    assert sum(grams for _day, grams in board.per_day) == 0


def test_empty_stock_gives_empty_buckets(session, network):
    board = expiry_dashboard(session, today=TODAY, settings=SETTINGS)
    assert all(not bucket.lots for bucket in board.buckets)


def test_kg_per_day_svg_has_one_bar_per_day_and_french_labels():
    points = [(TODAY + dt.timedelta(days=n), n * 1000) for n in range(31)]
    svg = kg_per_day_svg(points, "Kilos en fin de vie")
    assert svg.startswith("<svg") and svg.count('class="bar"') == 31
    assert "<title>28/11 : 0,000 kg</title>" in svg
    assert "30 kg" in svg and 'aria-label="Kilos en fin de vie"' in svg
