"""Faults that must leave nothing lost and nothing doubled (issue 10): central on PostgreSQL and two
site nodes on SQLite, real processes, each node behind its own fault proxy. After each fault and a
plain `gers-solidaire sync` to recover, central's totals for each node equal the node's exactly and
`gers-solidaire journal verify` is clean on both sides."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import func, select

from households.grant_models import AllowanceGrant, GrantShare
from households.models import Household
from inventory.models import Product, Site
from inventory.stock_models import Lot
from sync import node as node_side
from sync.client import RefusedByCentral, SyncClient
from sync.keystore import load_identity
from sync.models import SyncNode, SyncRefusal
from tests.support.faultproxy import Fault, Hold
from tests.support.network import Network, Node
from tests.support.network_data import MILK, PASTA, RICE, card_of
from tests.support.totals import totals

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PUSH = b"POST /sync/v1/push"


@pytest.fixture
def network(make_network) -> Network:
    """Central and Auch: the faults of one node's exchange."""
    return make_network("AUCH")


@pytest.fixture
def two_sites(make_network) -> Network:
    return make_network("AUCH", "CONDOM")
PULL = b"POST /sync/v1/pull"


def stocked(network: Network, *codes: str) -> Network:
    """Each node has pulled central's reference data once and received its goods."""
    for code in codes or network.nodes:
        node = network.node(code)
        node.sync()
        assert node.receive_dispatches(network.clock(), short=2) == 1
    return network


def a_day_of_sales(network: Network, node: Node, sales: int = 3, now: dt.datetime | None = None) -> list[uuid.UUID]:
    """Sales (one of them voided) and the till closed with its Z report."""
    at = now or network.clock()
    card = card_of(node.code)
    ids = [node.sell(card, PASTA.gtin, *([RICE.gtin] * (n % 2 == 0)), *([MILK.gtin] * (n % 3 == 1)), now=at)
           for n in range(sales)]
    node.void(ids[0], now=at)
    node.close_till(now=at)
    return ids


def assert_central_equals_node(network: Network, *codes: str) -> None:
    for code in codes or network.nodes:
        node = network.node(code)
        with network.central.session() as central, node.session() as site:
            at_node = totals(site, code)
            assert at_node.sales > 0
            assert totals(central, code) == at_node
        assert "intègre" in node.cli("journal", "verify").stdout
        assert "intègre" in network.central.cli("journal", "verify", "--site", code).stdout


def reference_counts(session) -> tuple[int, ...]:
    return tuple(session.scalar(select(func.count()).select_from(model))
                 for model in (Site, Product, Lot, Household, AllowanceGrant, GrantShare))


def recover(node: Node) -> None:
    """After a fault: the next plain sync finishes the work (resumed, never from zero)."""
    node.proxy.settle()
    node.sync()


# --- network cut at chosen bytes ---------------------------------------------------------------

@pytest.mark.parametrize("cut", [
    pytest.param(Fault(match=PUSH, cut_request_at=1), id="request-first-byte"),
    pytest.param(Fault(match=PUSH, cut_request_at=0.5), id="request-middle"),
    pytest.param(Fault(match=PUSH, cut_request_at=-1), id="request-all-but-last-byte"),
    pytest.param(Fault(match=PUSH, cut_response_at=0), id="answer-lost-whole"),
    pytest.param(Fault(match=PUSH, cut_response_at=0.5), id="answer-middle"),
    pytest.param(Fault(match=PUSH, cut_response_at=-1), id="answer-all-but-last-byte"),
])
def test_a_push_cut_at_any_byte_loses_nothing_and_doubles_nothing(network, cut):
    stocked(network, "AUCH")
    auch = network.node("AUCH")
    a_day_of_sales(network, auch)
    auch.proxy.arm(cut)
    assert auch.sync(check=False).returncode != 0
    assert auch.proxy.connections[-1].cut in ("request", "response")
    recover(auch)
    assert_central_equals_node(network, "AUCH")


