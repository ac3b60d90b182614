"""The vans' dated stops of the demo: each weekly tour laid out from last week to eight weeks ahead,
so the kiosks show « the van stops this week » and the tours' screens have a month to edit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tours import services

OWNER = "CENTRAL"
WEEKS_AHEAD = 8


def build_tours_demo(session: Session, *, today: dt.date) -> int:
    """Idempotent (generation keeps the stops already there): returns how many stops were added."""
    first, last = today - dt.timedelta(days=7), today + dt.timedelta(weeks=WEEKS_AHEAD)
    return sum(services.generate(session, van.id, first, last, owner_node=OWNER) for van in services.vans(session)
               if any(slot.village for slot in van.opening_slots))
