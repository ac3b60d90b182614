"""axe-core (vendored in tests/support/axe, no CDN) in Chromium: the kiosk's screens and the till
have no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kiosk.test_kiosk_browser import enter_card

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "support" / "axe" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def audited(browser, live_server):
    """A page with axe injected before any of the page's own scripts (an init script is not bound by
    the page's CSP, which forbids inline scripts)."""
    context = browser.new_context(viewport={"width": 1024, "height": 600}, base_url=live_server.url)
    context.add_init_script(path=str(AXE))
    yield context.new_page()
    context.close()


def violations(page) -> list[str]:
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']});
        return result.violations.map((v) => ({id: v.id, impact: v.impact,
                                               nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}));
    }""")
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize("screen", ["/borne", "/borne?lang=en", "/borne?lang=ar", "/borne/horaires", "/borne/camion",
                                    "/borne/ateliers", "/borne/droits"])
def test_kiosk_screens_without_a_card(audited, kiosk, screen):
    audited.goto(screen)
    assert violations(audited) == []


@pytest.mark.parametrize("card", ["open_card", "ended_card", "not a card"])
def test_kiosk_card_screens(audited, kiosk, card):
    enter_card(audited, getattr(kiosk, card, card))
    assert violations(audited) == []


def test_the_till(audited, kiosk):
    audited.goto("/connexion")
    audited.get_by_label("Identifiant").fill("marie")
    audited.get_by_label("Code PIN").fill("2468")
    audited.get_by_role("button", name="Se connecter").click()
    audited.wait_for_url("**/")
    audited.goto("/caisse")
    assert violations(audited) == []
