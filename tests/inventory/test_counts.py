"""Stock counts: variances posted as adjustments, discrepancies resolved."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from inventory.counts import add_found_lot, close_count, open_count, open_discrepancies, record_counted
from inventory.enums import DateKind
from inventory.expiry import ExpirySettings
from inventory.ledger import StockError, balance_of, record_movement
from inventory.selling import sell_from_stock
from inventory.stock_models import MovementKind, StockMovement
from tests.conftest import BOTH_BACKENDS
from tests.inventory.stock_builders import NOW, OWNER

pytestmark = BOTH_BACKENDS
LATER = NOW + dt.timedelta(hours=2)


def test_count_posts_variances_against_the_balance_at_closing(session, build, stock):
    site = build.site()
    lot_a, lot_b, lot_c = stock.lot(), stock.lot(), stock.lot()
    stock.stock(lot_a, site, units=10, location="A-1")
    stock.stock(lot_b, site, units=4, location="A-1")
    stock.stock(lot_c, site, units=6, location="B-2")
    count = open_count(session, site_id=site.id, location="A-1", now=NOW, owner_node=OWNER)
    assert {(line.lot_id, line.expected_units) for line in count.lines} == {(lot_a.id, 10), (lot_b.id, 4)}
    line_a = next(line for line in count.lines if line.lot_id == lot_a.id)
    record_counted(count, line_a.id, units=8, grams=4000)
    # Two units leave while the count is going on: the variance is taken at closing.
    record_movement(session, kind=MovementKind.DISPATCH_OUT, lot=lot_a, site_id=site.id, location="A-1",
                    units=-2, grams=-1000, now=NOW, owner_node=OWNER)
    adjustments = close_count(session, count, now=LATER)
    assert (line_a.variance_units, line_a.variance_grams) == (0, 0)
    assert adjustments == []
    assert balance_of(session, lot_b.id, site.id, "A-1") == (4, 2000)  # not counted: untouched


def test_count_variance_becomes_an_adjustment_movement(session, build, stock):
    site = build.site()
    lot = stock.lot()
    stock.stock(lot, site, units=10, location="A-1")
    count = open_count(session, site_id=site.id, now=NOW, owner_node=OWNER)
    record_counted(count, count.lines[0].id, units=7, grams=3500)
    (adjustment,) = close_count(session, count, now=LATER)
    assert (adjustment.kind, adjustment.units, adjustment.grams) == (MovementKind.COUNT_ADJUSTMENT, -3, -1500)
    assert adjustment.reference == f"count:{count.id}"
    assert balance_of(session, lot.id, site.id, "A-1") == (7, 3500)
    with pytest.raises(StockError, match="clôturé"):
        record_counted(count, count.lines[0].id, units=1, grams=0)


def test_found_lot_is_added_to_the_stock(session, build, stock):
    site = build.site()
    lot = stock.lot()
    count = open_count(session, site_id=site.id, location="C", now=NOW, owner_node=OWNER)
    line = add_found_lot(session, count, lot, "C")
    record_counted(count, line.id, units=2, grams=1000)
    close_count(session, count, now=LATER)
    assert balance_of(session, lot.id, site.id, "C") == (2, 1000)


def test_negative_count_is_refused(session, build, stock):
    site = build.site()
    stock.stock(stock.lot(), site, units=1)
    count = open_count(session, site_id=site.id, now=NOW, owner_node=OWNER)
    with pytest.raises(StockError, match="ne peut pas être négative"):
        record_counted(count, count.lines[0].id, units=-1, grams=0)


def test_closing_a_count_resolves_the_sales_beyond_stock(session, build, stock):
    site = build.site()
    milk = build.product(date_kind=DateKind.DLC)
    lot = stock.lot(milk, days=5)
    sell_from_stock(session, site.id, milk.id, units=2, now=NOW, owner_node="AUCH", settings=ExpirySettings())
    assert len(open_discrepancies(session, site.id)) == 1
    stock.stock(lot, site, units=3)
    count = open_count(session, site_id=site.id, now=LATER, owner_node="AUCH")
    record_counted(count, count.lines[0].id, units=3, grams=1500)
    close_count(session, count, now=LATER)
    assert open_discrepancies(session, site.id) == []
    kinds = session.scalars(select(StockMovement.kind).order_by(StockMovement.created_at)).all()
    assert MovementKind.COUNT_ADJUSTMENT not in kinds
