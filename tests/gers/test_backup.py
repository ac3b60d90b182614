"""Nightly backups and their restore: a round trip on SQLite (and PostgreSQL with pg_dump), taken
while a writer is busy, rotated, and refused in French when the file is not a backup.

The "restored from last night's backup, then synced, loses nothing central had" test is with the
sync tests: tests/sync/test_exchange.py::test_a_node_restored_from_a_backup_gets_back_what_it_lost_and_doubles_nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from gers.backup import BackupError, backup, restore, restore_pending
from gers.cli import build_cli
from gers.instance import sqlite_path
from inventory.models import Site
from tests.conftest import BOTH_BACKENDS

NIGHT = dt.datetime(2026, 11, 29, 2, 30, tzinfo=dt.UTC)


def site_codes(app) -> set[str]:
    with app.extensions["gers.sessionmaker"]() as session:
        return set(session.scalars(select(Site.code)))


@BOTH_BACKENDS
def test_a_restore_brings_back_the_database_of_the_backup(app, make_site, database_url, tmp_path, backend):
    make_site(code="AUCH")
    made = backup(database_url, tmp_path / "sauvegardes", NIGHT, keep=14)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    make_site(code="CONDOM")  # the day after the backup
    app.extensions["gers.engine"].dispose()  # the server is stopped before a restore
    kept = restore(made, database_url, NIGHT + dt.timedelta(hours=8))
    assert site_codes(app) == {"AUCH"}
    if backend == "sqlite":  # the replaced database is kept, so the restore itself can be undone
        with sqlite3.connect(kept) as replaced:
            assert {row[0] for row in replaced.execute("SELECT code FROM site")} == {"AUCH", "CONDOM"}
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_backup_is_taken_while_the_till_writes(app, make_site, database_url, tmp_path):
    make_site(code="AUCH")
    writer = sqlite3.connect(sqlite_path(database_url))
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE site SET name = 'en cours' WHERE code = 'AUCH'")
    made = backup(database_url, tmp_path, NIGHT, keep=3)
    writer.rollback()
    writer.close()
    with sqlite3.connect(made) as copy:
        assert copy.execute("SELECT name FROM site").fetchone()[0] != "en cours"  # committed data only


def test_only_the_newest_backups_are_kept(app, database_url, tmp_path):
    for night in range(5):
        backup(database_url, tmp_path / "sauvegardes", NIGHT + dt.timedelta(days=night), keep=3)
    assert sorted(path.name for path in (tmp_path / "sauvegardes").iterdir()) == [
        "gers-20261201-023000.sqlite3", "gers-20261202-023000.sqlite3", "gers-20261203-023000.sqlite3"]


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(app, make_site, database_url, tmp_path):
    make_site(code="AUCH")
    bogus = tmp_path / "photo.sqlite3"
    bogus.write_bytes(b"\x89PNG not a database" * 100)
    with pytest.raises(BackupError, match="n'est pas une sauvegarde Gers Solidaire lisible"):
        restore(bogus, database_url, NIGHT)
    assert site_codes(app) == {"AUCH"}
    with pytest.raises(BackupError, match="Sauvegarde introuvable"):
        restore(tmp_path / "absente.sqlite3", database_url, NIGHT)


def test_backup_and_restore_commands(tmp_path):
    instance, folder = tmp_path / "instance", tmp_path / "sauvegardes"
    instance.mkdir(mode=0o700)
    (instance / "gers.toml").write_text('role = "site"\nnode_code = "AUCH"\n')
    cli = build_cli()
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade", "--instance", str(instance)]).exit_code == 0
    made = runner.invoke(cli, ["backup", "--instance", str(instance), "--dossier", str(folder), "--garder", "2"])
    assert made.exit_code == 0 and "Sauvegarde faite" in made.output
    file = next(folder.glob("gers-*.sqlite3"))
    refused = runner.invoke(cli, ["restore", str(file), "--instance", str(instance)])
    assert refused.exit_code != 0 and "relancez avec --oui" in refused.output
    done = runner.invoke(cli, ["restore", str(file), "--instance", str(instance), "--oui"])
    assert done.exit_code == 0 and "Base restaurée" in done.output
    # A site's till stays closed until its first sync brings back the sales made after the backup.
    assert "La caisse reste fermée jusqu'à la première synchronisation" in done.output
    assert restore_pending(instance)
