"""Allowances across nodes: two nodes offline the same day can never spend more than the household's
allowance together, and after the night the shares follow what was spent — through real syncs."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from demo.builder import demo_id
from gers.clock import paris_today
from households.allowance import remaining
from households.grant_models import AllowanceGrant, GrantShare
from households.grants import set_shares
from households.models import Household
from households.services import counter_lookup
from inventory.enums import SiteKind
from inventory.models import Site
from inventory.stock_models import Lot
from pos.spending import household_spending
from sync import rebalancing
from sync.models import ShareIncrease
from sync.rebalance import rebalanced_shares
from tests.sync.inprocess import NOW
from tests.sync.test_exchange import receive, sell
from tests.warehouse.shipments import shipped_dispatch

TODAY = paris_today(NOW)
VAN = "CRR-NORD"


@pytest.fixture
def session(central_session):
    return central_session


def shared_grant(session):
    """A household of Auch able to shop today, whose social worker splits its allowance 60 % Auch,
    40 % the northern van (it lives near one of the van's stops)."""
    auch_id = session.scalar(select(Site.id).where(Site.code == "AUCH"))
    van_id = session.scalar(select(Site.id).where(Site.code == VAN))
    grants = session.scalars(select(AllowanceGrant).join(GrantShare).where(
        GrantShare.site_id == auch_id, GrantShare.percent == D("100"), AllowanceGrant.starts_on <= TODAY,
        AllowanceGrant.ends_on >= TODAY))
    for grant in grants:
        card = session.get(Household, grant.household_id).card_number
        if counter_lookup(session, card, auch_id, TODAY).grant is not None:
            set_shares(session, grant, {auch_id: D("60"), van_id: D("40")}, actor=None, now=NOW, owner_node="CENTRAL")
            session.commit()
            return grant, card
    pytest.fail("the demo has no household of Auch able to shop today")


def shares_at(node_session, grant_id) -> dict[str, D]:
    rows = node_session.execute(select(Site.code, GrantShare.percent).join(Site, Site.id == GrantShare.site_id)
                                .where(GrantShare.grant_id == grant_id)).all()
    return {code: percent for code, percent in rows}


def left_at(node, card: str) -> D:
    """What the node's own till would still let this household spend today (its view, offline)."""
    with node.session() as session:
        site_id = session.scalar(select(Site.id).where(Site.code == node.code))
        lookup = counter_lookup(session, card, site_id, TODAY)
        spent = household_spending(session, lookup.household_id, site_id, lookup.grant.period_starts_on,
                                   lookup.grant.period_ends_on)
        return remaining(lookup.grant.terms, spent, TODAY).allowance


def spent_everywhere(session, grant) -> D:
    start, end = grant.starts_on, grant.ends_on
    sites = session.scalars(select(Site.id).where(Site.kind != SiteKind.WAREHOUSE))
    return sum((household_spending(session, grant.household_id, site, start, end).market_value for site in sites), D(0))


def test_two_offline_nodes_never_overspend_and_the_night_moves_the_shares_to_where_it_was_spent(
        central, auch, make_node, session):
    grant, card = shared_grant(session)
    van_code = VAN
    van = make_node(van_code)
    auch.sync()
    van.sync()
    lot = session.get(Lot, demo_id("lot", "Y-2611A"))
    warehouse = session.scalar(select(Site).where(Site.kind == SiteKind.WAREHOUSE))
    dispatch = shipped_dispatch(session, lot, warehouse, session.scalar(select(Site).where(Site.code == "AUCH")),
                                "EXP-PARTS-1")
    session.commit()
    auch.sync()
    receive(auch, dispatch.id)
    sell(auch, lot.product.gtin, quantity=3, card=card)

    def never_more_than_the_allowance() -> None:
        assert left_at(auch, card) + left_at(van, card) + spent_everywhere_known() <= grant.value

    def spent_everywhere_known() -> D:
        with auch.session() as node:
            return spent_everywhere(node, grant)

    never_more_than_the_allowance()  # offline, the same day: each node only its share
    auch.sync()
    van.sync()
    spent = spent_everywhere(session, grant)
    assert spent > 0
    expected = rebalanced_shares(grant.value, {"AUCH": D("60"), van_code: D("40")}, {"AUCH": spent},
                                 {"AUCH", van_code})
    assert expected["AUCH"] > D("60") > D("40") > expected[van_code]

    summary = rebalancing.rebalance(session, today=TODAY, now=NOW, reported_since=NOW.replace(hour=0))
    session.commit()
    assert summary.lowered >= 1 and summary.pending >= 1
    session.rollback()  # a new transaction: see what the nodes' syncs committed
    assert shares_at(session, grant.id) == {"AUCH": D("60"), van_code: expected[van_code]}  # shrinking first

    auch.sync()  # Auch may not grow before the van has its smaller share
    with auch.session() as node:
        assert shares_at(node, grant.id) == {"AUCH": D("60"), van_code: expected[van_code]}
    never_more_than_the_allowance()
    van.sync()  # the van takes its smaller share, and says so
    session.rollback()  # a new transaction: see what the nodes' syncs committed
    assert shares_at(session, grant.id) == expected
    assert session.scalar(select(ShareIncrease.applied_at)) is not None
    auch.sync()
    van.sync()  # the van learns Auch's bigger share at its next sync (until then it sees less than 100 %)
    for node in (auch, van):
        with node.session() as node_session:
            assert shares_at(node_session, grant.id) == expected
    never_more_than_the_allowance()
    assert sum(expected.values()) == D(100)
