"""In the browser at 1024×600 on central: a donor's convention screen (bad input refused in French with
nothing recorded, then the convention flagged « expire dans 30 jours »), a refusal typed at the truck's
door, the donor's refusals and yearly summary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.warehouse.test_browser import sign_in
from warehouse.donor_models import DonationRefusal, DonorConvention

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[2] / "docs" / "captures"


def test_a_convention_then_a_refusal_and_the_yearly_summary(page, network, staff, clock, session, tmp_path):
    sign_in(page)
    page.get_by_role("link", name="Entrepôt").first.click()
    page.get_by_role("link", name="Donateurs", exact=True).click()
    page.get_by_role("link", name="Supermarché du Garros").click()
    expect(page.get_by_role("heading", name="Supermarché du Garros")).to_be_visible()

    page.get_by_label("Signée le").fill("2025-12-29")
    page.get_by_label("Durée (mois)").fill("0")
    page.get_by_label("Ce qui est donné").fill("Produits frais, boulangerie")
    page.get_by_role("button", name="Enregistrer la convention").click()
    expect(page.locator("#duration_months-error")).to_have_text("Durée : entre 1 et 120 mois.")
    page.get_by_label("Durée (mois)").fill("")
    page.get_by_label("ou date de fin").fill("2025-11-30")
    page.get_by_role("button", name="Enregistrer la convention").click()
    expect(page.locator("#ends_on-error")).to_have_text(
        "La fin (30/11/2025) précède le début (29/12/2025) de la convention.")
    assert session.scalar(select(func.count()).select_from(DonorConvention)) == 0

    page.get_by_label("ou date de fin").fill("")
    page.get_by_label("Durée (mois)").fill("12")
    page.get_by_label("Fréquence des ramasses").select_option(label="Plusieurs fois par semaine")
    page.get_by_role("button", name="Enregistrer la convention").click()
    expect(page.get_by_text("Convention enregistrée : du 29/12/2025 au 28/12/2026.")).to_be_visible()
    expect(page.locator("table.conventions")).to_contain_text("expire dans 30 jours")
    page.get_by_role("link", name="Donateurs", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="à renouveler")).to_contain_text("expire dans 30 jours")

    page.goto("/entrepot/receptions")
    page.get_by_label("Provenance").select_option(label="Ramasse (magasin)")
    page.get_by_label("Donateur").select_option(label="Supermarché du Garros")
    page.get_by_role("button", name="Ouvrir la réception").click()
    page.get_by_text("Refuser une partie du don").click()
    page.get_by_label("Motif du refus").select_option(label="Chaîne du froid rompue")
    page.get_by_label("Ce qui est refusé").fill("Yaourts aux fruits")
    page.get_by_label("Unités refusées").fill("-3")
    page.get_by_role("button", name="Noter le refus").click()
    expect(page.locator("#refuse_quantity-error")).to_have_text("Une quantité refusée se saisit en positif.")
    assert session.scalar(select(func.count()).select_from(DonationRefusal)) == 0
    page.get_by_label("Unités refusées").fill("24")
    page.get_by_label("Constat").fill("11 °C à cœur")
    page.get_by_role("button", name="Noter le refus").click()
    expect(page.get_by_text("Refus noté : Yaourts aux fruits (chaîne du froid rompue).")).to_be_visible()

    page.goto(f"/entrepot/donateurs/{network.store.id}/refus")
    expect(page.locator("table.refusals tbody tr")).to_have_count(1)
    expect(page.locator("table.refusals")).to_contain_text("11 °C à cœur")
    page.goto(f"/entrepot/donateurs/{network.store.id}/bilan")
    expect(page.locator("table.summary-refusals")).to_contain_text("Chaîne du froid rompue")
    # The guide's picture (docs/donateurs.md): with UPDATE_DOCS_CAPTURES=1 it replaces docs/captures'.
    page.goto(f"/entrepot/donateurs/{network.store.id}")
    folder = DOCS if os.environ.get("UPDATE_DOCS_CAPTURES") == "1" else tmp_path
    page.screenshot(path=folder / "donateur-1024x600.png", full_page=True)
    page.goto(f"/entrepot/donateurs/{network.store.id}/bilan")
    page.get_by_label("Année").fill("2031")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("alert")).to_have_text("Année 2031 : choisissez une année entre 2000 et 2026.")


@pytest.fixture
def audited(browser, live_server):
    """axe-core injected before the page's own scripts (tests/kiosk/test_accessibility.py)."""
    from tests.kiosk.test_accessibility import AXE

    context = browser.new_context(viewport={"width": 1024, "height": 600}, base_url=live_server.url)
    context.add_init_script(path=str(AXE))
    yield context.new_page()
    context.close()


def test_the_donor_screens_have_no_serious_accessibility_violation(audited, network, staff, clock):
    from tests.kiosk.test_accessibility import violations

    sign_in(audited)
    for path in ("/entrepot/donateurs", f"/entrepot/donateurs/{network.store.id}",
                 f"/entrepot/donateurs/{network.store.id}/refus", f"/entrepot/donateurs/{network.store.id}/bilan"):
        audited.goto(path)
        assert violations(audited) == [], path
