"""In the browser on central: a coordinator creates a product, then changes its price for tomorrow
after a price with letters was refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from gers.models import Role
from inventory.price_models import ProductPrice
from tests.support.clock import install_clock

pytestmark = pytest.mark.browser
NOW = dt.datetime(2026, 11, 28, 15, 0, tzinfo=dt.UTC)


def test_a_coordinator_creates_a_product_and_schedules_its_next_price(app, page, build, session):
    install_clock(app, NOW)
    build.user(username="claire", role=Role.COORDINATOR)
    build.category(label="Épicerie salée")
    session.commit()
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill("motdepasse-123")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    page.get_by_role("link", name="Gestion du catalogue").first.click()
    page.get_by_role("link", name="Nouveau produit").click()
    page.get_by_label("Nom").fill("Lentilles vertes 500 g")
    page.get_by_label("Catégorie").select_option(label="Épicerie salée")
    page.get_by_label("Poids net (g)").fill("500")
    page.get_by_label("Valeur marchande (€, par pièce ou par kg)").fill("1,80")
    page.get_by_role("button", name="Enregistrer le produit").click()
    expect(page.get_by_text("Produit « Lentilles vertes 500 g » créé.")).to_be_visible()
    assert page.locator(".price-today").inner_text() == "1,80\xa0€"

    page.get_by_label("Nouvelle valeur marchande (€)").fill("2,1O")
    page.get_by_role("button", name="Programmer le nouveau prix").click()
    expect(page.get_by_role("alert")).to_have_text("« 2,1O » n'est pas un nombre (chiffres et virgule, ex. 3,50).")
    assert session.scalar(select(func.count()).select_from(ProductPrice)) == 0
    assert page.get_by_label("À partir du").input_value() == "2026-11-29"
    page.get_by_label("Nouvelle valeur marchande (€)").fill("2,10")
    page.get_by_role("button", name="Programmer le nouveau prix").click()
    expect(page.get_by_text("Nouveau prix enregistré : il prendra effet à la date indiquée.")).to_be_visible()
    assert page.locator("table.history tbody tr").first.inner_text().startswith("29/11/2026")
    assert page.locator(".price-today").inner_text() == "1,80\xa0€"
    session.expire_all()
    assert session.scalar(select(ProductPrice.market_price)) == Decimal("2.10")
