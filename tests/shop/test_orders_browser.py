"""In the browser at 1024×600 on the site node: a coordinator drafts an order, bad quantities and an
empty order are refused in French with nothing recorded, then the order is sent and withdrawn."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from warehouse.order_models import OrderStatus, SiteOrder, SiteOrderLine

pytestmark = pytest.mark.browser


def sign_in(page) -> None:
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Code PIN").fill("1357")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def lines(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(SiteOrderLine))


def add_line(page, *, product=None, group=None, units="", kg=""):
    page.get_by_label("Produit", exact=True).select_option(label=product or "—")
    page.get_by_label("ou groupe d'aliments").select_option(label=group or "—")
    page.get_by_label("Unités").fill(units)
    page.get_by_label("ou poids (kg)").fill(kg)
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter la ligne").click()


def test_an_order_drafted_refused_sent_then_withdrawn(page, site_stock, session):
    sign_in(page)
    page.goto("/magasin/commandes")
    with page.expect_navigation():
        page.get_by_role("button", name="Nouvelle commande").click()
    expect(page.get_by_role("heading", name="Commande CMD-2026-00001")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer à l'entrepôt").click()
    expect(page.get_by_role("alert")).to_have_text("Commande vide : ajoutez au moins une ligne avant de l'envoyer.")
    add_line(page, product="Pâtes coquillettes 500 g", units="-3")
    expect(page.get_by_role("alert")).to_have_text("Une quantité commandée est positive (ex. 12 unités ou 5 kg).")
    add_line(page, product="Pâtes coquillettes 500 g", units="douze")
    expect(page.get_by_role("alert")).to_have_text("« douze » n'est pas un nombre entier entre -100000 et 100000.")
    add_line(page, group="Produits laitiers", units="4")
    expect(page.get_by_role("alert")).to_have_text(
        "Un groupe d'aliments (Produits laitiers) se commande en kg, pas en unités.")
    assert lines(session) == 0
    assert session.scalar(select(SiteOrder.status)) is OrderStatus.DRAFT

    add_line(page, product="Pâtes coquillettes 500 g", units="24")
    expect(page.get_by_text("Ligne ajoutée.")).to_be_visible()
    add_line(page, group="Produits laitiers", kg="5,5")
    rows = page.locator("table.order-lines tbody tr")
    assert [rows.nth(i).inner_text().split("\t")[:2] for i in range(2)] == [
        ["Pâtes coquillettes 500 g", "24 unité(s)"], ["Groupe : Produits laitiers", "5,500 kg"]]
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer à l'entrepôt").click()
    expect(page.get_by_text(re.compile(r"Commande CMD-2026-00001 envoyée"))).to_be_visible()
    expect(page.locator(".order-state")).to_contain_text("État : Envoyée")
    assert page.get_by_role("button", name="Ajouter la ligne").count() == 0
    session.expire_all()
    order = session.scalar(select(SiteOrder))
    assert order.status is OrderStatus.SENT and order.owner_node == "AUCH" and len(order.lines) == 2
    assert (order.lines[1].units, order.lines[1].grams) == (0, 5_500)

    with page.expect_navigation():
        page.get_by_role("button", name="Annuler la commande").click()
    expect(page.locator(".order-state")).to_contain_text("État : Annulée")
    page.get_by_role("link", name="Toutes les commandes").click()
    expect(page.locator("table.orders tbody tr").first).to_contain_text("Annulée")
