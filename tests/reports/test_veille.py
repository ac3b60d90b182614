"""The veille sociale never shows nor exports a count of fewer than 5 households (a setting)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from households.access_models import AccessPeriod, AccessRequest
from households.enums import AccessKind, EligibilityMethod, HouseholdType, ReferralReason, store_reasons
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


def _section(report, key):
    return next(section for section in report.sections if section.key == key)


def test_households_by_commune_with_primary_and_secondary_suppression(session, registry):
    communes = {row.label: row for row in _report(session).sections[0].rows}
    auch = communes["Auch"]
    # 2 single parents are hidden; alone, 13 − 6 − 5 would give them back: the 5 couples are hidden too.
    assert (auch.cells["Personne seule"], auch.cells["Couple avec enfant(s)"], auch.cells["Famille monoparentale"],
            auch.total) == (6, None, None, 13)
    assert communes["Lupiac"].cells["Personne seule"] is None and communes["Lupiac"].total is None
    assert (communes["Total"].cells["Personne seule"], communes["Total"].total) == (7, 14)


def test_accesses_and_emergencies_below_the_threshold_are_hidden(session, registry):
    accesses = {row.label: row.total for row in _section(_report(session), "acces").rows}
    assert accesses == {"Premiers accès": 14, "Renouvellements": 0, "Accès d'urgence": None,
                        "Foyers en délai de carence": 0}
    assert "non publié" in _section(_report(session), "delais").note


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


def _request(session, household, structure, reasons, created):
    session.add(AccessRequest(
        household_id=household.id, referring_organisation=structure, referring_worker="", requested_months=3,
        referral_reasons=store_reasons(reasons), method=EligibilityMethod.RAV_PERSONS,
        monthly_resources=Decimal("900"), fixed_charges=Decimal("600"), persons=1, result_value=Decimal("10.00"),
        threshold=Decimal("8.00"), owner_node="CENTRAL", created_at=created))


@pytest.fixture
def referrals(session, build):
    """Seven households referred in 2026:
    - A1–A5 by the CCAS d'Auch (A5's worker typed « ccas  d'Auch »), all for a job loss; A1–A3 also for debt;
      A1 was referred twice in 2026 (job loss both times: still one household);
    - A6 and A7 by the Conseil départemental, on requests made before the reasons were asked (none stored);
      A6 was also referred in 2025 for housing (outside the year).
    Worked out: job loss 5; debt 3; not filled in 2; housing 0 (2025 is not counted); CCAS d'Auch 5 households
    (4 + 1 spelled differently), Conseil départemental 2."""
    network = Network(session, build)
    site = network.site("AUCH", "Croix-Rouge")
    homes = []
    for n in range(7):
        household = Household(card_number=f"GS-{n + 1:06d}", home_site_id=site.id,
                              household_type=HouseholdType.SINGLE, commune="Auch", owner_node="CENTRAL")
        session.add(household)
        homes.append(household)
    session.flush()
    march, old = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC)
    job, debt = ReferralReason.JOB_LOSS, ReferralReason.DEBT
    for n, household in enumerate(homes[:5]):
        _request(session, household, "ccas  d'Auch " if n == 4 else "CCAS d'Auch", [job, debt] if n < 3 else [job],
                 march)
    _request(session, homes[0], "CCAS d'Auch", [job], march + dt.timedelta(days=90))
    for household in homes[5:]:
        _request(session, household, "Conseil départemental", [], march)
    _request(session, homes[5], "Conseil départemental", [ReferralReason.HOUSING], old)
    session.commit()


def test_referral_reasons_count_each_household_once_per_reason(session, referrals):
    reasons = {row.label: row.total for row in _section(_report(session), "motifs").rows}
    assert reasons == {"Perte d'emploi, baisse de ressources": 5, "Séparation, rupture familiale": 0,
                       "Surendettement": None, "Retard ou rupture de prestations": 0, "Isolement": 0,
                       "Logement (loyer, énergie)": 0, "Autre": 0, "Non renseigné": None}  # 3 and 2: secret
    lower = {row.label: row.total for row in _section(_report(session, minimum=3), "motifs").rows}
    assert (lower["Surendettement"], lower["Non renseigné"]) == (3, None)


def test_referring_structures_are_grouped_whatever_the_spelling(session, referrals):
    structures = {row.label: row.total for row in _section(_report(session), "orienteurs").rows}
    assert structures == {"CCAS d'Auch": 5, "Conseil départemental": None}


def test_the_csv_export_hides_small_reason_cells(session, referrals):
    text = veille.to_csv(_report(session)).decode("utf-8-sig")
    assert "motifs;Perte d'emploi, baisse de ressources;Foyers;5\r\n" in text
    assert "motifs;Surendettement;Foyers;s\r\n" in text and "motifs;Non renseigné;Foyers;s\r\n" in text
