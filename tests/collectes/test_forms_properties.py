"""Property tests for what is typed in the collectes' forms: a bounded value or a French refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from collectes.forms import MAX_CARTONS, CollecteError, kilos, read_count, read_date, read_grams, read_time
from gers.formatting import kg_input

FAST = settings(max_examples=300, derandomize=True, deadline=None)
TYPED = st.one_of(st.text(max_size=30), st.text(alphabet="0123456789,.-+eEhH: €%٣\u202f_/", max_size=30))


@FAST
@given(TYPED)
@example("-3")
@example("٣")
@example("1e3")
@example("9" * 5000)
def test_cartons_are_a_bounded_whole_number_or_a_french_refusal(raw):
    try:
        value = read_count(raw, "Cartons")
    except CollecteError as refusal:
        assert str(refusal).startswith("Cartons : «")
        return
    assert 0 <= value <= MAX_CARTONS


@FAST
@given(TYPED)
@example("-0,5")
@example("abc")
@example("1E999999")
def test_kilos_are_bounded_grams_or_a_french_refusal(raw):
    try:
        grams = read_grams(raw)
    except CollecteError as refusal:
        assert str(refusal).startswith("Poids : «")
        return
    assert 0 <= grams <= 100_000_000


@FAST
@given(TYPED)
@example("24:00")
@example("9h30")
def test_dates_and_hours_are_values_or_french_refusals(raw):
    for read, label in ((read_date, "Jour"), (read_time, "Début")):
        try:
            value = read(raw, label)
        except CollecteError as refusal:
            assert str(refusal).startswith(f"{label} : indiquez")
        else:
            assert isinstance(value, (dt.date, dt.time))


@FAST
@given(st.integers(min_value=0, max_value=100_000_000))
def test_a_weight_typed_as_shown_in_a_kg_field_reads_back_to_the_same_grams(grams):
    assert read_grams(kg_input(grams)) == grams
    shown = kilos(grams)
    assert shown.endswith("\u00a0kg") and Decimal(shown[:-3].replace("\u202f", "").replace(",", ".")) == (
        Decimal(grams) / 1000).quantize(Decimal("0.1"))
