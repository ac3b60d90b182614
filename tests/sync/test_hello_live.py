"""A real central (`gers-solidaire serve` on the suite's PostgreSQL) and a real node identity on disk:
the node's client says hello over HTTP (through the node's proxy); a replayed request and a revoked
node are refused."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from sync import identity as ident
from sync.client import RefusedByCentral, SyncClient, SyncError
from sync.keystore import load_identity
from sync.models import SyncRefusal
from tests.support.builders import Builders
from tests.support.network import Network
from tests.support.postgres import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def network(make_network) -> Network:
    """Central enrols AUCH, AUCH installs its identity file and reaches central through its proxy."""
    return make_network("AUCH", reference=lambda session, _now, _codes: Builders(session).site(code="AUCH",
                                                                                                 name="Auch"))


def _post(url: str, headers: dict[str, str], body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_a_node_says_hello_to_a_real_central_and_replays_and_revoked_nodes_are_refused(network):
    central, node = network.central, network.node("AUCH")
    identity = load_identity(node.instance)
    assert identity.central_url == node.proxy.url
    # The node's clock three hours slow: accepted, and the offset is measured for the node.
    slow_clock = SyncClient(identity, clock=lambda: network.clock() - dt.timedelta(hours=3))
    answer = slow_clock.hello()
    assert abs(answer.clock_offset_seconds - 3 * 3600) < 600
    assert answer.last_seen_at is None
    assert abs((SyncClient(identity).hello().last_seen_at - answer.central_time).total_seconds()) < 600
    assert "Décalage d'horloge : à l'heure" in node.cli("sync", "hello").stdout

    # The same signed request sent twice: the copy is refused.
    body = b"{}"
    headers = ident.request_headers(identity, "POST", "/sync/v1/hello", body, network.clock(), ident.new_nonce())
    url = identity.central_url + "/sync/v1/hello"
    assert _post(url, headers, body)[0] == 200
    status, refusal = _post(url, headers, body)
    assert (status, refusal["reason"]) == (401, "replayed_nonce")
    assert refusal["message"] == "Requête rejouée : ce numéro unique (nonce) a déjà été utilisé."

    central.cli("nodes", "revoke", "AUCH")
    with pytest.raises(RefusedByCentral, match="L'identité de ce nœud a été révoquée") as caught:
        SyncClient(identity).hello()
    assert (caught.value.status, caught.value.reason) == (403, "revoked_node")
    with central.session() as session:
        reasons = session.scalars(select(SyncRefusal.reason).order_by(SyncRefusal.refused_at)).all()
    assert [r.value for r in reasons] == ["replayed_nonce", "revoked_node"]
    assert "jamais" not in central.cli("nodes", "list").stdout
    node.proxy.settle()
    assert [record.cut for record in node.proxy.connections] == [None] * len(node.proxy.connections)


def test_an_answer_not_signed_by_this_networks_central_is_rejected(network):
    identity = load_identity(network.node("AUCH").instance)
    stranger_key = ident.generate_key_pair().public_key
    fooled = SyncClient(ident.NodeIdentity(identity.node, identity.private_key, identity.central_url, stranger_key))
    with pytest.raises(SyncError, match="n'est pas signée par le serveur central de ce réseau"):
        fooled.hello()


def test_an_unreachable_central_gets_a_french_message(tmp_path: Path):
    pair, central = ident.generate_key_pair(), ident.generate_key_pair()
    port = free_port()  # nothing listens there
    identity = ident.NodeIdentity("AUCH", pair.private_key, f"http://127.0.0.1:{port}", central.public_key)
    with pytest.raises(SyncError, match=r"Serveur central injoignable \(http://127.0.0.1:\d+\) .*sans réseau"):
        SyncClient(identity, timeout=5).hello()
