"""At a van, each sale and each free distribution is attached to the stop where it happened: the stop
of this hour, or the one the cashier chose; a fixed site attaches nothing."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from inventory.enums import SiteKind
from pos.models import JournalEntry
from tests.pos.conftest import NOW, TODAY
from tours import services
from tours.figures import stop_figures
from tours.models import StopVisit, TourStop


@pytest.fixture
def van(session, till):
    """The Auch node is a van for these tests: a stop this morning (11:00 in Paris is inside it) and one
    this afternoon."""
    till.site.kind = SiteKind.MOBILE_UNIT
    morning = TourStop(site_id=till.site.id, day=TODAY, opens=dt.time(10), closes=dt.time(12), commune="Saint-Clar",
                       insee_code="32370", owner_node="CENTRAL")
    afternoon = TourStop(site_id=till.site.id, day=TODAY, opens=dt.time(14), closes=dt.time(16), commune="Mauvezin",
                         insee_code="32246", owner_node="CENTRAL")
    session.add_all([morning, afternoon])
    session.commit()
    return morning, afternoon


def _visit_of(session, sale_id):
    return session.scalar(select(StopVisit).where(StopVisit.entry_id == uuid.UUID(sale_id)))


def test_a_sale_at_a_van_belongs_to_the_stop_of_this_hour(session, till, van, till_api, pay):
    morning, _afternoon = van
    till_api("/session", opening_float="20")
    till_api("/foyer", card_number=till.household.card_number)
    till_api("/scan", code=till.pasta.gtin)
    sale = pay([{"method": "cash", "amount": "1"}]).get_json()["sale"]
    visit = _visit_of(session, sale["id"])
    assert visit is not None and visit.stop_id == morning.id and visit.owner_node == "AUCH"


def test_the_cashier_may_choose_the_stop_and_a_wrong_choice_records_nothing(session, till, van, till_api, pay):
    _morning, afternoon = van
    till_api("/session", opening_float="20")
    till_api("/foyer", card_number=till.household.card_number, mode="fse")
    till_api("/scan", code=till.fse_rice.gtin, mode="fse")
    refused = pay([], mode="fse", stop_id="00000000-0000-0000-0000-000000000000")
    assert refused.status_code == 422 and "arrêt" in refused.get_json()["error"]
    assert session.scalar(select(func.count()).select_from(JournalEntry)) == 0
    done = pay([], mode="fse", stop_id=str(afternoon.id)).get_json()["sale"]
    assert _visit_of(session, done["id"]).stop_id == afternoon.id


def test_a_fixed_site_attaches_nothing(session, till, till_api, pay):
    till_api("/session", opening_float="20")
    till_api("/foyer", card_number=till.household.card_number)
    till_api("/scan", code=till.pasta.gtin)
    sale = pay([{"method": "cash", "amount": "1"}]).get_json()["sale"]
    assert _visit_of(session, sale["id"]) is None


def test_figures_per_stop_count_households_visits_distributions_and_kilos(session, till, van, till_api, pay):
    """At the morning stop: one paid sale (2 packets of pasta, 1 kg), one free distribution (3 kg of FSE+
    rice), a second paid sale of 500 g voided. The afternoon stop saw nobody."""
    morning, afternoon = van
    till_api("/session", opening_float="20")
    till_api("/foyer", card_number=till.household.card_number)
    till_api("/scan", code=till.pasta.gtin)
    till_api("/scan", code=till.pasta.gtin)
    pay([{"method": "cash", "amount": "1"}])
    till_api("/foyer", card_number=till.household.card_number, mode="fse")
    for _ in range(3):
        till_api("/scan", code=till.fse_rice.gtin, mode="fse")
    pay([], mode="fse")
    till_api("/foyer", card_number=till.household.card_number)
    till_api("/scan", code=till.pasta.gtin)
    voided = pay([{"method": "cash", "amount": "1"}]).get_json()["sale"]
    assert till_api(f"/ventes/{voided['id']}/annulation", reason="Erreur de foyer").status_code == 200
    session.expire_all()
    figures = {row.stop.commune: row for row in stop_figures(session, TODAY, TODAY)}
    there = figures["Saint-Clar"]
    assert (there.households, there.visits, there.distributions) == (1, 1, 1)
    assert (there.grams_paid, there.grams_free) == (1000, 3000)
    nobody = figures["Mauvezin"]
    assert (nobody.households, nobody.visits, nobody.distributions, nobody.grams_paid, nobody.grams_free) == (
        0, 0, 0, 0, 0)
    assert services.current_stop(session, till.site.id, NOW).id == morning.id
    assert services.current_stop(session, till.site.id, NOW + dt.timedelta(hours=2)) is None  # 13:00, between stops


def test_the_till_of_a_van_offers_todays_stops_to_choose(client, till, van, till_api):
    page = client.get("/caisse").get_data(as_text=True)
    assert "Arrêt de l'heure (automatique)" in page.replace("&#39;", "'")
    assert "10:00–12:00 Saint-Clar (en cours)" in page and "14:00–16:00 Mauvezin</option>" in page


def test_a_fixed_sites_till_has_no_stop_chooser(client, till, till_api):
    assert 'id="stop"' not in client.get("/caisse").get_data(as_text=True)
