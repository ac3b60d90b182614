"""A social worker registers a household, the commission grants access, the card is printed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gers.models import Role
from tests.households.helpers import NOW

pytestmark = pytest.mark.browser


def test_register_pass_commission_and_print_card(app, page, make_user, make_site):
    app.extensions["gers.clock"] = lambda: NOW  # the infant supplement depends on the child's age today
    make_site(code="AUCH", name="Épicerie solidaire d'Auch")
    make_user(username="sophie", display_name="Sophie", role=Role.SOCIAL_WORKER, password="assistante-2026")
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("sophie")
    page.get_by_label("Mot de passe").fill("assistante-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")

    page.goto("/foyers/nouveau")
    page.get_by_label("Site de rattachement").select_option(label="Épicerie solidaire d'Auch")
    page.get_by_label("Type de foyer").select_option(label="Famille monoparentale")
    page.get_by_label("Année de naissance de la personne 1").fill("2031")
    page.get_by_label("Sexe de la personne 1").select_option(label="Femme")
    page.get_by_role("button", name="Enregistrer le foyer").click()
    expect(page.get_by_text("L'année de naissance 2031 est dans le futur.")).to_be_visible()
    page.get_by_label("Année de naissance de la personne 1").fill("1988")
    page.get_by_label("Année de naissance de la personne 2").fill("2024")
    page.get_by_label("Sexe de la personne 2").select_option(label="Homme")
    page.get_by_role("button", name="Enregistrer le foyer").click()
    page.wait_for_url("**/foyers/GS-000001")
    assert page.locator("[data-status]").get_attribute("data-status") == "none"

    page.get_by_role("link", name="Nouvelle demande").click()
    page.get_by_label("Organisme orienteur").fill("CCAS d'Auch")
    page.get_by_label("Ressources mensuelles (€)").fill("1100")
    page.get_by_label("Charges fixes mensuelles (€)").fill("800")
    page.get_by_label("Nombre de personnes").fill("2")
    page.get_by_label("Perte d'emploi, baisse de ressources").check()
    # Live result: (1100 − 800) / 2 / 30 = 5,00 € per person per day, under the 8 € threshold.
    assessment = page.locator("#assessment")
    assessment.filter(has_text="5,00").wait_for()
    assert "sous le seuil du site" in assessment.inner_text()
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.wait_for_url("**/foyers/GS-000001")

    page.get_by_role("link", name="Commissions").first.click()
    page.get_by_role("button", name="Ouvrir une séance").click()
    file = page.locator("article[data-card='GS-000001']")
    assert "1 adulte, 1 enfant" in file.inner_text() and "CCAS" not in file.inner_text()
    file.get_by_label("Décision").select_option(label="Favorable")
    file.get_by_label("Durée (mois)").fill("6")
    file.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Décision enregistrée : favorable.")).to_be_visible()
    page.goto("/foyers/GS-000001")
    assert page.locator("[data-status]").get_attribute("data-status") == "active"
    assert "35,00" in page.locator("article.grant").inner_text()  # 20 + 5 per child + 10 infant supplement
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Imprimer la carte").click()
    card_url = popup.value.url
    response = page.request.get(card_url)
    assert response.headers["content-type"] == "application/pdf" and response.body().startswith(b"%PDF")
