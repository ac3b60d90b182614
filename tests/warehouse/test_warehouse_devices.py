"""The warehouse workstation's own devices: loose produce weighed on a scale simulated over a real
pseudo-terminal, and a scan from the device hub that lands in the scan field."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from devices.scale_sim import PtyScaleSimulator, ScaleModel
from inventory.enums import DateKind, SoldBy
from warehouse.models import IntakeLine

pytestmark = pytest.mark.browser


@pytest.fixture
def scale_sim():
    sim = PtyScaleSimulator("toledo8217", ScaleModel(gross_grams=2480), interval=0.01).start()
    yield sim
    sim.stop()


@pytest.fixture
def app_overrides(scale_sim):
    return {"ROLE": "central", "NODE_CODE": "CENTRAL",
            "DEVICES": {"scale": {"kind": "serial", "port": scale_sim.path, "protocol": "toledo8217"}}}


def test_loose_produce_weighed_and_a_hub_scan(page, app, network, staff, clock, session, build, scale_sim):
    carrots = build.product(name="Carottes (vrac)", gtin=None, sold_by=SoldBy.WEIGHT, net_weight_g=1000,
                            date_kind=DateKind.NONE)
    session.commit()
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("karim")
    page.get_by_label("Mot de passe").fill("motdepasse-123")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    page.goto("/entrepot/receptions")
    page.get_by_label("Provenance").select_option(label="Don agricole")
    page.get_by_label("Donateur").select_option(label="EARL des Coteaux")
    page.get_by_role("button", name="Ouvrir la réception").click()
    page.wait_for_url(re.compile(r".*/entrepot/receptions/[0-9a-f-]+$"))

    page.locator("summary", has_text="Produit sans code-barres").click()
    page.get_by_label("Produit", exact=True).select_option(label=carrots.name)
    page.get_by_role("button", name="Choisir").click()
    page.wait_for_url(re.compile(r".*produit=.*"))

    scale_sim.update(motion=True)  # a crate still moving on the platter: no weight is copied
    hub = app.extensions["gers.device_hub"]
    with hub.subscribe(replay=False) as events:
        while (event := events.get(timeout=5)) is not None and event.get("state") != "motion":
            pass
    page.get_by_role("button", name="Lire la balance").click()
    page.locator("[data-scale-status]").filter(has_text="instable").wait_for()
    assert page.get_by_label(re.compile("Poids d'un colis")).input_value() == ""
    scale_sim.update(motion=False)
    with hub.subscribe(replay=False) as events:
        while (event := events.get(timeout=5)) is not None and not event.get("priceable"):
            pass
    page.get_by_role("button", name="Lire la balance").click()
    page.locator("[data-scale-status]").filter(has_text="Balance : ").filter(has_text="2.480").wait_for()
    assert page.get_by_label(re.compile("Poids d'un colis")).input_value() == "2,480"
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la ligne").click()
    session.expire_all()
    assert session.scalar(select(IntakeLine.grams).where(IntakeLine.product_id == carrots.id)) == 2480

    page.locator("html[data-devices=connected]").wait_for(state="attached")  # the page listens to the hub
    with page.expect_navigation():
        hub.simulate_scan("0103017620422003152710311024153A\x1d3712")
    expect(page.get_by_role("heading", name="Pâte à tartiner 750 g")).to_be_visible()
    assert page.get_by_label("Lot", exact=True).input_value() == "24153A"
