"""What a scanned code says: GS1-128 / GS1 DataMatrix element strings, EAN-13/8, ITF-14, in-store 2x codes.

Pure: no I/O, no clock. `today` is passed in because GS1 dates carry two-digit years (the century is
chosen relative to the current year, GS1 General Specifications 7.12) and because a best-before in
1999 is a misread, not a fact. biip cuts the element strings and checks GTIN check digits; the dates,
the plausibility rules and the French messages are ours (biip reads its own clock and speaks English).

Scanners in keyboard mode lose the GS separator (0x1D) that ends a variable-length field such as the
lot (AI 10): the lot then "swallows" the rest of the code. We detect the usual case (a date or weight
hidden at the end of the lot) and refuse it rather than record a wrong lot.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gers.formatting import weight_kg
from inventory.gtin import InvalidGtin, ascii_digits, gtin_check_digit, validate_gtin

GS = "\x1d"
# What scanner set-ups and people type for the invisible GS separator.
GS_SUBSTITUTES = ("<GS>", "{GS}", "[GS]", "\\x1d", "␝")
SYMBOLOGY_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
DATE_AIS = {"11": "fabrication", "13": "emballage", "15": "DDM", "16": "vente", "17": "DLC"}
MAX_LABEL_WEIGHT_G = 1_000_000  # 1 t: more on one carton label is a misread
MAX_LABEL_COUNT = 99_999  # units in one logistic unit; 8 digits usually mean a swallowed field
OLDEST_PLAUSIBLE_YEARS = 3
FURTHEST_PLAUSIBLE_YEARS = 10


@dataclass(frozen=True)
class InStoreLayout:
    """One row of a site's table of in-store codes: EAN-13 starting with `prefix` (20–29).

    `measure` is "weight_g" (value in grams) or "price_cents"; slices index the 13 digits.
    """

    prefix: str
    measure: str
    item_slice: tuple[int, int] = (2, 7)
    value_slice: tuple[int, int] = (7, 12)


@dataclass(frozen=True)
class ScannedCode:
    raw: str
    kind: str  # gs1 | ean13 | ean8 | upc | gtin14 | in_store | unknown
    gtin: str | None = None
    base_gtin: str | None = None  # consumer unit of a GTIN-14 carton code (indicator 1–8)
    lot: str | None = None
    use_by: dt.date | None = None  # DLC, AI 17
    best_before: dt.date | None = None  # DDM, AI 15
    net_weight_g: int | None = None
    count: int | None = None
    price: Decimal | None = None
    sscc: str | None = None
    in_store_item: str | None = None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def date_kind(self) -> str | None:
        """"DLC" when a use-by is printed (it wins over a best-before), "DDM", or None."""
        if self.use_by:
            return "DLC"
        return "DDM" if self.best_before else None

    @property
    def expiry_date(self) -> dt.date | None:
        return self.use_by or self.best_before

    def as_dict(self) -> dict:
        def iso(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {"code": self.raw, "kind": self.kind, "gtin": self.gtin, "base_gtin": self.base_gtin,
                "lot": self.lot, "use_by": iso(self.use_by), "best_before": iso(self.best_before),
                "net_weight_g": self.net_weight_g, "count": self.count,
                "price": None if self.price is None else str(self.price), "sscc": self.sscc,
                "in_store_item": self.in_store_item, "errors": list(self.errors),
                "warnings": list(self.warnings)}


@dataclass
class _Reading:
    """Mutable accumulator while walking the element strings."""

    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_code(raw: str, *, today: dt.date, in_store_layouts: tuple[InStoreLayout, ...] = ()) -> ScannedCode:
    """Read any code a warehouse or till scanner may send. Never raises: errors are French strings."""
    code = normalise(raw)
    if not code:
        return ScannedCode(raw=raw, kind="unknown", errors=("Code vide : rien n'a été lu.",))
    body = SYMBOLOGY_PREFIX.sub("", code) if code.startswith("]") else code
    if ascii_digits(body) and len(body) in (8, 12, 13, 14):
        return _parse_plain_gtin(raw, body, in_store_layouts)
    if body.startswith("("):
        return _parse_gs1(raw, body, today, hri=True)
    return _parse_gs1(raw, code, today, hri=False)


def normalise(raw: str) -> str:
    """Trim what keyboards add (spaces, CR/LF) and turn GS substitutes into the real separator."""
    code = raw.strip(" \r\n\t")
    for substitute in GS_SUBSTITUTES:
        code = code.replace(substitute, GS)
    return code


def canonical_gtin(code: str) -> str:
    """The form products are stored under: EAN-8 or EAN-13 when the GTIN-14 is zero-padded."""
    padded = code.zfill(14)
    if padded.startswith("000000"):
        return padded[6:]
    if padded.startswith("0"):
        return padded[1:]
    return padded


def base_unit_gtin(gtin14: str) -> str | None:
    """The consumer unit of a carton GTIN-14 whose indicator digit is 1–8 (9 is variable measure)."""
    if len(gtin14) != 14 or gtin14[0] in "09":
        return None
    body = "0" + gtin14[1:13]
    return canonical_gtin(body + str(gtin_check_digit(body)))


# --- plain GTINs (EAN-13/8, UPC-A, ITF-14) ---------------------------------------------------------

def _parse_plain_gtin(raw: str, digits: str, layouts: tuple[InStoreLayout, ...]) -> ScannedCode:
    """8/13-digit scans are trusted as GTINs even when they would also parse as a GS1 message."""
    try:
        validate_gtin(digits)
    except InvalidGtin as exc:
        return ScannedCode(raw=raw, kind="unknown", errors=(str(exc),))
    kind = {8: "ean8", 12: "upc", 13: "ean13", 14: "gtin14"}[len(digits)]
    if len(digits) == 13 and digits[0] == "2":
        return _parse_in_store(raw, digits, layouts)
    gtin = canonical_gtin(digits)
    return ScannedCode(raw=raw, kind=kind, gtin=gtin, base_gtin=base_unit_gtin(digits.zfill(14)))


def _parse_in_store(raw: str, digits: str, layouts: tuple[InStoreLayout, ...]) -> ScannedCode:
    layout = next((row for row in layouts if digits.startswith(row.prefix)), None)
    if layout is None:
        return ScannedCode(raw=raw, kind="in_store", warnings=(
            f"Code magasin « {digits} » (préfixe {digits[:2]}) : absent de la table des codes du site.",))
    item = digits[slice(*layout.item_slice)]
    value = int(digits[slice(*layout.value_slice)])
    if layout.measure == "weight_g":
        return ScannedCode(raw=raw, kind="in_store", in_store_item=item, net_weight_g=value)
    return ScannedCode(raw=raw, kind="in_store", in_store_item=item, price=Decimal(value) / 100)


# --- GS1 element strings --------------------------------------------------------------------------

_EMPTY_HRI_FIELD = re.compile(r"\((\d{2,4})\)\s*(?=\(|$)")


def _parse_gs1(raw: str, code: str, today: dt.date, *, hri: bool) -> ScannedCode:
    kind = "gs1" if ascii_digits(code[:1]) or code[:1] in "](" else "unknown"
    try:
        elements = _element_strings(code, hri)
    except _Unreadable as exc:
        return ScannedCode(raw=raw, kind=kind, errors=(str(exc),))
    reading = _Reading()
    if hri:
        reading.errors.extend(f"Champ ({ai}) vide : rien entre ({ai}) et le champ suivant."
                              for ai in _EMPTY_HRI_FIELD.findall(code))
    for element in elements:
        _read_element(element, reading, today)
    _check_swallowed_lot(reading, today)
    if not any(element.ai.ai in ("00", "01", "02") for element in elements):
        reading.errors.append("Aucun GTIN (01) dans ce code : impossible de savoir quel produit c'est.")
    return ScannedCode(raw=raw, kind="gs1", errors=tuple(reading.errors),
                       warnings=tuple(reading.warnings), **reading.values)


class _Unreadable(ValueError):
    """The code cannot be cut into element strings; the message is French."""


@functools.cache
def _biip_config() -> Any:
    # biip loads its GS1 prefix tables on import (about 0.1 s): the first scan pays for it, not the
    # node's start-up.
    from biip import ParseConfig

    return ParseConfig(gs1_element_strings_verify_date=False)


def _element_strings(code: str, hri: bool) -> list:
    if hri:
        from biip import ParseError
        from biip.gs1_messages import GS1Message

        try:
            return list(GS1Message.parse_hri(code, config=_biip_config()).element_strings)
        except ParseError as exc:
            raise _Unreadable(_explain_biip(str(exc))) from exc
    if code.startswith("]") and not SYMBOLOGY_PREFIX.match(code):
        raise _Unreadable(f"Identifiant de symbologie incomplet : « {_visible(code[:3])} » (] puis deux caractères).")
    result = _biip_parse(code)
    if result.gs1_message is None:
        raise _Unreadable(_explain_biip(result.gs1_message_error or ""))
    if not result.gs1_message.element_strings:
        raise _Unreadable("Code GS1 vide : aucun champ après l'identifiant de symbologie.")
    return list(result.gs1_message.element_strings)


def _biip_parse(code: str) -> Any:
    """biip promises never to raise but indexes short inputs (e.g. a lone "]"): our promise holds anyway."""
    from biip import ParseError, parse

    try:
        return parse(code, config=_biip_config())
    except (ParseError, ValueError, IndexError, KeyError) as exc:
        raise _Unreadable(f"Code illisible (identifiant de symbologie ou champ inconnu) : « {_visible(code)} ».") from exc


_PATTERN_FAILURE = re.compile(r"Failed to match '(\d{2,4}?)(.*)' with GS1 AI \((\d+)\) pattern", re.S)
_NO_AI = re.compile(r"Failed to get GS1 Application Identifier from '(.*)'", re.S)


def _explain_biip(message: str) -> str:
    """Turn biip's English reasons into what a warehouse volunteer can act on."""
    if match := _PATTERN_FAILURE.search(message):
        ai = match.group(3)
        value = (match.group(1) + match.group(2))[len(ai):]
        if ai in DATE_AIS:
            return _date_error(ai, value[:6]) or f"Date ({ai}) illisible : « {value} »."
        return (f"Champ ({ai}) mal formé : « {_visible(value)} ». Séparateur GS manquant après un champ "
                f"de longueur variable, ou chiffre manquant ?")
    if match := _NO_AI.search(message):
        return (f"Code GS1 mal formé : « {_visible(match.group(1))} » ne commence pas par un identifiant "
                f"d'application (AI) connu.")
    return f"Code illisible comme GS1 : {message}" if message else "Code illisible."


