"""Reading what coordinators type (dates, hours, cartons, kg) into values; French errors, no Flask."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel.numbers import format_decimal

from gers.formatting import LOCALE, UnreadableNumber, read_decimal, read_typed_date, read_typed_time


class CollecteError(ValueError):
    """A refusal said to the person in French; nothing is recorded."""


# Far above a hypermarket's best day (a few tonnes, a few hundred cartons), far below the columns' range.
MAX_CARTONS = 10_000
MAX_KG = Decimal("100000")


def read_date(raw: str | None, label: str) -> dt.date:
    day = read_typed_date(raw)
    if day is None:
        raise CollecteError(f"{label} : indiquez une date comme 28/11/2026.")
    return day


def read_time(raw: str | None, label: str) -> dt.time:
    moment = read_typed_time(raw)
    if moment is None:
        raise CollecteError(f"{label} : indiquez une heure comme 09:30.")
    return moment


def read_count(raw: str | None, label: str, *, maximum: int = MAX_CARTONS) -> int:
    """A whole number from 0 to `maximum`: « -3 » or « 2,5 » cartons are refused."""
    text = (raw or "").strip().replace(" ", "").replace("\u202f", "").replace("\xa0", "")
    if not re.fullmatch(r"[0-9]{1,9}", text) or int(text) > maximum:
        raise CollecteError(f"{label} : « {(raw or '').strip()[:20]} » n'est pas un nombre entier entre 0 et "
                            f"{maximum}.")
    return int(text)


def read_grams(raw: str | None, label: str = "Poids") -> int:
    """Kilograms as typed (« 1 234,5 ») to integer grams; empty, negative or unreadable is refused."""
    try:
        kg = read_decimal(raw, limit=MAX_KG)
    except UnreadableNumber:
        kg = None
    if kg is None or kg < 0:
        raise CollecteError(f"{label} : « {(raw or '').strip()[:20]} » n'est pas un poids en kg (par exemple "
                            "1 234,5), positif et d'au plus 100 000 kg.")
    return int((kg * 1000).to_integral_value())


def kilos(grams: int) -> str:
    """A collecte's weights the way people say them: « 1 234,5 kg » (at most one decimal, fr_FR)."""
    return f"{format_decimal(Decimal(grams) / 1000, format='#,##0.#', locale=LOCALE)}\u00a0kg"
