"""In the browser at 1024×600 on the site node: the stock page, the morning withdrawals by scan, a
loss refused then recorded, a count with its variance, the label sheet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from inventory.ledger import balance_of
from inventory.stock_models import StockMovement

pytestmark = pytest.mark.browser


def sign_in(page) -> None:
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("marie")
    page.get_by_label("Code PIN").fill("2468")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def test_stock_page_by_food_group(page, site_stock):
    sign_in(page)
    page.get_by_role("link", name="Stock du site").first.click()
    expect(page.get_by_role("heading", name="Stock du site au 28/11/2026")).to_be_visible()
    page.locator("table.groups").get_by_role("link", name="Produits laitiers").click()
    rows = page.locator("table.lots tbody tr")
    assert rows.count() == 1 and "Y-OLD" in rows.first.inner_text() and "Périmé" in rows.first.inner_text()


def test_morning_withdrawals_one_scan_per_lot(page, site_stock, session):
    sign_in(page)
    page.goto("/magasin/a-retirer")
    assert page.locator("table.withdrawals tbody tr").count() == 3
    scan = page.get_by_label("Scanner le lot retiré (ou taper son numéro de lot)")
    assert scan.evaluate("el => el === document.activeElement")
    page.keyboard.type(f"01{site_stock.yoghurt.gtin.zfill(14)}10Y-OLD")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Retiré : Yaourt nature x4, lot Y-OLD (périmé).")).to_be_visible()
    assert page.locator("table.withdrawals tbody tr").count() == 2
    page.keyboard.type("P-GOOD")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("alert").inner_text() == "« P-GOOD » n'est pas dans la liste à retirer : ce lot peut rester en rayon."
    row = page.locator("table.withdrawals tbody tr", has_text="P-RAPPEL")
    with page.expect_navigation():
        row.get_by_role("button", name="Retiré").click()
    assert page.locator("table.withdrawals tbody tr").count() == 1
    session.expire_all()
    assert balance_of(session, site_stock.recalled.id, site_stock.site.id, "R2") == (0, 0)


def test_a_loss_refused_then_recorded(page, site_stock, session):
    sign_in(page)
    page.goto("/magasin/stock")
    page.locator("table.lots tbody tr", has_text="P-GOOD").get_by_role("link", name="Perte").click()
    page.get_by_label("Unités").fill("-3")
    page.get_by_label("Motif").select_option(label="Casse")
    page.get_by_role("button", name="Enregistrer la perte").click()
    expect(page.get_by_role("alert")).to_have_text("Une perte se saisit en quantités positives.")
    assert session.scalar(select(func.count()).select_from(StockMovement).where(StockMovement.kind == "loss")) == 0
    page.get_by_label("Unités").fill("3")
    page.get_by_label("Motif").select_option(label="Vol")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la perte").click()
    expect(page.get_by_text("Perte enregistrée : Pâtes coquillettes 500 g, lot P-GOOD.")).to_be_visible()
    session.expire_all()
    assert balance_of(session, site_stock.good.id, site_stock.site.id, "") == (27, 15_000)


def test_a_count_with_a_variance(page, site_stock):
    sign_in(page)
    page.goto("/magasin/inventaires")
    page.get_by_label("Emplacement à compter (vide : tout le site)").fill("FRIGO")
    page.get_by_role("button", name="Commencer le comptage").click()
    page.wait_for_url("**/magasin/inventaires/*")
    page.get_by_label("Unités comptées · Yaourt nature x4").fill("-3")
    page.get_by_role("button", name="Clôturer et enregistrer les écarts").click()
    expect(page.get_by_role("alert")).to_have_text("Une quantité comptée ne peut pas être négative.")
    page.get_by_label("Unités comptées · Yaourt nature x4").fill("3")
    page.get_by_label("Kilos comptés · Yaourt nature x4").fill("1,5")
    page.get_by_role("button", name="Clôturer et enregistrer les écarts").click()
    expect(page.get_by_text("Inventaire clôturé : écarts enregistrés.")).to_be_visible()
    assert page.locator("td.variance").inner_text() == "-1 u · -0,500 kg"


def test_label_sheet_for_zero_products_then_one(page, site_stock):
    sign_in(page)
    page.goto("/magasin/etiquettes")
    page.get_by_role("button", name="Imprimer les étiquettes").click()
    expect(page.get_by_role("alert")).to_have_text("Aucun produit choisi : cochez au moins un produit pour "
                                                   "imprimer des étiquettes.")
    page.get_by_label("Imprimer · Pâtes coquillettes 500 g").check()
    with page.expect_response("**/magasin/etiquettes") as answer:
        page.get_by_role("button", name="Imprimer les étiquettes").click()
    assert answer.value.headers["content-type"] == "application/pdf"


def test_cold_chain_reading_alert_quarantine_and_release(page, site_stock, session):
    sign_in(page)
    page.goto("/magasin/froid")
    page.get_by_label("Code", exact=True).fill("FRIGO")
    page.get_by_label("Nom", exact=True).fill("Frigo laitages")
    page.get_by_label("Type", exact=True).select_option(label="Réfrigérateur")
    page.get_by_label("Classe de température").select_option(label="≤ +4 °C")
    page.get_by_role("button", name="Ajouter l'appareil").click()
    expect(page.get_by_text("Appareil enregistré.")).to_be_visible()
    page.get_by_label("Température relevée (°C)").fill("900")
    page.get_by_role("button", name="Enregistrer le relevé").click()
    expect(page.get_by_role("alert")).to_contain_text("Température impossible : 900 °C.")
    page.get_by_label("Température relevée (°C)").fill("7,5")
    page.get_by_role("button", name="Enregistrer le relevé").click()
    page.wait_for_url("**/magasin/froid/releves/*")
    expect(page.get_by_role("heading", name="Frigo laitages : 7,5 °C")).to_be_visible()
    assert "Y-OLD" in page.locator("table.held").inner_text()
    page.get_by_role("button", name="Mettre les lots en quarantaine").click()
    expect(page.get_by_text("1 lot(s) mis en quarantaine.")).to_be_visible()
    page.goto("/magasin/quarantaine")
    row = page.locator("table.holds tbody tr", has_text="Y-OLD")
    row.get_by_role("button", name="Remettre en rayon").click()
    expect(page.get_by_role("alert")).to_contain_text("Indiquez pourquoi le lot peut être remis en rayon")
    page.locator("table.holds tbody tr", has_text="Y-OLD").get_by_label("Motif de remise en rayon").fill(
        "Sonde vérifiée : 3 °C à cœur")
    page.locator("table.holds tbody tr", has_text="Y-OLD").get_by_role("button", name="Remettre en rayon").click()
    expect(page.get_by_text("Quarantaine levée.")).to_be_visible()
    session.expire_all()
    assert balance_of(session, site_stock.past_dlc.id, site_stock.site.id, "FRIGO") == (4, 2_000)
