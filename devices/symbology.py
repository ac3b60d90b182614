"""AIM symbology identifiers ("]C1", "]E0", ...) that scanners can prefix to their data."""

from __future__ import annotations

import re

# (code character, modifier) -> name; modifiers left out fall back to the code character alone.
_AIM_EXACT = {
    ("E", "0"): "ean-13", ("E", "4"): "ean-8",
    ("C", "0"): "code-128", ("C", "1"): "gs1-128",
    ("d", "1"): "datamatrix", ("d", "2"): "gs1-datamatrix",
    ("Q", "1"): "qr", ("Q", "3"): "gs1-qr",
    ("e", "0"): "gs1-databar",
}
_AIM_FAMILY = {"E": "ean-upc", "C": "code-128", "d": "datamatrix", "Q": "qr", "e": "gs1-databar",
               "A": "code-39", "I": "itf", "F": "codabar", "G": "code-93"}

_AIM_RE = re.compile(r"\][A-Za-z][0-9A-Za-z]")


def split_aim(data: str) -> tuple[str, str | None, str | None]:
    """Return (data without prefix, symbology name, AIM prefix) for a raw scan."""
    if len(data) < 3 or not _AIM_RE.match(data):
        return data, None, None
    aim = data[:3]
    code, modifier = aim[1], aim[2]
    name = _AIM_EXACT.get((code, modifier)) or _AIM_FAMILY.get(code)
    return data[3:], name, aim
