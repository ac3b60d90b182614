"""Site shares of an allowance (pure). A node spends only its share, so two offline nodes can never
overspend a household together (ARCHITECTURE.md); central rebalances shares between periods."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal
from typing import TypeVar

from households.errors import InvalidInput
from inventory.money import CENT, round_cents

HUNDRED = Decimal(100)
K = TypeVar("K")


def check_shares(shares: Mapping[K, Decimal]) -> None:
    """Each share in ]0, 100] and the shares summing to exactly 100 %."""
    if not shares:
        raise InvalidInput({"shares": "Indiquez au moins un site (100 % pour le site de rattachement)."})
    if any(not Decimal(0) < percent <= HUNDRED for percent in shares.values()):
        raise InvalidInput({"shares": "Chaque part doit être comprise entre 0 et 100 % (0 exclu)."})
    total = sum(shares.values(), Decimal(0))
    if total != HUNDRED:
        shown = f"{total.normalize():f}".replace(".", ",")
        raise InvalidInput({"shares": f"Les parts doivent totaliser 100 % (total saisi : {shown} %)."})


def share_value(total: Decimal, percent: Decimal) -> Decimal:
    return round_cents(total * percent / HUNDRED)


def split_value(total: Decimal, shares: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """Each site's part of `total`, summing to it exactly (largest remainder).

    Rounding each share on its own can give 10,01 + 10,01 of 20,01 €: every share is cut down to the
    cent, then the cents left go to the largest remainders. Ties go by the key's text, so every node
    computes the same split from the same grant.
    """
    exact = {key: total * percent / HUNDRED for key, percent in shares.items()}
    parts = {key: value.quantize(CENT, rounding=ROUND_DOWN) for key, value in exact.items()}
    left = int((round_cents(total * sum(shares.values(), Decimal(0)) / HUNDRED)
                - sum(parts.values(), Decimal(0))) / CENT)
    for key in sorted(parts, key=lambda k: (parts[k] - exact[k], str(k)))[:max(left, 0)]:
        parts[key] += CENT
    return parts


def share_quantity(quantity: int, percent: Decimal) -> int:
    """Quotas split by share, rounded down: never more pieces across sites than granted."""
    return int(quantity * percent // HUNDRED)
