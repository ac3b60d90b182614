"""The network the fault tests run on: real processes, each node behind its own proxy."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from households.grant_models import GrantShare
from inventory.models import Site
from pos.models import CashClosing
from sync.client import SyncClient
from sync.keystore import load_identity
from sync.models import SyncNode
from tests.support.faultproxy import Fault
from tests.support.network_data import ARTICLES, MILK, PASTA, RICE, card_of
from tests.support.totals import totals

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_two_nodes_reach_central_each_through_its_own_proxy(network):
    for node in network.nodes.values():
        identity = load_identity(node.instance)
        assert identity.central_url == node.proxy.url
        assert "Serveur central joint" in node.cli("sync", "hello").stdout
    with network.central.session() as session:
        assert sorted(session.scalars(select(SyncNode.code))) == ["AUCH", "CONDOM"]
        assert session.scalar(select(func.count()).select_from(GrantShare)) == 2
        assert session.scalar(select(func.count()).select_from(Site)) == 3  # and the warehouse
    for node in network.nodes.values():  # the node's database is migrated and holds nothing of central's yet
        with node.session() as session:
            assert session.scalar(select(func.count()).select_from(Site)) == 0
        node.proxy.settle()
        assert [(record.cut, record.request_line) for record in node.proxy.connections] == [
            (None, "POST /sync/v1/hello HTTP/1.1")]
    assert len(ARTICLES) == 3


def test_central_restarts_mid_test_and_a_cut_hello_is_an_error_in_french(network):
    node = network.node("AUCH")
    node.proxy.arm(Fault(cut_response_at=0.5))
    failed = node.cli("sync", "hello", check=False)
    assert failed.returncode != 0
    assert "coupée" in failed.stderr or "Réponse illisible" in failed.stderr, failed.stderr
    network.central.restart(kill=True)
    assert "Serveur central joint" in node.cli("sync", "hello").stdout
    network.central.stop()
    down = node.cli("sync", "hello", check=False)
    assert down.returncode != 0 and node.proxy.connections[-1].cut == "unreachable"
    network.central.start()
    assert SyncClient(load_identity(node.instance)).hello().last_seen_at is not None


def test_a_node_command_runs_on_a_clock_hours_off(network):
    late = network.node("CONDOM").cli("sync", "hello", clock_at=network.clock() - dt.timedelta(hours=5))
    assert "nœud en retard de 5 h" in late.stdout


def a_day(network, node) -> None:
    assert node.receive_dispatches(network.clock(), short=1) == 1
    card = card_of(node.code)
    sale = node.sell(card, PASTA.gtin, PASTA.gtin, RICE.gtin, now=network.clock())
    node.sell(card, MILK.gtin, now=network.clock())
    node.void(sale, now=network.clock())
    node.close_till(now=network.clock())


def assert_central_equals_node(network, node) -> None:
    with network.central.session() as central, node.session() as site:
        at_node = totals(site, node.code)
        assert at_node.entries["sale"][0] == 2 and at_node.closings[0] == 1
        assert len(at_node.grams_by_lot) == 3
        assert totals(central, node.code) == at_node
    assert "intègre" in node.cli("journal", "verify").stdout
    assert "intègre" in network.central.cli("journal", "verify", "--site", node.code).stdout


def test_a_day_at_two_sites_reaches_central_exactly(network):
    """The baseline of every fault test: no fault, one sync before and one after the day."""
    for node in network.nodes.values():
        node.sync()
    for node in network.nodes.values():
        a_day(network, node)
        node.sync()
    for node in network.nodes.values():
        assert_central_equals_node(network, node)


def test_a_node_syncing_for_the_first_time_after_another_pushed_its_day_gets_none_of_its_rows(network):
    """A new node's first pull (the full copy) must not carry another node's till rows: Condom got
    Auch's cash_closing / journal_line rows, whose journal entry (Auch's site) it never gets, and
    its first sync failed on a foreign key."""
    auch, condom = network.node("AUCH"), network.node("CONDOM")
    auch.sync()
    a_day(network, auch)
    auch.sync()
    condom.sync()
    with condom.session() as session:
        assert totals(session, "AUCH").lines[0] == 0
        assert session.scalar(select(func.count()).select_from(CashClosing)) == 0
    a_day(network, condom)
    condom.sync()
    for node in (auch, condom):
        assert_central_equals_node(network, node)
