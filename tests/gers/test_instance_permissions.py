"""The instance folder (0700) and the SQLite database with its -wal and -shm files (0600) are the
service user's alone, whatever the umask they were created under."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from gers.cli import build_cli


@pytest.fixture(autouse=True)
def permissive_umask():
    previous = os.umask(0o022)  # a typical shell's: files world-readable unless the app says otherwise
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def upgrade(instance: Path):
    result = CliRunner().invoke(build_cli(), ["db", "upgrade", "--instance", str(instance)], env={})
    assert result.exit_code == 0, result.output
    return result


def test_a_new_instance_and_its_database_are_private(tmp_path):
    instance = tmp_path / "var" / "instance"
    upgrade(instance)
    assert mode(instance) == 0o700
    assert mode(instance / "gers.sqlite3") == 0o600
    assert mode(instance / "secret_key") == 0o600


def test_the_wal_and_shm_files_are_private_too(tmp_path):
    from gers.app import create_app

    instance = tmp_path / "instance"
    upgrade(instance)
    app = create_app(instance_path=instance, environ={})
    with app.extensions["gers.engine"].connect() as connection:
        connection.execute(text("CREATE TABLE scratch (n INTEGER)"))
        connection.commit()
        assert mode(instance / "gers.sqlite3-wal") == 0o600
        assert mode(instance / "gers.sqlite3-shm") == 0o600
    app.extensions["gers.engine"].dispose()


def test_upgrade_makes_an_older_world_readable_instance_private(tmp_path):
    instance = tmp_path / "instance"
    upgrade(instance)
    instance.chmod(0o755)
    for name in ("gers.sqlite3", "secret_key"):
        (instance / name).chmod(0o644)
    (instance / "gers.toml").write_text('role = "central"\n')
    (instance / "gers.toml").chmod(0o644)
    upgrade(instance)
    assert mode(instance) == 0o700
    assert {name: mode(instance / name) for name in ("gers.sqlite3", "secret_key", "gers.toml")} == {
        "gers.sqlite3": 0o600, "secret_key": 0o600, "gers.toml": 0o600}
