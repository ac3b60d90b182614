"""Readings by scan (pure): the cold unit's label, then the thermometer's own text.

A label carries `FROID-<unit code>` in Code 128; a scanner in keyboard mode types it and Enter. A
probe thermometer in keyboard-wedge mode types its reading the way it displays it: "+3.5",
"3,5 C", "-18.0°C", "T=3.5C", sometimes with a trailing CR or tab. Anything else is answered in
French, never with an exception other than ColdChainError.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from gers.clock import PARIS
from shop.coldchain import ColdChainError, read_celsius

LABEL_PREFIX = "FROID-"
# Minus signs a thermometer or a keyboard layout may send for "-".
_MINUS = str.maketrans({"−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-"})
# What may surround the number: a "T", "T=", "Temp:" prefix; a °C, ºC (masculine ordinal, a common
# substitute), "deg C" or bare "C" suffix.
_SCANNED = re.compile(r"(?:t(?:emp(?:[ée]rature)?)?\s*[:=]?\s*)?"
                      r"(?P<number>[+-]?\s*[0-9]{1,6}(?:[.,][0-9]{1,6})?)"
                      r"\s*(?:(?:°|º|deg)?\s*(?P<unit>[cf]))?", re.IGNORECASE)
MORNING_UNTIL = dt.time(14, 0)  # a reading before 14:00 (Paris) is the opening one by default


def label_value(unit_code: str) -> str:
    """What the unit's label encodes."""
    return f"{LABEL_PREFIX}{unit_code}"


def unit_key(code: str) -> str:
    """A unit code as a scan gives it back: upper case, no spaces (a scanner may drop or add them)."""
    return "".join(code.split()).upper()


def read_unit_scan(raw: str | None) -> str:
    """The unit's key (see unit_key) from a scanned label, or from the code typed by hand."""
    text = unit_key(raw or "")
    if not text:
        raise ColdChainError("Aucune étiquette lue : scannez l'étiquette FROID-… de l'appareil, ou tapez son code.")
    if text.startswith(LABEL_PREFIX):
        text = text[len(LABEL_PREFIX):]
    if not text or len(text) > 32 or not text.isprintable():
        shown = "".join(ch for ch in (raw or "") if ch.isprintable())[:40]
        raise ColdChainError(f"« {shown} » n'est pas une étiquette d'appareil : scannez l'étiquette "
                             "FROID-… collée sur l'appareil, ou tapez son code.")
    return text


def read_scanned_celsius(raw: str | None) -> Decimal:
    """A temperature as a thermometer types it, to the tenth of a degree, within the plausible range."""
    text = (raw or "").translate(_MINUS).strip()
    if not text:
        raise ColdChainError("Aucune température lue : scannez ou tapez la température (ex. 3,5).")
    match = _SCANNED.fullmatch(text)
    shown = "".join(ch for ch in (raw or "") if ch.isprintable()).strip()[:20]
    if match is None:
        raise ColdChainError(f"« {shown} » n'est pas une température (ex. 3,5 ou -18).")
    if (match["unit"] or "c").lower() == "f":
        raise ColdChainError("Le thermomètre envoie des degrés Fahrenheit : réglez-le en °C.")
    return read_celsius(re.sub(r"\s", "", match["number"]))


def default_moment(now: dt.datetime) -> str:
    """Opening reading in the morning, closing one after (Paris time)."""
    return "morning" if now.astimezone(PARIS).time() < MORNING_UNTIL else "evening"
