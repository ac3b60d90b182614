"""The kiosk's screens without a card on a site, and the coordinators' content screens on central."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gers.models import Role
from inventory.models import OpeningSlot, Site
from kiosk.models import RightsPage
from tests.conftest import csrf_token
from tests.kiosk.conftest import NOW
from tests.kiosk.test_kiosk_card import text
from tours import services as tours
from tours.models import TourStop


def test_opening_hours_of_every_fixed_site(client, kiosk):
    shown = text(client.get("/borne/horaires"))
    assert "Épicerie solidaire d'Auch" in shown and "3 rue Gambetta, Auch" in shown
    assert "mercredi 09:00 – 12:00" in shown and "vendredi 14:00 – 17:30" in shown
    assert "Épicerie de Condom" in shown and "mardi 09:30 – 12:00" in shown
    assert "Croix-Rouge sur roues" not in shown  # its slots are stops


def test_the_vans_stops_of_the_next_seven_days_in_order(client, kiosk):
    shown = text(client.get("/borne/camion"))
    bassoues, montesquiou = shown.index("Bassoues"), shown.index("Montesquiou")
    assert bassoues < montesquiou  # Thursday 26, then Tuesday 1 December
    assert "jeudi 26/11/2026 · 10:00 – 12:00" in shown and "Place de la halle" in shown
    assert "mardi 01/12/2026 · 14:00 – 16:00" in shown


def test_a_cancelled_stop_leaves_the_kiosk_and_a_stop_moved_by_hand_shows_where_it_went(client, session, kiosk):
    thursday = session.scalar(select(TourStop).where(TourStop.commune == "Bassoues", TourStop.day == dt.date(2026, 11, 26)))
    tours.set_cancelled(session, thursday, True, "Marché de Noël sur la place")
    van = thursday.site_id
    tours.add_stop(session, tours.StopInput(van, dt.date(2026, 11, 27), dt.time(9), dt.time(11), "Bassoues", "32032",
                                            "Salle des fêtes"), owner_node="CENTRAL")
    session.commit()
    shown = text(client.get("/borne/camion"))
    assert "jeudi 26/11/2026" not in shown
    assert "vendredi 27/11/2026 · 09:00 – 11:00" in shown and "Salle des fêtes" in shown


def test_workshops_of_this_site_with_places_left_and_the_bourse_counts(client, kiosk):
    shown = text(client.get("/borne/ateliers"))
    assert "Cuisine de saison" in shown and "3 places libres" in shown
    assert "Réparer son vélo" in shown and "Complet" in shown
    assert "Condom seulement" not in shown
    # The bourse: counts by skill at this site, no pseudonym, no card.
    assert "Couture" in shown and "2 proposent · 0 cherchent" in shown
    assert "Aide aux devoirs" in shown and "0 proposent · 1 cherchent" in shown
    assert "Trajets" not in shown and "Fil d'or" not in shown and "le site vous met en relation" in shown


def test_rights_pages_in_their_order(client, kiosk):
    shown = text(client.get("/borne/droits"))
    assert shown.index("CAF du Gers") < shown.index("CPAM")
    assert "Mardi et jeudi, 9 h – 12 h" in shown


@pytest.fixture
def coordinator(app, client, build, session, login):
    app.extensions["gers.clock"] = lambda: NOW
    site = build.site(code="AUCH", name="Auch")
    build.user(username="claire", role=Role.COORDINATOR, password="mot-de-passe-2026")
    session.commit()
    assert login("claire", "mot-de-passe-2026").status_code == 302
    token = csrf_token(client, "/borne-contenu/")

    def post(path, **form):
        return client.post(f"/borne-contenu{path}", data={"csrf_token": token, **form})
    post.site = site
    return post


@pytest.mark.parametrize("node_role", ["central"])
def test_a_coordinator_edits_the_kiosks_content(coordinator, session, node_role):
    site_id = str(coordinator.site.id)
    assert coordinator("/creneaux", site_id=site_id, weekday="3", opens="10:00", closes="12:00",
                       village="Bassoues", place="Halle").status_code == 302
    assert coordinator("/droits", title="CCAS", who="Aides d'urgence.", place="Mairie", hours="Lundi").status_code == 302
    session.expire_all()
    slot = session.scalar(select(OpeningSlot))
    assert (slot.village, slot.place, slot.weekday) == ("Bassoues", "Halle", 3)
    page_id, slot_id = session.scalar(select(RightsPage.id)), slot.id
    assert coordinator(f"/droits/{page_id}/supprimer").status_code == 302
    assert coordinator(f"/creneaux/{slot_id}/supprimer").status_code == 302
    session.expire_all()
    assert session.get(RightsPage, page_id).withdrawn  # withdrawn: the change travels like an update
    assert session.get(OpeningSlot, slot_id) is None


@pytest.mark.parametrize("node_role", ["central"])
@pytest.mark.parametrize(("path", "form", "message"), [
    ("/creneaux", {"weekday": "1", "opens": "12:00", "closes": "09:00"},
     "L'heure de fermeture doit suivre l'heure d'ouverture."),
    ("/creneaux", {"weekday": "9", "opens": "09:00", "closes": "12:00"}, "Jour inconnu"),
    ("/creneaux", {"weekday": "1", "opens": "9h", "closes": "12:00"}, "Ouverture : indiquez une heure comme 09:30."),
    ("/droits", {"title": "CAF", "who": "", "place": "", "hours": ""}, "Indiquez le titre"),
])
def test_bad_content_is_refused_in_french_and_nothing_is_written(coordinator, session, node_role, path, form,
                                                                  message):
    if path == "/creneaux":
        form = {"site_id": str(coordinator.site.id), **form}
    response = coordinator(path, **form)
    assert response.status_code == 422
    assert message in text(response)
    assert session.scalar(select(OpeningSlot)) is None
    assert session.scalar(select(RightsPage)) is None
    assert session.scalar(select(Site).where(Site.code == "AUCH")) is not None
