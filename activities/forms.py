"""Reading what people type (dates, hours, counts, durations, choices) into values; French errors,
no Flask, no database."""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from decimal import Decimal
from typing import TypeVar

from activities.errors import ActivityError
from gers.formatting import UnreadableNumber, read_decimal, read_typed_date, read_typed_time

E = TypeVar("E", bound=enum.Enum)


def read_date(raw: str | None, label: str) -> dt.date:
    day = read_typed_date(raw)
    if day is None:
        raise ActivityError(f"{label} : indiquez une date comme 03/12/2026.")
    return day


def read_time(raw: str | None, label: str) -> dt.time:
    moment = read_typed_time(raw)
    if moment is None:
        raise ActivityError(f"{label} : indiquez une heure comme 09:30.")
    return moment


def read_count(raw: str | None, label: str, *, minimum: int = 0, maximum: int = 1000) -> int:
    """A whole number within bounds: « -3 » or « 2,5 » places are refused."""
    text = (raw or "").strip()
    if not re.fullmatch(r"[0-9]{1,6}", text) or not minimum <= int(text) <= maximum:
        raise ActivityError(f"{label} : « {text[:20]} » n'est pas un nombre entier entre {minimum} et {maximum}.")
    return int(text)


def read_hours(raw: str | None, label: str = "Durée") -> Decimal:
    """Hours as typed (« 1,5 »), rounded to the quarter-hour the form offers."""
    try:
        hours = read_decimal(raw, limit=Decimal("1000"))
    except UnreadableNumber:
        hours = None
    if hours is None or hours <= 0:
        raise ActivityError(f"{label} : « {(raw or '').strip()[:20]} » n'est pas un nombre d'heures (par exemple 1,5).")
    return (hours * 4).to_integral_value() / 4


def read_choice(raw: str | None, choices: type[E], label: str) -> E:
    try:
        return choices((raw or "").strip())
    except ValueError:
        raise ActivityError(f"{label} : choisissez dans la liste.") from None


def read_uuid(raw: str | None, label: str, *, required: bool = True) -> uuid.UUID | None:
    text = (raw or "").strip()
    if not text and not required:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ActivityError(f"{label} : choisissez dans la liste.") from None
