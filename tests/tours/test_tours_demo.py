"""The demo lays out every van's weekly tour as dated stops, once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from demo.builder import build_demo
from demo.tours_demo import WEEKS_AHEAD, build_tours_demo
from kiosk.content import van_stops
from tours.models import TourStop


def test_the_demo_vans_have_dated_stops_for_the_kiosk(session):
    build_demo(session, scope_site=None, reference_year=2026)
    today = dt.date(2026, 11, 30)
    added = build_tours_demo(session, today=today)
    # 3 vans × 4 weekly stops × (1 + 8 weeks) + the stops of the extra day (the period has 64 days).
    assert added == session.scalar(select(func.count()).select_from(TourStop)) >= 3 * 4 * (1 + WEEKS_AHEAD)
    assert build_tours_demo(session, today=today) == 0
    week = van_stops(session, today)
    assert {stop.unit for stop in week} == {"Croix-Rouge sur roues – Nord", "Croix-Rouge sur roues – Sud",
                                           "Croix-Rouge sur roues – Ouest"}
    assert [stop.commune for stop in week][:1] == ["Saint-Clar"]  # Monday 30 November, 09:30
