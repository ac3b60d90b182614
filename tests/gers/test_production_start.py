"""`serve` refuses to start a production node with the demo's secrets, an empty or known secret key,
instance files other users can read, or the scan simulator; the demo (DEMO) still starts."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from gers.cli import build_cli

GOOD_KEY = "0123456789abcdef" * 4


@pytest.fixture
def instance(tmp_path):
    return tmp_path / "instance"


@pytest.fixture
def started(monkeypatch):
    """Whether waitress was reached (it is replaced: these tests never open a port)."""
    calls = []
    monkeypatch.setattr("waitress.serve", lambda app, **kwargs: calls.append(kwargs))
    return calls


@pytest.fixture
def run(instance):
    runner = CliRunner()
    cli = build_cli()

    def invoke(*args: str, **env: str):
        return runner.invoke(cli, list(args), env={"GERS_INSTANCE": str(instance), **env})
    return invoke


@pytest.fixture
def node(run):
    """A migrated central node with a real administrator."""
    assert run("db", "upgrade").exit_code == 0
    result = run("users", "create", "--username", "directrice", "--name", "Anne", "--role", "admin",
                 "--password", "une-phrase-bien-longue")
    assert result.exit_code == 0, result.output


def test_a_clean_production_node_starts(run, node, started):
    result = run("serve")
    assert result.exit_code == 0, result.output
    assert len(started) == 1


@pytest.mark.parametrize("pin,password", [(None, "admin-demo-2026"), ("9999", None)])
def test_the_demo_admin_with_its_published_secret_is_refused(run, node, started, pin, password):
    args = ["--pin", pin] if pin else ["--password", password]
    run("users", "create", "--username", "admin", "--name", "Admin", "--role", "admin", *args)
    result = run("serve")
    assert result.exit_code != 0 and started == []
    assert "Démarrage refusé" in result.output
    assert "Le compte de démonstration « admin » a toujours son code ou mot de passe publié" in result.output


def test_a_demo_username_with_its_own_secret_is_accepted(run, node, started):
    run("users", "create", "--username", "caisse", "--name", "Marie", "--role", "cashier", "--pin", "8264")
    assert run("serve").exit_code == 0 and len(started) == 1


def test_an_empty_secret_key_is_refused(run, node, started, instance):
    (instance / "secret_key").write_text("\n")
    result = run("serve")
    assert result.exit_code != 0 and started == []
    assert "La clé secrète est vide" in result.output


@pytest.mark.parametrize("key,message", [("test-secret", "celle de la démonstration ou des tests"),
                                         ("court", "trop courte")])
def test_a_known_or_short_secret_key_is_refused(run, node, started, key, message):
    result = run("serve", GERS_SECRET_KEY=key)
    assert result.exit_code != 0 and started == []
    assert message in result.output


@pytest.mark.parametrize("name", ["", "gers.sqlite3", "secret_key"])
def test_world_readable_instance_files_are_refused(run, node, started, instance, name):
    (instance / name).chmod(0o755 if name == "" else 0o644)
    result = run("serve")
    assert result.exit_code != 0 and started == []
    assert "Fichiers d'instance accessibles à d'autres utilisateurs" in result.output
    assert str(instance / name).rstrip("/") in result.output


def test_the_scan_simulator_is_refused(run, node, started):
    result = run("serve", GERS_DEVICE_SIMULATOR="true", GERS_SECRET_KEY=GOOD_KEY)
    assert result.exit_code != 0 and started == []
    assert "Le simulateur de lecture (DEVICE_SIMULATOR) est activé" in result.output


def test_every_problem_is_named_at_once(run, node, started, instance):
    (instance / "gers.sqlite3").chmod(0o644)
    result = run("serve", GERS_DEVICE_SIMULATOR="true", GERS_SECRET_KEY="test-secret")
    assert result.output.count("\n  - ") == 3


def test_the_demo_starts_with_its_published_secrets(run, node, started):
    run("users", "create", "--username", "admin", "--name", "Admin", "--role", "admin", "--pin", "9999")
    result = run("serve", GERS_DEMO="true", GERS_DEVICE_SIMULATOR="true")
    assert result.exit_code == 0, result.output
    assert len(started) == 1
