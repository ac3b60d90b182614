"""The yearly State / FSE+ report on the hand-built network (tests/reports/conftest.py says why each
figure is what it is)."""

from __future__ import annotations

from decimal import Decimal

from reports import summaries
from reports.settings import Settings
from reports.state import yearly_report
from tests.conftest import BOTH_BACKENDS


def _report(session, year=2026, **kwargs):
    summaries.refresh(session)
    session.commit()
    return {figures.scope: figures for figures in yearly_report(session, year, Settings(), **kwargs)}


@BOTH_BACKENDS
def test_kg_and_value_by_food_group_with_fse_plus_apart(session, net):
    network = _report(session)["Réseau"]
    groups = {group.code: group for group in network.groups}
    # Féculents: 2 + 0,5 + 1 kg sold in 2026 − 1 kg returned on 5 January = 2,5 kg; 10 + 3 + 5 − 4 = 14 €.
    assert (groups["feculents"].distributed.grams, groups["feculents"].distributed.value) == (2500, Decimal("14.00"))
    assert (groups["fruits_legumes"].distributed.grams, groups["fruits_legumes"].distributed.value) == (
        1000, Decimal("4.00"))
    assert (network.fse_plus.grams, network.fse_plus.value) == (1500, Decimal("6.00"))
    assert network.fse_plus_tonnes == Decimal("0.002")  # 1,5 kg rounds to 0,002 t
    assert (network.total.grams, network.total.value) == (5000, Decimal("24.00"))


@BOTH_BACKENDS
def test_unique_households_and_persons_across_sites(session, net):
    report = _report(session)
    network = report["Réseau"]
    assert (network.households, network.persons) == (3, 7)  # H2 counted once although it shopped at two sites
    assert network.persons_by_band == [1, 2, 0, 3, 1]  # <3: 2025; 3–17: 2020, 2010; 30–64: 1990, 1988, 1996; ≥65
    assert network.persons_by_sex == {"Femme": 4, "Homme": 3, "Non précisé": 0}
    assert network.households_by_type["Couple avec enfant(s)"] == 1
    assert network.households_by_type["Personne seule"] == 1
    assert network.households_by_type["Famille monoparentale"] == 1
    assert (network.new_households, network.returning_households) == (2, 1)  # H3 came in 2025
    assert network.visits == 4  # the return of January is not a visit
    auch, condom = report["Site : Auch"], report["Site : Condom"]
    assert (auch.households, condom.households) == (2, 2)  # H2 is at both: sites do not add up to the network
    assert report["Association : Croix-Rouge"].persons == 5


def test_the_last_half_hour_of_the_year_in_utc_is_the_next_year_in_paris(session, net):
    network = _report(session, 2027)["Réseau"]
    assert network.total.grams == 3000 and network.households == 1 and network.returning_households == 1


@BOTH_BACKENDS
def test_donations_losses_and_vesti_revenue(session, net):
    network = _report(session)["Réseau"]
    assert (network.donations["FSE+ (aide européenne)"].grams, network.donations["FSE+ (aide européenne)"].value) == (
        100_000, Decimal("200.00"))
    assert (network.donations["Ramasse (magasin)"].grams, network.donations["Ramasse (magasin)"].value) == (
        5000, Decimal("15.00"))
    assert (network.losses["Casse"].grams, network.losses["Casse"].value) == (1000, Decimal("3.00"))
    assert (network.losses["Périmé"].grams, network.losses["Périmé"].value) == (1000, Decimal("2.00"))
    assert network.vesti_revenue == Decimal("2.00")


def test_a_site_account_sees_its_site_only(session, net):
    report = _report(session, only_site=net.auch.id)
    assert list(report) == ["Auch"]
    assert report["Auch"].households == 2


def test_age_bands_are_a_setting(session, net):
    summaries.refresh(session)
    network = yearly_report(session, 2026, Settings(age_bounds=(18, 65)))[0]
    assert network.band_labels == ["< 18 ans", "18–64 ans", "≥ 65 ans"]
    assert network.persons_by_band == [3, 3, 1]
