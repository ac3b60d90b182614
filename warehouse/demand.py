"""What a site hands out per opening and food group — « besoin estimé » — with its uncertainty. Pure.

The estimate works per day an opening covers (the days since the previous opening, at most a
week: an opening after four closed days meets more people than the day after another opening).
It starts from the site's own openings (recent ones weigh more: a half-life counted in openings)
and leans on a prior while that history is short: the network's kilos per household and per day
for the group, times the site's households. With n
openings seen, the prior counts as `prior_openings` openings more, so a new site starts at the
prior and moves to its own figures as openings come in. The spread (standard deviation) is the
weighted spread of the history, blended the same way with the prior's (a coefficient of
variation), so few openings mean a wide spread.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

HALF_LIFE_OPENINGS = 8.0
PRIOR_OPENINGS = 3.0
PRIOR_CV = 0.5


@dataclass(frozen=True)
class Estimate:
    mean_kg: float
    sd_kg: float
    openings_seen: int

    def upper_kg(self, z: float) -> float:
        return self.mean_kg + z * self.sd_kg


def estimate(history_kg: Sequence[float], prior_kg: float | None, *, half_life: float = HALF_LIFE_OPENINGS,
             prior_openings: float = PRIOR_OPENINGS, prior_cv: float = PRIOR_CV) -> Estimate:
    """Kilos asked for at the next opening, from past openings (oldest first) and a prior."""
    n = len(history_kg)
    if n == 0:
        prior = prior_kg or 0.0
        return Estimate(prior, prior * prior_cv, 0)
    decay = 0.5 ** (1.0 / half_life)
    weights = [decay ** (n - 1 - i) for i in range(n)]
    total = sum(weights)
    mean = sum(w * kg for w, kg in zip(weights, history_kg, strict=True)) / total
    variance = sum(w * (kg - mean) ** 2 for w, kg in zip(weights, history_kg, strict=True)) / total
    sd = math.sqrt(variance * n / (n - 1)) if n > 1 else mean * prior_cv
    if prior_kg is None:
        return Estimate(mean, sd, n)
    mix = prior_openings / (prior_openings + n)
    return Estimate(mix * prior_kg + (1 - mix) * mean, mix * prior_kg * prior_cv + (1 - mix) * sd, n)


@dataclass(frozen=True)
class SiteHistory:
    households: int
    days_covered: int  # calendar days the openings seen served
    asked_kg: Mapping[str, float]  # group → kilos over those days


def network_rates(histories: Sequence[SiteHistory]) -> dict[str, float]:
    """Kilos per household and per day, by group, over every site that has a history."""
    kg: dict[str, float] = {}
    household_days = 0.0
    for site in histories:
        if site.households <= 0 or site.days_covered <= 0:
            continue
        household_days += site.households * site.days_covered
        for group, value in site.asked_kg.items():
            kg[group] = kg.get(group, 0.0) + value
    if household_days <= 0:
        return {}
    return {group: value / household_days for group, value in kg.items()}


def prior_per_day(rate_kg_per_household_day: float | None, households: int) -> float | None:
    """The prior for one day covered: households × the network's rate."""
    if rate_kg_per_household_day is None:
        return None
    return rate_kg_per_household_day * max(households, 0)


MAX_GAP_DAYS = 7


def days_covered(open_days: Sequence[int]) -> dict[int, int]:
    """Days each opening serves: since the previous opening, at most a week (the first: its usual gap).

    An opening after four closed days meets more people than the day after another opening: the
    estimate works per day covered, then scales to the opening asked about.
    """
    days = sorted(set(open_days))
    usual = min(round(days_per_opening(days)), MAX_GAP_DAYS)
    return {day: usual if n == 0 else min(day - days[n - 1], MAX_GAP_DAYS) for n, day in enumerate(days)}


def scaled(per_day: Estimate, days: int) -> Estimate:
    return Estimate(per_day.mean_kg * days, per_day.sd_kg * days, per_day.openings_seen)


def days_per_opening(open_days: Sequence[int]) -> float:
    """Average gap between openings, in days (7 for a weekly opening); 7 when unknown."""
    days = sorted(set(open_days))
    if len(days) < 2:
        return 7.0
    return min((days[-1] - days[0]) / (len(days) - 1), float(MAX_GAP_DAYS))
