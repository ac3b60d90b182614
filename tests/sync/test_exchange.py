"""Push and pull between central (demo network) and a site node that starts empty, in one process."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from demo.builder import demo_id
from demo.households_demo import till_cards
from gers.backup import backup, mark_restored, restore, restore_pending
from gers.cli import build_cli
from gers.clock import paris_today
from gers.db import Base
from gers.models import User
from households.access_models import AccessPeriod
from households.grant_models import AllowanceGrant
from households.grants import set_shares
from households.models import Household
from inventory.enums import SiteKind
from inventory.models import Product, Site
from inventory.recalls import RecallTarget, recall_for, record_recall
from inventory.stock_models import Lot, Recall, StockBalance, StockMovement
from pos import journal
from pos.models import JournalEntry, JournalTender
from reports.models import EntriesDay
from sync import scopes, services
from sync.background import UrgentPulls, start_urgent_pulls
from sync.client import RefusedByCentral
from sync.node import PUSH_POSITION, next_push, set_state
from sync.scopes import HOUSEHOLD_FAMILY
from tests.conftest import BOTH_BACKENDS, csrf_token
from tests.sync.inprocess import NOW
from tests.warehouse.shipments import shipped_dispatch
from warehouse.dispatching import receive_dispatch
from warehouse.models import Dispatch, DispatchReceipt


@pytest.fixture
def session(central_session):
    """In these tests, the session is central's."""
    return central_session


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


@BOTH_BACKENDS
def test_a_new_node_gets_what_concerns_it_and_nothing_else(central, auch, session):
    summary = auch.sync()
    auch_id = session.scalar(select(Site.id).where(Site.code == "AUCH"))
    with auch.session() as node:
        assert count(node, Site) == count(session, Site)
        assert count(node, Product) == count(session, Product)
        # Its own households (home site or a share there), not the others'.
        assert count(node, Household) == count(session, Household, Household.home_site_id == auch_id) > 0
        # Users of Auch and network staff can sign in; the warehouse's are known only by name.
        usable = node.scalars(select(User.username).where(User.active, User.password_hash.is_not(None)
                                                           | User.pin_hash.is_not(None))).all()
        assert "caisse" in usable and "entrepot" not in usable
        for table in Base.metadata.sorted_tables:
            if table.info.get("central_only"):
                assert node.scalar(select(func.count()).select_from(table)) == 0, table.name
            elif "owner_node" in table.c and table.name not in HOUSEHOLD_FAMILY:
                # Other sites' rows (their sales, receipts, counts) never come down.
                owners = set(node.scalars(select(table.c.owner_node).distinct()))
                assert owners <= {"CENTRAL", "AUCH"}, (table.name, owners)
    assert summary.down["product"] == count(session, Product)
    # A second run brings nothing new.
    again = auch.sync()
    assert sum(again.down.values()) == 0 and sum(again.up.values()) == 0


# --- a dispatch down, a sale up ----------------------------------------------------------------

def ship_pasta_to(session, site_code: str, number: str):
    lot = session.get(Lot, demo_id("lot", "FSE-P2611"))
    warehouse = session.scalar(select(Site).where(Site.kind == SiteKind.WAREHOUSE))
    site = session.scalar(select(Site).where(Site.code == site_code))
    dispatch = shipped_dispatch(session, lot, warehouse, site, number)
    session.commit()
    return dispatch.id, lot


def receive(node, dispatch_id) -> None:
    with node.session() as session:
        dispatch = session.get(Dispatch, dispatch_id)
        site_id = session.scalar(select(Site.id).where(Site.code == node.code))
        receive_dispatch(session, dispatch, site_id=site_id, received={}, now=NOW, owner_node=node.code)
        session.commit()


def refused_sale(node):
    """The till's answer to opening a session, as the demo's cashier (the first thing a morning does)."""
    client = node.app.test_client()
    assert client.post("/connexion", data={"username": "caisse", "secret": "1234",
                                           "csrf_token": csrf_token(client)}).status_code == 302
    token = csrf_token(client, "/caisse")
    assert "la caisse reste fermée" in client.get("/caisse").get_data(as_text=True)
    return client.post("/api/caisse/session", json={"opening_float": "20,00"}, headers={"X-CSRFToken": token})


