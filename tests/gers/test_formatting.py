"""fr_FR both ways: what the screens show, and what people type back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gers.formatting import date_fr, kg_input, money, read_decimal, weight_kg


def test_shown_the_french_way():
    assert money(Decimal("1234.5")) == "1\u202f234,50\xa0€"
    assert date_fr(dt.date(2026, 11, 28)) == "28/11/2026"
    assert weight_kg(1250) == "1,250 kg"


def test_kilogram_fields_are_filled_the_french_way_and_read_back():
    assert kg_input(3000) == "3,000" and kg_input(1234567) == "1234,567" and kg_input(None) == ""
    assert read_decimal(kg_input(640)) == Decimal("0.640")


@pytest.mark.parametrize("typed,value", [("3,50", "3.50"), ("3.5 €", "3.5"), ("1 234,56", "1234.56"),
                                         ("12 %", "12"), (money(Decimal("1234.5")), "1234.50"), ("-0,13", "-0.13")])
def test_what_is_shown_reads_back(typed, value):
    assert read_decimal(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "  ", None])
def test_empty_is_none(typed):
    assert read_decimal(typed) is None


@pytest.mark.parametrize("typed", ["trois", "1,2,3", "NaN", "Infinity"])
def test_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        read_decimal(typed)
