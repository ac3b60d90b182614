"""Allowance value from the tier table, supplements and category quotas (pure).

The value is in market euros per period; the tier with the most adults not above the household's
applies, plus an amount for each adult beyond the tier's and for each child, capped: every person
counts. Supplements add an amount per eligible member.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from households.composition import Composition
from households.enums import PERIOD_KIND_LABELS, PeriodKind
from households.errors import HouseholdError


class TierLike(Protocol):
    period_kind: PeriodKind
    adults: int
    base_amount: Decimal
    per_adult_amount: Decimal  # each adult beyond the tier's own adults
    per_child_amount: Decimal
    cap_amount: Decimal | None


class SupplementRuleLike(Protocol):
    code: str
    label: str
    period_kind: PeriodKind
    under_age: int
    amount: Decimal
    active: bool


@dataclass(frozen=True)
class GrantedSupplement:
    code: str
    label: str
    count: int
    amount: Decimal  # total for the period


@dataclass(frozen=True)
class AllowanceValue:
    base: Decimal
    supplements: tuple[GrantedSupplement, ...]

    @property
    def total(self) -> Decimal:
        return self.base + sum((s.amount for s in self.supplements), Decimal("0.00"))


def tier_value(tiers: Iterable[TierLike], kind: PeriodKind, composition: Composition) -> Decimal:
    adults = max(composition.adults, 1)  # minors alone count their eldest as the adult
    children = composition.persons - adults
    candidates = [t for t in tiers if t.period_kind is kind and t.adults <= adults]
    if not candidates:
        raise HouseholdError(f"Aucun barème {PERIOD_KIND_LABELS[kind]} pour {adults} adulte(s) : "
                             "complétez le barème dans les paramètres.")
    tier = max(candidates, key=lambda t: t.adults)
    value = (tier.base_amount + tier.per_adult_amount * (adults - tier.adults)
             + tier.per_child_amount * children)
    return min(value, tier.cap_amount) if tier.cap_amount is not None else value


def supplements(rules: Iterable[SupplementRuleLike], kind: PeriodKind,
                composition: Composition) -> tuple[GrantedSupplement, ...]:
    granted = []
    for rule in sorted(rules, key=lambda r: r.code):
        count = composition.under(rule.under_age)
        if rule.active and rule.period_kind is kind and count:
            granted.append(GrantedSupplement(rule.code, rule.label, count, rule.amount * count))
    return tuple(granted)


def allowance_value(tiers: Sequence[TierLike], rules: Sequence[SupplementRuleLike], kind: PeriodKind,
                    composition: Composition) -> AllowanceValue:
    return AllowanceValue(tier_value(tiers, kind, composition), supplements(rules, kind, composition))


def category_quotas(rules: Mapping[str, tuple[int | None, int]], persons: int) -> dict[str, int]:
    """{category: base + per person × persons} for the categories that have a limit."""
    return {key: base + per_person * persons for key, (base, per_person) in rules.items()
            if base is not None}
