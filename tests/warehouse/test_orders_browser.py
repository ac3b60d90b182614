"""In the browser at 1024×600 on central: « Commandes des sites » → a dispatch prepared from Auch's
order (a bad quantity refused first), shipped, the order served; and the warehouse's quarantine
screen: a lot held (not without a reason), left out of the dispatch, released with a reason."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from inventory.ledger import balance_of
from inventory.recalls import HOLD_LOCATION
from shop.models import LotHold
from tests.inventory.stock_builders import NOW
from tests.warehouse.test_orders import sent_order
from warehouse.models import Dispatch
from warehouse.order_models import FulfilmentStatus, SiteOrder

pytestmark = pytest.mark.browser


def sign_in(page) -> None:
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("karim")
    page.get_by_label("Mot de passe").fill("motdepasse-123")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


@pytest.fixture
def ordered(session, network, stock):
    """Auch ordered 6 jars of spread; the warehouse has 10 of them, and another product."""
    spread = stock.lot(network.spread, network.warehouse, days=90, lot_code="SPREAD-1")
    stock.stock(spread, network.warehouse, units=10, location="A-01")
    pasta = stock.lot(None, network.warehouse, days=300, lot_code="PASTA-1")
    stock.stock(pasta, network.warehouse, units=10, location="A-02")
    order = sent_order(session, network.auch, (network.spread, None, 6, 0))
    session.commit()
    return order


def test_a_dispatch_prepared_from_a_sites_order_serves_it(page, network, staff, clock, session, ordered):
    sign_in(page)
    page.goto("/entrepot/")
    page.get_by_role("link", name="Commandes des sites").first.click()
    section = page.get_by_role("region", name="Épicerie d'Auch")
    expect(section.locator("table.orders tbody tr")).to_contain_text("Pâte à tartiner 750 g : 6 unité(s)")
    expect(section.locator("table.orders tbody tr")).to_contain_text("Envoyée")
    with page.expect_navigation():
        section.get_by_role("link", name="Préparer l'expédition").click()
    expect(page.get_by_role("heading", name=f"Commande {ordered.number} du site")).to_be_visible()
    first = page.locator("table.suggestions tbody tr").first
    expect(first).to_contain_text("SPREAD-1")
    expect(first).to_contain_text(f"Commande {ordered.number} : Pâte à tartiner 750 g")
    assert first.get_by_label("Unités").input_value() == "6"

    first.get_by_label("Unités").fill("-3")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer l'expédition").click()
    expect(page.get_by_role("alert")).to_have_text("Quantités négatives refusées.")
    assert session.scalar(select(func.count()).select_from(Dispatch)) == 0
    # Back on the same order's preparation.
    expect(page.get_by_role("heading", name=f"Commande {ordered.number} du site")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Créer l'expédition").click()
    page.wait_for_url(re.compile(r".*/entrepot/expeditions/[0-9a-f-]+$"))
    session.expire_all()
    dispatch = session.scalar(select(Dispatch))
    assert dispatch.order_id == ordered.id
    assert session.get(SiteOrder, ordered.id).fulfilment.status is FulfilmentStatus.PREPARING
    expect(page.locator(".served-order")).to_have_text(f"Sert la commande {ordered.number} du site (en préparation).")
    with page.expect_navigation():
        page.get_by_role("button", name="Valider le départ").click()
    page.get_by_role("link", name="Commandes des sites").first.click()
    expect(page.locator(".empty-orders")).to_have_text("Aucune commande ouverte.")
    expect(page.get_by_role("row", name=re.compile(ordered.number))).to_contain_text("Servie")
    session.expire_all()
    assert session.get(SiteOrder, ordered.id).fulfilment.status is FulfilmentStatus.SERVED


def test_a_lot_held_at_the_warehouse_then_released(page, network, staff, clock, session, stock):
    lot = stock.lot(network.spread, network.warehouse, days=90, lot_code="DOUTE-7")
    stock.stock(lot, network.warehouse, units=10, location="A-01")
    session.commit()
    sign_in(page)
    page.goto("/entrepot/stock")
    page.locator("table tbody tr", has_text="DOUTE-7").get_by_role("link", name="Quarantaine").click()
    page.get_by_role("button", name="Mettre en quarantaine").click()
    expect(page.get_by_role("alert")).to_have_text("Indiquez pourquoi le lot est mis en quarantaine.")
    assert session.scalar(select(func.count()).select_from(LotHold)) == 0
    page.get_by_label("Motif de la quarantaine").fill("Cartons écrasés au déchargement")
    with page.expect_navigation():
        page.get_by_role("button", name="Mettre en quarantaine").click()
    expect(page.get_by_text("Lot DOUTE-7 mis en quarantaine : il ne sera pas expédié.")).to_be_visible()
    expect(page.locator("table.holds tbody tr")).to_contain_text("Cartons écrasés au déchargement")
    session.expire_all()
    assert balance_of(session, lot.id, network.warehouse.id, HOLD_LOCATION) == (10, 7_500)

    page.goto(f"/entrepot/expeditions/nouvelle?site={network.auch.id}")
    expect(page.locator("table.suggestions")).not_to_contain_text("DOUTE-7")

    page.goto("/entrepot/quarantaine")
    row = page.locator("table.holds tbody tr", has_text="DOUTE-7")
    with page.expect_navigation():
        row.get_by_role("button", name="Libérer").click()
    expect(page.get_by_role("alert")).to_contain_text("Indiquez pourquoi le lot peut être remis en rayon")
    row.get_by_label("Motif de libération").fill("Contenu vérifié intact")
    with page.expect_navigation():
        row.get_by_role("button", name="Libérer").click()
    expect(page.get_by_text("Quarantaine levée : le lot peut de nouveau être expédié.")).to_be_visible()
    session.expire_all()
    assert balance_of(session, lot.id, network.warehouse.id, "A-01") == (10, 7_500)
    assert session.scalar(select(LotHold.release_reason)) == "Contenu vérifié intact"
    assert session.scalar(select(LotHold.released_at)) == NOW
