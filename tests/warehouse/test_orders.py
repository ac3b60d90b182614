"""Sites' orders at the warehouse: the lines they suggest (FEFO, by product or by food group), the
state of the answer as dispatches are prepared, shipped or cancelled, and held lots left out."""

from __future__ import annotations

import pytest

from inventory.expiry import ExpirySettings
from inventory.recalls import HOLD_LOCATION
from shop import cold
from shop import orders as site_orders
from tests.inventory.stock_builders import NOW, TODAY
from warehouse import dispatching, orders
from warehouse.dispatching import LineInput
from warehouse.locations import InputError
from warehouse.order_models import FulfilmentStatus


def sent_order(session, site, *lines):
    """An order as Auch's node writes it (owner AUCH), sent; lines are (product, group, units, grams)."""
    order = site_orders.new_order(session, site_id=site.id, now=NOW, owner_node="AUCH")
    for product, group, units, grams in lines:
        site_orders.add_line(session, order, product_id=product.id if product else None,
                             food_group_id=group.id if group else None, units=units, grams=grams, owner_node="AUCH")
    site_orders.send(session, order, now=NOW)
    return order


def suggest(session, network, order):
    return orders.suggestions(session, order, warehouse_id=network.warehouse.id, today=TODAY,
                              settings=ExpirySettings())


def prepare(session, network, order, suggested) -> dispatching.Dispatch:
    lines = [LineInput(s.line.lot_id, s.line.location, s.line.units, s.line.grams) for s in suggested]
    dispatch = dispatching.create_dispatch(session, from_site_id=network.warehouse.id, to_site_id=order.site_id,
                                           lines=lines, planned_on=TODAY, now=NOW, owner_node="CENTRAL",
                                           settings=ExpirySettings(), order_id=order.id)
    orders.after_dispatch_change(session, dispatch, owner_node="CENTRAL")
    return dispatch


def ship(session, dispatch) -> None:
    dispatching.ship_dispatch(session, dispatch, now=NOW, settings=ExpirySettings())
    orders.after_dispatch_change(session, dispatch, owner_node="CENTRAL")


def test_a_product_line_takes_the_soonest_lots_first_and_a_short_stock_serves_it_in_part(session, network, stock):
    later = stock.lot(network.spread, network.warehouse, days=200, lot_code="LATER")
    sooner = stock.lot(network.spread, network.warehouse, days=40, lot_code="SOONER")
    stock.stock(later, network.warehouse, units=8, location="A-02")
    stock.stock(sooner, network.warehouse, units=4, location="A-01")
    order = sent_order(session, network.auch, (network.spread, None, 20, 0))

    suggested = suggest(session, network, order)
    assert [(s.stock.lot_code, s.line.units, s.line.grams) for s in suggested] == [("SOONER", 4, 3000),
                                                                                  ("LATER", 8, 6000)]
    assert suggested[0].why == f"Commande {order.number} : Pâte à tartiner 750 g"
    dispatch = prepare(session, network, order, suggested)
    assert order.fulfilment.status is FulfilmentStatus.PREPARING and orders.state_label(order) == "En préparation"
    # What a draft holds is not suggested twice.
    assert suggest(session, network, order) == []
    ship(session, dispatch)
    assert order.fulfilment.status is FulfilmentStatus.PARTIAL
    assert order.fulfilment.served == {str(order.lines[0].id): [12, 9000]}
    assert orders.open_orders(session, network.auch.id) == [order]  # still open: 8 more to come


def test_a_food_group_line_in_kg_takes_whole_units_until_covered(session, network, stock):
    group = network.yoghurt.category.food_group
    lot = stock.lot(network.yoghurt, network.warehouse, days=10, lot_code="Y1")
    stock.stock(lot, network.warehouse, units=30, location="F-01")
    order = sent_order(session, network.auch, (None, group, 0, 4_200))

    suggested = suggest(session, network, order)
    assert [(s.line.units, s.line.grams) for s in suggested] == [(9, 4_500)]  # 8 pots would fall short
    ship(session, prepare(session, network, order, suggested))
    assert order.fulfilment.status is FulfilmentStatus.SERVED and orders.state(order) == "served"
    assert orders.open_orders(session) == []


