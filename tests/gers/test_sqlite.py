"""SQLite on a Raspberry Pi's SD card: every committed sale must survive a power cut."""

from __future__ import annotations

from sqlalchemy import text

from gers.db import make_engine, normalise_url


def test_sqlite_is_tuned_for_power_cuts(database_url):
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    engine.dispose()


def test_plain_postgresql_urls_use_psycopg3():
    assert normalise_url("postgresql://u:p%25w@db/gers") == "postgresql+psycopg://u:p%25w@db/gers"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
