"""Reste à vivre (per person and per part), quotient familial, composition and card numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from households.cards import CardFormat
from households.composition import PartsRule, age_band_counts, composition
from households.eligibility import Figures, assess, reste_a_vivre
from households.enums import EligibilityMethod
from households.errors import ForeignCard, InvalidInput

D = Decimal
TODAY = dt.date(2026, 11, 28)


def test_rav_per_person_divides_by_persons_and_thirty_days():
    # (1 200 − 700) / 3 persons / 30 days = 5.555… → 5.56 €/person/day
    assert reste_a_vivre(D("1200"), D("700"), 3) == D("5.56")
    result = assess(EligibilityMethod.RAV_PERSONS, Figures(D("1200"), D("700"), 3), threshold=D("8"))
    assert result.value == D("5.56") and result.below_threshold
    assert result.explanation().replace("\xa0", " ") == ("Reste à vivre par personne : 5,56 € par personne et par jour, "
                                    "sous le seuil du site (8,00 €) : le foyer relève de l'épicerie sociale.")


def test_rav_per_part_uses_caf_parts_single_parent_with_one_child_is_two_and_a_half():
    parts = PartsRule().parts(children=1)
    assert parts == D("2.5")
    result = assess(EligibilityMethod.RAV_PARTS, Figures(D("1100"), D("500"), 2, parts=parts), D("8"))
    assert result.value == D("8.00")  # 600 / 2.5 / 30
    assert result.below_threshold  # at the threshold counts as eligible
    assert PartsRule().parts(children=3) == D("4")  # 2 + 0.5 + 0.5 + 1


def test_rav_above_threshold_says_the_commission_must_justify():
    result = assess(EligibilityMethod.RAV_PERSONS, Figures(D("2000"), D("500"), 1), D("8"))
    assert result.value == D("50.00") and not result.below_threshold
    assert "au-dessus du seuil du site (8,00 €)" in result.explanation().replace("\xa0", " ")


def test_negative_rav_is_a_real_situation_not_an_error():
    assert assess(EligibilityMethod.RAV_PERSONS, Figures(D("600"), D("900"), 2), D("8")).value == D("-5.00")


def test_quotient_familial_given_or_computed_from_parts():
    given = assess(EligibilityMethod.QUOTIENT_FAMILIAL, Figures(D("0"), D("0"), 3, quotient_familial=D("512")),
                   D("600"))
    assert given.value == D("512") and given.below_threshold and given.unit == "par mois"
    computed = assess(EligibilityMethod.QUOTIENT_FAMILIAL, Figures(D("1500"), D("0"), 3, parts=D("2.5")), D("600"))
    assert computed.value == D("600.00")


@pytest.mark.parametrize("figures,method,field,message", [
    (Figures(D("-1"), D("0"), 1), EligibilityMethod.RAV_PERSONS, "monthly_resources",
     "Les ressources ne peuvent pas être négatives."),
    (Figures(D("100"), D("-5"), 1), EligibilityMethod.RAV_PERSONS, "fixed_charges",
     "Les charges ne peuvent pas être négatives."),
    (Figures(D("100"), D("5"), 0), EligibilityMethod.RAV_PERSONS, "persons",
     "Le foyer compte au moins une personne."),
    (Figures(D("100"), D("5"), 2, parts=D("0")), EligibilityMethod.RAV_PARTS, "parts",
     "Le nombre de parts doit être positif."),
])
def test_bad_figures_get_a_french_message_on_the_field(figures, method, field, message):
    with pytest.raises(InvalidInput) as refused:
        assess(method, figures, D("8"))
    assert refused.value.errors == {field: message}


class Band:
    def __init__(self, label, min_age, max_age):
        self.label, self.min_age, self.max_age = label, min_age, max_age


def test_composition_counts_adults_children_and_age_bands():
    family = composition([1985, 1988, 2015, 2025], TODAY)
    assert (family.persons, family.adults, family.children) == (4, 2, 2)
    assert family.summary() == "2 adultes, 2 enfants"
    assert composition([1950], TODAY).summary() == "1 adulte"
    bands = [Band("Moins de 3 ans", 0, 2), Band("3 à 17 ans", 3, 17), Band("18 à 29 ans", 18, 29),
             Band("30 à 64 ans", 30, 64), Band("65 ans et plus", 65, None)]
    assert age_band_counts(family.ages, bands) == (
        ("Moins de 3 ans", 1), ("3 à 17 ans", 1), ("18 à 29 ans", 0), ("30 à 64 ans", 2), ("65 ans et plus", 0))


def test_card_numbers_are_normalised_and_foreign_codes_refused():
    cards = CardFormat("GS-", 6)
    assert cards.format(123) == "GS-000123"
    assert cards.normalise(" gs000123 ") == "GS-000123"
    assert cards.serial("GS-000123") == 123
    with pytest.raises(ForeignCard) as foreign:
        cards.normalise("RS-000123")
    assert str(foreign.value) == ("« RS-000123 » n'est pas une carte du réseau : les cartes portent un numéro "
                                  "« GS-000123 ». Carte d'un autre réseau ? Orientez la personne vers l'accueil.")
    assert not cards.is_valid("3017620422003")  # a product scanned by mistake