def sell(node, gtin: str, quantity: int = 1, card: str | None = None) -> None:
    """A sale at the node's till, through its API, as the cashier of the demo."""
    if card is None:
        with node.session() as session:
            card = till_cards(session, node.code, paris_today(NOW), count=1)[0]
    client = node.app.test_client()
    assert client.post("/connexion", data={"username": "caisse", "secret": "1234",
                                           "csrf_token": csrf_token(client)}).status_code == 302
    token = csrf_token(client, "/caisse")

    def api(path, **body):
        answer = client.post(f"/api/caisse{path}", json=body, headers={"X-CSRFToken": token})
        assert answer.status_code < 300, answer.get_json()
        return answer
    client.get("/api/caisse/etat")
    api("/session", opening_float="20,00") if not client.get("/api/caisse/etat").get_json().get("session") else None
    api("/foyer", card_number=card)
    for _ in range(quantity):
        api("/scan", code=gtin)
    shown = client.get("/api/caisse/etat?mode=epicerie").get_json()["basket"]
    api("/valider", idempotency_key=str(uuid.uuid4()), mode="epicerie", basket_version=shown["version"],
        expected_total=shown["to_pay"]["value"], tenders=[{"method": "cash", "amount": "20,00"}])


def site_totals(session, site_code: str) -> dict:
    site_id = session.scalar(select(Site.id).where(Site.code == site_code))
    entries = select(func.count(JournalEntry.id), func.coalesce(func.sum(JournalEntry.amount_paid), 0),
                     func.coalesce(func.sum(JournalEntry.allowance_used), 0)).where(JournalEntry.site_id == site_id)
    count_, paid, allowance = session.execute(entries).one()
    grams = dict(session.execute(select(StockMovement.lot_id, func.sum(StockMovement.grams))
                                 .where(StockMovement.site_id == site_id).group_by(StockMovement.lot_id)).all())
    balances = dict(session.execute(select(StockBalance.lot_id, func.sum(StockBalance.grams))
                                    .where(StockBalance.site_id == site_id).group_by(StockBalance.lot_id)).all())
    tenders = session.scalar(select(func.count(JournalTender.id)).join(JournalEntry)
                             .where(JournalEntry.site_id == site_id))
    return {"entries": count_, "paid": Decimal(paid), "allowance": Decimal(allowance), "grams_by_lot": grams,
            "balances": balances, "tenders": tenders}


@BOTH_BACKENDS
def test_a_dispatch_goes_down_and_the_sales_come_up_with_exact_totals(central, auch, session, tmp_path):
    auch.sync()
    dispatch_id, lot = ship_pasta_to(session, "AUCH", "EXP-SYNC-1")
    auch.sync()
    receive(auch, dispatch_id)
    sell(auch, lot.product.gtin, quantity=2)
    summary = auch.sync()
    assert summary.up["journal_entry"] == 1 and summary.up["stock_movement"] == 2  # the receipt, the sale
    session.expire_all()
    with auch.session() as node:
        assert site_totals(session, "AUCH") == site_totals(node, "AUCH")
        assert site_totals(node, "AUCH")["entries"] == 1
    auch_id = session.scalar(select(Site.id).where(Site.code == "AUCH"))
    assert journal.verify(session, auch_id)[1] is None
    # The reports' summaries follow the push: the sale is in central's figures at once.
    assert session.scalar(select(func.sum(EntriesDay.entries)).where(EntriesDay.site_id == auch_id)) == 1
    # The operator's check on central goes through every site's chain that sync brought.
    folder = tmp_path / "central-cli"
    folder.mkdir(mode=0o700)
    (folder / "gers.toml").write_text(f'role = "central"\ndatabase_url = "{central.config["DATABASE_URL"]}"\n')
    verified = CliRunner().invoke(build_cli(), ["journal", "verify", "--instance", str(folder)])
    assert verified.exit_code == 0 and "Journal de AUCH intègre : 1 écritures vérifiées" in verified.output
    # The same rows pushed again (the node forgot central's acknowledgement): nothing doubles.
    with auch.session() as node:
        set_state(node, PUSH_POSITION, "0:0")
        node.commit()
    again = auch.sync()
    assert again.unchanged > 0 and sum(again.up.values()) > 0
    session.expire_all()
    with auch.session() as node:
        assert site_totals(session, "AUCH") == site_totals(node, "AUCH")


