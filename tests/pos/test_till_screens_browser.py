"""The till screen at 1024×600 in headless Chromium: vesti-boutique buttons, two tabs on one basket,
a payment whose answer never came back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from inventory.models import GarmentType
from tests.pos.conftest import NOW

pytestmark = pytest.mark.browser

GARMENTS = ("Pull", "Pantalon", "Chemise", "Robe", "Manteau", "Chaussures", "Jupe", "Layette")


def open_till(page, app) -> None:
    app.extensions["gers.clock"] = lambda: NOW
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("marie")
    page.get_by_label("Code PIN").fill("2468")
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/caisse")
    page.get_by_role("button", name="Ouvrir la caisse").click()
    expect(page.locator("#checkout")).to_be_visible()


def scan(page, code: str) -> None:
    page.locator("#scan").fill(code)
    page.locator("#scan").press("Enter")


def test_garment_buttons_show_in_vesti_mode_only_and_fit_the_screen(page, app, till, session):
    session.add_all([GarmentType(code=label.lower(), label=label, price=Decimal("1.50"), owner_node="CENTRAL")
                     for label in GARMENTS])
    session.commit()
    open_till(page, app)
    buttons = page.locator(".garment")
    expect(buttons).to_have_count(len(GARMENTS))
    for index in range(len(GARMENTS)):
        expect(buttons.nth(index)).to_be_hidden()
    page.get_by_role("tab", name="Vesti-boutique").click()
    for index in range(len(GARMENTS)):
        expect(buttons.nth(index)).to_be_visible()
        box = buttons.nth(index).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 600, (GARMENTS[index], box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1024, (GARMENTS[index], box)
    buttons.first.click()
    expect(page.locator("#to-pay")).to_have_text("1,50\xa0€")
    page.get_by_role("tab", name="Épicerie").click()
    expect(buttons.first).to_be_hidden()


def test_a_tab_that_missed_a_line_cannot_pay_and_reloads_the_basket(page, app, till):
    open_till(page, app)
    scan(page, till.household.card_number)
    scan(page, till.pasta.gtin)
    expect(page.locator("#lines tbody tr")).to_have_count(1)
    other = page.context.new_page()  # a second tab on the same login
    other.goto("/caisse")
    scan(other, till.fse_rice.gtin)
    expect(other.locator("#lines tbody tr")).to_have_count(2)

    page.keyboard.press("F2")
    page.get_by_label("Espèces reçues (€)").fill("1")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator("#pay-error")).to_contain_text("Le panier a changé depuis l'affichage de cet écran")
    expect(page.locator("#lines tbody tr")).to_have_count(2)  # the screen now shows the rice too
    expect(page.locator("#pay-total")).to_have_text("0,13\xa0€")  # FSE+ rice is free
    page.get_by_role("button", name="Valider").click()
    expect(page.locator("#message")).to_contain_text("Vente n° 1 enregistrée.")


def test_a_payment_whose_answer_was_lost_is_resumed_after_a_reload(page, app, till):
    open_till(page, app)
    scan(page, till.household.card_number)
    scan(page, till.pasta.gtin)
    expect(page.locator("#lines tbody tr")).to_have_count(1)

    def lost_answer(route):
        route.fetch()  # the server records the sale...
        route.abort()  # ...and the screen never hears of it (power cut, network)

    page.route("**/api/caisse/valider", lost_answer)
    page.keyboard.press("F2")
    page.get_by_label("Espèces reçues (€)").fill("1")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator("#pay-error")).to_contain_text("Le poste ne répond pas")
    page.unroute("**/api/caisse/valider")
    page.reload()
    expect(page.locator("#message")).to_contain_text("Paiement repris après interruption. Vente n° 1 enregistrée.")
    expect(page.locator("#lines tbody tr")).to_have_count(0)