def _visible(value: str) -> str:
    return value.replace(GS, "<GS>")


def _read_element(element, reading: _Reading, today: dt.date) -> None:
    ai, value = element.ai.ai, element.value
    if not value.strip():
        reading.errors.append(f"Champ ({ai}) vide : séparateur GS manquant ou code tronqué.")
    elif ai in ("01", "02"):
        _read_gtin(element, reading)
    elif ai == "00":
        reading.values["sscc"] = value
    elif ai == "10":
        reading.values["lot"] = value
    elif ai in ("15", "17"):
        _read_expiry(ai, value, reading, today)
    elif ai.startswith("310") and element.decimal is not None:
        _read_weight(element.decimal, reading)
    elif ai in ("30", "37"):
        _read_count(ai, value, reading)
    elif ai.startswith("392") and element.decimal is not None:
        reading.values["price"] = element.decimal.quantize(Decimal("0.01"))
    elif ai in DATE_AIS and (error := _date_error(ai, value)):
        reading.errors.append(error)


def _read_gtin(element, reading: _Reading) -> None:
    if element.gtin_error or element.gtin is None:
        reading.errors.append(f"GTIN ({element.ai.ai}) « {element.value} » : clé de contrôle fausse.")
        return
    gtin14 = element.gtin.as_gtin_14()
    reading.values["gtin"] = canonical_gtin(gtin14)
    if base := base_unit_gtin(gtin14):
        reading.values["base_gtin"] = base
    if element.ai.ai == "02":
        reading.warnings.append("GTIN (02) : code du contenu d'une unité logistique (palette ou colis).")


