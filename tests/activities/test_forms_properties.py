"""Property tests for what is typed in the activities' forms: a bounded value or a French refusal."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from activities.enums import Skill
from activities.errors import ActivityError
from activities.forms import read_choice, read_count, read_date, read_hours, read_time, read_uuid
from activities.slots import day_slots

FAST = settings(max_examples=300, derandomize=True, deadline=None)
TYPED = st.one_of(st.text(max_size=30), st.text(alphabet="0123456789,.-+eEhH: €%٣\u202f_/", max_size=30))


@FAST
@given(TYPED)
@example("-3")
@example("٣")
@example("2,5")
@example("9" * 5000)
def test_places_are_a_bounded_whole_number_or_a_french_refusal(raw):
    try:
        value = read_count(raw, "Nombre de places", minimum=1, maximum=200)
    except ActivityError as refusal:
        assert str(refusal).startswith("Nombre de places : «")
        return
    assert 1 <= value <= 200


@FAST
@given(TYPED)
@example("-2")
@example("0,1")
@example("1E999999")
def test_hours_are_positive_quarters_or_a_french_refusal(raw):
    try:
        hours = read_hours(raw)
    except ActivityError as refusal:
        assert str(refusal).startswith("Durée : «")
        return
    assert hours >= 0 and (hours * 4) == (hours * 4).to_integral_value() and hours <= Decimal("1000")


@FAST
@given(TYPED)
@example("24:00")
@example("9h30")
@example("31/02/2026")
def test_dates_hours_choices_and_ids_are_values_or_french_refusals(raw):
    for read, label in ((read_date, "Date"), (read_time, "Heure")):
        try:
            value = read(raw, label)
        except ActivityError as refusal:
            assert str(refusal).startswith(f"{label} : indiquez")
        else:
            assert isinstance(value, (dt.date, dt.time))
    for read in (lambda: read_choice(raw, Skill, "Savoir-faire"), lambda: read_uuid(raw, "Offre")):
        try:
            value = read()
        except ActivityError as refusal:
            assert str(refusal).endswith("choisissez dans la liste.")
        else:
            assert isinstance(value, (Skill, uuid.UUID))


@FAST
@given(st.lists(st.tuples(st.times(), st.times()), max_size=4), st.integers(min_value=1, max_value=240))
def test_slots_start_inside_an_opening_and_end_before_it_closes(openings, minutes):
    step = dt.timedelta(minutes=minutes)
    for start in day_slots(openings, minutes):
        moment = dt.datetime.combine(dt.date(2000, 1, 1), start)
        assert any(dt.datetime.combine(moment.date(), opens) <= moment
                   and moment + step <= dt.datetime.combine(moment.date(), closes) for opens, closes in openings)
