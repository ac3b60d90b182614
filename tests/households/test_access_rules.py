"""Access periods: status at a date, renewal, waiting period, emergency access, overlaps."""

from __future__ import annotations

import datetime as dt

import pytest

from households.access import (
    AccessRules,
    AccessStatus,
    EmergencyLimitReached,
    Span,
    access_state,
    add_months,
    check_span,
    period_end,
    plan_access,
    plan_emergency,
)
from households.enums import AccessKind
from households.errors import InvalidInput

RULES = AccessRules()  # DOMAIN defaults: 3–6 months, one renewal, 3 months' wait, 15 days, 14 days
D = dt.date


def initial(start, months=3):
    return Span(AccessKind.INITIAL, start, period_end(start, months))


def test_months_are_added_like_a_calendar():
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert period_end(D(2027, 3, 1), 3) == D(2027, 5, 31)
    assert period_end(D(2026, 11, 15), 3) == D(2027, 2, 14)


@pytest.mark.parametrize("today,status", [
    (D(2027, 1, 10), AccessStatus.NONE),
    (D(2027, 2, 1), AccessStatus.ACTIVE),
    (D(2027, 4, 14), AccessStatus.ACTIVE),  # 16 days left
    (D(2027, 4, 15), AccessStatus.EXPIRING),  # 15 days left
    (D(2027, 4, 30), AccessStatus.EXPIRING),
    (D(2027, 5, 1), AccessStatus.ENDED),  # one renewal still possible: no waiting period
])
def test_status_of_a_first_period(today, status):
    state = access_state([initial(D(2027, 2, 1))], today, RULES)
    assert state.status is status
    if status is AccessStatus.NONE:
        assert state.next_starts_on == D(2027, 2, 1)


def test_a_granted_renewal_means_the_access_is_not_expiring():
    periods = [initial(D(2027, 2, 1)), Span(AccessKind.RENEWAL, D(2027, 5, 1), D(2027, 7, 31))]
    state = access_state(periods, D(2027, 4, 25), RULES)
    assert state.status is AccessStatus.ACTIVE and state.ends_on == D(2027, 7, 31)


def test_renewal_then_waiting_period_then_a_new_access():
    first = initial(D(2027, 2, 1))
    renewal = plan_access([first], D(2027, 5, 1), 3, RULES)
    assert renewal.kind is AccessKind.RENEWAL and renewal.ends_on == D(2027, 7, 31)
    periods = [first, renewal]
    state = access_state(periods, D(2027, 8, 20), RULES)
    assert state.status is AccessStatus.WAITING and state.waiting_until == D(2027, 10, 31)
    with pytest.raises(InvalidInput) as refused:
        plan_access(periods, D(2027, 8, 1), 3, RULES)
    assert refused.value.errors["starts_on"] == (
        "Délai de carence jusqu'au 31/10/2027 : le foyer a déjà eu 1 renouvellement (maximum 1). "
        "Un accès d'urgence reste possible.")
    assert access_state(periods, D(2027, 11, 1), RULES).status is AccessStatus.ENDED
    assert plan_access(periods, D(2027, 11, 1), 6, RULES).kind is AccessKind.INITIAL


def test_a_late_commission_still_renews_the_same_chain():
    first = initial(D(2027, 2, 1))  # ends 30 April
    assert plan_access([first], D(2027, 5, 20), 3, RULES).kind is AccessKind.RENEWAL
    # A gap shorter than a real break (the carence, 3 months) does not start a new chain.
    assert plan_access([first], D(2027, 7, 1), 3, RULES).kind is AccessKind.RENEWAL
    assert plan_access([first], D(2027, 7, 31), 3, RULES).kind is AccessKind.RENEWAL
    # Three months without access (May, June, July): a real break, a new chain.
    assert plan_access([first], D(2027, 8, 1), 3, RULES).kind is AccessKind.INITIAL