def _read_expiry(ai: str, value: str, reading: _Reading, today: dt.date) -> None:
    if error := _date_error(ai, value):
        reading.errors.append(error)
        return
    date = decode_gs1_date(value, today)
    if error := _implausible(ai, date, today):
        reading.errors.append(error)
        return
    reading.values["use_by" if ai == "17" else "best_before"] = date


def _read_weight(kilograms: Decimal, reading: _Reading) -> None:
    grams = int((kilograms * 1000).to_integral_value())
    if grams <= 0:
        reading.errors.append("Poids net (310x) nul : l'étiquette est mal lue.")
    elif grams > MAX_LABEL_WEIGHT_G:
        reading.errors.append(f"Poids net (310x) invraisemblable : {weight_kg(grams)} sur une seule étiquette.")
    else:
        reading.values["net_weight_g"] = grams


def _read_count(ai: str, value: str, reading: _Reading) -> None:
    count = int(value)
    if count == 0:
        reading.errors.append(f"Quantité ({ai}) nulle : un colis contient au moins une unité.")
    elif count > MAX_LABEL_COUNT:
        reading.errors.append(f"Quantité ({ai}) invraisemblable : {count}. Séparateur GS manquant après "
                              f"la quantité ?")
    else:
        reading.values["count"] = count


