"""Household composition from the members' birth years (pure): adults, children, age bands, CAF parts.

Only the birth year is kept (minimisation), so an age is the difference of years: a child born in
December counts as one year old from January. Good enough for bands and tiers, and stated so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


class BandLike(Protocol):
    label: str
    min_age: int
    max_age: int | None


@dataclass(frozen=True)
class Composition:
    ages: tuple[int, ...]
    adult_age: int = 18

    @property
    def persons(self) -> int:
        return len(self.ages)

    @property
    def adults(self) -> int:
        return sum(1 for age in self.ages if age >= self.adult_age)

    @property
    def children(self) -> int:
        return self.persons - self.adults

    def summary(self) -> str:
        """'2 adultes, 1 enfant' — what the counter and the commission read."""
        parts = [_plural(self.adults, "adulte", "adultes")]
        if self.children:
            parts.append(_plural(self.children, "enfant", "enfants"))
        return ", ".join(parts)

    def under(self, age: int) -> int:
        return sum(1 for a in self.ages if a < age)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def composition(birth_years: Iterable[int], today: dt.date, adult_age: int = 18) -> Composition:
    return Composition(tuple(sorted((today.year - year for year in birth_years), reverse=True)),
                       adult_age)


def age_band_counts(ages: Iterable[int], bands: Sequence[BandLike]) -> tuple[tuple[str, int], ...]:
    """(band label, persons) for each band, in the order given, zero counts included."""
    ages = list(ages)
    return tuple((band.label, sum(1 for age in ages if band.min_age <= age
                                  and (band.max_age is None or age <= band.max_age)))
                 for band in bands)


@dataclass(frozen=True)
class PartsRule:
    """CAF parts: the parent(s) together, each of the first children, each further child."""

    adults: Decimal = Decimal("2")
    first_children: Decimal = Decimal("0.5")
    first_children_count: int = 2
    next_children: Decimal = Decimal("1")

    def parts(self, children: int) -> Decimal:
        first = min(children, self.first_children_count)
        return self.adults + self.first_children * first + self.next_children * (children - first)