def test_a_gap_longer_than_a_month_no_longer_skips_the_carence():
    first = initial(D(2027, 2, 1))  # ends 30 April
    second = plan_access([first], D(2027, 6, 2), 3, RULES)  # 32 days later: still the same chain
    assert second.kind is AccessKind.RENEWAL
    with pytest.raises(InvalidInput) as refused:
        plan_access([first, second], D(2027, 10, 4), 3, RULES)  # 32 days after the renewal
    assert refused.value.errors["starts_on"].startswith("Délai de carence jusqu'au 01/12/2027")
    assert access_state([first, second], D(2027, 10, 4), RULES).status is AccessStatus.WAITING
    assert plan_access([first, second], D(2027, 12, 2), 3, RULES).kind is AccessKind.INITIAL


def test_the_chain_break_is_a_setting():
    first = initial(D(2027, 2, 1))
    rules = AccessRules(chain_break_months=1)
    assert plan_access([first], D(2027, 6, 1), 3, rules).kind is AccessKind.INITIAL
    assert plan_access([first], D(2027, 5, 31), 3, rules).kind is AccessKind.RENEWAL


def test_more_renewals_when_the_setting_allows_them():
    rules = AccessRules(max_renewals=2)
    first = initial(D(2027, 2, 1))
    second = plan_access([first], D(2027, 5, 1), 3, rules)
    assert plan_access([first, second], D(2027, 8, 1), 3, rules).kind is AccessKind.RENEWAL


def test_overlapping_periods_and_durations_are_refused_with_a_message():
    first = initial(D(2027, 2, 1))
    with pytest.raises(InvalidInput) as overlap:
        plan_access([first], D(2027, 4, 1), 3, RULES)
    assert overlap.value.errors == {
        "starts_on": "Cette période chevauche un accès existant (du 01/02/2027 au 30/04/2027)."}
    with pytest.raises(InvalidInput) as too_long:
        plan_access([], D(2027, 2, 1), 12, RULES)
    assert too_long.value.errors == {"duration_months": "La durée doit être comprise entre 3 et 6 mois."}
    with pytest.raises(InvalidInput) as backwards:
        check_span(D(2027, 2, 1), D(2027, 1, 31))
    assert backwards.value.errors == {"ends_on": "La fin de la période doit suivre son début."}


def test_emergency_access_is_short_allowed_during_waiting_and_outside_chains():
    first = initial(D(2027, 2, 1))
    renewal = Span(AccessKind.RENEWAL, D(2027, 5, 1), D(2027, 7, 31))
    emergency = plan_emergency([first, renewal], D(2027, 8, 10), RULES)
    assert (emergency.kind, emergency.ends_on) == (AccessKind.EMERGENCY, D(2027, 8, 23))
    state = access_state([first, renewal, emergency], D(2027, 8, 12), RULES)
    assert state.status is AccessStatus.EXPIRING and state.current_kind is AccessKind.EMERGENCY
    with pytest.raises(InvalidInput):
        plan_emergency([first], D(2027, 4, 25), RULES)


def emergency(start):
    return Span(AccessKind.EMERGENCY, start, start + dt.timedelta(days=13))


def test_emergency_accesses_are_limited_per_twelve_months_unless_a_coordinator_overrides():
    first, second = emergency(D(2027, 1, 1)), emergency(D(2027, 1, 15))
    assert plan_emergency([first], D(2027, 1, 15), RULES).starts_on == D(2027, 1, 15)
    with pytest.raises(EmergencyLimitReached) as refused:
        plan_emergency([first, second], D(2027, 1, 29), RULES)
    assert refused.value.errors == {"override_reason": (
        "Déjà 2 accès d'urgence sur les 12 derniers mois (maximum 2) : la coordination peut en accorder "
        "un de plus en indiquant le motif du dépassement.")}
    third = plan_emergency([first, second], D(2027, 1, 29), RULES, over_limit=True)
    assert third.kind is AccessKind.EMERGENCY
    # Twelve months after the first one, the window holds only the second: allowed again.
    assert plan_emergency([first, second], D(2028, 1, 2), RULES).starts_on == D(2028, 1, 2)
    with pytest.raises(EmergencyLimitReached):
        plan_emergency([first], D(2027, 1, 15), AccessRules(emergency_max_per_year=1))