# --- dates ----------------------------------------------------------------------------------------

def decode_gs1_date(value: str, today: dt.date) -> dt.date:
    """YYMMDD; DD 00 means the last day of the month; century per GS1 7.12 relative to `today`."""
    year = _century(int(value[:2]), today.year) + int(value[:2])
    month, day = int(value[2:4]), int(value[4:6])
    if day == 0:
        day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def _century(two_digits: int, current_year: int) -> int:
    century = current_year - current_year % 100
    difference = two_digits - current_year % 100
    if 51 <= difference <= 99:
        return century - 100
    if -99 <= difference <= -50:
        return century + 100
    return century


def _date_error(ai: str, value: str) -> str | None:
    label = DATE_AIS.get(ai, "date")
    if not (len(value) == 6 and ascii_digits(value)):
        return f"Date {label} ({ai}) illisible : « {_visible(value)} » (6 chiffres AAMMJJ attendus)."
    month, day = int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        return f"Date {label} ({ai}) impossible : mois {month:02d} dans « {value} »."
    if day > calendar.monthrange(2000 + int(value[:2]), month)[1]:
        return f"Date {label} ({ai}) impossible : le {day:02d}/{month:02d} n'existe pas (« {value} »)."
    return None


def _implausible(ai: str, date: dt.date, today: dt.date) -> str | None:
    label = DATE_AIS[ai]
    shown = date.strftime("%d/%m/%Y")
    if date.year < today.year - OLDEST_PLAUSIBLE_YEARS:
        return f"Date {label} ({ai}) invraisemblable : {shown}, plus de {OLDEST_PLAUSIBLE_YEARS} ans dans le passé."
    if date.year > today.year + FURTHEST_PLAUSIBLE_YEARS:
        return f"Date {label} ({ai}) invraisemblable : {shown}, plus de {FURTHEST_PLAUSIBLE_YEARS} ans dans l'avenir."
    return None


# --- a lot that swallowed the rest ----------------------------------------------------------------

_TAIL_START = re.compile(r"(?=(1[1357]\d{6}|310\d{7}))")


def _check_swallowed_lot(reading: _Reading, today: dt.date) -> None:
    """Without GS after the lot, "L4521" + "17261130" reads as the lot "L452117261130"."""
    lot = reading.values.get("lot")
    if not lot:
        return
    for match in _TAIL_START.finditer(lot):
        start = match.start()
        if start == 0 or not _is_gs1_tail(lot[start:], today):
            continue
        reading.values.pop("lot")
        reading.errors.append(
            f"Séparateur GS manquant : le lot (10) « {lot} » semble contenir la suite du code "
            f"(« {lot[start:]} »). Lot probable : « {lot[:start]} ». Scannez à nouveau (scanner en mode GS1) "
            f"ou saisissez le lot à la main.")
        return


def _is_gs1_tail(tail: str, today: dt.date) -> bool:
    try:
        result = _biip_parse(tail)
    except _Unreadable:
        return False
    if result.gs1_message is None:
        return False
    for element in result.gs1_message.element_strings:
        if element.ai.ai in DATE_AIS and _date_error(element.ai.ai, element.value):
            return False
    first = result.gs1_message.element_strings[0]
    if first.ai.ai in DATE_AIS:
        return _implausible(first.ai.ai, decode_gs1_date(first.value, today), today) is None
    return True
