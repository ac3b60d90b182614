"""Central's network status page, a site's header and its « Synchroniser maintenant », with a real
exchange between central (demo network) and site nodes in one process."""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import event, select

from gers.cli import build_cli
from gers.db import Base
from gers.models import Role
from inventory.models import Site
from sync import services
from sync.background import UrgentPulls
from sync.client import RefusedByCentral
from sync.lock import exclusive_run
from sync.manual import CLIENT_FACTORY, manual_sync
from sync.models import SyncNode
from sync.network import header_of_node
from sync.node import LAST_ATTEMPT_AT, LAST_ERROR, get_state
from tests.sync.inprocess import NOW, build_central_demo, wsgi_transport
from tests.sync.statusnet import MovableClock, signed_in, site_node, sync, sync_at
from tests.sync.test_exchange import receive, sell, ship_pasta_to

DAY = dt.timedelta(days=1)


@pytest.fixture
def clock():
    return MovableClock()


@pytest.fixture
def central(app, clock):
    app.extensions["gers.clock"] = clock
    build_central_demo(app, NOW)
    return app


@pytest.fixture
def nodes(central, sqlite_databases, tmp_path, clock):
    made = {}

    def make(code: str):
        made[code] = site_node(central, sqlite_databases, tmp_path, clock, code)
        return made[code]
    yield make
    for node in made.values():
        node.app.extensions["gers.engine"].dispose()


def text_of(answer) -> str:
    """The page's visible text, one space between words (enough to assert what a person reads)."""
    body = re.sub(r"<[^>]+>", " ", answer.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(body))


def header_text(answer) -> str:
    match = re.search(r'<header class="top">(.*?)</header>', answer.get_data(as_text=True), re.S)
    assert match
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))))


def row_of(page: str, code: str) -> str:
    match = re.search(rf'<tr id="noeud-{re.escape(code)}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, code
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))))


# --- central's status page -------------------------------------------------------------------

def last_heard(session, code: str, moment: dt.datetime) -> None:
    """What central records of a node whose last full run ended at `moment` (hello, pull, push)."""
    session.execute(SyncNode.__table__.update().where(SyncNode.code == code).values(
        last_seen_at=moment, last_pull_at=moment, last_push_at=moment, backlog=0, clock_offset_seconds=0))
    session.commit()


def test_the_status_page_tells_each_nodes_state_and_alerts_for_a_silent_one(central, nodes, clock, session):
    auch = nodes("AUCH")
    sync_at(auch, clock, NOW - dt.timedelta(hours=8))  # last night, 02:30 in Paris
    nodes("CONDOM"), nodes("CRR-NORD")
    last_heard(session, "CONDOM", NOW - 3 * DAY)  # silent for three days: an alert
    last_heard(session, "CRR-NORD", NOW - 3 * DAY)  # a mobile unit on tour for three days: not yet
    stolen = nodes("LECTOURE")
    services.revoke(session, code="LECTOURE", now=NOW - DAY)
    session.commit()
    with pytest.raises(RefusedByCentral):
        stolen.sync()  # the revoked key knocks: refused, and the refusal is on record
    # Central's clock 2 h 05 ahead of Auch's node at its last request.
    session.execute(SyncNode.__table__.update().where(SyncNode.code == "AUCH").values(clock_offset_seconds=7500))
    session.commit()

    client = signed_in(central, "coordination", "coordination-demo")
    answer = client.get("/synchronisation/")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "À jour" in row_of(page, "AUCH")
    assert "27/11/2026 02:30" in row_of(page, "AUCH")
    assert "horloge du nœud en retard de 2 h 05" in row_of(page, "AUCH")
    assert "Silencieux" in row_of(page, "CONDOM")
    assert "Aucun contact depuis le 24/11/2026 à 10:30 (3 jours, seuil d'alerte 48 h)." in row_of(page, "CONDOM")
    assert "À jour" in row_of(page, "CRR-NORD") and "unité mobile" in row_of(page, "CRR-NORD")
    assert "alerte après 5 jours" in row_of(page, "CRR-NORD")
    text = text_of(answer)
    assert "CONDOM (" in text and "est silencieux" in text
    assert "CRR-NORD (" not in text.split("Nœuds enrôlés")[0]  # no alert for the van
    # The revoked key is apart, and its refused request is listed with its reason.
    assert 'id="noeud-LECTOURE"' not in page
    revoked = text.split("Identités révoquées")[1]
    assert "LECTOURE" in revoked and "26/11/2026 10:30" in revoked
    refusals = text.split("Requêtes refusées")[1]
    assert "LECTOURE L'identité de ce nœud a été révoquée" in refusals
    # Sites without a node are named, so that a forgotten enrolment shows.
    assert "FLEURANCE" in text.split("non enrôlés")[1] and "AUCH (" not in text.split("non enrôlés")[1]


