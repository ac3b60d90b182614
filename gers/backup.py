"""Nightly backups of a node's database and their restore (the timer in systemd/ runs `backup`).

SQLite (a site): the online backup API copies a consistent snapshot while the till keeps selling,
WAL included; the copy is checked (`PRAGMA integrity_check`) before it takes its final name, so a
half-written file never looks like a backup. PostgreSQL (central): `pg_dump` in custom format.
Files are private (0600) and named by UTC time; the newest `keep` are kept.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from gers.instance import create_private_file, make_private_dir, sqlite_path

PREFIX = "gers-"
SQLITE_SUFFIX = ".sqlite3"
PG_SUFFIX = ".dump"


class BackupError(RuntimeError):
    """The backup or the restore did not happen; the message says why, in French."""


# A restored site's journal ends where the backup ended, while central may hold the sales made after
# it: a new sale would reuse their numbers and fork the chain. The till stays closed until the first
# full exchange has brought them back (sync removes the mark).
RESTORE_MARK = "restauration-a-synchroniser"
RESTORE_PENDING_MESSAGE = ("Base restaurée depuis une sauvegarde : la caisse reste fermée jusqu'à la première "
                           "synchronisation, qui rapporte les ventes faites depuis. Faites « Synchroniser "
                           "maintenant » (coordinateur) ; sans réseau, prévenez le coordinateur.")


def mark_restored(instance: Path) -> None:
    create_private_file(instance / RESTORE_MARK)


def restore_pending(instance: Path) -> bool:
    return (instance / RESTORE_MARK).exists()


def clear_restore_mark(instance: Path) -> None:
    (instance / RESTORE_MARK).unlink(missing_ok=True)


def backup(database_url: str, folder: Path, now: dt.datetime, keep: int) -> Path:
    if keep < 1:
        raise BackupError("Gardez au moins une sauvegarde (--garder 1 ou plus).")
    make_private_dir(folder)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    database = sqlite_path(database_url)
    if database is not None:
        made = _backup_sqlite(database, folder / f"{PREFIX}{stamp}{SQLITE_SUFFIX}")
    else:
        made = _backup_postgres(database_url, folder / f"{PREFIX}{stamp}{PG_SUFFIX}")
    rotate(folder, made.suffix, keep)
    return made


def _backup_sqlite(database: Path, target: Path) -> Path:
    if not database.exists():
        raise BackupError(f"Base introuvable : {database}")
    partial = target.with_name(target.name + ".partiel")
    create_private_file(partial)
    with _connect(database) as source, _connect(partial) as copy:
        source.backup(copy)
    _check_sqlite(partial)
    partial.replace(target)  # atomic: a backup is complete or absent
    return target


def _backup_postgres(database_url: str, target: Path) -> Path:
    partial = target.with_name(target.name + ".partiel")
    create_private_file(partial)
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", _libpq_url(database_url)],
         "pg_dump")
    partial.replace(target)
    return target


def rotate(folder: Path, suffix: str, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups of this kind; returns those deleted."""
    backups = sorted(folder.glob(f"{PREFIX}*{suffix}"), key=lambda path: path.name, reverse=True)
    for old in backups[keep:]:
        old.unlink()
    return backups[keep:]


def restore(backup_file: Path, database_url: str, now: dt.datetime) -> Path | None:
    """Put the node's database back to `backup_file`. The server must be stopped. For SQLite the
    current file is first kept beside it (returned), so a restore can itself be undone."""
    if not backup_file.is_file():
        raise BackupError(f"Sauvegarde introuvable : {backup_file}")
    database = sqlite_path(database_url)
    if database is None:
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_libpq_url(database_url)}", str(backup_file)], "pg_restore")
        return None
    _check_sqlite(backup_file)
    kept = None
    if database.exists():
        kept = database.with_name(f"{database.name}.avant-restauration-{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}")
        create_private_file(kept)
        with _connect(database) as current, _connect(kept) as copy:
            current.backup(copy)
    create_private_file(database)
    with _connect(backup_file) as source, _connect(database) as target:
        source.backup(target)  # through SQLite, so the -wal beside the database cannot undo it
    return kept


def _check_sqlite(path: Path) -> None:
    try:
        with _connect(path) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            connection.execute("SELECT count(*) FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path.name} n'est pas une sauvegarde Gers Solidaire lisible ({exc}).") from exc
    if verdict != "ok":
        raise BackupError(f"{path.name} est abîmée (contrôle d'intégrité : {verdict}).")


class _connect:
    """sqlite3 connection closed on exit (sqlite3's own context manager only commits)."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path)

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *_exc: object) -> None:
        self.connection.close()


def _libpq_url(database_url: str) -> str:
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None)
    if found is None:
        raise BackupError(f"{name} introuvable : installez le paquet Debian postgresql-client.")
    return str(found)


def _run(command: list[str], tool: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PGCONNECT_TIMEOUT": "10"})
    if done.returncode != 0:
        raise BackupError(f"{tool} a échoué : {done.stderr.strip()[-500:]}")
