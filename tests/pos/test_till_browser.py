"""A whole day at the counter in headless Chromium, with a simulated scale on a real pseudo-terminal
and a simulated ESC/POS network printer: the bytes that reach the printer are checked."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from devices.printer_sim import TcpPrinterSimulator
from devices.scale_sim import PtyScaleSimulator, ScaleModel
from gers.cli import build_cli
from inventory.gtin import with_check_digit
from tests.pos.conftest import NOW

pytestmark = pytest.mark.browser


@pytest.fixture
def scale_sim():
    sim = PtyScaleSimulator("toledo8217", ScaleModel(gross_grams=1250), interval=0.01).start()
    yield sim
    sim.stop()


@pytest.fixture
def printer_sim():
    sim = TcpPrinterSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture
def app_overrides(scale_sim, printer_sim):
    return {"ROLE": "site", "NODE_CODE": "AUCH",
            "DEVICES": {"scale": {"kind": "serial", "port": scale_sim.path, "protocol": "toledo8217"},
                        "printer": {"spec": printer_sim.spec, "columns": 42, "retry_interval": 0.05}}}


def job_with(sim, needle: bytes) -> bytes:
    """The printer job holding ``needle`` (a drawer kick may come in a pass of its own)."""
    for count in range(1, 6):
        assert sim.wait_jobs(count, timeout=10), f"{needle!r} never printed"
        if needle in sim.jobs[count - 1]:
            return sim.jobs[count - 1]
    raise AssertionError(f"{needle!r} never printed")


def scan(page, code: str) -> None:
    page.locator("#scan").fill(code)
    page.locator("#scan").press("Enter")


def test_a_full_checkout_day(page, app, till, printer_sim, database_url):
    app.extensions["gers.clock"] = lambda: NOW
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("marie")
    page.get_by_label("Code PIN").fill("2468")
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/caisse")
    page.get_by_label("Fond de caisse (€)").fill("50,00")
    page.get_by_role("button", name="Ouvrir la caisse").click()

    scan(page, till.household.card_number.lower().replace("-", ""))  # as a volunteer might type it
    expect(page.locator("#household")).to_contain_text(f"Carte {till.household.card_number}")
    expect(page.locator("#allowance-left")).to_contain_text("20,00")
    for _ in range(4):
        scan(page, till.pasta.gtin)
    expect(page.locator("#lines tbody tr")).to_have_count(1)
    hub = app.extensions["gers.device_hub"]
    page.locator("html[data-devices=connected]").wait_for(state="attached")  # the page listens to the hub
    for _ in range(2):  # the same scan from the grabbed scanner, whatever has the focus
        hub.simulate_scan(till.fse_rice.gtin)
    expect(page.locator("#lines tbody")).to_contain_text("gratuit (FSE+)")
    scan(page, till.milk.gtin)
    scan(page, till.milk.gtin)
    expect(page.locator("#lines tbody tr")).to_have_count(3)

    expect(page.locator("#scale-status")).to_have_text("Balance : 1,250 kg")  # the scale's "01.250 kg"
    page.get_by_role("button", name="Rechercher (F6)").click()
    page.get_by_label("Nom ou début du code").fill("Pommes")
    page.get_by_role("button", name="Pommes (vrac) (au poids)").click()
    expect(page.locator("#lines tbody")).to_contain_text("Pommes (vrac)")
    expect(page.locator("#lines tbody")).to_contain_text("1,250 kg")

    scan(page, with_check_digit("210004200315"))  # the shop's label: 315 g of Comté
    expect(page.locator("#lines tbody tr")).to_have_count(5)
    expect(page.locator("#market-value")).to_have_text("19,73\xa0€")

    scan(page, with_check_digit("210004200400"))  # 6,76 € more: over the 20 € allowance
    expect(page.locator("#override-reason-text")).to_contain_text("Droit d'achat insuffisant : cet article vaut 6,76")
    page.get_by_label("Identifiant coordination").fill("claire")
    page.locator("#override-pin").fill("1357")
    page.get_by_label("Motif de la dérogation").fill("Colis de fin d'année")
    page.get_by_role("button", name="Autoriser").click()
    expect(page.locator("#lines tbody")).to_contain_text("(dérogation)")
    expect(page.locator("#to-pay")).to_have_text("2,23\xa0€")

    page.keyboard.press("F2")
    page.get_by_label("Espèces reçues (€)").fill("5")
    page.get_by_role("button", name="Valider").dblclick()  # a double click records one sale
    expect(page.locator("#message")).to_contain_text("Vente n° 1 enregistrée. Rendu : 2,77 €.")

    job = job_with(printer_sim, b"Journal n\xf8 1")
    assert printer_sim.jobs[0].startswith(b"\x1bp\x00\x32\x32")  # paid in cash: the drawer opens first
    receipt = job[job.index(b"\x1b@"):]
    assert receipt.startswith(b"\x1b@\x1bt\x13")  # INIT, then code page 19 = CP858
    assert b"2,23 \xd5" in receipt  # the euro sign is 0xD5 in CP858
    assert "Pâtes coquillettes".encode("cp858") in receipt
    assert b"Journal n\xf8 1" in receipt  # "n°": the degree sign is 0xF8 in CP858
    assert till.household.card_number.encode() in receipt
    assert b"Droit d'achat restant" in receipt
    assert b"\n1,250 kg Pommes (vrac)\n" in receipt

    page.reload()  # « Réimprimer » finds the last sale in the journal, not in the page's memory
    page.get_by_role("button", name="Réimprimer").click()
    expect(page.locator("#message")).to_contain_text("Vente n° 1 : Ticket envoyé à l'imprimante.")
    assert b"DUPLICATA" in job_with(printer_sim, b"DUPLICATA")

    page.get_by_role("button", name="Retour / annulation").click()
    page.get_by_label("N° de vente (sur le ticket)").fill("1")
    page.get_by_role("button", name="Chercher la vente").click()
    page.get_by_label(re.compile("Pâtes coquillettes")).fill("1")
    page.locator("#returns-reason").fill("Paquet ouvert")
    page.get_by_role("button", name="Reprendre les articles").click()
    expect(page.locator("#message")).to_contain_text("Retour enregistré (n° 2). À rembourser : 0,13\xa0€.")

    page.get_by_role("button", name="Clôturer la caisse").click()
    page.get_by_label("Espèces comptées dans le tiroir (€)").fill("52,10")
    page.get_by_role("button", name="Vérifier le Z").click()  # the figures first, then a confirmation
    expect(page.locator("#z-figures")).to_contain_text("Espèces attendues52,10\xa0€")
    expect(page.locator("#z-report")).to_contain_text("la clôture est définitive")
    page.get_by_role("button", name="Confirmer la clôture et imprimer le Z").dblclick()  # one Z, no error
    expect(page.locator("#z-report")).to_contain_text("Clôture n° 3 enregistrée")
    expect(page.locator("#z-figures")).to_contain_text("Écart0,00\xa0€")

    result = CliRunner().invoke(build_cli(), ["journal", "verify"], env={
        "GERS_DATABASE_URL": database_url, "GERS_ROLE": "site", "GERS_NODE_CODE": "AUCH",
        "GERS_INSTANCE": str(app.instance_path)})
    assert result.exit_code == 0, result.output
    assert "Journal de AUCH intègre : 3 écritures vérifiées" in result.output