def test_a_mobile_unit_silent_past_its_threshold_raises_the_alert(central, nodes, clock, session):
    nodes("CRR-SUD")
    last_heard(session, "CRR-SUD", NOW - 6 * DAY)
    client = signed_in(central, "coordination", "coordination-demo")
    assert "Silencieux" in row_of(client.get("/synchronisation/").get_data(as_text=True), "CRR-SUD")
    central.config["SYNC_SILENCE_HOURS_MOBILE"] = 168  # a network whose vans tour for a week
    assert "À jour" in row_of(client.get("/synchronisation/").get_data(as_text=True), "CRR-SUD")
    session.execute(SyncNode.__table__.update().where(SyncNode.code == "CRR-SUD").values(silence_alert_hours=72))
    session.commit()
    assert "Silencieux" in row_of(client.get("/synchronisation/").get_data(as_text=True), "CRR-SUD")


# --- a site node: header and sync page -------------------------------------------------------

def shipped_and_received(node, clock, session) -> str:
    """A dispatch from the warehouse, synced down and received at the node: its GTIN can be sold."""
    dispatch_id, lot = ship_pasta_to(session, node.code, "EXP-PAGES-1")
    sync(node, clock)
    receive(node, dispatch_id)
    return lot.product.gtin


def sell_a_shipped_lot(node, clock, session) -> None:
    sell(node, shipped_and_received(node, clock, session))


def test_the_header_says_when_the_node_last_synced_and_whether_rows_wait(central, nodes, clock, session):
    auch = nodes("AUCH")
    sync(auch, clock)  # 09:30 UTC, 10:30 in Paris; brings the demo's users
    client = signed_in(auch.app, "coordination", "3456")
    header = header_text(client.get("/"))
    assert "Synchronisé le 27/11/2026 à 10:30 · Tout est envoyé" in header
    sell_a_shipped_lot(auch, clock, session)
    header = header_text(client.get("/catalogue"))
    assert "Synchronisé le 27/11/2026 à 10:30 · Données en attente d'envoi" in header
    sync(auch, clock)
    assert "Synchronisé le 27/11/2026 à 10:30 · Tout est envoyé" in header_text(client.get("/"))


def test_the_header_is_one_query(central, nodes, clock):
    auch = nodes("AUCH")
    sync(auch, clock)
    statements = []
    engine = auch.app.extensions["gers.engine"]
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with auch.session() as session:
            header = header_of_node(session)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) == 1 and header.synced_text == "Synchronisé le 27/11/2026 à 10:30"


class HeldTransport:
    """Central over WSGI, but each request waits until the test lets it through: the run is caught
    in flight, deterministically."""

    def __init__(self, central) -> None:
        self._send = wsgi_transport(central)
        self.go = threading.Event()
        self.waiting = threading.Event()

    def __call__(self, request, timeout):
        self.waiting.set()
        assert self.go.wait(30), "the test never let the request through"
        return self._send(request, timeout)


def test_sync_now_runs_beside_the_till_one_at_a_time_and_shows_its_outcome(central, nodes, session, clock):
    auch = nodes("AUCH")
    gtin = shipped_and_received(auch, clock, session)
    transport = HeldTransport(central)
    auch.client._transport = transport
    auch.app.extensions[CLIENT_FACTORY] = lambda _app: auch.client
    client = signed_in(auch.app, "coordination", "3456")
    token = csrf_token_of(client)

    started = client.post("/synchronisation/lancer", data={"csrf_token": token})
    assert started.status_code == 302  # answered while the exchange waits on the network
    assert transport.waiting.wait(30)
    sell(auch, gtin)  # the till sells meanwhile
    again = client.post("/synchronisation/lancer", data={"csrf_token": token}, follow_redirects=True)
    assert "Une synchronisation est déjà en cours" in text_of(again)
    running = client.get("/synchronisation/")
    assert "Synchronisation en cours" in text_of(running)
    assert '<meta http-equiv="refresh" content="2">' in running.get_data(as_text=True)

    transport.go.set()
    assert manual_sync(auch.app).wait(60)
    done = client.get("/synchronisation/")
    assert "Synchronisation terminée" in text_of(done) and 'http-equiv="refresh"' not in done.get_data(as_text=True)
    progress = manual_sync(auch.app).progress
    assert progress.summary.up["journal_entry"] == 1 and progress.by == "Claire (coordination)"
    assert f"{progress.rows_up} ligne(s) envoyée(s)" in text_of(done)
    assert "rien : tout est envoyé" in text_of(done)
    auch_id = session.scalar(select(Site.id).where(Site.code == "AUCH"))
    entries = Base.metadata.tables["journal_entry"]
    assert session.scalar(select(entries.c.id).where(entries.c.site_id == auch_id)) is not None  # at central


