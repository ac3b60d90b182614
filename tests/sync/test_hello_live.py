"""A real central (`gers-solidaire serve` on the suite's PostgreSQL) and a real node identity on disk:
the node's client says hello over HTTP; a replayed request and a revoked node are refused."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from sqlalchemy import select

from gers.cli import build_cli
from gers.db import make_engine, make_session_factory
from sync import identity as ident
from sync.client import RefusedByCentral, SyncClient, SyncError
from sync.keystore import load_identity
from sync.models import SyncRefusal
from tests.support.builders import Builders
from tests.support.postgres import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def cli(*args: str) -> str:
    result = CliRunner().invoke(build_cli(), list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def central_url(postgresql_databases, tmp_path: Path) -> Iterator[str]:
    url = postgresql_databases.fresh(tmp_path)
    yield url
    postgresql_databases.drop(url)


@pytest.fixture
def network(tmp_path: Path, central_url: str) -> Iterator[dict]:
    """Central enrols AUCH, AUCH installs its identity file, central serves on a loopback port."""
    central, node, port = tmp_path / "central", tmp_path / "auch", free_port()
    central.mkdir(mode=0o700)  # as the systemd units create it: `serve` refuses a readable instance
    node.mkdir(mode=0o700)
    (central / "gers.toml").write_text(f'role = "central"\ndatabase_url = "{central_url}"\n', encoding="utf-8")
    (node / "gers.toml").write_text('role = "site"\nnode_code = "AUCH"\n', encoding="utf-8")
    for config in (central / "gers.toml", node / "gers.toml"):
        config.chmod(0o600)
    engine = make_engine(central_url)
    with make_session_factory(engine)() as session:
        Builders(session).site(code="AUCH", name="Auch")
        session.commit()
    issued = tmp_path / "identite-AUCH.json"
    cli("nodes", "enrol", "AUCH", "--url", f"http://127.0.0.1:{port}", "--out", str(issued),
        "--instance", str(central))
    cli("sync", "join", str(issued), "--instance", str(node))
    command = [sys.executable, "-m", "gers.cli", "serve", "--instance", str(central), "--port", str(port)]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as server:
        try:
            _wait_listening(port, server)
            # The server is a real process on the machine's clock. When the suite runs with its clock
            # moved (`make test-future`), the node side follows the server's clock, read from its
            # Date header, as a real node's clock would be set.
            with time_machine.travel(_server_time(port), tick=True) as traveller:
                clock = lambda: dt.datetime.fromtimestamp(traveller.time_ns() / 1e9, dt.UTC)  # noqa: E731
                yield {"central": central, "node": node, "engine": engine, "port": port, "clock": clock}
        finally:
            server.terminate()
            engine.dispose()


def _wait_listening(port: int, server: subprocess.Popen) -> None:
    """Readiness, not timing: poll until the server accepts connections (or dies)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"serve stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("serve did not listen within 60 s")


def _server_time(port: int) -> dt.datetime:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante", timeout=30) as response:
        return email.utils.parsedate_to_datetime(response.headers["Date"])


def _post(url: str, headers: dict[str, str], body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_a_node_says_hello_to_a_real_central_and_replays_and_revoked_nodes_are_refused(network):
    identity = load_identity(network["node"])
    # The node's clock three hours slow: accepted, and the offset is measured for the node.
    slow_clock = SyncClient(identity, clock=lambda: network["clock"]() - dt.timedelta(hours=3))
    answer = slow_clock.hello()
    assert abs(answer.clock_offset_seconds - 3 * 3600) < 600
    assert answer.last_seen_at is None
    assert abs((SyncClient(identity).hello().last_seen_at - answer.central_time).total_seconds()) < 600
    assert "Décalage d'horloge : à l'heure" in cli("sync", "hello", "--instance", str(network["node"]))

    # The same signed request sent twice: the copy is refused.
    body = b"{}"
    headers = ident.request_headers(identity, "POST", "/sync/v1/hello", body, network["clock"](), ident.new_nonce())
    url = identity.central_url + "/sync/v1/hello"
    assert _post(url, headers, body)[0] == 200
    status, refusal = _post(url, headers, body)
    assert (status, refusal["reason"]) == (401, "replayed_nonce")
    assert refusal["message"] == "Requête rejouée : ce numéro unique (nonce) a déjà été utilisé."

    cli("nodes", "revoke", "AUCH", "--instance", str(network["central"]))
    with pytest.raises(RefusedByCentral, match="L'identité de ce nœud a été révoquée") as caught:
        SyncClient(identity).hello()
    assert (caught.value.status, caught.value.reason) == (403, "revoked_node")
    with make_session_factory(network["engine"])() as session:
        reasons = session.scalars(select(SyncRefusal.reason).order_by(SyncRefusal.refused_at)).all()
    assert [r.value for r in reasons] == ["replayed_nonce", "revoked_node"]
    assert "jamais" not in cli("nodes", "list", "--instance", str(network["central"]))


def test_an_answer_not_signed_by_this_networks_central_is_rejected(network):
    identity = load_identity(network["node"])
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
