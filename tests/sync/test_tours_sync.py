"""Before a tour: the van's node gets the tour's stops, the households of the communes where it stops
(weekly slots and stops added by hand) and its load list (a dispatch prepared at the warehouse for a
mobile unit); every site's node gets the stops for its kiosk (in-process central and nodes)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from demo.households_demo import till_cards
from gers.clock import paris_today
from households.models import Household
from inventory.enums import SiteKind
from inventory.expiry import ExpirySettings
from inventory.ledger import balance_of
from inventory.models import Site
from tests.sync.inprocess import NOW
from tours import services
from tours.models import TourStop
from warehouse import dispatching
from warehouse.models import Dispatch


@pytest.fixture
def session(central_session):
    """In these tests, the session is central's."""
    return central_session


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_van_goes_out_with_its_stops_its_communes_households_and_its_load(central, make_node, session):
    today = paris_today(NOW)
    van = session.scalar(select(Site).where(Site.code == "CRR-NORD"))
    warehouse = session.scalar(select(Site).where(Site.kind == SiteKind.WAREHOUSE))
    services.generate(session, van.id, today, today + dt.timedelta(days=13), owner_node="CENTRAL")
    # A stop added by hand in a village outside the weekly tour, and a household living there.
    services.add_stop(session, services.StopInput(van.id, today, dt.time(10), dt.time(12), "Castéra-Lectourois",
                                                  "32082", "Mairie"), owner_node="CENTRAL")
    villager = session.scalar(select(Household).where(Household.card_number == till_cards(session, "LECTOURE", today)[0]))
    villager.commune = "Castéra-Lectourois"
    # The load list: prepared at the warehouse for the van, then shipped.
    settings = ExpirySettings()
    row, units, grams = next(item for item in dispatching.available_stock(session, warehouse.id, today, settings)
                             if item[1] >= 4)
    dispatch = dispatching.create_dispatch(
        session, from_site_id=warehouse.id, to_site_id=van.id, planned_on=today, now=NOW, owner_node="CENTRAL",
        settings=settings, lines=[dispatching.LineInput(row.lot_id, row.location, 4, 4 * grams // units)])
    dispatching.ship_dispatch(session, dispatch, now=NOW, settings=settings)
    session.commit()
    stops_on_central = _count(session, TourStop)

    node = make_node("CRR-NORD")
    node.sync()
    with node.session() as van_db:
        assert _count(van_db, TourStop) == stops_on_central
        assert van_db.scalar(select(Household.id).where(Household.card_number == villager.card_number)) == villager.id
        arrived = van_db.get(Dispatch, dispatch.id)
        assert arrived is not None and [(line.lot_id, line.units) for line in arrived.lines] == [(row.lot_id, 4)]
        dispatching.receive_dispatch(van_db, arrived, site_id=van.id, received={}, now=NOW, owner_node="CRR-NORD")
        van_db.commit()
        assert balance_of(van_db, row.lot_id, van.id, "")[0] == 4
    site = make_node("AUCH")
    site.sync()
    with site.session() as auch_db:  # every kiosk shows the vans' week
        assert _count(auch_db, TourStop) == stops_on_central
        assert auch_db.scalar(select(Household.id).where(Household.id == villager.id)) is None
