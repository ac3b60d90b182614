"""Central with the northern van: a weekly tour of two villages (Monday Saint-Clar, Thursday Bassoues)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from gers.models import Role
from inventory.enums import SiteKind
from inventory.models import Site

NOW = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)  # Monday 30 November, 10:30 in Paris
TODAY = dt.date(2026, 11, 30)


@dataclass
class Tour:
    van: Site
    other_van: Site


@pytest.fixture
def tour(build, session) -> Tour:
    van = build.site(code="CRR1", name="Croix-Rouge sur roues Nord", kind=SiteKind.MOBILE_UNIT, commune="Lectoure")
    other = build.site(code="CRR2", name="Croix-Rouge sur roues Sud", kind=SiteKind.MOBILE_UNIT, commune="Mirande")
    build.opening_slot(van, weekday=0, opens=dt.time(10), closes=dt.time(12), village="Saint-Clar",
                       village_insee_code="32370", place="Place de la mairie")
    build.opening_slot(van, weekday=3, opens=dt.time(14), closes=dt.time(16, 30), village="Bassoues",
                       village_insee_code="32032", place="Halle")
    session.commit()
    return Tour(van, other)


@pytest.fixture
def coordinator(app, client, build, session, login, tour):
    app.extensions["gers.clock"] = lambda: NOW
    build.user(username="claire", role=Role.COORDINATOR, password="mot-de-passe-2026")
    session.commit()
    assert login("claire", "mot-de-passe-2026").status_code == 302
    return client
