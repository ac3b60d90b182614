"""Property tests for what people type in number and date fields: a value or a French refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gers.formatting import MAX_TYPED, UnreadableNumber, kg_input, money, read_decimal

FAST = settings(max_examples=300, derandomize=True, deadline=None)
TYPED = st.one_of(st.text(max_size=30), st.text(alphabet="0123456789,.-+eE €%٣²\u202f_", max_size=30))


@FAST
@given(TYPED)
@example("1e3")
@example("1E999999")
@example("1e30")
@example("٣٠")
@example("1_000")
@example("9" * 5000)
def test_a_typed_number_is_a_bounded_plain_decimal_or_a_french_refusal(raw):
    try:
        value = read_decimal(raw)
    except UnreadableNumber as refusal:
        assert str(refusal).startswith("«")
        return
    if value is not None:
        assert value.is_finite() and abs(value) <= MAX_TYPED
        assert set(raw) <= set("0123456789,.-+ \u00a0\u202f€%")


@pytest.mark.parametrize("typed", ["1e3", "1E3", "1e30", "1e999999", "٣", "1_000", "１２"])
def test_exponents_and_foreign_digits_are_refused(typed):
    with pytest.raises(UnreadableNumber):
        read_decimal(typed)


def test_magnitude_is_bounded_by_the_callers_limit():
    assert read_decimal("99 999,99", limit=Decimal("99999.99")) == Decimal("99999.99")
    with pytest.raises(UnreadableNumber, match="trop grand"):
        read_decimal("100 000", limit=Decimal("99999.99"))


@FAST
@given(st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2))
def test_money_shown_reads_back(amount):
    assert read_decimal(money(amount)) == amount


@FAST
@given(st.integers(min_value=0, max_value=10**9))
def test_a_kilogram_field_reads_back_to_its_grams(grams):
    assert read_decimal(kg_input(grams)) * 1000 == grams


@FAST
@given(st.one_of(st.text(max_size=20), st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
                 st.dates().map(dt.date.isoformat)))
@example("٢٠٢٦-١١-٢٨")
@example("31/02/2026")
def test_a_typed_date_is_a_date_or_a_value_error(raw):
    from warehouse.web import parse_date

    try:
        value = parse_date(raw)
    except ValueError:
        return
    assert value is None or isinstance(value, dt.date)
    assert raw.isascii()


@FAST
@given(st.text(max_size=12))
@example("²")
@example("٣")
@example("9" * 400)
def test_a_typed_whole_number_is_read_or_explained(raw):
    from households.forms import Reader

    reader = Reader({"n": raw})
    value = reader.integer("n", "le nombre")
    assert (value is None) == bool(reader.errors) or not raw.strip()
