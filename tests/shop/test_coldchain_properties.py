"""The typed temperature parser never fails otherwise than in French, and never lets an implausible
reading through (outside input: a keyboard, a probe's digits)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from shop.coldchain import PLAUSIBLE, ColdChainError, read_celsius


@given(st.text(max_size=12))
@example("900")
@example("1e5")
@example("sNaN")
@example("-Infinity")
@example("−18,0 °C")
@example("٣")
def test_a_reading_is_plausible_or_refused_in_french(raw):
    try:
        value = read_celsius(raw)
    except ColdChainError as error:
        assert str(error).startswith(("Température impossible", "«"))
    else:
        assert PLAUSIBLE[0] <= value <= PLAUSIBLE[1] and value == value.quantize(Decimal("0.1"))


@given(st.decimals(min_value=-40, max_value=40, places=1))
def test_every_plausible_reading_typed_the_french_way_reads_back(value):
    assert read_celsius(str(value).replace(".", ",")) == value
