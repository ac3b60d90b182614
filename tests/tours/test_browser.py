"""The tours' screens in the browser at 1024×600 on central: a coordinator lays out the month from the
van's weekly slots, cancels a stop (the reason asked for in French), reads the figures per stop. The
screenshot lands in the test's folder; with UPDATE_DOCS_CAPTURES=1 it replaces docs/captures'."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.kiosk.test_accessibility import AXE, violations
from tours.models import TourStop

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[2] / "docs" / "captures"


def sign_in(page) -> None:
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill("mot-de-passe-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def test_lay_out_the_month_cancel_a_stop_and_read_the_figures(page, coordinator, tour, session, tmp_path):
    sign_in(page)
    page.get_by_role("link", name="Tournées").first.click()
    expect(page.get_by_role("heading", name="Croix-Rouge sur roues Nord : novembre 2026")).to_be_visible()
    page.get_by_role("button", name="Créer les arrêts depuis les créneaux").click()
    expect(page.get_by_role("status").filter(has_text="9 arrêt(s) ajouté(s)")).to_be_visible()
    rows = page.locator("#stops tbody tr")
    expect(rows).to_have_count(9)
    first = rows.filter(has_text="02/11/2026")
    first.get_by_role("button", name="Annuler l'arrêt").click()
    assert "motif de l'annulation" in page.get_by_role("alert").inner_text()
    page.locator("#stops tbody tr").filter(has_text="02/11/2026").get_by_label("Motif").fill("Route coupée")
    page.locator("#stops tbody tr").filter(has_text="02/11/2026").get_by_role("button", name="Annuler l'arrêt").click()
    expect(page.locator("#stops tbody tr").filter(has_text="02/11/2026")).to_contain_text("Annulé : Route coupée")
    folder = DOCS if os.environ.get("UPDATE_DOCS_CAPTURES") == "1" else tmp_path
    page.screenshot(path=folder / "tournees-1024x600.png", full_page=True)
    page.get_by_role("link", name="Chiffres par arrêt").click()
    expect(page.locator("#figures tbody tr")).to_have_count(9)
    expect(page.locator("#figures tbody tr").first).to_contain_text("Saint-Clar (annulé)")
    session.expire_all()
    cancelled = session.scalar(select(TourStop).where(TourStop.day == dt.date(2026, 11, 2)))
    assert (cancelled.cancelled, cancelled.note) == (True, "Route coupée")


def test_the_tours_screens_have_no_serious_accessibility_violation(browser, live_server, coordinator, tour, session):
    from tours import services

    services.generate(session, tour.van.id, dt.date(2026, 11, 1), dt.date(2026, 11, 30), owner_node="CENTRAL")
    session.commit()
    context = browser.new_context(viewport={"width": 1024, "height": 600}, base_url=live_server.url)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    sign_in(page)
    for path in ("/tournees/", "/tournees/chiffres"):
        page.goto(path)
        assert violations(page) == [], path
    context.close()
