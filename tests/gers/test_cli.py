"""The `gers-solidaire` command line: French help, migrations, accounts, clear failures."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from gers.cli import build_cli
from tests.support.postgres import free_port


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()
    cli = build_cli()

    def invoke(*args: str, env: dict | None = None):
        return runner.invoke(cli, list(args), env={"GERS_INSTANCE": str(tmp_path / "instance"), **(env or {})})
    return invoke


def test_help_lists_every_command_in_french(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "Utilisation : gers-solidaire" in result.output
    for command in ("db", "demo", "devices", "serve", "users"):
        assert f"  {command} " in result.output


def test_upgrade_then_check_reports_no_drift(run):
    assert run("db", "upgrade").output == "Base de données à jour.\n"
    result = run("db", "check")
    assert result.exit_code == 0, result.output
    assert "Aucune dérive" in result.output


def test_serve_refuses_a_database_that_was_never_migrated(run):
    result = run("serve")
    assert result.exit_code != 0
    assert "La base de données n'est pas à jour" in result.output


def test_users_create_checks_the_pin_format(run):
    run("db", "upgrade")
    result = run("users", "create", "--username", "marie", "--name", "Marie", "--role", "coordinator",
                 "--pin", "12")
    assert result.exit_code != 0
    assert "Le code PIN doit comporter de 4 à 6 chiffres." in result.output
    ok = run("users", "create", "--username", "marie", "--name", "Marie", "--role", "coordinator", "--pin", "1234")
    assert ok.exit_code == 0 and "Compte « marie » créé." in ok.output
    again = run("users", "create", "--username", "Marie", "--name", "Marie", "--role", "coordinator",
                "--pin", "1234")
    assert "L'identifiant « Marie » existe déjà." in again.output


def test_a_broken_config_file_is_named_without_traceback(run, tmp_path):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "gers.toml").write_text("role = [\n")
    result = run("db", "upgrade")
    assert result.exit_code != 0
    assert "Fichier de configuration mal formé" in result.output
    assert "Traceback" not in result.output


def test_unreachable_postgresql_exits_non_zero_with_a_french_message(tmp_path):
    env = {"GERS_DATABASE_URL": f"postgresql://gers@127.0.0.1:{free_port()}/gers", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "gers.cli", "db", "upgrade", "--instance", str(tmp_path)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 3
    assert result.stderr.startswith("Erreur : base de données injoignable")
    assert "Traceback" not in result.stderr


def test_unknown_command_is_refused_in_french(run):
    result = run("vendre")
    assert result.exit_code == 2
    assert "Commande inconnue : vendre." in result.output


def test_serve_sees_a_fully_migrated_database_as_current(run, tmp_path):
    from gers import migrate

    run("db", "upgrade")
    assert not migrate.pending(f"sqlite:///{tmp_path / 'instance' / 'gers.sqlite3'}")
    assert migrate.pending(f"sqlite:///{tmp_path / 'empty.sqlite3'}")


@pytest.mark.parametrize("group", ["db", "demo", "devices", "households", "journal", "users", "barcode", "catalog",
                                   "warehouse"])
def test_every_command_group_helps_in_french(run, group):
    result = run(group, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Utilisation : gers-solidaire {group} ")
    assert "Commandes:" in result.output and "Usage" not in result.output
