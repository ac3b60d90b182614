"""A site's order travels up, the warehouse serves it, and the answer comes back down: one writer per
row all the way (the site's order, central's fulfilment and dispatch)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from demo.builder import demo_id
from gers.backup import backup, restore
from inventory.enums import SiteKind
from inventory.expiry import ExpirySettings
from inventory.models import Product, Site
from inventory.stock_models import Lot
from shop import orders as site_orders
from tests.conftest import BOTH_BACKENDS
from tests.sync.inprocess import NOW
from warehouse import dispatching
from warehouse import orders as answers
from warehouse.dispatching import LineInput
from warehouse.models import Dispatch
from warehouse.order_models import FulfilmentStatus, OrderFulfilment, OrderStatus, SiteOrder


@pytest.fixture
def session(central_session):
    return central_session


def order_pasta_at(node, units: int) -> tuple:
    """A coordinator of the node orders pasta (by product) and leaves it as sent."""
    with node.session() as session:
        site_id = session.scalar(select(Site.id).where(Site.code == node.code))
        pasta = session.get(Lot, demo_id("lot", "FSE-P2611")).product_id
        order = site_orders.new_order(session, site_id=site_id, now=NOW, owner_node=node.code)
        site_orders.add_line(session, order, product_id=pasta, food_group_id=None, units=units, grams=0,
                             owner_node=node.code)
        site_orders.send(session, order, now=NOW)
        session.commit()
        return order.id, site_id


def serve(session, order: SiteOrder, now=NOW) -> Dispatch:
    """The warehouse prepares the dispatch from the order's suggested lines and ships it."""
    warehouse = session.scalar(select(Site).where(Site.kind == SiteKind.WAREHOUSE))
    suggested = answers.suggestions(session, order, warehouse_id=warehouse.id, today=now.date(),
                                    settings=ExpirySettings())
    lines = [LineInput(s.line.lot_id, s.line.location, s.line.units, s.line.grams) for s in suggested]
    dispatch = dispatching.create_dispatch(session, from_site_id=warehouse.id, to_site_id=order.site_id, lines=lines,
                                           planned_on=now.date(), now=now, owner_node="CENTRAL",
                                           settings=ExpirySettings(), order_id=order.id)
    answers.after_dispatch_change(session, dispatch, owner_node="CENTRAL")
    assert order.fulfilment.status is FulfilmentStatus.PREPARING
    dispatching.ship_dispatch(session, dispatch, now=now, settings=ExpirySettings())
    answers.after_dispatch_change(session, dispatch, owner_node="CENTRAL")
    session.commit()
    return dispatch


@BOTH_BACKENDS
def test_an_order_goes_up_is_served_and_the_site_sees_it_served(central, auch, session):
    auch.sync()
    order_id, auch_id = order_pasta_at(auch, 12)
    assert auch.sync().up["site_order"] == 1

    order = session.get(SiteOrder, order_id)
    assert order.status is OrderStatus.SENT and order.owner_node == "AUCH" and order.lines[0].units == 12
    assert [o.id for o in answers.open_orders(session, auch_id)] == [order_id]
    dispatch = serve(session, order)
    assert sum(line.units for line in dispatch.lines) == 12 and dispatch.order_id == order_id
    assert order.fulfilment.status is FulfilmentStatus.SERVED and order.fulfilment.owner_node == "CENTRAL"
    assert answers.open_orders(session, auch_id) == []
    # Central never wrote the site's row.
    assert order.owner_node == "AUCH" and order.status is OrderStatus.SENT

    summary = auch.sync()
    assert summary.down["order_fulfilment"] == 1
    with auch.session() as node:
        at_site = node.get(SiteOrder, order_id)
        assert answers.state(at_site) == "served" and answers.state_label(at_site) == "Servie"
        assert site_orders.served_of(at_site, at_site.lines[0]) == (12, dispatch.lines[0].grams)
        assert node.get(Dispatch, dispatch.id).order_id == order_id
        with pytest.raises(site_orders.OrderError, match="déjà \\(en partie\\) expédiée"):
            site_orders.cancel(node, at_site, now=NOW)
    # Nothing changed at the site goes back up: the answer is central's row, not the site's.
    assert sum(auch.sync().up.values()) == 0


@BOTH_BACKENDS
def test_a_cancelled_order_leaves_the_warehouse_list_and_the_fulfilment_never_reaches_another_site(
        central, auch, make_node, session):
    condom = make_node("CONDOM")
    auch.sync(), condom.sync()
    order_id, auch_id = order_pasta_at(auch, 5)
    auch.sync()
    answers.refresh(session, session.get(SiteOrder, order_id), owner_node="CENTRAL")
    session.commit()
    with auch.session() as node:
        site_orders.cancel(node, node.get(SiteOrder, order_id), now=NOW)
        node.commit()
    auch.sync()
    session.expire_all()
    assert answers.open_orders(session, auch_id) == []
    condom.sync()
    with condom.session() as node:
        assert node.scalars(select(OrderFulfilment)).all() == []
        assert node.scalars(select(SiteOrder)).all() == []


def test_a_node_restored_from_before_its_order_gets_the_order_and_the_answer_back(central, auch, session, tmp_path):
    """The pull brings central's answer (and the dispatch naming the order) before the recovery brings
    back the order itself: nothing may refuse the answer for want of its order."""
    auch.sync()
    url = auch.app.config["DATABASE_URL"]
    saved = backup(url, tmp_path / "sauvegardes", NOW, keep=14)  # last night's backup: no order yet
    order_id, _auch_id = order_pasta_at(auch, 12)
    auch.sync()
    dispatch = serve(session, session.get(SiteOrder, order_id))
    auch.app.extensions["gers.engine"].dispose()  # the SD card died; the Pi restored from the backup
    restore(saved, url, NOW)

    summary = auch.sync()
    assert summary.restored and summary.recovered["site_order"] == 1
    with auch.session() as node:
        at_site = node.get(SiteOrder, order_id)
        assert answers.state_label(at_site) == "Servie" and len(at_site.lines) == 1
        assert node.get(Dispatch, dispatch.id).order_id == order_id


def test_a_line_taken_off_a_draft_already_synced_is_taken_off_at_central(central, auch, session):
    auch.sync()
    with auch.session() as node:
        site_id = node.scalar(select(Site.id).where(Site.code == "AUCH"))
        pasta = node.get(Lot, demo_id("lot", "FSE-P2611")).product_id
        rice = node.scalar(select(Product.id).where(Product.name == "Riz long grain 1 kg"))
        order = site_orders.new_order(node, site_id=site_id, now=NOW, owner_node="AUCH")
        for product in (pasta, rice):
            site_orders.add_line(node, order, product_id=product, food_group_id=None, units=5, grams=0,
                                 owner_node="AUCH")
        node.commit()
        auch.sync()  # the draft goes up as it stands
        site_orders.remove_line(node, order, order.lines[0].id)
        site_orders.send(node, order, now=NOW)
        node.commit()
    auch.sync()
    at_central = session.get(SiteOrder, order.id)
    assert at_central.status is OrderStatus.SENT
    assert [(line.product_id, line.position) for line in at_central.lines] == [(rice, 0)]
