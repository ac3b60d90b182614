"""The one clock helper: instants are aware UTC, days are the day in the Gers (Europe/Paris).

A rule that speaks of a day — access periods, allowance periods, expiry, purge cutoffs, birth years —
takes `paris_today(now)`: at 00:30 in Paris the UTC date is still yesterday (UTC+1 in winter, UTC+2
in summer). Only the edges read the real clock (`utcnow`); rules and services are handed `now`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def paris_now(now: dt.datetime) -> dt.datetime:
    """The wall-clock time in the Gers for an aware instant."""
    return now.astimezone(PARIS)


def paris_today(now: dt.datetime) -> dt.date:
    """The calendar day in the Gers for an aware instant."""
    return paris_now(now).date()


def paris_midnight(day: dt.date) -> dt.datetime:
    """The UTC instant a day begins in the Gers (the bound to compare stored UTC times with)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=PARIS).astimezone(dt.UTC)
