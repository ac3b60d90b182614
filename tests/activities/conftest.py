"""A site node (Auch) on Wednesday 25 November 2026: two households of Auch with open access, one of
Condom, opening hours, a cashier and a coordinator, a workshop in two days and one that took place
yesterday with its list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from activities import workshops
from activities.enums import Channel, WorkshopTopic
from activities.models import Workshop
from gers.models import Role
from inventory.models import Site
from tests.kiosk.conftest import register_household
from tests.sync.inprocess import (  # noqa: F401  (central and a node in one process, for test_sync.py)
    auch,
    central,
    central_demo_databases,
    central_session,
    clock,
    make_node,
)

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)  # 11:00 in Paris, a Wednesday
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def node_role() -> str:
    return "site"


@dataclass
class Place:
    site: Site
    condom: Site
    card: str
    other_card: str
    condom_card: str
    cooking: Workshop  # in two days, 2 places
    past: Workshop  # yesterday, the two households on its list


def plan(session, site, *, title="Cuisiner à petit budget", days=2, places=2, owner="CENTRAL") -> Workshop:
    return workshops.create(session, workshops.WorkshopInput(
        site_id=site.id, topic=WorkshopTopic.COOKING, title=title, starts_at=NOW + dt.timedelta(days=days),
        place="Cuisine de l'épicerie", places=places, facilitator_name="Mme Arrighi, conseillère ESF"),
        now=NOW + dt.timedelta(days=min(days, 0) - 1), owner_node=owner)


@pytest.fixture
def place(app, build, session) -> Place:
    app.extensions["gers.clock"] = lambda: NOW
    site = build.site(code="AUCH", name="Épicerie solidaire d'Auch", commune="Auch")
    condom = build.site(code="CONDOM", name="Épicerie de Condom", commune="Condom")
    build.opening_slot(site, weekday=2, opens=dt.time(9), closes=dt.time(12))  # Wednesday morning
    build.opening_slot(site, weekday=4, opens=dt.time(14), closes=dt.time(17, 30))
    build.user(username="marie", role=Role.CASHIER, pin="2468", site_id=site.id, display_name="Marie")
    build.user(username="claire", role=Role.COORDINATOR, pin="1357", display_name="Claire")
    one = register_household(session, site, TODAY - dt.timedelta(days=10))
    two = register_household(session, site, TODAY - dt.timedelta(days=10))
    elsewhere = register_household(session, condom, TODAY - dt.timedelta(days=10))
    session.flush()
    cooking = plan(session, site)
    past = plan(session, site, title="Anti-gaspillage", days=-1, places=5)
    for household in (one, two):
        workshops.register_household(session, past, household.id, site_id=site.id, channel=Channel.COUNTER,
                                     now=NOW - dt.timedelta(days=2), owner_node="AUCH")
    session.commit()
    return Place(site, condom, one.card_number, two.card_number, elsewhere.card_number, cooking, past)


@pytest.fixture
def counter(app, client, place, login):
    """The cashier of Auch, signed in at the site node: post(path, **form)."""
    from tests.conftest import csrf_token

    assert login("marie", "2468").status_code == 302
    token = csrf_token(client, "/activites/")

    def post(path, **form):
        return client.post(f"/activites{path}", data={"csrf_token": token, **form})
    return post
