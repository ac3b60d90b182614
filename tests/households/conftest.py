"""Builders of the household room: a home site, a registered household, a commission decision."""

from __future__ import annotations

import pytest

from gers.models import Role
from households import commission, registry
from households.enums import Outcome
from tests.households.helpers import NOW, TODAY, household_input, request_input


@pytest.fixture
def auch(build, session):
    site = build.site(code="AUCH", name="Épicerie solidaire d'Auch", commune="Auch")
    session.commit()
    return site


@pytest.fixture
def social_worker(make_user):
    return make_user(username="sophie", display_name="Sophie", role=Role.SOCIAL_WORKER,
                     password="assistante-2026")


@pytest.fixture
def register(session, auch):
    """register(*birth_years, **fields) → a committed household of Auch."""
    def make(*years, site=None, **fields):
        household = registry.register(session, household_input(site or auch, *years, **fields), actor=None,
                                      now=NOW, owner_node="CENTRAL", today=TODAY)
        session.commit()
        return household
    return make


@pytest.fixture
def grant_access(session):
    """grant_access(household, held_on, months) → the favourable decision (request + commission)."""
    def make(household, held_on=TODAY, months=3, site_id=None):
        request = commission.submit_request(session, household, request_input(requested_months=months),
                                            actor=None, now=NOW, owner_node="CENTRAL")
        meeting = commission.open_session(session, site_id=site_id, held_on=held_on, owner_node="CENTRAL")
        decision = commission.decide(session, meeting, subject_id=request.id, outcome=Outcome.FAVOURABLE,
                                     duration_months=months, note="", actor=None, now=NOW,
                                     owner_node="CENTRAL")
        session.commit()
        return decision
    return make

