"""The one rounding rule for money in the whole network: half-up to the cent.

Half-up (not banker's rounding) because that is what a treasurer computing 10 % of 1,25 € by hand
expects to read on a receipt (0,13 €).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
