"""Participation rate resolution (pure): household override > category rate > site default.

Rates are percents of the market price (10.00 = 10 %), bounded by the ANDES charter (10–30 %, as
settings). Food from the European aid (FSE+) is free whatever the rate: that is the till's rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from households.errors import InvalidInput

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class RateBounds:
    minimum: Decimal = Decimal("10")
    maximum: Decimal = Decimal("30")

    def check(self, rate: Decimal, field_name: str = "participation_rate") -> Decimal:
        if not self.minimum <= rate <= self.maximum:
            raise InvalidInput({field_name: (
                f"Le taux de participation doit être compris entre {_pct(self.minimum)} et "
                f"{_pct(self.maximum)} du prix habituel (charte ANDES).")})
        return rate


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",") + " %"


def resolve_rate(*, household_rate: Decimal | None, category_rate: Decimal | None,
                 site_rate: Decimal) -> Decimal:
    """The percent that applies to one line."""
    if household_rate is not None:
        return household_rate
    if category_rate is not None:
        return category_rate
    return site_rate


@dataclass(frozen=True)
class RateTable:
    """Everything the till needs to price a line of this household at this site."""

    site_rate: Decimal
    household_rate: Decimal | None = None
    category_rates: Mapping[str, Decimal] = field(default_factory=dict)  # category code → percent

    def rate_for(self, category_code: str) -> Decimal:
        return resolve_rate(household_rate=self.household_rate,
                            category_rate=self.category_rates.get(category_code), site_rate=self.site_rate)

    def fraction_for(self, category_code: str) -> Decimal:
        """The rate as a fraction (0.10), the form pos.pricing.participation takes."""
        return self.rate_for(category_code) / HUNDRED
