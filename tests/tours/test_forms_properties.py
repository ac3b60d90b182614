"""Property tests for what is typed in the tours' forms: a valid value or a French refusal, never a 500."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tours.forms import FormError, read_date, read_insee, read_month, read_time

FAST = settings(max_examples=300, derandomize=True, deadline=None)
TYPED = st.one_of(st.text(max_size=20), st.text(alphabet="0123456789-/:hH AB٣", max_size=12))
TODAY = dt.date(2026, 11, 30)


@FAST
@given(TYPED)
@example("31/02/2026")
@example("2026-13-01")
@example("٣/١١/٢٠٢٦")
def test_a_day_is_a_date_or_a_french_refusal(raw):
    try:
        assert isinstance(read_date(raw, "Jour"), dt.date)
    except FormError as refusal:
        assert str(refusal).startswith("Jour : indiquez une date")


@FAST
@given(TYPED)
@example("24:00")
@example("9h60")
@example("٠٩:٣٠")
def test_an_hour_is_a_time_or_a_french_refusal(raw):
    try:
        assert isinstance(read_time(raw, "De"), dt.time)
    except FormError as refusal:
        assert str(refusal).startswith("De : indiquez une heure")


@FAST
@given(TYPED)
@example("2026-00")
@example("1999-12")
def test_a_month_is_a_year_and_month_or_a_french_refusal(raw):
    try:
        year, month = read_month(raw, TODAY)
    except FormError as refusal:
        assert str(refusal).startswith("Mois :")
        return
    assert 2000 <= year <= 2099 and 1 <= month <= 12


@FAST
@given(TYPED)
@example("2A004")
@example("3210")
@example("٣٢١٠٧")
def test_an_insee_code_is_five_characters_or_a_french_refusal(raw):
    try:
        code = read_insee(raw)
    except FormError as refusal:
        assert str(refusal).startswith("Code INSEE")
        return
    assert code == "" or re.fullmatch(r"(?:[0-9]{2}|2A|2B)[0-9]{3}", code)