def test_a_cancelled_dispatch_reopens_the_order(session, network, stock):
    lot = stock.lot(network.spread, network.warehouse, days=60)
    stock.stock(lot, network.warehouse, units=10, location="A-01")
    order = sent_order(session, network.auch, (network.spread, None, 6, 0))
    dispatch = prepare(session, network, order, suggest(session, network, order))
    dispatching.cancel_dispatch(dispatch)
    orders.after_dispatch_change(session, dispatch, owner_node="CENTRAL")
    assert order.fulfilment.status is FulfilmentStatus.OPEN and order.fulfilment.dispatch_numbers == ""
    assert [(s.line.units) for s in suggest(session, network, order)] == [6]


def test_only_an_open_order_of_the_destination_can_be_served(session, network, stock):
    order = sent_order(session, network.auch, (network.spread, None, 6, 0))
    with pytest.raises(InputError, match="Commande inconnue pour ce site."):
        orders.open_order_for(session, order.id, network.condom.id)
    site_orders.cancel(session, order, now=NOW)
    with pytest.raises(InputError, match="n'est plus ouverte \\(annulée\\)"):
        orders.open_order_for(session, order.id, network.auch.id)


def test_a_lot_held_at_the_warehouse_is_neither_suggested_nor_accepted_in_a_dispatch(session, network, stock):
    held = stock.lot(network.spread, network.warehouse, days=30, lot_code="DOUTE")
    stock.stock(held, network.warehouse, units=10, location="A-01")
    hold = cold.hold_lot(session, lot=held, site_id=network.warehouse.id, location="A-01",
                         reason="Cartons mouillés", now=NOW, owner_node="CENTRAL")
    order = sent_order(session, network.auch, (network.spread, None, 5, 0))
    assert suggest(session, network, order) == []
    assert all(s.stock.lot_id != held.id for s in dispatching.suggest_dispatch(
        session, warehouse_id=network.warehouse.id, to_site_id=network.auch.id, ship_on=TODAY, today=TODAY,
        settings=ExpirySettings()))
    for location in ("A-01", HOLD_LOCATION):
        with pytest.raises(InputError, match="« DOUTE » indisponible"):
            dispatching.create_dispatch(session, from_site_id=network.warehouse.id, to_site_id=network.auch.id,
                                        lines=[LineInput(held.id, location, 5, 3750)], planned_on=TODAY, now=NOW,
                                        owner_node="CENTRAL", settings=ExpirySettings())
    cold.release_hold(session, hold, reason="Cartons séchés, contenu intact", now=NOW, owner_node="CENTRAL")
    assert [s.line.units for s in suggest(session, network, order)] == [5]


def test_a_bulk_lot_serves_a_line_in_kg_by_the_gram_and_a_product_line_first(session, network, stock, build):
    from inventory.enums import SoldBy

    produce = build.category(label="Fruits")
    apples = build.product(name="Pommes (vrac)", sold_by=SoldBy.WEIGHT, net_weight_g=0, category=produce)
    pears = build.product(name="Poires (vrac)", sold_by=SoldBy.WEIGHT, net_weight_g=0, category=produce)
    apple_lot = stock.lot(apples, network.warehouse, days=8, lot_code="POM")
    pear_lot = stock.lot(pears, network.warehouse, days=5, lot_code="POI")
    stock.stock(apple_lot, network.warehouse, units=0, grams=12_500, location="A-02")
    stock.stock(pear_lot, network.warehouse, units=0, grams=3_000, location="A-02")
    order = sent_order(session, network.auch, (apples, None, 0, 2_000), (None, produce.food_group, 0, 6_000))

    suggested = {s.stock.lot_code: (s.line.units, s.line.grams, s.why) for s in suggest(session, network, order)}
    # Apples: 2 kg for their own line, then the group takes the soonest pears and the rest in apples.
    assert suggested["POI"][:2] == (0, 3_000) and suggested["POM"][:2] == (0, 5_000)
    assert "Pommes (vrac)" in suggested["POM"][2] and "Groupe : " in suggested["POM"][2]
    ship(session, prepare(session, network, order, suggest(session, network, order)))
    assert order.fulfilment.status is FulfilmentStatus.SERVED
