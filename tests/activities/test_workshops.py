"""Workshops at a site node: planning, registration at the counter by card, places left, attendance
and the consented note for the commission; bad input answered in French with nothing recorded."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import func, select

from activities import workshops
from activities.enums import Channel
from activities.errors import ActivityError, Reason
from activities.models import Workshop, WorkshopRegistration
from gers.models import Role
from households import commission
from households.models import Household
from tests.activities.conftest import NOW, plan
from tests.households.helpers import nbsp, request_input


def text(response) -> str:
    body = nbsp(response.get_data(as_text=True))
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def registrations(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(WorkshopRegistration))


def test_the_counter_registers_by_card_and_the_places_left_follow(counter, place, session, client):
    before = registrations(session)
    assert counter(f"/ateliers/{place.cooking.id}/inscriptions", card=place.card).status_code == 302
    page = text(client.get(f"/activites/ateliers/{place.cooking.id}"))
    assert "1 place(s) libre(s) sur 2" in page and place.card in page
    assert "Mme Arrighi, conseillère ESF" in page
    again = counter(f"/ateliers/{place.cooking.id}/inscriptions", card=place.card.lower())
    assert again.status_code == 422 and "Déjà inscrit" in text(again)
    assert counter(f"/ateliers/{place.cooking.id}/inscriptions", card=place.other_card).status_code == 302
    full = counter(f"/ateliers/{place.cooking.id}/inscriptions", card=place.card)
    assert "Déjà inscrit" in text(full)
    row = session.scalar(select(WorkshopRegistration).where(WorkshopRegistration.workshop_id == place.cooking.id))
    assert (row.owner_node, row.channel, row.site_id) == ("AUCH", Channel.COUNTER, place.site.id)
    assert registrations(session) == before + 2


def test_a_full_workshop_is_said_calmly(session, place, build):
    third = build.household(home_site=place.site)
    for card in (place.card, place.other_card):
        workshops.register(session, place.cooking, card, site_id=place.site.id, channel=Channel.COUNTER, now=NOW,
                           owner_node="AUCH")
    with pytest.raises(ActivityError, match="Cet atelier est complet") as refused:
        workshops.register(session, place.cooking, third.card_number, site_id=place.site.id,
                           channel=Channel.COUNTER, now=NOW, owner_node="AUCH")
    assert refused.value.reason is Reason.FULL
    assert [line.places_left for line in workshops.upcoming(session, place.site.id, NOW)] == [0]


@pytest.mark.parametrize("card", ["condom", "GS-999999", "8472910", "", "<script>"])
def test_a_card_of_another_site_or_random_digits_records_nothing(counter, place, session, card):
    before = registrations(session)
    typed = place.condom_card if card == "condom" else card
    response = counter(f"/ateliers/{place.cooking.id}/inscriptions", card=typed)
    assert response.status_code == 422
    assert "Cette carte n'est pas connue de ce site" in text(response)
    assert registrations(session) == before


@pytest.mark.parametrize(("form", "message"), [
    ({"places": "-3"}, "Nombre de places : « -3 » n'est pas un nombre entier entre 1 et 200."),
    ({"places": "2,5"}, "n'est pas un nombre entier"),
    ({"day": "2026-11-24"}, "La date de l'atelier est passée"),
    ({"day": "demain"}, "Date : indiquez une date comme 03/12/2026."),
    ({"time": "25:00"}, "Heure : indiquez une heure comme 09:30."),
    ({"topic": "yoga"}, "Thème : choisissez dans la liste."),
    ({"title": " "}, "Indiquez le titre et le lieu de l'atelier."),
])
def test_bad_workshop_input_is_refused_in_french(app, client, place, login, session, form, message):
    from tests.conftest import csrf_token

    assert login("claire", "1357").status_code == 302
    before = session.scalar(select(func.count()).select_from(Workshop))
    values = {"topic": "budget", "title": "Faire son budget", "day": "2026-12-02", "time": "14:00",
              "place": "Salle", "places": "8", **form}
    response = client.post("/activites/ateliers", data={"csrf_token": csrf_token(client, "/activites/"), **values})
    assert response.status_code == 422 and message in text(response)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Workshop)) == before


def test_the_sites_coordinator_plans_and_edits_its_own_workshop_not_centrals(app, client, place, login, session):
    from tests.conftest import csrf_token

    assert login("claire", "1357").status_code == 302
    token = csrf_token(client, "/activites/")
    created = client.post("/activites/ateliers", data={"csrf_token": token, "topic": "cv", "title": "Écrire son CV",
                                                      "day": "2026-12-02", "time": "14:00", "place": "Point informatique",
                                                      "places": "6", "facilitator_name": "Paul, bénévole"})
    assert created.status_code == 302
    mine = session.scalar(select(Workshop).where(Workshop.title == "Écrire son CV"))
    assert (mine.owner_node, mine.site_id, mine.starts_at) == ("AUCH", place.site.id,
                                                                dt.datetime(2026, 12, 2, 13, 0, tzinfo=dt.UTC))
    edited = client.post(f"/activites/ateliers/{mine.id}", data={"csrf_token": token, "topic": "cv", "title": "CV",
                                                                "day": "2026-12-02", "time": "15:00", "place": "Salle",
                                                                "places": "4"})
    assert edited.status_code == 302
    # Central planned the cooking workshop: one writer per row, the node may not change it.
    refused = client.post(f"/activites/ateliers/{place.cooking.id}", data={
        "csrf_token": token, "topic": "cuisine", "title": "Autre", "day": "2026-12-02", "time": "15:00",
        "place": "Salle", "places": "4"})
    assert refused.status_code == 422 and "créé depuis le serveur central" in text(refused)
    session.expire_all()
    assert session.get(Workshop, place.cooking.id).title == "Cuisiner à petit budget"
    assert session.get(Workshop, mine.id).places == 4


def test_attendance_after_the_workshop_and_the_note_only_with_consent(counter, place, session):
    listed = workshops.registrations(session, place.past.id)
    cards = dict(session.execute(select(Household.id, Household.card_number)).all())
    agreed = next(r for r in listed if cards[r.household_id] == place.card)
    declined = next(r for r in listed if cards[r.household_id] == place.other_card)
    too_early = counter(f"/ateliers/{place.cooking.id}/presences")
    assert too_early.status_code == 422 and "pas encore eu lieu" in text(too_early)
    response = counter(f"/ateliers/{place.past.id}/presences", **{
        f"came-{agreed.id}": "1", f"project-{agreed.id}": "1", f"came-{declined.id}": "1"})
    assert response.status_code == 302
    session.expire_all()
    noted = workshops.noted_participation(session, [agreed.household_id, declined.household_id])
    assert [(p.topic, p.title) for p in noted[agreed.household_id]] == [("Cuisine à petit budget", "Anti-gaspillage")]
    assert declined.household_id not in noted  # came, but did not agree: nothing for the commission
    figures = workshops.attendance_figures(session, place.site.id)
    assert [(f.month, f.topic, f.workshops, f.registered, f.attended) for f in figures] == [
        ("2026-11", "Cuisine à petit budget", 2, 2, 2)]


@pytest.mark.parametrize("node_role", ["central"])
def test_the_commission_reads_the_participation_a_household_agreed_to(app, client, build, session, login, node_role):
    app.extensions["gers.clock"] = lambda: NOW
    site = build.site(code="AUCH", name="Auch")
    build.user(username="sophie", role=Role.SOCIAL_WORKER, password="mot-de-passe-2026")
    households = [build.household(home_site=site) for _ in range(2)]
    past = plan(session, site, title="Anti-gaspillage", days=-1)
    for household, consent in zip(households, (True, False), strict=True):
        commission.submit_request(session, household, request_input(), actor=None, now=NOW, owner_node="CENTRAL")
        # As the site's node wrote it and sync brought it up.
        session.add(WorkshopRegistration(workshop_id=past.id, site_id=site.id, household_id=household.id,
                                         channel=Channel.KIOSK, attended=True, project_consent=consent,
                                         owner_node="AUCH"))
    meeting = commission.open_session(session, site_id=site.id, held_on=NOW.date(), owner_node="CENTRAL")
    session.commit()
    assert login("sophie", "mot-de-passe-2026").status_code == 302
    page = client.get(f"/foyers/commissions/{meeting.id}").get_data(as_text=True)
    agreed, declined = (page.split(f'data-card="{h.card_number}"')[1].split("</article>")[0] for h in households)
    assert "avec l'accord du foyer — ateliers suivis" in agreed and "Anti-gaspillage" in agreed
    assert "ateliers suivis" not in declined