# --- urgent: recalls between two nights ---------------------------------------------------------

def test_a_recall_at_central_blocks_the_lot_at_the_till_at_the_next_urgent_pull(central, auch, session):
    dispatch_id, lot = ship_pasta_to(session, "AUCH", "EXP-SYNC-2")
    auch.sync()
    receive(auch, dispatch_id)
    recall, blocked = record_recall(session, title="Coquillettes", now=NOW, owner_node="CENTRAL",
                                    targets=[RecallTarget(gtin=lot.product.gtin, lot_code=lot.lot_code)])
    session.commit()
    assert lot.id in {b.id for b in blocked}
    pulls = UrgentPulls(auch.app, auch.client, interval_s=900)
    assert pulls.pull_once() >= 3  # the recall, its item, the lot
    with auch.session() as node:
        assert node.get(Lot, lot.id).recall_id == recall.id
        assert recall_for(node, node.get(Product, lot.product_id), lot.lot_code, lot.expiry_date) is not None
    # The nightly run brings the recall again: already there, it changes nothing.
    assert auch.sync().down["recall"] == 0
    with auch.session() as node:
        assert node.scalar(select(func.count()).select_from(Recall)) == session.scalar(
            select(func.count()).select_from(Recall))


def test_no_urgent_pulls_before_a_node_is_enrolled(app):
    app.config["ROLE"] = "site"
    assert start_urgent_pulls(app) is None


# --- trust: a node writes only its own rows ------------------------------------------------------

@BOTH_BACKENDS
def test_a_batch_with_a_row_of_another_node_is_refused_whole_and_logged(central, auch, session):
    auch.sync()
    dispatch_id, _lot = ship_pasta_to(session, "AUCH", "EXP-SYNC-3")
    auch.sync()
    receive(auch, dispatch_id)  # the node's own receipt, waiting in its outbox
    outgoing = None
    with auch.session() as node:
        outgoing = next_push(node)
    receipts = next(block for block in outgoing.payload["tables"] if block["table"] == "dispatch_receipt")
    owner = receipts["columns"].index("owner_node")
    receipts["rows"].append([*receipts["rows"][0]])
    receipts["rows"][-1][receipts["columns"].index("id")] = str(uuid.uuid4())
    receipts["rows"][-1][owner] = "GIMONT"
    with pytest.raises(RefusedByCentral, match="appartenant à « GIMONT » et non à AUCH") as refused:
        auch.client.post_packed("/sync/v1/push", outgoing.payload)
    assert (refused.value.status, refused.value.reason) == (409, "foreign_row")
    session.expire_all()
    assert count(session, DispatchReceipt, DispatchReceipt.dispatch_id == dispatch_id) == 0  # nothing of it
    assert [r.reason.value for r in services.refusals(session)] == ["foreign_row"]
    # The honest batch then goes through.
    assert auch.sync().up["dispatch_receipt"] == 1


def test_a_batch_that_cannot_be_read_is_refused_with_a_french_message(central, auch, session):
    auch.sync()
    for payload, message in (({"to": "1:0", "tables": [{"table": "sync_node", "columns": [], "rows": []}]},
                              "Table inconnue ou qui ne voyage pas"),
                             ({"to": "1:0", "tables": [{"table": "site", "columns": ["id"], "rows": [[1]]}]},
                              "Colonnes de « site » inattendues"),
                             ({"tables": []}, "position « to » manquante ou illisible")):
        with pytest.raises(RefusedByCentral, match=message) as refused:
            auch.client.post_packed("/sync/v1/push", payload)
        assert refused.value.status == 422


# --- a node restored from last night's backup ----------------------------------------------------

