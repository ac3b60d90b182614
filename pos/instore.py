"""Weighted in-store EAN-13 codes (prefixes 20–29), read with a per-site table (pure).

Shops print their own labels: `21 IIIII WWWWW C` carries a weight in grams, `23 IIIII PPPPP C` a
price in cents; layouts vary by shop and some moved to 26, so the layout is a table per site
(DOMAIN.md), never guessed. The EAN check digit is verified before anything is read.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from inventory.gtin import gtin_check_digit


class EmbeddedValue(enum.StrEnum):
    WEIGHT_G = "weight_g"
    PRICE_CENTS = "price_cents"


@dataclass(frozen=True)
class InStoreLayout:
    prefix: str  # "21", "23", "26"…
    value: EmbeddedValue
    item_digits: int = 5
    value_digits: int = 5


@dataclass(frozen=True)
class InStoreCode:
    item_code: str  # the shop's article number, mapped to a product by the site
    grams: int | None
    price: Decimal | None


class InStoreCodeError(ValueError):
    """French message for the counter."""


DEFAULT_LAYOUTS = (
    InStoreLayout("21", EmbeddedValue.WEIGHT_G),
    InStoreLayout("22", EmbeddedValue.WEIGHT_G),
    InStoreLayout("23", EmbeddedValue.PRICE_CENTS),
    InStoreLayout("26", EmbeddedValue.PRICE_CENTS),
)


def is_instore(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and code[0] == "2"


def decode_instore(code: str, layouts: Iterable[InStoreLayout]) -> InStoreCode:
    if not is_instore(code):
        raise InStoreCodeError(f"« {code} » n'est pas un code magasin (EAN-13 commençant par 2).")
    if gtin_check_digit(code[:12]) != int(code[12]):
        raise InStoreCodeError(f"Code magasin « {code} » : clé de contrôle fausse, étiquette mal lue.")
    layout = next((lay for lay in layouts if code.startswith(lay.prefix)), None)
    if layout is None:
        raise InStoreCodeError(f"Préfixe {code[:2]} inconnu dans la table des codes magasin du site.")
    start = len(layout.prefix)
    item = code[start:start + layout.item_digits]
    raw = int(code[start + layout.item_digits:start + layout.item_digits + layout.value_digits])
    if raw == 0:
        raise InStoreCodeError(f"Code magasin « {code} » : poids ou prix nul.")
    if layout.value is EmbeddedValue.WEIGHT_G:
        return InStoreCode(item, grams=raw, price=None)
    return InStoreCode(item, grams=None, price=Decimal(raw) / 100)