@pytest.mark.parametrize("at", [1, 0.5, -1], ids=["first-byte", "middle", "all-but-last-byte"])
def test_a_pull_answer_cut_at_any_byte_is_pulled_whole_next_time(network, at):
    auch = network.node("AUCH")
    auch.proxy.arm(Fault(match=PULL, cut_response_at=at))
    assert auch.sync(check=False).returncode != 0
    recover(auch)
    with network.central.session() as central, auch.session() as site:
        assert reference_counts(site) == reference_counts(central)
    stocked(network, "AUCH")
    a_day_of_sales(network, auch)
    auch.sync()
    assert_central_equals_node(network, "AUCH")


def test_a_slow_link_delays_every_answer_and_changes_nothing(network):
    stocked(network, "AUCH")
    auch = network.node("AUCH")
    a_day_of_sales(network, auch)
    auch.proxy.arm(Fault(delay_response_s=0.5, times=100))
    auch.sync()
    auch.proxy.settle()
    assert all(record.fault is not None for record in auch.proxy.connections[-3:])
    assert_central_equals_node(network, "AUCH")


# --- central restarted mid-batch -----------------------------------------------------------------

def test_central_killed_after_applying_a_batch_before_answering(network):
    stocked(network, "AUCH")
    auch = network.node("AUCH")
    a_day_of_sales(network, auch)
    hold = Hold(at=0)  # central answered: the batch is committed, its answer parked at the proxy, then lost
    auch.proxy.arm(Fault(match=PUSH, hold_response=hold, cut_response_at=0))
    syncing = threading.Thread(target=lambda: auch.sync(check=False))
    syncing.start()
    assert hold.reached.wait(120)
    network.central.stop(kill=True)
    hold.release.set()
    syncing.join(300)
    assert auch.proxy.connections[-1].cut == "response"
    network.central.start()
    recover(auch)
    assert_central_equals_node(network, "AUCH")


def test_central_killed_while_a_batch_is_arriving(network):
    stocked(network, "AUCH")
    auch = network.node("AUCH")
    a_day_of_sales(network, auch)
    hold = Hold(at=-1)  # all but the last byte of the batch reached central
    auch.proxy.arm(Fault(match=PUSH, hold_request=hold))
    syncing = threading.Thread(target=lambda: auch.sync(check=False))
    syncing.start()
    assert hold.reached.wait(120)
    network.central.stop(kill=True)
    hold.release.set()
    syncing.join(300)
    network.central.start()
    recover(auch)
    assert_central_equals_node(network, "AUCH")


# --- the same batch delivered twice --------------------------------------------------------------

@pytest.mark.parametrize("when", ["after", "before"])
def test_the_same_batch_delivered_twice_is_applied_once(network, when):
    stocked(network, "AUCH")
    auch = network.node("AUCH")
    a_day_of_sales(network, auch)
    auch.proxy.arm(Fault(match=PUSH, duplicate=when))
    auch.sync(check=False)
    recover(auch)
    copy = next(record for record in auch.proxy.connections if record.duplicate_answer is not None)
    assert copy.duplicate_status in (200, 401)
    assert_central_equals_node(network, "AUCH")
    with network.central.session() as session:
        refused = session.scalars(select(SyncRefusal.reason)).all()
    assert [reason.value for reason in refused] == ["replayed_nonce"]


# --- a batch altered on the way, a row the node does not own ----------------------------------------

def test_a_batch_altered_on_the_way_is_refused_whole_then_sent_again(network):
    stocked(network, "AUCH")
    auch = network.node("AUCH")
    a_day_of_sales(network, auch)
    auch.proxy.arm(Fault(match=PUSH, flip_request_at=-1))  # the compressed body's last byte
    assert auch.sync(check=False).returncode != 0
    assert auch.proxy.connections[-1].altered
    with network.central.session() as session:
        assert totals(session, "AUCH").sales == 0
        assert [r.value for r in session.scalars(select(SyncRefusal.reason))] == ["altered_body"]
    recover(auch)
    assert_central_equals_node(network, "AUCH")


