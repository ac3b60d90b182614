"""Reading the tours' forms: dates, hours and months as typed, French errors (pure: no Flask, no database)."""

from __future__ import annotations

import datetime as dt
import re

from gers.formatting import read_typed_date, read_typed_time


class FormError(ValueError):
    """French message for the coordinator."""


def read_date(raw: str | None, label: str) -> dt.date:
    day = read_typed_date(raw)
    if day is None:
        raise FormError(f"{label} : indiquez une date comme 28/11/2026.")
    return day


def read_time(raw: str | None, label: str) -> dt.time:
    moment = read_typed_time(raw)
    if moment is None:
        raise FormError(f"{label} : indiquez une heure comme 09:30.")
    return moment


def read_month(raw: str | None, today: dt.date) -> tuple[int, int]:
    """« 2026-12 » (the month input's value); empty is this month."""
    text = (raw or "").strip()
    if not text:
        return today.year, today.month
    match = re.fullmatch(r"(20[0-9]{2})-(0[1-9]|1[0-2])", text)
    if match is None:
        raise FormError("Mois : indiquez un mois comme 2026-12.")
    return int(match[1]), int(match[2])


def read_insee(raw: str | None) -> str:
    """Five characters: two for the département (2A/2B in Corsica), three digits."""
    text = (raw or "").strip().upper()
    if text and not re.fullmatch(r"(?:[0-9]{2}|2A|2B)[0-9]{3}", text):
        raise FormError("Code INSEE : cinq caractères, par exemple 32107.")
    return text
