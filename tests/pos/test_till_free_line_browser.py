"""The van's counter in headless Chromium: the free FSE+ distribution line beside the paid one, the
stop chosen by the cashier, nothing to pay."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from inventory.enums import SiteKind
from pos.enums import Shop
from pos.models import JournalEntry
from tests.pos.conftest import NOW, TODAY
from tours.models import StopVisit, TourStop

pytestmark = pytest.mark.browser


def scan(page, code: str) -> None:
    page.locator("#scan").fill(code)
    page.locator("#scan").press("Enter")


def test_a_free_distribution_at_a_chosen_stop(page, app, till, session):
    app.extensions["gers.clock"] = lambda: NOW
    till.site.kind = SiteKind.MOBILE_UNIT
    stop = TourStop(site_id=till.site.id, day=TODAY, opens=dt.time(14), closes=dt.time(16), commune="Mauvezin",
                    owner_node="CENTRAL")
    session.add(stop)
    session.commit()
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("marie")
    page.get_by_label("Code PIN").fill("2468")
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/caisse")
    page.get_by_label("Fond de caisse (€)").fill("20,00")
    page.get_by_role("button", name="Ouvrir la caisse").click()
    page.get_by_role("tab", name="Distribution gratuite FSE+").click()
    expect(page.locator("#household")).to_contain_text("Distribution gratuite FSE+ : scannez la carte du foyer")
    scan(page, till.household.card_number)
    expect(page.locator("#household")).to_contain_text(f"Carte {till.household.card_number}")
    scan(page, till.pasta.gtin)
    expect(page.locator("#message")).to_contain_text("n'accepte que les lots FSE+")
    scan(page, till.fse_rice.gtin)
    expect(page.locator("#lines tbody")).to_contain_text("gratuit (FSE+)")
    expect(page.locator("#to-pay")).to_have_text("0,00\xa0€")
    page.get_by_label("Arrêt").select_option(label="14:00–16:00 Mauvezin")
    page.keyboard.press("F2")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator("#message")).to_contain_text("Vente n° 1 enregistrée.")
    session.expire_all()
    entry = session.scalar(select(JournalEntry))
    assert (entry.shop, entry.amount_paid, entry.allowance_used) == (Shop.FSE, 0, 0)
    assert session.scalar(select(StopVisit.stop_id).where(StopVisit.entry_id == entry.id)) == stop.id
