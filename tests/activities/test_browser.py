"""Each activities screen in Chromium on the node where it lives (1024×600): at the site, the counter
registers a card and marks attendance, the bourse, the computer corner; on central, the procedures,
a workshop planned and the figures; at the kiosk, « S'inscrire » after the card. Bad input is
answered in French. Screenshots land in the test's folder (UPDATE_DOCS_CAPTURES=1: docs/captures)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from activities.enums import Side, Skill
from activities.models import ComputerBooking, RightsProcedure, SkillEntry, WorkshopRegistration
from gers.models import Role
from tests.activities.conftest import NOW
from tests.kiosk.test_accessibility import AXE, violations
from tests.kiosk.test_kiosk_browser import enter_card

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[2] / "docs" / "captures"


def capture(page, tmp_path: Path, name: str) -> None:
    folder = DOCS if os.environ.get("UPDATE_DOCS_CAPTURES") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"activites-{name}-1024x600.png", full_page=True)


def sign_in(page, username: str, secret: str, label: str = "Code PIN") -> None:
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label(label).fill(secret)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def test_the_counter_registers_a_card_then_marks_attendance(page, place, session, tmp_path):
    sign_in(page, "marie", "2468")
    page.get_by_role("link", name="Ateliers et point informatique").first.click()
    page.get_by_role("link", name="Cuisiner à petit budget").click()
    page.get_by_label("Numéro de carte").fill(place.condom_card)
    page.get_by_role("button", name="Inscrire").click()
    expect(page.get_by_role("alert")).to_contain_text("Cette carte n'est pas connue de ce site")
    page.get_by_label("Numéro de carte").fill(place.card)
    page.get_by_role("button", name="Inscrire").click()
    expect(page.get_by_role("status").filter(has_text="Inscription enregistrée")).to_be_visible()
    expect(page.locator(".places-left")).to_have_text("1 place(s) libre(s) sur 2")
    capture(page, tmp_path, "atelier")
    page.get_by_role("link", name="← Tous les ateliers").click()
    page.get_by_role("link", name="Anti-gaspillage").click()
    page.get_by_role("checkbox", name="présent").first.check()
    page.get_by_role("checkbox", name="le foyer est d'accord").first.check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_role("status").filter(has_text="Présences enregistrées")).to_be_visible()
    session.expire_all()
    marked = session.scalars(select(WorkshopRegistration).where(WorkshopRegistration.workshop_id == place.past.id,
                                                                WorkshopRegistration.attended.is_(True))).all()
    assert [row.project_consent for row in marked] == [True]


def test_the_bourse_and_the_computer_corner_at_the_site(page, place, session, tmp_path):
    sign_in(page, "marie", "2468")
    page.goto("/activites/bourse")
    page.get_by_label("Savoir-faire").select_option(label="Couture")
    page.get_by_label("ou pseudonyme (bénévole)").fill("Fil 0612345678")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("pas de numéro de téléphone")
    page.get_by_label("ou pseudonyme (bénévole)").fill("Fil d'or")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("table.entries")).to_contain_text("Fil d'or")
    capture(page, tmp_path, "bourse")
    page.get_by_role("link", name="Point informatique", exact=True).click()
    page.get_by_label("Créneau").select_option("11:30")
    page.get_by_label("Avec un bénévole").check()
    page.get_by_label("Numéro de carte (facultatif)").fill("0000")
    page.get_by_role("button", name="Réserver").click()
    expect(page.get_by_role("alert")).to_contain_text("Cette carte n'est pas connue de ce site")
    page.get_by_label("Numéro de carte (facultatif)").fill(place.card)
    page.get_by_role("button", name="Réserver").click()
    expect(page.get_by_role("status").filter(has_text="Ordinateur réservé le 25/11/2026 à 11:30")).to_be_visible()
    capture(page, tmp_path, "informatique")
    session.expire_all()
    assert session.scalar(select(SkillEntry.pseudonym)) == "Fil d'or"
    assert session.scalar(select(ComputerBooking.with_volunteer)) is True


def test_sign_up_at_the_kiosk(page, place, session, tmp_path):
    enter_card(page, place.card)
    page.get_by_role("button", name="S'inscrire à un atelier").click()
    page.get_by_role("button", name="S'inscrire", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("C'est noté : vous êtes inscrit à « Cuisiner à petit budget »")
    expect(page.locator(".places").first).to_have_text("1 place libre")
    assert place.card not in page.content()
    capture(page, tmp_path, "borne-inscription")
    page.get_by_role("button", name="S'inscrire", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Vous êtes déjà inscrit à cet atelier")
    page.set_viewport_size({"width": 800, "height": 480})
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    page.get_by_role("link", name="C'est fini").click()
    page.wait_for_url("**/borne")


def test_the_site_screens_have_no_serious_accessibility_violation(browser, live_server, place):
    context = browser.new_context(viewport={"width": 1024, "height": 600}, base_url=live_server.url)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    sign_in(page, "marie", "2468")
    for path in ("/activites/", f"/activites/ateliers/{place.cooking.id}", f"/activites/ateliers/{place.past.id}",
                 "/activites/bourse", "/activites/informatique", "/activites/demarches"):
        page.goto(path)
        assert violations(page) == [], path
    enter_card(page, place.card)
    assert violations(page) == []
    page.get_by_role("button", name="S'inscrire à un atelier").click()
    expect(page.get_by_role("heading", name="S'inscrire à un atelier")).to_be_visible()
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("node_role", ["central"])
def test_central_writes_the_procedures_plans_a_workshop_and_reads_the_figures(page, app, build, session, tmp_path,
                                                                               node_role):
    app.extensions["gers.clock"] = lambda: NOW
    auch = build.site(code="AUCH", name="Épicerie solidaire d'Auch")
    build.user(username="claire", role=Role.COORDINATOR, password="mot-de-passe-2026")
    for side, who in ((Side.OFFER, "Main verte"), (Side.ASK, "Parent de CM1")):  # as Auch's node sent them
        session.add(SkillEntry(site_id=auch.id, side=side, skill=Skill.REPAIRS, pseudonym=who, owner_node="AUCH"))
    session.commit()
    sign_in(page, "claire", "mot-de-passe-2026", label="Mot de passe")
    page.goto("/activites/demarches")
    page.get_by_role("button", name="Ajouter les démarches courantes").click()
    expect(page.get_by_role("heading", name="France Travail")).to_be_visible()
    page.get_by_text("Modifier « ANTS »").click()
    page.locator("details[open] textarea[name=documents]").fill("Ancien titre\nJustificatif de domicile")
    page.locator("details[open]").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status").filter(has_text="Démarche modifiée")).to_be_visible()
    capture(page, tmp_path, "demarches")
    page.goto("/activites/")
    page.get_by_label("Thème").select_option(label="Budget")
    page.get_by_label("Titre").fill("Faire son budget")
    page.get_by_label("Date").fill("2026-12-03")
    page.get_by_label("Heure").fill("14:00")
    page.get_by_label("Lieu").fill("Salle d'accueil")
    page.get_by_label("Nombre de places").fill("-3")
    page.get_by_role("button", name="Ajouter l'atelier").click()
    expect(page.get_by_role("alert")).to_contain_text("Nombre de places : « -3 » n'est pas un nombre entier")
    page.get_by_label("Nombre de places").fill("8")
    page.get_by_role("button", name="Ajouter l'atelier").click()
    expect(page.get_by_role("heading", name="Faire son budget")).to_be_visible()
    expect(page.get_by_text("Les inscriptions se prennent au site")).to_be_visible()
    page.goto("/activites/bourse")
    page.get_by_label("Durée (heures)").fill("deux")
    page.get_by_role("button", name="Enregistrer l'échange").click()
    expect(page.get_by_role("alert")).to_contain_text("Durée : « deux » n'est pas un nombre d'heures")
    page.get_by_label("Date").fill("2026-11-24")
    page.get_by_label("Durée (heures)").fill("1,5")
    page.get_by_role("button", name="Enregistrer l'échange").click()
    expect(page.locator("table.exchanges")).to_contain_text("Petites réparations")
    page.goto("/activites/chiffres")
    expect(page.locator("table.attendance")).to_contain_text("Budget")
    expect(page.locator("table.exchange-figures")).to_contain_text("1,5")
    session.expire_all()
    ants = session.scalar(select(RightsProcedure).where(RightsProcedure.name == "ANTS"))
    assert ants.document_lines == ["Ancien titre", "Justificatif de domicile"]
