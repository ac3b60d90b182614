"""The collecte's main screen in the browser at 1024×600 on central: a coordinator plans a shift, signs
a volunteer up, types a bad weight (told in French), then the day's figures, and reads the totals.
The screenshot lands in the test's folder; with UPDATE_DOCS_CAPTURES=1 it replaces docs/captures'."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from collectes import services
from collectes.models import CollecteResult
from tests.collectes.conftest import FRIDAY
from tests.kiosk.test_accessibility import AXE, violations

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[2] / "docs" / "captures"


def sign_in(page) -> None:
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill("mot-de-passe-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def test_plan_sign_up_and_enter_the_days_figures(page, coordinator, national, session, tmp_path):
    sign_in(page)
    page.get_by_role("link", name="Collectes").first.click()
    page.get_by_role("link", name="Collecte nationale 2026").click()

    page.get_by_label("Début").first.fill("09:00")
    page.get_by_label("Fin").first.fill("12:00")
    page.get_by_role("button", name="Ajouter le créneau").first.click()
    page.get_by_label("Nom du bénévole").fill("Marie D.")
    page.get_by_role("button", name="Inscrire").click()
    expect(page.get_by_role("status").filter(has_text="Marie D. est inscrit(e)")).to_be_visible()
    page.get_by_label("Jour", exact=True).first.fill("2026-11-28")
    page.get_by_label("Cartons").fill("12")
    page.get_by_label("Poids (kg)").fill("abc")
    page.get_by_role("button", name="Enregistrer pour E.Leclerc Auch").click()
    expect(page.get_by_role("alert")).to_contain_text("Poids : « abc » n'est pas un poids en kg")
    page.get_by_label("Poids (kg)").fill("1234,5")
    page.get_by_role("button", name="Enregistrer pour E.Leclerc Auch").click()
    expect(page.locator("td.total-kg")).to_have_text("1\u202f234,5\u00a0kg")
    assert page.locator("td.total-cartons").inner_text() == "12"
    folder = DOCS if os.environ.get("UPDATE_DOCS_CAPTURES") == "1" else tmp_path
    page.screenshot(path=folder / "collecte-1024x600.png", full_page=True)
    session.expire_all()
    assert [(r.cartons, r.grams) for r in session.scalars(select(CollecteResult))] == [(12, 1_234_500)]


def test_the_collecte_screen_has_no_serious_accessibility_violation(browser, live_server, coordinator, national,
                                                                    session):
    shift = services.add_shift(session, national.leclerc, day=FRIDAY, starts_at=dt.time(9), ends_at=dt.time(12),
                               places=2, owner_node="CENTRAL")
    services.sign_up(session, shift, "Marie D.", owner_node="CENTRAL")
    session.commit()
    context = browser.new_context(viewport={"width": 1024, "height": 600}, base_url=live_server.url)
    context.add_init_script(path=str(AXE))  # before the page's scripts: the CSP forbids inline ones
    page = context.new_page()
    sign_in(page)
    page.goto(f"/collectes/{national.collecte.id}")
    assert violations(page) == []
    context.close()
