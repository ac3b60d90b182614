"""The collectes' rules and use cases, without Flask: shops, shifts and sign-ups, figures, totals."""

from __future__ import annotations

import datetime as dt

import pytest

from collectes import services
from collectes.forms import CollecteError, kilos, read_count, read_grams, read_time
from tests.collectes.conftest import FRIDAY, SATURDAY
from tests.conftest import BOTH_BACKENDS
from warehouse.models import Donor, DonorKind


def test_a_shop_that_is_already_a_donor_takes_its_name_and_address(national):
    assert (national.leclerc.name, national.leclerc.commune, national.leclerc.address) == (
        "E.Leclerc Auch", "Auch", "Route de Tarbes")
    assert national.leclerc.donor_id == national.donor.id and national.carrefour.donor_id is None


def test_only_active_store_donors_are_offered(session, national):
    session.add_all([Donor(name="Ferme du Pouy", kind=DonorKind.FARM, owner_node="CENTRAL"),
                     Donor(name="Intermarché fermé", kind=DonorKind.STORE, active=False, owner_node="CENTRAL")])
    assert [donor.name for donor in services.store_donors(session)] == ["E.Leclerc Auch"]


def test_the_same_shop_twice_and_reversed_dates_are_refused(session, national):
    with pytest.raises(CollecteError, match="participe déjà"):
        services.add_shop(session, national.collecte, donor=national.donor, owner_node="CENTRAL")
    with pytest.raises(CollecteError, match="avant le premier"):
        services.create_collecte(session, name="Printemps", national=False, starts_on=SATURDAY, ends_on=FRIDAY,
                                 owner_node="CENTRAL")


@BOTH_BACKENDS
def test_a_shift_fills_up_and_refuses_a_name_twice(session, national):
    shift = services.add_shift(session, national.leclerc, day=FRIDAY, starts_at=dt.time(9), ends_at=dt.time(12),
                               places=2, owner_node="CENTRAL")
    services.sign_up(session, shift, "  Marie   D. ", owner_node="CENTRAL")
    with pytest.raises(CollecteError, match="déjà inscrit"):
        services.sign_up(session, shift, "Marie D.", owner_node="CENTRAL")
    services.sign_up(session, shift, "Jean P.", owner_node="CENTRAL")
    with pytest.raises(CollecteError, match=r"complet \(2 places\)"):
        services.sign_up(session, shift, "Paul R.", owner_node="CENTRAL")
    assert [v.display_name for v in shift.volunteers] == ["Marie D.", "Jean P."]
    services.withdraw(session, shift.volunteers[0])
    session.commit()
    session.expire_all()
    assert [v.display_name for v in shift.volunteers] == ["Jean P."]
    assert (shift.day, shift.starts_at, shift.ends_at) == (FRIDAY, dt.time(9), dt.time(12))


@pytest.mark.parametrize("day,start,end,message", [
    (dt.date(2026, 11, 29), dt.time(9), dt.time(12), "n'est pas un jour de la collecte"),
    (FRIDAY, dt.time(12), dt.time(9), "après son début"),
])
def test_a_shift_outside_the_collecte_or_backwards_is_refused(session, national, day, start, end, message):
    with pytest.raises(CollecteError, match=message):
        services.add_shift(session, national.leclerc, day=day, starts_at=start, ends_at=end, places=2,
                           owner_node="CENTRAL")


@BOTH_BACKENDS
def test_results_per_shop_and_per_day_add_up_and_a_second_entry_corrects(session, national):
    services.record_result(session, national.leclerc, day=FRIDAY, cartons=40, grams=512_300, actor_id=None,
                           owner_node="CENTRAL")
    services.record_result(session, national.leclerc, day=SATURDAY, cartons=70, grams=800_000, actor_id=None,
                           owner_node="CENTRAL")
    services.record_result(session, national.carrefour, day=SATURDAY, cartons=9, grams=100_000, actor_id=None,
                           owner_node="CENTRAL")
    services.record_result(session, national.carrefour, day=SATURDAY, cartons=12, grams=122_200, actor_id=None,
                           owner_node="CENTRAL")  # recounted: replaces the first figures
    session.commit()
    totals = services.collecte_totals(session, national.collecte.id)
    by_shop = {row.shop.name: (row.cartons, row.grams, row.days_entered) for row in totals.shops}
    assert by_shop == {"E.Leclerc Auch": (110, 1_312_300, 2), "Carrefour Market Condom": (12, 122_200, 1)}
    assert (totals.cartons, kilos(totals.grams)) == (122, "1\u202f434,5\u00a0kg")


@pytest.mark.parametrize("raw", ["-3", "abc", "2,5", "", "99999"])
def test_cartons_must_be_a_whole_number(raw):
    with pytest.raises(CollecteError, match="n'est pas un nombre entier entre 0 et 10000"):
        read_count(raw, "Cartons")


@pytest.mark.parametrize("raw", ["abc", "-3", "", "1e3", "200000"])
def test_kilos_must_be_a_positive_weight(raw):
    with pytest.raises(CollecteError, match="n'est pas un poids en kg"):
        read_grams(raw)


def test_what_people_type_is_read_the_french_way():
    assert read_grams("1 234,5") == 1_234_500 and read_grams("0.25") == 250
    assert read_count(" 1 200 ", "Cartons") == 1200 and read_time("9h30", "Début") == dt.time(9, 30)
    assert kilos(1_234_500) == "1\u202f234,5\u00a0kg" and kilos(3_000) == "3\u00a0kg"
