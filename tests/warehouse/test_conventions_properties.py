"""Property tests of a convention's dates (typed by people): any dates and duration give valid dates or
French errors by field, never an exception; the state follows the dates."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from warehouse.conventions import ConventionState, convention_dates, convention_state, state_label

FAST = settings(max_examples=300, derandomize=True, deadline=None)
DAYS = st.none() | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
FIELDS = {"signed_on", "starts_on", "ends_on", "duration_months"}


@FAST
@given(signed_on=DAYS, starts_on=DAYS, duration=st.none() | st.integers(-10**6, 10**6), ends_on=DAYS)
@example(signed_on=dt.date(2100, 12, 31), starts_on=None, duration=120, ends_on=None)
@example(signed_on=dt.date(9999, 12, 31), starts_on=None, duration=12, ends_on=None)
def test_any_typed_dates_give_a_convention_or_french_errors(signed_on, starts_on, duration, ends_on):
    dates, errors = convention_dates(signed_on=signed_on, starts_on=starts_on, duration_months=duration,
                                     ends_on=ends_on)
    if dates is None:
        assert errors and set(errors) <= FIELDS and all(isinstance(m, str) and m for m in errors.values())
        return
    assert errors == {} and dates.starts_on <= dates.ends_on and dates.signed_on == signed_on
    if ends_on is None:
        assert dates.duration_months == duration and 1 <= duration <= 120


@FAST
@given(start=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), length=st.integers(0, 4000),
       today=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), warning=st.integers(0, 90))
def test_the_state_follows_the_dates(start, length, today, warning):
    end = start + dt.timedelta(days=length)
    state = convention_state(start, end, today, warning)
    assert (state is ConventionState.EXPIRED) == (today > end)
    assert (state is ConventionState.NOT_STARTED) == (today < start)
    if state is ConventionState.EXPIRING:
        assert 0 <= (end - today).days <= warning
    assert state_label(state, end, today)