def test_a_failed_sync_now_shows_the_french_error_and_keeps_it(central, nodes, clock):
    auch = nodes("AUCH")
    sync(auch, clock)

    def cut(_request, _timeout):
        raise ConnectionResetError("connexion réinitialisée")
    auch.client._transport = cut
    auch.app.extensions[CLIENT_FACTORY] = lambda _app: auch.client
    client = signed_in(auch.app, "coordination", "3456")
    token = csrf_token_of(client)
    assert client.post("/synchronisation/lancer", data={"csrf_token": token}).status_code == 302
    assert manual_sync(auch.app).wait(60)
    text = text_of(client.get("/synchronisation/"))
    assert "Synchronisation échouée" in text and "a été coupée" in text and "rien n'est perdu" in text
    assert "Dernière erreur" in text
    assert "Rappels de lots (toutes les 15 minutes) pas de vérification en cours" in text
    # The 15-minute recall pulls of `serve`, cut too: the page says so.
    pulls = UrgentPulls(auch.app, auch.client, interval_s=900)
    auch.app.extensions["sync.urgent_pulls"] = pulls
    pulls.pull_once()
    assert "dernière vérification échouée : La connexion au serveur central" in text_of(client.get("/synchronisation/"))
    with auch.session() as session:
        assert "a été coupée" in get_state(session, LAST_ERROR)


@pytest.mark.parametrize(("node_role", "device_identity"), [("site", False)])
def test_sync_now_without_an_identity_says_how_to_enrol(app, make_site, make_user, node_role, device_identity):
    make_site(code="AUCH")
    make_user(username="claire", role=Role.COORDINATOR, password="coordination-2026")
    client = signed_in(app, "claire", "coordination-2026")  # a Pi never enrolled: its PINs open nothing yet
    page = text_of(client.get("/synchronisation/"))
    assert "Jamais synchronisé" in page and "pas encore enrôlé" in page
    token = csrf_token_of(client)
    answer = client.post("/synchronisation/lancer", data={"csrf_token": token}, follow_redirects=True)
    assert "Synchronisation impossible : Ce nœud n'a pas d'identité" in text_of(answer)
    assert not manual_sync(app).progress.running


def csrf_token_of(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/synchronisation/").get_data(as_text=True))[1]


def test_a_second_exchange_of_the_same_node_is_refused_while_one_runs(central, nodes, clock):
    """The nightly timer (another process) and the button must not run two exchanges at once."""
    auch = nodes("AUCH")
    sync(auch, clock)  # the node's users come from central
    auch.app.extensions[CLIENT_FACTORY] = lambda _app: auch.client
    client = signed_in(auch.app, "coordination", "3456")
    with auch.session() as session:
        attempted = get_state(session, LAST_ATTEMPT_AT)
    with exclusive_run(auch.app.instance_path):  # what the timer's process holds while it runs
        assert client.post("/synchronisation/lancer", data={"csrf_token": csrf_token_of(client)}).status_code == 302
        assert manual_sync(auch.app).wait(60)
        assert "Une autre synchronisation de ce nœud est en cours" in manual_sync(auch.app).progress.error
        folder = Path(auch.app.instance_path)
        (folder / "gers.toml").write_text(
            f'role = "site"\nnode_code = "AUCH"\ndatabase_url = "{auch.app.config["DATABASE_URL"]}"\n')
        refused = CliRunner().invoke(build_cli(), ["sync", "--instance", str(folder)])
        assert refused.exit_code != 0 and "Une autre synchronisation de ce nœud est en cours" in refused.output
        with auch.session() as session:
            assert get_state(session, LAST_ATTEMPT_AT) == attempted  # nothing was tried
    assert client.post("/synchronisation/lancer", data={"csrf_token": csrf_token_of(client)}).status_code == 302
    assert manual_sync(auch.app).wait(60)
    assert manual_sync(auch.app).progress.error == "" and manual_sync(auch.app).progress.summary is not None
