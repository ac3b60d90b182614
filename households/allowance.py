"""What a household may still take at this site in the current period (pure; the till calls it).

The grant gives a value in market euros per period (monthly or weekly, counted from the grant's
first day), supplements, this site's share and per-category quantity limits. There is no rollover:
each period starts afresh, whatever was left in the previous one. Quotas are split by share too,
rounded down, so two offline sites never hand out more than granted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from gers.formatting import date_fr, money
from households.access import DAY, add_months
from households.enums import PERIOD_KIND_LABELS, PeriodKind
from households.errors import HouseholdError
from households.shares import share_quantity, share_value, split_value

ZERO = Decimal("0.00")


class NoAllowance(HouseholdError):
    """No grant covers the date."""


class AllowanceExceeded(HouseholdError):
    """A candidate line would exceed the allowance or a quota; the message gives the figures."""

    def __init__(self, message: str, *, requested: Decimal | int, remaining: Decimal | int,
                 category_code: str | None = None) -> None:
        super().__init__(message)
        self.requested = requested
        self.remaining = remaining
        self.category_code = category_code


@dataclass(frozen=True)
class GrantTerms:
    period_kind: PeriodKind
    period_value: Decimal  # market € per period from the tier table, all sites together
    starts_on: dt.date
    ends_on: dt.date
    site_share_percent: Decimal = Decimal(100)
    supplements: tuple[Decimal, ...] = ()  # market € per period each, all sites together
    category_limits: Mapping[str, int] = field(default_factory=dict)  # code → pieces per period
    category_labels: Mapping[str, str] = field(default_factory=dict)  # code → label, for messages
    # Every site's percent (key → percent) and this site's key: the split then sums to the total.
    shares: Mapping[str, Decimal] = field(default_factory=dict)
    site_key: str = ""

    @property
    def total_value(self) -> Decimal:
        return self.period_value + sum(self.supplements, ZERO)

    @property
    def site_value(self) -> Decimal:
        """This site's share of the value of one period (its exact part of the split when known)."""
        if self.site_key in self.shares:
            return split_value(self.total_value, self.shares)[self.site_key]
        return share_value(self.total_value, self.site_share_percent)

    def site_limits(self) -> dict[str, int]:
        return {code: share_quantity(qty, self.site_share_percent)
                for code, qty in self.category_limits.items()}


@dataclass(frozen=True)
class Spending:
    """What this site has already given in the current period (market values, pieces)."""

    market_value: Decimal = ZERO
    quantities: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Remaining:
    period_starts_on: dt.date
    period_ends_on: dt.date
    period_kind: PeriodKind
    site_value: Decimal
    spent: Decimal
    allowance: Decimal  # market € left at this site until period_ends_on
    limits: Mapping[str, int]  # this site's quota per category
    quotas: Mapping[str, int]  # pieces left per limited category
    labels: Mapping[str, str] = field(default_factory=dict)


def period_bounds(kind: PeriodKind, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """The allowance period containing `today`, counted from the grant's first day, cut at its end."""
    if not starts_on <= today <= ends_on:
        raise NoAllowance(f"Aucun droit d'achat le {date_fr(today)} : droits du {date_fr(starts_on)} "
                          f"au {date_fr(ends_on)}.")
    if kind is PeriodKind.WEEKLY:
        index = (today - starts_on).days // 7
        start = starts_on + dt.timedelta(weeks=index)
        return start, min(start + dt.timedelta(days=6), ends_on)
    index = (today.year - starts_on.year) * 12 + today.month - starts_on.month
    if add_months(starts_on, index) > today:
        index -= 1
    return add_months(starts_on, index), min(add_months(starts_on, index + 1) - DAY, ends_on)


def remaining(terms: GrantTerms, spending: Spending, today: dt.date) -> Remaining:
    start, end = period_bounds(terms.period_kind, terms.starts_on, terms.ends_on, today)
    limits = terms.site_limits()
    quotas = {code: max(limit - spending.quantities.get(code, 0), 0) for code, limit in limits.items()}
    allowance = max(terms.site_value - spending.market_value, ZERO)
    return Remaining(start, end, terms.period_kind, terms.site_value, spending.market_value, allowance,
                     limits, quotas, dict(terms.category_labels))


def check_line(left: Remaining, *, category_code: str, quantity: int, market_value: Decimal) -> None:
    """Refuse a candidate line that would exceed the allowance or the category's quota."""
    if category_code in left.quotas and quantity > left.quotas[category_code]:
        label = left.labels.get(category_code, category_code)
        limit, rest = left.limits[category_code], left.quotas[category_code]
        raise AllowanceExceeded(
            f"Limite atteinte pour « {label} » : {limit} {PERIOD_KIND_LABELS[left.period_kind]} "
            f"dans ce site, déjà {limit - rest} pris, il en reste {rest} "
            f"(jusqu'au {date_fr(left.period_ends_on)}).",
            requested=quantity, remaining=rest, category_code=category_code)
    if market_value > left.allowance:
        raise AllowanceExceeded(
            f"Droit d'achat insuffisant : cet article vaut {money(market_value)}, il reste "
            f"{money(left.allowance)} jusqu'au {date_fr(left.period_ends_on)}.",
            requested=market_value, remaining=left.allowance, category_code=category_code)