def test_a_node_restored_from_a_backup_gets_back_what_it_lost_and_doubles_nothing(central, auch, session, tmp_path):
    auch.sync()
    dispatch_id, lot = ship_pasta_to(session, "AUCH", "EXP-SYNC-4")
    auch.sync()
    receive(auch, dispatch_id)
    sell(auch, lot.product.gtin)
    auch.sync()
    url = auch.app.config["DATABASE_URL"]
    saved = backup(url, tmp_path / "sauvegardes", NOW, keep=14)  # last night's backup, the till open
    sell(auch, lot.product.gtin, quantity=2)
    auch.sync()  # the day went up before the SD card died
    auch.app.extensions["gers.engine"].dispose()  # the server is stopped for the restore
    restore(saved, url, NOW)
    mark_restored(Path(auch.app.instance_path))  # what `restore` does on a site

    # The till stays closed: a sale now would take the number of one central already holds.
    refused = refused_sale(auch)
    assert refused.status_code == 409 and "la caisse reste fermée jusqu'à la première synchronisation" in \
        refused.get_json()["error"]
    summary = auch.sync()
    assert summary.restored and summary.recovered["journal_entry"] == 1
    assert not restore_pending(Path(auch.app.instance_path))
    session.expire_all()
    auch_id = session.scalar(select(Site.id).where(Site.code == "AUCH"))
    with auch.session() as node:
        assert site_totals(node, "AUCH") == site_totals(session, "AUCH")
        assert site_totals(node, "AUCH")["entries"] == 2
        assert journal.verify(node, auch_id)[1] is None
    # The till goes on from the recovered chain: the next sale links to the one that came back.
    sell(auch, lot.product.gtin)
    auch.sync()
    session.expire_all()
    with auch.session() as node:
        assert site_totals(node, "AUCH") == site_totals(session, "AUCH")
        assert site_totals(node, "AUCH")["entries"] == 3
    assert journal.verify(session, auch_id)[1] is None


# --- mobile units ---------------------------------------------------------------------------------

def test_a_van_gets_the_households_of_the_villages_on_its_tour_and_nothing_assumes_nightly_syncs(
        central, make_node, session):
    lectoure = session.scalar(select(Site.id).where(Site.code == "LECTOURE"))
    villager = session.scalar(select(Household).where(Household.home_site_id == lectoure).limit(1))
    villager.commune = "Saint-Clar"  # a stop of the northern van on Mondays
    session.commit()
    van = make_node("CRR-NORD")
    van.sync()
    van_id = session.scalar(select(Site.id).where(Site.code == "CRR-NORD"))
    scope = scopes.node_scope(session, "CRR-NORD", van_id)
    expected = set(session.scalars(select(Household.card_number).where(
        Household.id.in_(scopes.households_in_scope(scope)))))
    with van.session() as node:
        cards = set(node.scalars(select(Household.card_number)))
    assert villager.card_number in cards and cards == expected
    # Days offline, then back at base: one run brings everything that changed meanwhile.
    villager.commune = "Tournecoupe"  # moved to another stop of the tour
    session.commit()
    van.sync()
    with van.session() as node:
        assert node.scalar(select(Household.commune).where(Household.id == villager.id)) == "Tournecoupe"


def test_a_household_row_written_at_one_site_reaches_the_other_nodes_where_it_has_access(
        central, auch, make_node, session):
    emergency = session.scalar(select(AccessPeriod).where(AccessPeriod.owner_node == "AUCH").limit(1))
    assert emergency is not None, "the demo opens emergency accesses at Auch"
    grant = session.scalar(select(AllowanceGrant).where(AllowanceGrant.access_period_id == emergency.id))
    auch_id, van_id = (session.scalar(select(Site.id).where(Site.code == code)) for code in ("AUCH", "CRR-NORD"))
    set_shares(session, session.get(AllowanceGrant, grant.id), {auch_id: Decimal(60), van_id: Decimal(40)},
               actor=None, now=NOW, owner_node="CENTRAL")
    session.commit()
    van = make_node("CRR-NORD")
    van.sync()
    auch.sync()  # its own emergency rows come back to it (a new node), then it may change them
    extended = emergency.ends_on + dt.timedelta(days=7)
    with auch.session() as node:
        node.get(AccessPeriod, emergency.id).ends_on = extended  # written where the access was opened
        node.commit()
    auch.sync()
    assert van.sync().down["access_period"] == 1
    with van.session() as node:
        assert node.get(AccessPeriod, emergency.id).ends_on == extended
