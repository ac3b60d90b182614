"""The Paris day of a stored UTC timestamp, computed by the database (summaries group by it).

PostgreSQL converts with its time zone rules; SQLite has none, so the same expression calls a
function registered on the connection by `register_sqlite` (Python's zoneinfo behind it).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from gers.clock import PARIS

_SQLITE_NAME = "gers_paris_day"


class paris_day(FunctionElement):  # noqa: N801 (reads as a SQL function)
    type = Date()
    inherit_cache = True


@compiles(paris_day, "postgresql")
def _postgresql(element, compiler, **kw) -> str:
    return f"CAST(timezone('Europe/Paris', timezone('UTC', {compiler.process(element.clauses, **kw)})) AS DATE)"


@compiles(paris_day, "sqlite")
def _sqlite(element, compiler, **kw) -> str:
    return f"{_SQLITE_NAME}({compiler.process(element.clauses, **kw)})"


class year_start(FunctionElement):  # noqa: N801
    """1 January of the year of a date (e.g. of a paris_day): the key of the yearly summaries."""

    type = Date()
    inherit_cache = True


@compiles(year_start, "postgresql")
def _postgresql_year(element, compiler, **kw) -> str:
    return f"CAST(date_trunc('year', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(year_start, "sqlite")
def _sqlite_year(element, compiler, **kw) -> str:
    return f"strftime('%Y-01-01', {compiler.process(element.clauses, **kw)})"


def _paris_day_text(stored: str | None) -> str | None:
    if stored is None:
        return None
    moment = dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)
    return moment.astimezone(PARIS).date().isoformat()


def register_sqlite(session: Session) -> None:
    """Make paris_day() callable on this session's SQLite connection (no-op on PostgreSQL)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.connection.driver_connection.create_function(
            _SQLITE_NAME, 1, _paris_day_text, deterministic=True)
