"""Participation pricing at the counter (pure).

A household pays a participation of 10–30 % of the usual market price (ANDES charter). Each line's
market value is computed and rounded to the cent first; the participation is that rounded value
times the rate, rounded once. Rounding per line (not per basket) keeps every receipt line checkable
by hand and makes a return re-credit exactly what was paid. Food from the European aid (FSE+) is
always free (Reg. (EU) 2021/1057 art. 21(2)), whatever the rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from inventory.money import round_cents

GRAMS_PER_KG = Decimal(1000)


class PricingError(ValueError):
    """A line that cannot be priced; the message is French."""


@dataclass(frozen=True)
class LinePrice:
    market_value: Decimal
    price: Decimal  # what the household pays for the line
    free_reason: str | None = None


def market_value_by_piece(unit_price: Decimal, quantity: int) -> Decimal:
    if quantity <= 0:
        raise PricingError("La quantité doit être d'au moins 1.")
    return round_cents(unit_price * quantity)


def market_value_by_weight(price_per_kg: Decimal, grams: int) -> Decimal:
    if grams <= 0:
        raise PricingError("Le poids doit être positif.")
    return round_cents(price_per_kg * grams / GRAMS_PER_KG)


def participation(market_value: Decimal, rate: Decimal, *, fse_plus: bool = False) -> LinePrice:
    """Price to pay for a line worth `market_value` at `rate` (0.10 for 10 %)."""
    if fse_plus:
        return LinePrice(market_value, Decimal("0.00"), "Aide européenne FSE+ : gratuit")
    if not Decimal(0) <= rate <= Decimal(1):
        raise PricingError(f"Taux de participation impossible : {rate}.")
    return LinePrice(market_value, round_cents(market_value * rate))


def split_value(total: Decimal, parts: list[int]) -> list[Decimal]:
    """`total` shared in proportion of `parts`, each rounded to the cent on the running sum, so the
    shares add up to the total exactly and none is off by more than a cent."""
    whole, running, shares = sum(parts), 0, []
    if whole == 0:
        return [total] + [Decimal("0.00")] * (len(parts) - 1)
    for part in parts:
        before = round_cents(total * running / whole)
        running += part
        shares.append(round_cents(total * running / whole) - before)
    return shares
