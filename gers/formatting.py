"""fr_FR formatting for people: 3,50 €, 28/11/2026, 1,250 kg. Times are stored UTC, shown in Paris."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal

from gers.clock import PARIS, paris_today

LOCALE = "fr_FR"


# The till answers every scan with about ten amounts, and Babel takes tens of microseconds for each:
# exact values are written here with fr_FR's own symbols (tests compare with Babel); anything that
# needs rounding, and odd values, still go through Babel.
_GROUP, _DECIMAL, _BEFORE_EURO = "\u202f", ",", "\xa0€"


def _fr_number(value: Decimal, places: int) -> str | None:
    """The fr_FR digits of `value` with `places` decimals, or None when Babel must decide."""
    if not value.is_finite() or value.as_tuple().exponent < -places or (value.is_signed() and not value):
        return None
    return f"{value:,.{places}f}".replace(",", _GROUP).replace(".", _DECIMAL)


def money(amount: Decimal | int | float | None) -> str:
    if amount is None:
        return ""
    value = Decimal(amount)
    if (digits := _fr_number(value, 2)) is not None:
        return digits + _BEFORE_EURO
    return format_currency(value, "EUR", locale=LOCALE)


def date_fr(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = paris_today(value)
    return f"{value:%d/%m/%Y}" if value.year >= 1000 else format_date(value, "dd/MM/yyyy", locale=LOCALE)


def datetime_fr(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(PARIS)
    if local.year >= 1000:
        return f"{local:%d/%m/%Y %H:%M}"
    return format_datetime(local, "dd/MM/yyyy HH:mm", locale=LOCALE)


def time_fr(value: dt.time | None) -> str:
    return "" if value is None else format_time(value, "HH:mm", locale=LOCALE)


def weight_kg(grams: int | None) -> str:
    """Integer grams shown as kilograms with three decimals, the way scales print them."""
    if grams is None:
        return ""
    kilos = Decimal(grams) / 1000
    digits = _fr_number(kilos, 3)
    return f"{format_decimal(kilos, format='#,##0.000', locale=LOCALE) if digits is None else digits} kg"


def kg_input(grams: int | None) -> str:
    """Grams as the value of a kilogram field: "3,000" — French decimal comma, no unit and no
    thousands separator, so that `read_decimal` reads it back unchanged when the form is sent."""
    if grams is None:
        return ""
    return f"{Decimal(grams) / 1000:.3f}".replace(".", ",")


def percent(value: Decimal | int | None) -> str:
    """A rate in percent the French way: "10 %", "12,5 %", "100 %" (no trailing zeros)."""
    if value is None:
        return ""
    rate = Decimal(value)
    if (digits := _fr_number(rate, 2)) is None:
        digits = format_decimal(rate, format="#,##0.##", locale=LOCALE)
    elif _DECIMAL in digits:
        digits = digits.rstrip("0").rstrip(_DECIMAL)
    return f"{digits}\u202f%"


_SCALE_TEXT = re.compile(r"(?P<sign>-?)\s*(?P<int>\d+)(?:\.(?P<dec>\d+))?\s*(?P<unit>[a-zA-Z]+)")


def scale_weight(display: str) -> str:
    """A scale's weight text in French notation, same digits (legal for trade): "00.640 kg" ->
    "0,640 kg". Leading zeros are padding, never significant; anything else is left as given."""
    match = _SCALE_TEXT.fullmatch(display.strip())
    if match is None:
        return display
    number = (match["int"].lstrip("0") or "0") + (f",{match['dec']}" if match["dec"] else "")
    return f"{match['sign']}{number} {match['unit']}"


JINJA_FILTERS = {
    "money": money,
    "date_fr": date_fr,
    "datetime_fr": datetime_fr,
    "time_fr": time_fr,
    "weight_kg": weight_kg,
    "kg_input": kg_input,
    "percent": percent,
}


# What people type: "3,50 €", "1 234,5", "12 %" — spaces (also Babel's no-break ones), € and % are
# dropped and the decimal comma accepted, so a value copied from a screen reads back as it shows.
# Nothing else: no exponent ("1e3"), no "_" and only ASCII digits (Decimal reads "٣" as 3).
_TYPED_NOISE = str.maketrans("", "", " \u00a0\u202f€%")
_TYPED_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# Money columns are Numeric(12,2): ten digits before the comma. Callers pass tighter limits.
MAX_TYPED = Decimal("9999999999.99")


class UnreadableNumber(ValueError):
    """A typed number that is refused; str() is a French sentence for the field."""


def read_decimal(raw: str | None, *, limit: Decimal = MAX_TYPED) -> Decimal | None:
    """A number typed the French way; None when empty, UnreadableNumber (a ValueError) when it is not
    a plain number or its size is over ``limit``."""
    text = (raw or "").translate(_TYPED_NOISE).replace(",", ".")
    if not text:
        return None
    if len(text) > 40 or not _TYPED_NUMBER.fullmatch(text):
        raise UnreadableNumber(f"« {_shown(raw)} » n'est pas un nombre (chiffres et virgule, ex. 3,50).")
    value = Decimal(text)
    if abs(value) > limit:
        raise UnreadableNumber(f"« {_shown(raw)} » : nombre trop grand (au plus {format_decimal(limit, locale=LOCALE)}).")
    return value


def _shown(raw: str | None) -> str:
    text = raw or ""
    return text if len(text) <= 30 else text[:30] + "…"


_TYPED_TIME = re.compile(r"[0-2]?[0-9][:h][0-5][0-9]")


def read_typed_date(raw: str | None) -> dt.date | None:
    """A date as a date input sends it (2026-11-28) or as people type it (28/11/2026); None when
    empty or unreadable (the form says which field, in its own words)."""
    text = (raw or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_typed_time(raw: str | None) -> dt.time | None:
    """An hour as a time input sends it (09:30) or as people type it (9h30); None when unreadable."""
    text = (raw or "").strip()
    if _TYPED_TIME.fullmatch(text):
        try:
            return dt.time(int(text[:-3]), int(text[-2:]))
        except ValueError:
            return None
    return None
