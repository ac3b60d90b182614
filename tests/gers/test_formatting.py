"""fr_FR both ways: what the screens show, and what people type back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from gers.clock import PARIS, paris_today
from gers.formatting import (
    date_fr,
    datetime_fr,
    kg_input,
    money,
    percent,
    read_decimal,
    read_typed_date,
    read_typed_time,
    weight_kg,
)


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


_AMOUNTS = ["0", "0.00", "0.5", "3.50", "-3.5", "-0.01", "999.99", "1000", "1234.5", "-1234567.89", "1E+3",
            "12345678901.23", "0.125", "2.675", "-0.004", "-0", "-0.00", "100.00", "12.50"]


@pytest.mark.parametrize("raw", _AMOUNTS)
def test_amounts_and_rates_are_written_exactly_as_babel_writes_them(raw):
    """money and percent skip Babel for exact values (the till's hot path): same text, every case."""
    value = Decimal(raw)
    assert money(value) == format_currency(value, "EUR", locale="fr_FR")
    assert percent(value) == f"{format_decimal(value, format='#,##0.##', locale='fr_FR')}\u202f%"


@pytest.mark.parametrize("grams", [0, 1, 640, 1250, 999_999, 1_234_567, -640, -1_000_000])
def test_weights_are_written_exactly_as_babel_writes_them(grams):
    kilos = Decimal(grams) / 1000
    assert weight_kg(grams) == f"{format_decimal(kilos, format='#,##0.000', locale='fr_FR')} kg"


@pytest.mark.parametrize("at", [dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC),
                                dt.datetime(2026, 7, 1, 22, 5, tzinfo=dt.UTC),
                                dt.datetime(2027, 3, 28, 0, 59, tzinfo=dt.UTC),
                                dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC)])
def test_dates_and_times_are_written_exactly_as_babel_writes_them(at):
    local = at.astimezone(PARIS)
    assert datetime_fr(at) == format_datetime(local, "dd/MM/yyyy HH:mm", locale="fr_FR")
    assert date_fr(at) == format_date(paris_today(at), "dd/MM/yyyy", locale="fr_FR")
    assert date_fr(at.date()) == format_date(at.date(), "dd/MM/yyyy", locale="fr_FR")


@pytest.mark.parametrize(("raw", "day"), [
    ("2026-11-28", dt.date(2026, 11, 28)), (" 28/11/2026 ", dt.date(2026, 11, 28)), ("29/02/2028", dt.date(2028, 2, 29)),
    ("29/02/2027", None), ("28-11-2026", None), ("demain", None), ("", None), (None, None)])
def test_a_typed_date_is_read_from_a_date_input_or_as_people_type_it(raw, day):
    assert read_typed_date(raw) == day


@pytest.mark.parametrize(("raw", "moment"), [
    ("09:30", dt.time(9, 30)), ("9h30", dt.time(9, 30)), ("23:59", dt.time(23, 59)),
    ("24:00", None), ("9:75", None), ("930", None), ("", None), (None, None)])
def test_a_typed_hour_is_read_as_a_time_input_sends_it_or_as_people_type_it(raw, moment):
    assert read_typed_time(raw) == moment
