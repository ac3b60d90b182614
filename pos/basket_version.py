"""What the paying screen saw of the basket: two tabs (or two tills on one login) share it, so
payment must cover exactly the lines the screen showed, for the total it showed.

The version is a fingerprint of everything that changes what is paid (household, lines, amounts),
so it needs no counter kept by every basket change.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from pos.errors import TillError
from pos.models import Basket

ZERO = Decimal("0.00")
STALE = ("Le panier a changé depuis l'affichage de cet écran (autre onglet ou autre caisse) : "
         "il vient d'être rechargé, vérifiez-le puis encaissez à nouveau.")


def basket_version(basket: Basket | None) -> str:
    if basket is None:
        return ""
    parts = [str(basket.id), basket.card_number or "", str(basket.exception_by_id or "")]
    parts += [f"{line.id}:{line.quantity}:{line.grams}:{line.market_value}:{line.price}:{line.override_by_id or ''}"
              for line in basket.lines]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def basket_total(basket: Basket) -> Decimal:
    return sum((line.price for line in basket.lines), ZERO)


def ensure_as_shown(basket: Basket, version: str, expected_total: Decimal | None) -> None:
    """Refuse a payment made on a stale screen (the screen then reloads the basket)."""
    if not version or expected_total is None:
        raise TillError("Requête de paiement incomplète : rechargez l'écran de caisse.", stale_basket=True)
    if version != basket_version(basket) or expected_total != basket_total(basket):
        raise TillError(STALE, stale_basket=True)
