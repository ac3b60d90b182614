"""The demo network has households in every status; a site receives no central-only row."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from demo.builder import build_demo
from demo.households_demo import build_households_demo
from gers.db import Base
from households import commission, privacy
from households.access import AccessStatus
from households.access_models import AccessPeriod, AccessRequest
from households.enums import AccessKind
from households.models import Household
from households.services import counter_lookup
from inventory.models import Site

TODAY = dt.date(2026, 11, 28)

pytestmark = pytest.mark.slow


def test_central_demo_has_every_status_commissions_and_purge_candidates(session):
    build_demo(session, scope_site=None, reference_year=TODAY.year)
    statuses = build_households_demo(session, scope_site=None, today=TODAY)
    session.commit()
    assert set(statuses) == {s.value for s in AccessStatus}
    assert all(count >= 10 for count in statuses.values()), statuses
    assert build_households_demo(session, scope_site=None, today=TODAY) == {}  # idempotent
    meeting = commission.open_session(session, site_id=None, held_on=TODAY, owner_node="CENTRAL")
    agenda = commission.agenda(session, meeting, TODAY)
    assert {item.subject for item in agenda} == {"request", "emergency"}
    _cutoff, old = privacy.purge_candidates(session, dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC))
    assert len(old) >= 10
    auch = session.scalar(select(Site).where(Site.code == "AUCH"))
    active = session.scalars(select(Household).join(AccessPeriod, AccessPeriod.household_id == Household.id)
                             .where(Household.home_site_id == auch.id, AccessPeriod.kind == AccessKind.INITIAL,
                                    AccessPeriod.starts_on <= TODAY, AccessPeriod.ends_on >= TODAY)).all()
    seen = [counter_lookup(session, h.card_number, auch.id, TODAY) for h in active]
    assert any(s.may_shop and s.grant.category_limits for s in seen)
    reasons = [request.reasons for request in session.scalars(select(AccessRequest))]
    assert reasons and all(reasons)  # the veille sociale has reasons to show


def test_site_demo_gets_periods_and_grants_but_no_central_only_rows(session):
    build_demo(session, scope_site="AUCH", reference_year=TODAY.year)
    statuses = build_households_demo(session, scope_site="AUCH", today=TODAY)
    session.commit()
    assert statuses.get("active", 0) > 0
    for name, table in Base.metadata.tables.items():
        if table.info.get("central_only"):
            assert session.scalar(select(func.count()).select_from(table)) == 0, name
