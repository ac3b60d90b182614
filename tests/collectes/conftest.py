"""Central with a national collecte over two days at two shops, one of them already a donor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from collectes import services
from collectes.models import Collecte, CollecteShop
from gers.models import Role
from warehouse.models import Donor, DonorKind

NOW = dt.datetime(2026, 11, 28, 17, 0, tzinfo=dt.UTC)  # Saturday evening, second day of the collecte
FRIDAY, SATURDAY = dt.date(2026, 11, 27), dt.date(2026, 11, 28)


@dataclass
class National:
    collecte: Collecte
    leclerc: CollecteShop
    carrefour: CollecteShop
    donor: Donor


@pytest.fixture
def national(session) -> National:
    donor = Donor(name="E.Leclerc Auch", kind=DonorKind.STORE, address="Route de Tarbes", postcode="32000",
                  commune="Auch", owner_node="CENTRAL")
    session.add(donor)
    collecte = services.create_collecte(session, name="Collecte nationale 2026", national=True,
                                        starts_on=FRIDAY, ends_on=SATURDAY, owner_node="CENTRAL")
    leclerc = services.add_shop(session, collecte, donor=donor, owner_node="CENTRAL")
    carrefour = services.add_shop(session, collecte, name="Carrefour Market Condom", commune="Condom",
                                  address="Avenue des Mousquetaires", owner_node="CENTRAL")
    session.commit()
    return National(collecte, leclerc, carrefour, donor)


@pytest.fixture
def coordinator(app, client, build, session, login, national):
    """The test client signed in as a coordinator on central, and a poster of forms."""
    app.extensions["gers.clock"] = lambda: NOW
    build.user(username="claire", role=Role.COORDINATOR, password="mot-de-passe-2026")
    session.commit()
    assert login("claire", "mot-de-passe-2026").status_code == 302
    return client
