"""The bourse des compétences: offers and asks by card or volunteer pseudonym, never a contact;
exchanges recorded by a coordinator; figures by skill and month; the kiosk's counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from activities import skills
from activities.enums import Side, Skill
from activities.errors import ActivityError
from activities.models import SkillEntry, SkillExchange
from tests.activities.test_workshops import text
from tests.conftest import csrf_token


def entries(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(SkillEntry))


def test_offers_and_asks_by_card_or_pseudonym_with_no_contact_shown(counter, place, session, client):
    assert counter("/bourse", side="offre", skill="couture", detail="Ourlets", pseudonym="Fil d'or").status_code == 302
    assert counter("/bourse", side="demande", skill="couture", detail="Un ourlet", card=place.card).status_code == 302
    page = text(client.get("/activites/bourse"))
    assert "Fil d'or" in page and place.card in page and "Ourlets" in page
    assert "Aucun contact n'est enregistré ni affiché ici" in page and "le site qui met les personnes en relation" in page
    offer, ask = (session.scalar(select(SkillEntry).where(SkillEntry.side == side)) for side in (Side.OFFER, Side.ASK))
    assert (offer.household_id, offer.pseudonym, ask.pseudonym, offer.owner_node) == (None, "Fil d'or", "", "AUCH")


@pytest.mark.parametrize(("form", "message"), [
    ({"pseudonym": "Marie 06 12 34 56 78"}, "pas de numéro de téléphone ni d'adresse e-mail"),
    ({"pseudonym": "marie@example.org"}, "pas de numéro de téléphone ni d'adresse e-mail"),
    ({}, "Indiquez soit un numéro de carte, soit un pseudonyme"),
    ({"pseudonym": "Fil", "card": "GS-000001"}, "Indiquez soit un numéro de carte, soit un pseudonyme"),
    ({"card": "GS-999999"}, "Cette carte n'est pas connue de ce site"),
    ({"card": "condom"}, "Cette carte n'est pas connue de ce site"),
    ({"pseudonym": "Fil", "skill": "astrologie"}, "Savoir-faire : choisissez dans la liste."),
])
def test_bad_entries_are_refused_in_french(counter, place, session, form, message):
    if form.get("card") == "condom":
        form = {**form, "card": place.condom_card}
    response = counter("/bourse", **{"side": "offre", "skill": "couture", **form})
    assert response.status_code == 422 and message in text(response)
    assert entries(session) == 0


def test_a_coordinator_records_an_exchange_and_the_figures_count_it(app, client, login, place, session):
    offer = skills.add_entry(session, site_id=place.site.id, side=Side.OFFER, skill=Skill.REPAIRS, detail="Vélos",
                             card="", pseudonym="Main verte", owner_node="AUCH")
    ask = skills.add_entry(session, site_id=place.site.id, side=Side.ASK, skill=Skill.REPAIRS, detail="Un vélo",
                           card=place.card, pseudonym="", owner_node="AUCH")
    sewing = skills.add_entry(session, site_id=place.site.id, side=Side.ASK, skill=Skill.SEWING, detail="",
                              card=place.other_card, pseudonym="", owner_node="AUCH")
    session.commit()
    assert login("claire", "1357").status_code == 302
    token = csrf_token(client, "/activites/bourse")
    done = client.post("/activites/bourse/echanges", data={"csrf_token": token, "offer_id": str(offer.id),
                                                          "ask_id": str(ask.id), "day": "2026-11-24", "hours": "1,5"})
    assert done.status_code == 302
    for form, message in [({"ask_id": str(sewing.id)}, "pas sur le même savoir-faire"),
                          ({"hours": "-2"}, "n'est pas un nombre d'heures"),
                          ({"day": "2026-11-30"}, "l'échange n'a pas encore eu lieu")]:
        values = {"csrf_token": token, "offer_id": str(offer.id), "ask_id": str(ask.id), "day": "2026-11-24",
                  "hours": "1", **form}
        refused = client.post("/activites/bourse/echanges", data=values)
        assert refused.status_code == 422 and message in text(refused)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(SkillExchange)) == 1
    figures = skills.exchange_figures(session, place.site.id)
    assert [(f.month, f.skill, f.exchanges, f.hours) for f in figures] == [
        ("2026-11", "Petites réparations", 1, Decimal("1.5"))]
    page = text(client.get("/activites/chiffres"))
    assert "Petites réparations" in page and place.card not in page and "Main verte" not in page


def test_the_kiosk_counts_open_offers_and_asks_by_skill(session, place):
    for side, skill, who in [(Side.OFFER, Skill.LANGUAGE, "Lina"), (Side.OFFER, Skill.LANGUAGE, "Omar"),
                             (Side.ASK, Skill.LANGUAGE, "Élève")]:
        skills.add_entry(session, site_id=place.site.id, side=side, skill=skill, detail="", card="", pseudonym=who,
                         owner_node="AUCH")
    closed = skills.add_entry(session, site_id=place.site.id, side=Side.ASK, skill=Skill.LIFTS, detail="", card="",
                              pseudonym="Covoit", owner_node="AUCH")
    skills.close_entry(session, closed, "AUCH")
    counts = skills.open_counts(session, place.site.id)
    assert [(c.skill, c.offers, c.asks) for c in counts] == [("Langue (français, conversation)", 2, 1)]
    with pytest.raises(ActivityError, match="autre poste"):
        skills.close_entry(session, closed, "CENTRAL")
