"""`gers-solidaire nodes status` (the status page over SSH, a probe for supervision) and
`nodes alert-after` (a node's own silence threshold) on central."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gers.app import create_app
from gers.cli_base import provide_app_factory
from sync import services
from sync.cli_status import nodes_group
from sync.identity import generate_key_pair
from tests.support.builders import Builders

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def central(tmp_path: Path, sqlite_databases) -> Path:
    """Central with Auch synced last night and the CRR-NORD van out for three days."""
    instance = tmp_path / "central"
    instance.mkdir()
    (instance / "gers.toml").write_text(f'role = "central"\ndatabase_url = "{sqlite_databases.fresh(instance)}"\n',
                                        encoding="utf-8")
    app = create_app(instance_path=instance, environ={})
    with app.extensions["gers.sessionmaker"]() as session:
        build = Builders(session)
        build.site(code="AUCH", name="Auch")
        build.site(code="CRR-NORD", name="Croix-Rouge sur roues", kind="mobile_unit")
        for code, heard in (("AUCH", NOW - dt.timedelta(hours=7)), ("CRR-NORD", NOW - dt.timedelta(days=3))):
            node, _identity = services.enrol(session, code=code, central=generate_key_pair(),
                                             central_url="https://central", now=NOW - dt.timedelta(days=30))
            node.last_seen_at = node.last_push_at = node.last_pull_at = heard
            node.backlog, node.clock_offset_seconds = 0, 0
        session.commit()
    app.extensions["gers.engine"].dispose()
    return instance


def run(instance: Path, *args: str) -> tuple[int, str]:
    @click.group()
    @click.pass_context
    def root(ctx: click.Context) -> None:
        provide_app_factory(ctx, pinned)
    root.add_command(nodes_group, "nodes")
    result = CliRunner().invoke(root, ["nodes", *args, "--instance", str(instance)])
    return result.exit_code, result.output


def pinned(**kwargs):
    app = create_app(environ={}, **kwargs)
    app.extensions["gers.clock"] = lambda: NOW
    return app


def test_status_lists_each_node_and_check_fails_on_a_silent_one(central):
    code, output = run(central, "status", "--check")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0].split() == ["Code", "État", "Dernière", "synchro", "complète", "En", "attente", "Horloge",
                                "Dernier", "contact"]
    assert lines[1].split()[:4] == ["AUCH", "À", "jour", "28/11/2026"]
    assert lines[2].split()[:3] == ["CRR-NORD", "À", "jour"]  # a van's threshold is 120 h
    assert "ALERTE" not in output

    code, output = run(central, "alert-after", "crr-nord", "48")
    assert (code, output.strip()) == (0, "Nœud CRR-NORD : alerte après 48 h sans contact.")
    code, output = run(central, "status", "--check")
    assert code == 2
    assert "ALERTE CRR-NORD silencieux : Aucun contact depuis le 25/11/2026 à 10:00 (3 jours, seuil d'alerte 48 h)." \
        in output

    code, output = run(central, "alert-after", "CRR-NORD", "0")
    assert code == 0 and "seuil du réseau" in output
    assert run(central, "status", "--check")[0] == 0


def test_alert_after_an_unknown_node_is_a_french_error(central):
    code, output = run(central, "alert-after", "CONDOM", "72")
    assert code != 0 and "Aucun nœud CONDOM enrôlé et actif." in output
