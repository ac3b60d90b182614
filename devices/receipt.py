"""Receipt documents: what to print, independent of the printer; laid out for 32/42/48 columns.

The till builds a ``Receipt`` from lines; the printer renders it to ESC/POS. Documents are plain
data (``to_dict``/``receipt_from_dict``) so they can cross the hub as JSON.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Align = Literal["left", "center", "right"]
SUPPORTED_COLUMNS = (32, 42, 48)


def ean13_check_digit(first12: str) -> int:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isascii() and code.isdigit() and \
        ean13_check_digit(code[:12]) == int(code[12])


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    align: Align = "left"
    double: bool = False  # double width and height: half as many columns
    kind: str = field(default="text", init=False)


@dataclass(frozen=True)
class Columns:
    """``label ........ amount``: the amount flush right, the label wrapped if too long."""

    label: str
    amount: str
    bold: bool = False
    kind: str = field(default="columns", init=False)


@dataclass(frozen=True)
class Separator:
    char: str = "-"
    kind: str = field(default="separator", init=False)


@dataclass(frozen=True)
class Barcode:
    """An EAN-13; the check digit is verified here, never left to the printer."""

    ean13: str
    kind: str = field(default="barcode", init=False)

    def __post_init__(self) -> None:
        if not valid_ean13(self.ean13):
            raise ValueError(f"Code EAN-13 invalide (chiffre de contrôle ?) : {self.ean13!r}")


@dataclass(frozen=True)
class QRCode:
    data: str
    size: int = 4
    kind: str = field(default="qr", init=False)

    def __post_init__(self) -> None:
        if not self.data or not 1 <= self.size <= 16:
            raise ValueError("QR code vide ou taille hors de 1 à 16")


@dataclass(frozen=True)
class Feed:
    lines: int = 1
    kind: str = field(default="feed", init=False)


Line = Text | Columns | Separator | Barcode | QRCode | Feed
_KINDS: dict[str, type] = {"text": Text, "columns": Columns, "separator": Separator, "barcode": Barcode,
                           "qr": QRCode, "feed": Feed}


@dataclass(frozen=True)
class Receipt:
    lines: tuple[Line, ...]
    cut: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"lines": [asdict(line) for line in self.lines], "cut": self.cut}


def receipt_from_dict(data: dict[str, Any]) -> Receipt:
    lines = []
    for item in data.get("lines", []):
        fields = dict(item)
        kind = fields.pop("kind", "text")
        if kind not in _KINDS:
            raise ValueError(f"Type de ligne de ticket inconnu : {kind!r}")
        lines.append(_KINDS[kind](**fields))
    return Receipt(tuple(lines), cut=bool(data.get("cut", True)))


# Characters a receipt meets that CP858 lacks: French number formatting (Babel puts narrow
# no-break spaces in "1 234,50 €"), typographic quotes and ligatures.
_FALLBACKS = {"\u202f": " ", "\u00a0": " ", "\u2009": " ", "\u2019": "'", "\u2018": "'",
              "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2026": "...",
              "œ": "oe", "Œ": "OE", "\u2022": "*"}


def printable(text: str, codepage: str = "cp858") -> str:
    """Replace what the code page cannot print by its nearest plain form ("é" stays "é")."""
    out = []
    for char in text:
        char = _FALLBACKS.get(char, char)
        try:
            char.encode(codepage)
        except UnicodeEncodeError:
            char = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode() or "?"
        out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class LaidLine:
    """One printed line (or a code) after layout: what the renderer turns into bytes."""

    kind: str
    text: str = ""
    bold: bool = False
    align: Align = "left"
    double: bool = False
    size: int = 0


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, replace_whitespace=False) or [""]


def _columns(line: Columns, width: int) -> list[LaidLine]:
    amount = line.amount[:width]
    room = max(width - len(amount) - 1, 1)
    labels = _wrap(line.label, room)
    laid = [LaidLine("text", label, bold=line.bold) for label in labels[:-1]]
    last = labels[-1]
    laid.append(LaidLine("text", last + " " * (width - len(last) - len(amount)) + amount, bold=line.bold))
    return laid


def layout(receipt: Receipt, columns: int) -> list[LaidLine]:
    """Fit every line to ``columns`` characters (32, 42 or 48 on 58/80 mm paper)."""
    if columns < 16:
        raise ValueError("Largeur de ticket trop petite")
    laid: list[LaidLine] = []
    for line in receipt.lines:
        if isinstance(line, Text):
            width = columns // 2 if line.double else columns
            laid += [LaidLine("text", part, line.bold, line.align, line.double)
                     for part in _wrap(line.text, width)]
        elif isinstance(line, Columns):
            laid += _columns(line, columns)
        elif isinstance(line, Separator):
            laid.append(LaidLine("text", (line.char or "-")[0] * columns))
        elif isinstance(line, Barcode):
            laid.append(LaidLine("barcode", line.ean13, align="center"))
        elif isinstance(line, QRCode):
            laid.append(LaidLine("qr", line.data, align="center", size=line.size))
        elif isinstance(line, Feed):
            laid += [LaidLine("text", "")] * max(line.lines, 0)
    return laid
