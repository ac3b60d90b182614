"""In the browser: central's network status page for a coordinator, and on a site node the header's
« Synchronisé le … » and the « Synchroniser maintenant » button, against an in-process central."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from sync.manual import CLIENT_FACTORY
from tests.support.browser import LiveServer
from tests.sync.inprocess import NOW
from tests.sync.statusnet import sync_at
from tests.sync.test_sync_pages import DAY, central, clock, last_heard, nodes, shipped_and_received  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_coordinator_sees_the_network_and_the_silent_node(page, central, nodes, clock, session):  # noqa: F811
    sync_at(nodes("AUCH"), clock, NOW - dt.timedelta(hours=8))
    nodes("CONDOM")
    last_heard(session, "CONDOM", NOW - 3 * DAY)
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("coordination")
    page.get_by_label("Mot de passe").fill("coordination-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    page.get_by_role("link", name="Synchronisation").first.click()
    page.wait_for_url("**/synchronisation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Synchronisation du réseau")
    expect(page.get_by_role("alert")).to_contain_text("CONDOM (")
    expect(page.get_by_role("alert")).to_contain_text("est silencieux : Aucun contact depuis le 24/11/2026 à 10:30")
    auch = page.locator("#noeud-AUCH")
    expect(auch.locator(".badge.state")).to_have_text("À jour")
    expect(auch).to_contain_text("27/11/2026 02:30")
    expect(page.locator("#noeud-CONDOM .badge.state")).to_have_text("Silencieux")
    expect(page.locator(".sync-not-enrolled")).to_contain_text("FLEURANCE")


def test_the_header_and_sync_now_on_a_site_node(browser, central, nodes, clock, session):  # noqa: F811
    auch = nodes("AUCH")
    shipped_and_received(auch, clock, session)  # a first sync, then a receipt waiting to go up
    auch.app.extensions[CLIENT_FACTORY] = lambda _app: auch.client
    with LiveServer(auch.app) as server:
        context = browser.new_context(viewport={"width": 1024, "height": 600}, locale="fr-FR", base_url=server.url)
        try:
            page = context.new_page()
            page.goto("/connexion")
            page.get_by_label("Identifiant").fill("coordination")
            for digit in "3456":
                page.locator(f".keypad [data-key='{digit}']").click()
            page.locator(".keypad [data-key='OK']").click()
            page.wait_for_url("**/")
            header = page.locator("#sync-header")
            expect(header).to_contain_text("Synchronisé le 27/11/2026 à 10:30")
            expect(header).to_contain_text("Données en attente d'envoi")
            header.get_by_role("link").click()
            page.wait_for_url("**/synchronisation/")
            page.get_by_role("button", name="Synchroniser maintenant").click()
            # The page refreshes itself while the exchange runs, then tells its outcome.
            expect(page.locator("#sync-progress")).to_contain_text("Synchronisation terminée", timeout=60_000)
            expect(page.locator("#sync-progress")).to_contain_text(re.compile(r"[1-9]\d* ligne\(s\) envoyée\(s\)"))
            expect(page.locator("#sync-header")).to_contain_text("Tout est envoyé")
            expect(page.locator("#sync-backlog")).to_have_text("rien : tout est envoyé")
        finally:
            context.close()
