"""The veille sociale never shows nor exports a count of fewer than 5 households (a setting)."""

from __future__ import annotations

import datetime as dt

import pytest

from households.access_models import AccessPeriod
from households.enums import AccessKind, HouseholdType
from households.models import Household
from reports import veille
from tests.reports.network import Network


@pytest.fixture
def registry(session, build):
    """Auch: 6 single persons, 5 couples with children, 2 single parents; Lupiac: 1 single person.
    All got a first access in 2026; one of Lupiac's also an emergency access."""
    network = Network(session, build)
    site = network.site("AUCH", "Croix-Rouge")
    households = []
    for commune, kind, count in (("Auch", HouseholdType.SINGLE, 6), ("Auch", HouseholdType.COUPLE_WITH_CHILDREN, 5),
                                 ("Auch", HouseholdType.SINGLE_PARENT, 2), ("Lupiac", HouseholdType.SINGLE, 1)):
        for _ in range(count):
            household = Household(card_number=f"GS-{len(households) + 1:06d}", home_site_id=site.id,
                                  household_type=kind, commune=commune, owner_node="CENTRAL")
            session.add(household)
            session.flush()
            session.add(AccessPeriod(household_id=household.id, kind=AccessKind.INITIAL, starts_on=dt.date(2026, 2, 1),
                                     ends_on=dt.date(2026, 7, 31), owner_node="CENTRAL"))
            households.append(household)
    session.add(AccessPeriod(household_id=households[-1].id, kind=AccessKind.EMERGENCY, starts_on=dt.date(2026, 9, 1),
                             ends_on=dt.date(2026, 9, 14), owner_node="CENTRAL"))
    session.commit()


def _report(session, minimum=5):
    return veille.veille(session, dt.date(2026, 1, 1), dt.date(2026, 12, 31), minimum)


def test_households_by_commune_with_primary_and_secondary_suppression(session, registry):
    communes = {row.label: row for row in _report(session).sections[0].rows}
    auch = communes["Auch"]
    # 2 single parents are hidden; alone, 13 − 6 − 5 would give them back: the 5 couples are hidden too.
    assert (auch.cells["Personne seule"], auch.cells["Couple avec enfant(s)"], auch.cells["Famille monoparentale"],
            auch.total) == (6, None, None, 13)
    assert communes["Lupiac"].cells["Personne seule"] is None and communes["Lupiac"].total is None
    assert (communes["Total"].cells["Personne seule"], communes["Total"].total) == (7, 14)


def test_accesses_and_emergencies_below_the_threshold_are_hidden(session, registry):
    accesses = {row.label: row.total for row in _report(session).sections[3].rows}
    assert accesses == {"Premiers accès": 14, "Renouvellements": 0, "Accès d'urgence": None,
                        "Foyers en délai de carence": 0}
    assert "non publié" in _report(session).sections[2].note


def test_the_csv_export_writes_s_for_every_hidden_cell(session, registry):
    text = veille.to_csv(_report(session)).decode("utf-8-sig")
    assert "communes;Lupiac;Personne seule;s" in text
    assert "communes;Lupiac;total;s" in text
    assert "acces;Accès d'urgence;Foyers;s" in text
    assert ";1\r\n" not in text and ";2\r\n" not in text  # no count under 5 anywhere


def test_the_threshold_is_a_setting(session, registry):
    communes = {row.label: row for row in _report(session, minimum=7).sections[0].rows}
    assert communes["Auch"].cells["Personne seule"] is None  # 6 < 7
    assert communes["Total"].cells["Personne seule"] == 7
