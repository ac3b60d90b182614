"""Indicators as pure functions over aggregates: no database, no clock, no Flask.

Each takes plain values (sums, sets of ids, birth years) and returns figures; the services read the
summaries and hand them over, so every rule here is tested with figures worked out by hand.
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_AGE_BOUNDS = (3, 18, 30, 65)
SECRET = "s"  # what an export writes for a suppressed cell (the INSEE convention)


# --- age bands -----------------------------------------------------------------------------------

def parse_age_bounds(text: str) -> tuple[int, ...]:
    """'3,18,30,65' -> (3, 18, 30, 65): strictly increasing positive ages, else ValueError."""
    try:
        bounds = tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError as error:
        raise ValueError("Les tranches d'âge s'écrivent comme « 3,18,30,65 ».") from error
    if not bounds or bounds[0] <= 0 or any(a >= b for a, b in zip(bounds, bounds[1:], strict=False)):
        raise ValueError("Les tranches d'âge doivent être des âges croissants, supérieurs à 0.")
    return bounds


def band_labels(bounds: tuple[int, ...]) -> list[str]:
    """(3, 18, 30, 65) -> ['< 3 ans', '3–17 ans', '18–29 ans', '30–64 ans', '≥ 65 ans']."""
    labels = [f"< {bounds[0]} ans"]
    labels += [f"{low}–{high - 1} ans" for low, high in zip(bounds, bounds[1:], strict=False)]
    return labels + [f"≥ {bounds[-1]} ans"]


def band_of(age: int, bounds: tuple[int, ...]) -> int:
    """Index of the band an age falls in."""
    return sum(1 for bound in bounds if age >= bound)


def age_in(year: int, birth_year: int) -> int:
    """Age reached during the reported year (only the birth year is kept: CNIL minimisation)."""
    return year - birth_year


def persons_by_band(birth_years: Iterable[int], year: int, bounds: tuple[int, ...]) -> list[int]:
    counts = [0] * (len(bounds) + 1)
    for birth_year in birth_years:
        counts[band_of(age_in(year, birth_year), bounds)] += 1
    return counts


# --- households ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewAndReturning:
    new: int
    returning: int


def new_and_returning(seen: set, seen_before: set) -> NewAndReturning:
    """New: helped in the period and never before; returning: helped before the period too."""
    returning = len(seen & seen_before)
    return NewAndReturning(len(seen) - returning, returning)


def tally(values: Iterable) -> dict:
    return dict(Counter(values))


# --- money and rates -----------------------------------------------------------------------------

CENT = Decimal("0.01")


def cents(value: Decimal | int | float) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def ratio(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part / whole as a percentage with one decimal; None when there is no whole to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average(total: Decimal | int, count: int) -> Decimal | None:
    return cents(Decimal(total) / count) if count else None


def tonnes(grams: int) -> Decimal:
    return (Decimal(grams) / 1_000_000).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def cover_days(stock_grams: int, sold_grams: int, window_days: int) -> Decimal | None:
    """Days the stock lasts at the pace of the window's sales; None when nothing sold."""
    if sold_grams <= 0 or window_days <= 0:
        return None
    return (Decimal(stock_grams) * window_days / sold_grams).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- allowance granted over a window -------------------------------------------------------------

def _months_touched(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _weeks_touched(start: dt.date, end: dt.date) -> int:
    return ((end - dt.timedelta(days=end.weekday())) - (start - dt.timedelta(days=start.weekday()))).days // 7 + 1


def granted_in_window(value: Decimal, weekly: bool, starts_on: dt.date, ends_on: dt.date,
                      window_from: dt.date, window_to: dt.date) -> Decimal:
    """Allowance granted over the window: the per-period value for each calendar month (or ISO week)
    of the grant that the window touches (no rollover: each period stands alone)."""
    start, end = max(starts_on, window_from), min(ends_on, window_to)
    if start > end:
        return Decimal("0.00")
    periods = _weeks_touched(start, end) if weekly else _months_touched(start, end)
    return cents(value * periods)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


# --- small-cell suppression ----------------------------------------------------------------------

def is_small(count: int | None, minimum: int) -> bool:
    """A count of 1 to minimum-1 households could point at a family in a small village; 0 points at
    nobody and is shown."""
    return count is not None and 0 < count < minimum


def suppress_row(cells: Mapping[str, int], minimum: int) -> dict[str, int | None]:
    """Hide small cells (None). When exactly one cell of a row is hidden, the row's total would give it
    back by subtraction: the next smallest non-zero cell is hidden too (secondary suppression)."""
    shown: dict[str, int | None] = {key: None if is_small(value, minimum) else value
                                    for key, value in cells.items()}
    hidden = [key for key, value in shown.items() if value is None]
    if len(hidden) == 1:
        others = sorted((value, key) for key, value in shown.items() if value)
        if others:
            shown[others[0][1]] = None
    return shown


def suppress_total(total: int, minimum: int) -> int | None:
    return None if is_small(total, minimum) else total


def median_days(values: list[int]) -> int | None:
    """The lower median of whole days (a real waiting time, not the mean of two)."""
    return statistics.median_low(values) if values else None
