"""The state of each node on central's status page, and a site's header text: pure rules, no Flask."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from sync.status import (
    NodeFacts,
    NodeState,
    Thresholds,
    duration_words,
    header_status,
    node_status,
    offset_is_worrying,
    offset_words,
)

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
ENROLLED = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)


def hours_ago(hours: float) -> dt.datetime:
    return NOW - dt.timedelta(hours=hours)


def synced(hours: float, *, mobile: bool = False, **extra) -> NodeFacts:
    """A node whose last full run (hello, pull, push) ended `hours` ago."""
    moment = hours_ago(hours)
    return NodeFacts(**{"code": "AUCH", "mobile": mobile, "enrolled_at": ENROLLED, "last_seen_at": moment,
                        "last_push_at": moment, "last_pull_at": moment - dt.timedelta(minutes=2), "backlog": 0,
                        "clock_offset_seconds": 3, **extra})


def test_a_site_synced_last_night_is_up_to_date():
    status = node_status(synced(7), NOW)
    assert status.state is NodeState.UP_TO_DATE and not status.alert
    assert status.last_sync_at == hours_ago(7) - dt.timedelta(minutes=2)  # the earlier of pull and push


def test_a_site_that_talks_but_missed_a_night_is_late_not_silent():
    facts = synced(30)
    facts = replace(facts, last_seen_at=hours_ago(1))  # hello answered, push failed
    status = node_status(facts, NOW)
    assert status.state is NodeState.LATE
    assert status.reason == "Dernière synchronisation complète il y a 1 jour et 6 h."


def test_rows_left_on_the_node_at_its_last_push_make_it_late():
    status = node_status(synced(2, backlog=3), NOW)
    assert status.state is NodeState.LATE and "3 lot(s)" in status.reason


def test_a_site_silent_for_more_than_48_hours_raises_an_alert():
    assert node_status(synced(47.9), NOW).state is NodeState.LATE
    status = node_status(synced(48.5), NOW)
    assert status.state is NodeState.SILENT and status.alert
    assert status.silent_hours == 48 and status.threshold_hours == 48
    assert status.reason == "Aucun contact depuis le 26/11/2026 à 09:30 (2 jours, seuil d'alerte 48 h)."


def test_a_mobile_unit_on_tour_has_its_own_threshold():
    on_tour = synced(100, mobile=True)
    assert node_status(on_tour, NOW).state is NodeState.UP_TO_DATE  # out for four days: expected
    assert node_status(synced(121, mobile=True), NOW).state is NodeState.SILENT
    longer = Thresholds(site_hours=48, mobile_hours=240)
    assert node_status(synced(121, mobile=True), NOW, longer).state is NodeState.UP_TO_DATE


def test_a_nodes_own_threshold_overrides_the_setting():
    assert node_status(synced(30, silence_alert_hours=24), NOW).state is NodeState.SILENT
    assert node_status(synced(60, silence_alert_hours=72), NOW).state is NodeState.LATE


def test_a_node_never_heard_of_is_counted_from_its_enrolment():
    fresh = NodeFacts(code="CONDOM", mobile=False, enrolled_at=hours_ago(5))
    assert node_status(fresh, NOW).state is NodeState.LATE
    assert node_status(fresh, NOW).reason == "Aucune synchronisation complète à ce jour."
    forgotten = NodeFacts(code="CONDOM", mobile=False, enrolled_at=hours_ago(50))
    status = node_status(forgotten, NOW)
    assert status.state is NodeState.SILENT and "depuis son enrôlement" in status.reason


def test_a_revoked_key_is_revoked_whatever_its_silence():
    facts = replace(synced(200), revoked_at=dt.datetime(2026, 11, 20, 23, 15, tzinfo=dt.UTC))
    status = node_status(facts, NOW)
    assert status.state is NodeState.REVOKED and not status.alert
    assert status.reason == "Identité révoquée le 21/11/2026 à 00:15."  # Paris time


def test_a_node_clock_ahead_of_central_is_not_negative_silence():
    assert node_status(synced(-2), NOW).silent_hours == 0


@pytest.mark.parametrize(("seconds", "words", "worrying"), [
    (None, "jamais mesuré", False),
    (42, "à l'heure", False),
    (-59, "à l'heure", False),
    (240, "horloge du nœud en retard de 4 min", False),
    (-7_500, "horloge du nœud en avance de 2 h 05", True),
    (3 * 3600, "horloge du nœud en retard de 3 h 00", True),
])
def test_clock_offset_in_words(seconds, words, worrying):
    assert offset_words(seconds) == words
    assert offset_is_worrying(seconds) is worrying


@pytest.mark.parametrize(("hours", "words"), [(0, "0 h"), (5, "5 h"), (24, "1 jour"), (48, "2 jours"),
                                              (30, "1 jour et 6 h"), (-3, "0 h")])
def test_duration_words(hours, words):
    assert duration_words(hours) == words


def test_header_of_a_node_that_never_synced():
    header = header_status("", 0, None)
    assert (header.synced_text, header.waiting, header.never) == ("Jamais synchronisé", False, True)
    assert header_status("", 0, 4).waiting_text == "Données en attente d'envoi"


def test_header_shows_paris_time_and_whether_rows_wait():
    # 01:14 UTC in November is 02:14 in Paris; in July, 00:14 UTC is 02:14.
    assert header_status("2026-11-28T01:14:00+00:00", 8, 7).synced_text == "Synchronisé le 28/11/2026 à 02:14"
    assert header_status("2027-07-14T00:14:00+00:00", 8, 7).synced_text == "Synchronisé le 14/07/2027 à 02:14"
    assert not header_status("2026-11-28T01:14:00+00:00", 8, 7).waiting  # batch 8 not yet written
    assert header_status("2026-11-28T01:14:00+00:00", 8, 8).waiting
    assert header_status("2026-11-28T01:14:00+00:00", 8, 8).waiting_text == "Données en attente d'envoi"


def test_header_reads_an_unreadable_date_as_never():
    assert header_status("hier soir", 0, None).never
