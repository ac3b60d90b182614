"""In the browser at 1024×600: a carton scanned in (keyboard-mode scanner, GS sent as Ctrl+]), then
dispatched to Auch and received there."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from inventory.ledger import balance_of
from warehouse.models import Dispatch, IntakeLine

pytestmark = pytest.mark.browser


def sign_in(page) -> None:
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("karim")
    page.get_by_label("Mot de passe").fill("motdepasse-123")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def test_intake_by_scan_then_dispatch_and_receipt(page, network, staff, clock, session):
    sign_in(page)
    page.goto("/entrepot/receptions")
    page.get_by_label("Provenance").select_option(label="Ramasse (magasin)")
    page.get_by_label("Donateur").select_option(label="Supermarché du Garros")
    page.get_by_label("Bon de livraison").fill("BL-2026-118")
    page.get_by_role("button", name="Ouvrir la réception").click()
    page.wait_for_url(re.compile(r".*/entrepot/receptions/[0-9a-f-]+$"))

    # The scan field has the focus; the scanner types the code, Ctrl+] for the GS separator, then Enter.
    scan = page.get_by_label("Scanner un colis (GS1-128, DataMatrix ou EAN)")
    assert scan.evaluate("el => el === document.activeElement")
    page.keyboard.type("0103017620422003152710311024153A")
    page.keyboard.press("Control+BracketRight")
    page.keyboard.type("3712")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Pâte à tartiner 750 g")).to_be_visible()
    assert page.get_by_label("Lot", exact=True).input_value() == "24153A"
    assert page.get_by_label("Unités par colis").input_value() == "12"
    # The number of cartons has the focus, selected: the volunteer types it and validates.
    page.keyboard.type("5")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Enregistré : 5 colis de « Pâte à tartiner 750 g », lot 24153A en A-01.")).to_be_visible()
    session.expire_all()
    line = session.scalar(select(IntakeLine))
    assert (line.units, line.grams) == (60, 45_000)

    page.goto("/entrepot/expeditions")
    page.get_by_label("Destination").select_option(label="Épicerie d'Auch (Site centre-bourg)")
    with page.expect_navigation():
        page.get_by_role("button", name="Préparer une expédition").click()
    assert page.locator("table.suggestions tbody tr").count() == 1
    page.get_by_role("button", name="Créer l'expédition").click()
    page.wait_for_url(re.compile(r".*/entrepot/expeditions/[0-9a-f-]+$"))
    assert page.locator("table.picklist tbody tr td").first.inner_text() == "A-01"
    with page.expect_navigation():
        page.get_by_role("button", name="Valider le départ").click()
    assert page.locator(".dispatch-status").inner_text() == "Expédiée"

    page.goto("/arrivages/")
    dispatch = session.scalar(select(Dispatch))
    page.get_by_role("link", name=dispatch.number).click()
    page.get_by_role("button", name="Confirmer la réception").click()
    page.wait_for_url("**/arrivages/")
    expect(page.get_by_text(f"Expédition {dispatch.number} réceptionnée : conforme.")).to_be_visible()
    session.expire_all()
    units, _grams = balance_of(session, line.lot_id, network.auch.id, "")
    assert units == 30  # Auch and Condom share the year-long spread (no households registered yet)