def test_a_batch_with_a_row_the_node_does_not_own_is_refused_whole(network):
    stocked(network, "AUCH")
    auch = network.node("AUCH")
    a_day_of_sales(network, auch)
    with auch.session() as session:
        payload = node_side.next_push(session).payload
    block = next(block for block in payload["tables"] if block["table"] == "journal_entry")
    block["rows"][-1][block["columns"].index("owner_node")] = "CONDOM"  # signed by AUCH all the same
    with pytest.raises(RefusedByCentral) as refused:
        SyncClient(load_identity(auch.instance), clock=network.clock).post_packed("/sync/v1/push", payload)
    assert (refused.value.status, refused.value.reason) == (409, "foreign_row")
    with network.central.session() as session:
        assert totals(session, "AUCH").sales == 0
    auch.sync()
    assert_central_equals_node(network, "AUCH")


# --- a node's clock hours off --------------------------------------------------------------------

@pytest.mark.parametrize("hours", [-5, 3])
def test_a_node_whose_clock_is_hours_off_syncs_exactly(network, hours):
    off = dt.timedelta(hours=hours)
    auch = network.node("AUCH")
    auch.sync(clock_at=network.clock() + off)
    auch.receive_dispatches(network.clock() + off)
    a_day_of_sales(network, auch, now=network.clock() + off)
    auch.sync(clock_at=network.clock() + off)
    assert_central_equals_node(network, "AUCH")
    with network.central.session() as session:
        offset = session.scalar(select(SyncNode.clock_offset_seconds).where(SyncNode.code == "AUCH"))
    assert abs(offset + off.total_seconds()) < 600


# --- a node restored from yesterday's backup -------------------------------------------------------

def test_a_node_restored_from_yesterdays_backup_doubles_nothing_and_gets_back_what_it_lost(network, tmp_path):
    stocked(network, "AUCH")
    auch = network.node("AUCH")
    a_day_of_sales(network, auch)
    auch.sync()
    yesterday = auch.backup(tmp_path / "sauvegarde-hier.sqlite3")
    a_day_of_sales(network, auch, sales=4)
    auch.sync()
    with network.central.session() as session:
        before_the_crash = totals(session, "AUCH")
    auch.restore(yesterday)
    with auch.session() as session:
        assert totals(session, "AUCH").sales < before_the_crash.sales
    auch.sync()
    with network.central.session() as session:
        assert totals(session, "AUCH") == before_the_crash  # pushed again: nothing doubled
    assert_central_equals_node(network, "AUCH")  # and the node has back what it had lost
    a_day_of_sales(network, auch)  # the till goes on numbering after the last entry it got back
    auch.sync()
    assert_central_equals_node(network, "AUCH")


# --- two nodes pushing at once -------------------------------------------------------------------

def test_two_nodes_pushing_at_once(two_sites):
    network = two_sites
    stocked(network)
    holds = {}
    for node in network.nodes.values():
        a_day_of_sales(network, node, sales=5)
        holds[node.code] = Hold(at=-1)  # both batches parked one byte short, then released together
        node.proxy.arm(Fault(match=PUSH, hold_request=holds[node.code]))
    results = {}
    threads = [threading.Thread(target=lambda n=node: results.__setitem__(n.code, n.sync(check=False)))
               for node in network.nodes.values()]
    for thread in threads:
        thread.start()
    for hold in holds.values():
        assert hold.reached.wait(120)
    for hold in holds.values():
        hold.release.set()
    for thread in threads:
        thread.join(300)
    assert {code: result.returncode for code, result in results.items()} == {"AUCH": 0, "CONDOM": 0}, results
    assert_central_equals_node(network)
