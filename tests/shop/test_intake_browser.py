"""In the browser at 1024×600 on the site node: a ramasse received at Auch — a garbage barcode and a
weight of -3 answered in French with nothing recorded, produce weighed on the scale (simulated over a
real pseudo-terminal: a moving crate is never accepted), a DLC lot too short refused and logged."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from devices.scale_sim import PtyScaleSimulator, ScaleModel
from inventory.stock_models import StockMovement
from warehouse.donor_enums import RefusalReason
from warehouse.donor_models import DonationRefusal
from warehouse.locations import create_donor
from warehouse.models import DonorKind, IntakeLine

pytestmark = pytest.mark.browser

GS = "\x1d"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "captures"


@pytest.fixture
def scale_sim():
    sim = PtyScaleSimulator("toledo8217", ScaleModel(gross_grams=2480), interval=0.01).start()
    yield sim
    sim.stop()


@pytest.fixture
def app_overrides(scale_sim):
    return {"ROLE": "site", "NODE_CODE": "AUCH",
            "DEVICES": {"scale": {"kind": "serial", "port": scale_sim.path, "protocol": "toledo8217"}}}


def recorded(session) -> tuple[int, int, int]:
    session.expire_all()
    return tuple(session.scalar(select(func.count()).select_from(model))
                 for model in (IntakeLine, StockMovement, DonationRefusal))


def wait_for_scale(app, done) -> None:
    with app.extensions["gers.device_hub"].subscribe(replay=False) as events:
        while (event := events.get(timeout=5)) is not None and not done(event):
            pass


def test_a_ramasse_received_at_the_site(page, app, session, site_stock, scale_sim, tmp_path):
    create_donor(session, name="Intermarché de Mirande", kind=DonorKind.STORE, owner_node="CENTRAL")
    session.commit()
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("marie")
    page.get_by_label("Code PIN").fill("2468")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    page.get_by_role("link", name="Ramasses et collectes").first.click()
    page.get_by_label("Provenance").select_option(label="Ramasse (magasin)")
    page.get_by_label("Donateur").select_option(label="Intermarché de Mirande")
    page.get_by_role("button", name="Commencer la réception").click()
    expect(page.get_by_role("heading", name="Ramasse (magasin) · Intermarché de Mirande")).to_be_visible()
    before = recorded(session)

    scan = page.get_by_label("Scanner l'étiquette (GS1 ou code-barres)")
    scan.fill("#)!&^@)$@@))#")
    with page.expect_navigation():
        scan.press("Enter")
    expect(page.get_by_role("alert").first).to_have_text(
        "Code GS1 mal formé : « #)!&^@)$@@))# » ne commence pas par un identifiant d'application (AI) connu.")
    assert page.locator("form[aria-label='Ligne de réception']").count() == 0

    page.get_by_label("Produit en vrac").select_option(label="Pommes (vrac)")
    page.get_by_role("button", name="Choisir").click()
    page.get_by_label("Poids (kg)").fill("-3")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#kg ~ .field-error, #carton_weight_g-error").first).to_have_text(
        "Poids nul ou négatif : pesez le colis.")
    assert recorded(session) == before

    scale_sim.update(motion=True)  # a crate still moving on the platter: refused, nothing recorded
    wait_for_scale(app, lambda event: event.get("state") == "motion")
    page.get_by_label("Poids (kg)").fill("")
    page.get_by_role("button", name="Peser et enregistrer").click()
    expect(page.locator("#kg-error")).to_contain_text("instable")
    assert recorded(session) == before
    scale_sim.update(motion=False)
    wait_for_scale(app, lambda event: bool(event.get("priceable")))
    page.get_by_role("button", name="Peser et enregistrer").click()
    expect(page.get_by_text("Enregistré : « Pommes (vrac) », 2,480 kg, lot —.")).to_be_visible()
    assert session.scalar(select(IntakeLine.grams).where(IntakeLine.product_id == site_stock.apples.id)) == 2480

    tomorrow = (dt.date(2026, 11, 29)).strftime("%y%m%d")
    scan = page.get_by_label("Scanner l'étiquette (GS1 ou code-barres)")
    scan.fill(f"01{site_stock.yoghurt.gtin.zfill(14)}17{tomorrow}10Y-COURT")
    with page.expect_navigation():
        scan.press("Enter")
    page.get_by_label("Quantité (unités)").fill("8")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Lot refusé : noté au registre des dons refusés du donateur.")).to_be_visible()
    refusal = session.scalar(select(DonationRefusal))
    assert (refusal.reason, refusal.lot_code, refusal.units) == (RefusalReason.SHORT_SHELF_LIFE, "Y-COURT", 8)
    assert recorded(session)[0] == 1
    # The guide's picture (docs/stock-site.md): with UPDATE_DOCS_CAPTURES=1 it replaces docs/captures'.
    folder = DOCS if os.environ.get("UPDATE_DOCS_CAPTURES") == "1" else tmp_path
    page.screenshot(path=folder / "ramasse-site-1024x600.png", full_page=True)


@pytest.fixture
def audited(browser, live_server):
    """axe-core injected before the page's own scripts (tests/kiosk/test_accessibility.py)."""
    from tests.kiosk.test_accessibility import AXE

    context = browser.new_context(viewport={"width": 1024, "height": 600}, base_url=live_server.url)
    context.add_init_script(path=str(AXE))
    yield context.new_page()
    context.close()


def test_the_intake_screens_have_no_serious_accessibility_violation(audited, session, site_stock):
    from tests.kiosk.test_accessibility import violations

    create_donor(session, name="Intermarché de Mirande", kind=DonorKind.STORE, owner_node="CENTRAL")
    session.commit()
    audited.goto("/connexion")
    audited.get_by_label("Identifiant").fill("marie")
    audited.get_by_label("Code PIN").fill("2468")
    audited.get_by_role("button", name="Se connecter").click()
    audited.wait_for_url("**/")
    audited.goto("/magasin/ramasses")
    assert violations(audited) == []
    audited.get_by_label("Donateur").select_option(label="Intermarché de Mirande")
    audited.get_by_role("button", name="Commencer la réception").click()
    audited.get_by_label("Produit en vrac").select_option(label="Pommes (vrac)")
    audited.get_by_role("button", name="Choisir").click()
    audited.get_by_label("Poids (kg)").fill("-3")
    audited.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(audited.locator("#kg-error, #carton_weight_g-error").first).to_be_visible()
    assert violations(audited) == []
