"""Pure indicator rules, with figures worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reports import indicators as ind


def test_age_bands_from_birth_years_in_the_reported_year():
    bounds = ind.parse_age_bounds("3,18,30,65")
    assert ind.band_labels(bounds) == ["< 3 ans", "3–17 ans", "18–29 ans", "30–64 ans", "≥ 65 ans"]
    # 2026: born 2024 → 2, 2023 → 3, 2009 → 17, 2008 → 18, 1962 → 64, 1961 → 65
    assert ind.persons_by_band([2024, 2023, 2009, 2008, 1962, 1961], 2026, bounds) == [1, 2, 1, 1, 1]


@pytest.mark.parametrize("text", ["", "3,3", "18,3", "0,18", "trois"])
def test_age_bounds_refused_in_french(text):
    with pytest.raises(ValueError, match="tranches d'âge"):
        ind.parse_age_bounds(text)


def test_new_and_returning_households():
    split = ind.new_and_returning({"a", "b", "c"}, {"c", "z"})
    assert (split.new, split.returning) == (2, 1)


def test_rates_and_cover():
    assert ind.ratio(Decimal("15"), Decimal("60")) == Decimal("25.0")
    assert ind.ratio(1, 0) is None
    assert ind.average(Decimal("10.00"), 3) == Decimal("3.33")
    assert ind.cover_days(14_000, 28_000, 28) == Decimal("14.0")  # 14 kg at 1 kg a day
    assert ind.cover_days(5_000, 0, 28) is None
    assert ind.tonnes(1_500) == Decimal("0.002")


def test_allowance_granted_counts_each_period_the_window_touches():
    # 30 € a month from 15 January to 14 April, window March: one month.
    assert ind.granted_in_window(Decimal("30"), False, dt.date(2026, 1, 15), dt.date(2026, 4, 14),
                                 dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == Decimal("30.00")
    # window 10 March – 20 April: March and April (the grant ends on 14 April) → 60 €.
    assert ind.granted_in_window(Decimal("30"), False, dt.date(2026, 1, 15), dt.date(2026, 4, 14),
                                 dt.date(2026, 3, 10), dt.date(2026, 4, 20)) == Decimal("60.00")
    # 18 € a week, Monday 2 to Sunday 15 March 2026: two weeks.
    assert ind.granted_in_window(Decimal("18"), True, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                 dt.date(2026, 3, 2), dt.date(2026, 3, 15)) == Decimal("36.00")
    assert ind.granted_in_window(Decimal("30"), False, dt.date(2026, 1, 1), dt.date(2026, 1, 31),
                                 dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == Decimal("0.00")


def test_small_cells_are_hidden_and_a_lone_hidden_cell_takes_a_second_one_with_it():
    assert ind.suppress_row({"a": 6, "b": 5, "c": 2}, 5) == {"a": 6, "b": None, "c": None}
    assert ind.suppress_row({"a": 6, "b": 0, "c": 2, "d": 1}, 5) == {"a": 6, "b": 0, "c": None, "d": None}
    assert ind.suppress_row({"a": 6, "b": 0, "c": 9}, 5) == {"a": 6, "b": 0, "c": 9}
    assert ind.suppress_total(4, 5) is None and ind.suppress_total(0, 5) == 0
    assert ind.suppress_row({"a": 6, "b": 9}, 10) == {"a": None, "b": None}  # the threshold is a setting
