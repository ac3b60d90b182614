"""A volunteer logs in on the site's touch screen with the on-screen PIN keypad."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gers.models import Role

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("node_role", ["site"])
def test_cashier_logs_in_by_touch_and_sees_her_home(page, make_site, make_user):
    auch = make_site(code="AUCH")
    make_user(username="marie", display_name="Marie", role=Role.CASHIER, pin="2468", site_id=auch.id)
    page.goto("/")
    assert page.url.endswith("/connexion?next=/?")
    page.get_by_label("Identifiant").fill("marie")
    for digit in "2468":
        page.locator(f".keypad [data-key='{digit}']").click()
    page.locator(".keypad [data-key='OK']").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bonjour Marie"
    assert page.locator("[data-role]").get_attribute("data-role") == "cashier"
    expect(page.get_by_role("link", name="Catalogue").first).to_be_visible()
    # The admin-only page is not offered to a cashier.
    assert page.get_by_role("link", name="Utilisateurs").count() == 0


def test_wrong_password_is_shown_in_french(page, make_user):
    make_user(username="sophie", role=Role.SOCIAL_WORKER, password="assistante-2026")
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("sophie")
    page.get_by_label("Mot de passe").fill("mauvais-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_have_text("Identifiant ou code incorrect.")
