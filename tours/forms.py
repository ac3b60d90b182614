"""Reading the tours' forms: dates, hours and months as typed, French errors (pure: no Flask, no database)."""

from __future__ import annotations

import datetime as dt
import re


class FormError(ValueError):
    """French message for the coordinator."""


def read_date(raw: str | None, label: str) -> dt.date:
    text = (raw or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise FormError(f"{label} : indiquez une date comme 28/11/2026.")


def read_time(raw: str | None, label: str) -> dt.time:
    text = (raw or "").strip()
    if re.fullmatch(r"[0-2]?[0-9][:h][0-5][0-9]", text):
        try:
            return dt.time(int(text[:-3]), int(text[-2:]))
        except ValueError:
            pass
    raise FormError(f"{label} : indiquez une heure comme 09:30.")


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
