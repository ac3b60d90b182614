"""Chromium walks the main screens of both nodes under the CSP and reports no violation: every
script and style the pages need comes from the app's own static files."""

from __future__ import annotations

import pytest

from gers.models import Role

pytestmark = pytest.mark.browser

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""
CENTRAL_SCREENS = ("/", "/catalogue", "/reseau", "/foyers/", "/foyers/nouveau", "/foyers/commissions/",
                   "/foyers/parametres/", "/urgence/", "/arrivages/", "/entrepot/", "/entrepot/receptions",
                   "/entrepot/stock", "/entrepot/expeditions", "/entrepot/dates",
                   "/entrepot/rappels", "/entrepot/attestations", "/entrepot/inventaires", "/entrepot/reglages",
                   "/admin/utilisateurs/")


@pytest.fixture
def watched(page):
    """The page, with every CSP violation it meets (event and console) collected."""
    console = []
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script(LISTEN)
    page.console_violations = console
    return page


def _violations(page) -> list[str]:
    """The violations met since the last call (the event list lives in the page, reset by each load)."""
    found = [*page.evaluate("window.__csp"), *page.console_violations]
    page.console_violations.clear()
    return found


def _sign_in(page, username: str, secret: str) -> None:
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill(username)
    page.locator("input[name=secret]").fill(secret)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def test_central_screens_meet_no_csp_violation(watched, make_user, make_site, make_household):
    make_site(code="ENTREPOT", name="Entrepôt", kind="warehouse")
    household = make_household()
    make_user(username="admin", role=Role.ADMIN, password="administration-2026")
    _sign_in(watched, "admin", "administration-2026")
    found = {}
    for path in (*CENTRAL_SCREENS, f"/foyers/{household.card_number}",
                 f"/foyers/{household.card_number}/demande", f"/entrepot/expeditions/nouvelle?site={household.home_site_id}"):
        response = watched.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        if violations := _violations(watched):
            found[path] = violations
    assert found == {}


@pytest.mark.parametrize("node_role", ["site"])
def test_the_till_meets_no_csp_violation_and_the_listener_works(watched, make_user, make_site):
    auch = make_site(code="AUCH", name="Auch")
    make_user(username="marie", role=Role.CASHIER, pin="2468", site_id=auch.id)
    _sign_in(watched, "marie", "2468")
    watched.goto("/caisse")
    watched.get_by_label("Fond de caisse (€)").fill("20,00")
    watched.get_by_role("button", name="Ouvrir la caisse").click()
    watched.locator("#scan").wait_for()
    assert _violations(watched) == []
    # An injected inline script is refused, and the refusal is seen: the check above is not blind.
    watched.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
                     " document.body.appendChild(s); }")
    watched.wait_for_function("window.__csp.length > 0")
    assert watched.evaluate("window.x") is None
