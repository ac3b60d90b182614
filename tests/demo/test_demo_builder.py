"""The demo network: complete, deterministic, idempotent, and the same ids on every node."""

from __future__ import annotations

from sqlalchemy import func, select

from demo.accounts import DEMO_USERS
from demo.builder import build_demo
from gers.models import Role, User
from households.models import Household, HouseholdMember
from inventory.enums import SiteKind
from inventory.models import Site
from tests.conftest import BOTH_BACKENDS


@BOTH_BACKENDS
def test_central_gets_the_whole_network(session):
    summary = build_demo(session, scope_site=None, reference_year=2026)
    session.commit()
    assert summary.built
    kinds = dict(session.execute(select(Site.kind, func.count()).group_by(Site.kind)).all())
    assert kinds == {SiteKind.WAREHOUSE: 1, SiteKind.CENTRE_BOURG: 15, SiteKind.MOBILE_UNIT: 3}
    assert 280 <= summary.products <= 320
    assert summary.households == 600
    assert {u.role for u in session.scalars(select(User))} == set(Role)
    sizes = set(session.scalars(select(func.count(HouseholdMember.id)).group_by(HouseholdMember.household_id)))
    assert {1, 2, 3, 4}.issubset(sizes)


def test_a_second_build_reuses_the_network(session):
    build_demo(session, scope_site=None, reference_year=2026)
    again = build_demo(session, scope_site=None, reference_year=2026)
    assert not again.built
    assert again.households == 600


def test_a_site_node_keeps_only_its_own_households_with_the_same_ids(session, app):
    build_demo(session, scope_site="AUCH", reference_year=2026)
    session.commit()
    auch = session.scalar(select(Site).where(Site.code == "AUCH"))
    homes = set(session.scalars(select(Household.home_site_id)))
    assert homes == {auch.id}
    usernames = set(session.scalars(select(User.username)))
    assert "entrepot" not in usernames and "caisse" in usernames
    # Same deterministic ids as central: the nightly sync will find them.
    from demo.builder import demo_id

    first = session.scalar(select(Household).order_by(Household.card_number))
    assert first.id == demo_id("household", first.card_number)


def test_every_site_has_opening_hours_and_units_have_villages(session):
    build_demo(session, scope_site=None, reference_year=2026)
    for site in session.scalars(select(Site)):
        assert site.opening_slots, site.code
        if site.kind is SiteKind.MOBILE_UNIT:
            assert all(slot.village for slot in site.opening_slots)


def test_demo_households_carry_no_name(session):
    columns = {c.name for c in Household.__table__.columns} | {c.name for c in HouseholdMember.__table__.columns}
    assert not {c for c in columns if "name" in c or "phone" in c or "email" in c}
    build_demo(session, scope_site=None, reference_year=2026)
    assert session.scalar(select(func.min(HouseholdMember.birth_year))) >= 2026 - 90


def test_every_demo_user_can_log_in_somewhere():
    for user in DEMO_USERS:
        assert user.pin or user.password
