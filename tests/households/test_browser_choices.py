"""No choice is made for the social worker: a member's sex and a commission's decision start blank."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gers.models import Role
from households import commission
from households.enums import ReferralReason
from tests.households.helpers import NOW, request_input

pytestmark = pytest.mark.browser


@pytest.fixture
def sophie(page, make_user, auch):
    make_user(username="sophie", display_name="Sophie", role=Role.SOCIAL_WORKER, password="assistante-2026")
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("sophie")
    page.get_by_label("Mot de passe").fill("assistante-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    return page


def test_a_new_member_has_no_sex_until_one_is_chosen(sophie):
    page = sophie
    page.goto("/foyers/nouveau")
    sex = page.get_by_label("Sexe de la personne 1")
    assert sex.input_value() == "" and sex.locator("option:checked").inner_text() == "— choisir —"
    page.get_by_label("Site de rattachement").select_option(label="Épicerie solidaire d'Auch")
    page.get_by_label("Année de naissance de la personne 1").fill("1988")
    page.get_by_role("button", name="Enregistrer le foyer").click()
    expect(page.get_by_text("Choisissez le sexe de la personne 1")).to_be_visible()
    assert page.get_by_label("Année de naissance de la personne 1").input_value() == "1988"
    page.get_by_label("Sexe de la personne 1").select_option(label="Non précisé")
    page.get_by_role("button", name="Enregistrer le foyer").click()
    page.wait_for_url("**/foyers/GS-000001")
    page.goto("/foyers/GS-000001/modifier")
    assert page.get_by_label("Sexe de la personne 1").input_value() == "X"


def test_a_commission_decision_starts_blank_and_must_be_chosen(sophie, session, register):
    household = register(1980)
    commission.submit_request(session, household, request_input(), actor=None, now=NOW, owner_node="CENTRAL")
    session.commit()
    page = sophie
    page.goto("/foyers/commissions/")
    page.get_by_role("button", name="Ouvrir une séance").click()
    file = page.locator(f"article[data-card='{household.card_number}']")
    decision = file.get_by_label("Décision")
    assert decision.input_value() == "" and decision.locator("option:checked").inner_text() == "— choisir —"
    file.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Choisissez la décision.")).to_be_visible()
    file = page.locator(f"article[data-card='{household.card_number}']")
    file.get_by_label("Décision").select_option(label="Ajourné")
    file.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Décision enregistrée : ajourné.")).to_be_visible()


def test_a_request_needs_a_referral_reason_and_keeps_those_chosen(sophie, session, register):
    household = register(1980)
    session.commit()
    page = sophie
    page.goto(f"/foyers/{household.card_number}/demande")
    page.get_by_label("Organisme orienteur").fill("CCAS d'Auch")
    page.get_by_label("Ressources mensuelles (€)").fill("900")
    page.get_by_label("Charges fixes mensuelles (€)").fill("600")
    page.get_by_role("button", name="Enregistrer la demande").click()
    expect(page.get_by_text("Choisissez au moins un motif.")).to_be_visible()
    assert page.get_by_label("Organisme orienteur").input_value() == "CCAS d'Auch"  # nothing else is lost
    page.get_by_label("Surendettement").check()
    page.get_by_label("Isolement").check()
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.wait_for_url(f"**/foyers/{household.card_number}")
    expect(page.get_by_role("cell", name="Surendettement, Isolement")).to_be_visible()
    session.expire_all()
    assert [r.reasons for r in commission.requests_of(session, household.id)] == [
        [ReferralReason.DEBT, ReferralReason.ISOLATION]]
