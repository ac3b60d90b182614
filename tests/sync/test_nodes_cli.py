"""`gers-solidaire nodes enrol|list|revoke` on central and `gers-solidaire sync join` on a node."""

from __future__ import annotations

import datetime as dt
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from gers.cli import build_cli
from gers.db import make_engine, make_session_factory
from sync import services
from sync.identity import NodeIdentity, generate_key_pair
from sync.keystore import CENTRAL_KEY_FILE, IDENTITY_FILE, central_key, load_identity
from tests.support.builders import Builders
from tests.support.postgres import free_port

URL = "https://central.gers-solidaire.example"


def run(*args: str, ok: bool = True) -> str:
    result = CliRunner().invoke(build_cli(), list(args))
    assert (result.exit_code == 0) is ok, result.output
    return result.output


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def central(tmp_path: Path, sqlite_databases) -> Path:
    instance = tmp_path / "central"
    instance.mkdir()
    (instance / "gers.toml").write_text('role = "central"\n', encoding="utf-8")
    url = sqlite_databases.fresh(instance)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        Builders(session).site(code="AUCH", name="Auch")
        session.commit()
    engine.dispose()
    return instance


@pytest.fixture
def node(tmp_path: Path) -> Path:
    instance = tmp_path / "auch"
    instance.mkdir()
    (instance / "gers.toml").write_text('role = "site"\nnode_code = "AUCH"\n', encoding="utf-8")
    return instance


def test_enrol_writes_an_identity_file_only_its_owner_can_read_and_join_installs_it(central, node):
    output = run("nodes", "enrol", "auch", "--url", URL, "--instance", str(central))
    issued = central / "identites" / "identite-AUCH.json"
    assert f"Nœud AUCH enrôlé. Fichier d'identité : {issued}" in output
    assert "gers-solidaire sync join identite-AUCH.json" in output
    assert mode(issued) == 0o600 and mode(central / CENTRAL_KEY_FILE) == 0o600
    identity = NodeIdentity.from_json(issued.read_text())
    assert (identity.node, identity.central_url) == ("AUCH", URL)
    assert identity.central_public_key == central_key(central).public_key

    issued.chmod(0o644)  # copied with a careless mode: the installed copy is private anyway
    output = run("sync", "join", str(issued), "--instance", str(node))
    assert output == (f"Identité du nœud AUCH installée (serveur central : {URL}). Vous pouvez effacer {issued}.\n")
    assert mode(node / IDENTITY_FILE) == 0o600
    assert load_identity(node) == identity


def test_enrol_refuses_what_it_cannot_do_and_writes_nothing(central, node, tmp_path):
    out = tmp_path / "identite.json"
    assert "Aucun site ni unité mobile de code « CONDOM »" in run(
        "nodes", "enrol", "CONDOM", "--url", URL, "--out", str(out), "--instance", str(central), ok=False)
    assert "Indiquez l'adresse du serveur central" in run("nodes", "enrol", "AUCH", "--instance", str(central),
                                                         ok=False)
    assert "Commande du serveur central : ce nœud est un site." in run(
        "nodes", "enrol", "AUCH", "--url", URL, "--instance", str(node), ok=False)
    assert not out.exists()
    run("nodes", "enrol", "AUCH", "--url", URL, "--out", str(out), "--instance", str(central))
    assert "déjà enrôlé" in run("nodes", "enrol", "AUCH", "--url", URL, "--out", str(out),
                                "--instance", str(central), ok=False)


def test_list_and_revoke_speak_french_with_paris_dates(central):
    engine = make_engine(f"sqlite:///{central / 'gers.sqlite3'}")
    with make_session_factory(engine)() as session:
        at = dt.datetime(2026, 11, 28, 21, 5, tzinfo=dt.UTC)
        services.enrol(session, code="AUCH", central=generate_key_pair(), central_url=URL, now=at)
        session.commit()
    engine.dispose()
    lines = run("nodes", "list", "--instance", str(central)).splitlines()
    assert lines[0].split("  ")[0] == "Code" and "Dernier contact" in lines[0]
    assert lines[1].startswith("AUCH") and "28/11/2026 22:05" in lines[1] and "jamais" in lines[1]
    output = run("nodes", "revoke", "auch", "--instance", str(central))
    assert output.startswith("Nœud AUCH révoqué : ses requêtes sont refusées.")
    revoked_row = run("nodes", "list", "--instance", str(central)).splitlines()[1]
    assert len(re.findall(r"\d\d/\d\d/\d{4} \d\d:\d\d", revoked_row)) == 2  # enrolled, then revoked
    assert "Aucun nœud AUCH enrôlé et actif." in run("nodes", "revoke", "AUCH", "--instance", str(central),
                                                     ok=False)


def test_an_empty_network_says_so(central):
    assert run("nodes", "list", "--instance", str(central)) == "Aucun nœud enrôlé.\n"


def test_join_refuses_a_file_of_another_node_or_no_identity_at_all(node, central, tmp_path):
    other = NodeIdentity("CONDOM", generate_key_pair().private_key, URL, generate_key_pair().public_key)
    path = tmp_path / "identite-CONDOM.json"
    path.write_text(other.to_json())
    assert "Ce fichier est l'identité du nœud CONDOM, or ce nœud est AUCH" in run(
        "sync", "join", str(path), "--instance", str(node), ok=False)
    path.write_text("n'importe quoi")
    assert "Fichier d'identité illisible" in run("sync", "join", str(path), "--instance", str(node), ok=False)
    assert "Fichier d'identité illisible" in run("sync", "join", str(tmp_path / "absent.json"),
                                                 "--instance", str(node), ok=False)
    assert "le fichier d'identité s'installe sur un site" in run("sync", "join", str(path), "--instance",
                                                                 str(central), ok=False)
    assert not (node / IDENTITY_FILE).exists()
    assert "Ce nœud n'a pas d'identité" in run("sync", "hello", "--instance", str(node), ok=False)


def test_sync_fails_with_a_french_message_and_a_non_zero_exit(node, central, tmp_path):
    run("db", "upgrade", "--instance", str(node))
    assert "Ce nœud n'a pas d'identité" in run("sync", "--instance", str(node), ok=False)
    port = free_port()  # nothing listens there
    run("nodes", "enrol", "AUCH", "--url", f"http://127.0.0.1:{port}", "--out", str(tmp_path / "id.json"),
        "--instance", str(central))
    run("sync", "join", str(tmp_path / "id.json"), "--instance", str(node))
    output = run("sync", "--instance", str(node), ok=False)
    assert "Synchronisation interrompue : Serveur central injoignable" in output
    assert "la caisse continue de fonctionner sans réseau" in output
    assert "la synchronisation se lance depuis un site" in run("sync", "--instance", str(central), ok=False)
