"""The append-only ledger and its balance table, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from inventory.enums import DateKind, ShelfLife
from inventory.expiry import ExpirySettings, ExpiryStatus
from inventory.ledger import (
    InsufficientStock,
    StockError,
    move_stock,
    rebuild_balances,
    record_loss,
    record_movement,
)
from inventory.stock_models import LossReason, MovementKind, StockBalance, StockMovement
from inventory.stock_queries import lot_stock, pick_plan
from tests.conftest import BOTH_BACKENDS
from tests.inventory.stock_builders import NOW, OWNER, TODAY

pytestmark = BOTH_BACKENDS
SETTINGS = ExpirySettings()


def balances(session):
    return {(b.lot_id, b.site_id, b.location): (b.units, b.grams)
            for b in session.execute(select(StockBalance.lot_id, StockBalance.site_id, StockBalance.location,
                                            StockBalance.units, StockBalance.grams))}


def ledger_sums(session):
    rows = session.execute(select(StockMovement.lot_id, StockMovement.site_id, StockMovement.location,
                                  func.sum(StockMovement.units), func.sum(StockMovement.grams))
                           .where(StockMovement.lot_id.is_not(None))
                           .group_by(StockMovement.lot_id, StockMovement.site_id, StockMovement.location))
    return {(lot, site, location): (units, grams) for lot, site, location, units, grams in rows}


def test_balance_follows_the_ledger_in_the_same_transaction(session, build, stock):
    warehouse = build.site(code="ENTREPOT")
    lot = stock.lot(site=warehouse)
    stock.stock(lot, warehouse, units=12, location="A-01")
    stock.stock(lot, warehouse, units=3, location="A-01")
    record_movement(session, kind=MovementKind.DISPATCH_OUT, lot=lot, site_id=warehouse.id, location="A-01",
                    units=-5, grams=-2500, now=NOW, owner_node=OWNER)
    session.commit()
    assert balances(session) == {(lot.id, warehouse.id, "A-01"): (10, 5000)}
    assert balances(session) == ledger_sums(session)


def test_rebuild_reproduces_the_balances_from_the_ledger(session, build, stock):
    warehouse, auch = build.site(), build.site()
    lot_a, lot_b = stock.lot(), stock.lot()
    stock.stock(lot_a, warehouse, units=7, location="A")
    stock.stock(lot_b, auch, units=4)
    move_stock(session, lot=lot_a, site_id=warehouse.id, from_location="A", to_location="B", units=2,
               grams=1000, now=NOW, owner_node=OWNER)
    before = balances(session)
    session.execute(StockBalance.__table__.delete())
    assert rebuild_balances(session) == 3
    assert balances(session) == before == ledger_sums(session)
    assert rebuild_balances(session, [auch.id]) == 1
    assert balances(session) == before


def test_out_movement_beyond_the_stock_is_refused_and_nothing_is_recorded(session, build, stock):
    site = build.site()
    lot = stock.lot(lot_code="24153A")
    stock.stock(lot, site, units=2, location="C-3")
    session.commit()
    with pytest.raises(InsufficientStock) as refused:
        record_loss(session, lot=lot, site_id=site.id, location="C-3", units=3, grams=1500,
                    reason=LossReason.BREAKAGE, now=NOW, owner_node=OWNER)
    assert str(refused.value) == ("Stock insuffisant pour le lot « 24153A » à l'emplacement C-3 : "
                                  "2 unité(s) / 1000 g disponibles.")
    session.rollback()
    assert session.scalar(select(func.count()).select_from(StockMovement)) == 1


def test_zero_quantity_and_wrong_sign_are_refused(session, build, stock):
    site, lot = build.site(), stock.lot()
    with pytest.raises(StockError, match="Quantité nulle"):
        record_movement(session, kind=MovementKind.INTAKE, lot=lot, site_id=site.id, now=NOW, owner_node=OWNER)
    with pytest.raises(ValueError, match="intake movements go in"):
        record_movement(session, kind=MovementKind.INTAKE, lot=lot, site_id=site.id, units=-1, now=NOW,
                        owner_node=OWNER)
    with pytest.raises(StockError, match="quantités positives"):
        record_loss(session, lot=lot, site_id=site.id, location="", units=-1, grams=0,
                    reason=LossReason.OTHER, now=NOW, owner_node=OWNER)


def test_losses_carry_their_reason(session, build, stock):
    site, lot = build.site(), stock.lot()
    stock.stock(lot, site, units=len(LossReason), grams=500 * len(LossReason))
    for reason in LossReason:
        record_loss(session, lot=lot, site_id=site.id, location="", units=1, grams=500, reason=reason,
                    now=NOW, owner_node=OWNER)
    reasons = session.scalars(select(StockMovement.loss_reason).where(StockMovement.kind == MovementKind.LOSS))
    assert sorted(reasons) == sorted(LossReason)
    assert balances(session)[(lot.id, site.id, "")] == (0, 0)


def test_move_to_the_same_location_is_refused(session, build, stock):
    site, lot = build.site(), stock.lot()
    with pytest.raises(StockError, match="même que l'emplacement d'origine"):
        move_stock(session, lot=lot, site_id=site.id, from_location="A", to_location="A", units=1, grams=0,
                   now=NOW, owner_node=OWNER)


def test_lot_stock_reports_status_and_fefo_skips_expired(session, build, stock):
    site = build.site()
    yoghurt = build.product(date_kind=DateKind.DLC)
    soon, later, past = stock.lot(yoghurt, days=2), stock.lot(yoghurt, days=40), stock.lot(yoghurt, days=-1)
    for lot in (later, past, soon):
        stock.stock(lot, site, units=4)
    rows = lot_stock(session, today=TODAY, settings=SETTINGS, site_id=site.id)
    assert [(row.lot_id, row.status) for row in rows] == [  # by printed date
        (past.id, ExpiryStatus.EXPIRED), (soon.id, ExpiryStatus.SOON), (later.id, ExpiryStatus.OK)]
    plan = pick_plan(session, site.id, yoghurt.id, today=TODAY, settings=SETTINGS, units=6)
    assert [(p.lot_id, p.units) for p in plan.picks] == [(soon.id, 4), (later.id, 2)]


def test_pick_plan_orders_by_usable_date_with_the_ddm_grace(session, build, stock):
    """Printed dates say DDM-past first; usable dates (DDM + 2 months of grace) say the DLC lot first."""
    site = build.site()
    biscuits = build.product(category=build.category(shelf_life=ShelfLife.LONG), date_kind=DateKind.DDM)
    past_ddm = stock.lot(biscuits, days=-5)  # printed 23/11, usable until 23/01 (2 months' grace)
    dlc = stock.lot(biscuits, days=20, date_kind=DateKind.DLC)  # printed 18/12, usable until 18/12
    for lot in (past_ddm, dlc):
        stock.stock(lot, site, units=4)
    plan = pick_plan(session, site.id, biscuits.id, today=TODAY, settings=SETTINGS, units=6)
    assert [(p.lot_id, p.units) for p in plan.picks] == [(dlc.id, 4), (past_ddm.id, 2)]


def test_ddm_grace_comes_from_the_category_shelf_life(session, build, stock):
    site = build.site()
    biscuits = build.product(category=build.category(shelf_life=ShelfLife.LONG), date_kind=DateKind.DDM)
    salad = build.product(category=build.category(shelf_life=ShelfLife.SHORT), date_kind=DateKind.DDM)
    stock.stock(stock.lot(biscuits, days=-1), site)
    stock.stock(stock.lot(salad, days=-1), site)
    statuses = {row.product_id: row.status for row in lot_stock(session, today=TODAY, settings=SETTINGS)}
    assert statuses == {biscuits.id: ExpiryStatus.PAST_DDM_USABLE, salad.id: ExpiryStatus.EXPIRED}


def test_lot_stock_filters_expiring_by(session, build, stock):
    site = build.site()
    near, far = stock.lot(days=3), stock.lot(days=90)
    stock.stock(near, site)
    stock.stock(far, site)
    rows = lot_stock(session, today=TODAY, settings=SETTINGS, expiring_by=TODAY + dt.timedelta(days=30))
    assert [row.lot_id for row in rows] == [near.id]


def test_random_operations_keep_balances_equal_to_the_ledger(session, build, stock):
    """Intakes, sales, losses, moves and counts in a seeded random order: balance == sum of movements."""
    import random

    from inventory.counts import close_count, open_count, record_counted
    from inventory.selling import sell_from_stock

    rng = random.Random(6)
    sites = [build.site(), build.site()]
    products = [build.product(date_kind=DateKind.DLC), build.product()]
    lots = [stock.lot(product, days=rng.randint(-2, 20)) for product in products for _ in range(3)]
    for _step in range(150):
        site, lot = rng.choice(sites), rng.choice(lots)
        action = rng.choice(["intake", "sale", "loss", "move", "count"])
        try:
            if action == "intake":
                stock.stock(lot, site, units=rng.randint(1, 9), location=rng.choice(["A", "B"]))
            elif action == "sale":
                sell_from_stock(session, site.id, lot.product_id, units=rng.randint(1, 4), now=NOW, owner_node="X",
                                settings=SETTINGS)
            elif action == "loss":
                record_loss(session, lot=lot, site_id=site.id, location="A", units=1, grams=500,
                            reason=LossReason.BREAKAGE, now=NOW, owner_node="X")
            elif action == "move":
                move_stock(session, lot=lot, site_id=site.id, from_location="A", to_location="B", units=1,
                           grams=500, now=NOW, owner_node="X")
            else:
                count = open_count(session, site_id=site.id, location="B", now=NOW, owner_node="X")
                for line in count.lines:
                    record_counted(count, line.id, units=max(line.expected_units - 1, 0), grams=0)
                close_count(session, count, now=NOW)
        except StockError:
            session.rollback()  # a refused operation leaves nothing behind
            lots = [session.merge(lot) for lot in lots]
            sites = [session.merge(site) for site in sites]
            continue
        session.commit()
    assert balances(session) == ledger_sums(session)
    assert len(ledger_sums(session)) > 5


def test_the_movement_returned_is_the_one_in_the_session(session, build, stock):
    site, lot = build.site(), stock.lot()
    movement = stock.stock(lot, site, units=2)
    assert session.get(StockMovement, movement.id) is movement
    session.commit()
    session.expunge_all()
    assert session.get(StockMovement, movement.id).units == 2
