"""« S'inscrire » at the kiosk after a card is read: no card and no name in the page, places left
updated, a full workshop and a second sign-up answered calmly; an old or forged page writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from activities.enums import Channel
from activities.models import WorkshopRegistration
from tests.activities.conftest import TODAY
from tests.conftest import csrf_token
from tests.kiosk.conftest import register_household
from tests.kiosk.test_kiosk_card import show, text


def sign_up_form(page: str) -> tuple[str, str]:
    """The first sign-up form of a card's page: its action and its token."""
    action = page.split('class="sign-up-form"')[0].rsplit('action="', 1)[1].split('"')[0]
    token = page.split('name="token" value="', 1)[1].split('"')[0]
    return action.replace("&amp;", "&"), token


def count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(WorkshopRegistration))


@pytest.fixture
def card_page(client, place):
    """The kiosk's sign-up screen of a card: read the card, then « S'inscrire à un atelier »."""
    def read(card: str) -> str:
        response = show(client, card)
        assert response.status_code == 200 and place.card not in response.get_data(as_text=True)
        action, token = sign_up_form(response.get_data(as_text=True))
        return client.post(action, data={"token": token, "csrf_token": csrf_token(client, "/borne")}).get_data(
            as_text=True)
    return read


def test_sign_up_after_the_card_is_read(client, place, session, card_page):
    page = card_page(place.card)
    assert place.card not in page  # the forms carry a signed token, never the card
    assert "Cuisiner à petit budget" in page and "2 places libres" in text_of(page)
    action, token = sign_up_form(page)
    answer = client.post(action, data={"token": token, "csrf_token": csrf_token(client, "/borne")})
    shown = text(answer)
    assert "C'est noté : vous êtes inscrit à « Cuisiner à petit budget »" in shown and "1 place libre" in shown
    assert place.card not in answer.get_data(as_text=True)
    row = session.scalar(select(WorkshopRegistration).where(WorkshopRegistration.workshop_id == place.cooking.id))
    assert (row.channel, row.owner_node) == (Channel.KIOSK, "AUCH")
    twice = text(client.post(action, data={"token": token, "csrf_token": csrf_token(client, "/borne")}))
    assert "Vous êtes déjà inscrit à cet atelier" in twice and count(session) == 3


def test_a_workshop_filled_while_the_page_was_open_is_said_calmly(client, place, session, card_page):
    third = register_household(session, place.site, TODAY - dt.timedelta(days=5)).card_number
    session.commit()
    late_action, late_token = sign_up_form(card_page(third))  # one place left when the page opened
    for card in (place.other_card, place.card):
        action, token = sign_up_form(card_page(card))
        client.post(action, data={"token": token, "csrf_token": csrf_token(client, "/borne")})
    late = text(client.post(late_action, data={"token": late_token, "csrf_token": csrf_token(client, "/borne")}))
    assert "Cet atelier est complet. D'autres dates viendront." in late and "Complet" in late
    assert count(session) == 4  # the two of yesterday's workshop, the two who came first
    assert 'class="sign-up-form"' not in card_page(third)  # full: no button any more


def test_a_forged_or_foreign_page_writes_nothing(client, place, session, card_page):
    before = count(session)
    action, _token = sign_up_form(card_page(place.card))
    for path in (action, "/borne/ateliers/inscription"):
        forged = client.post(path, data={"token": "eyJhIjoxfQ.forged", "csrf_token": csrf_token(client, "/borne")})
        assert forged.status_code == 200 and "Passez votre carte" in text(forged)
    foreign = text(show(client, place.condom_card))
    assert "La borne ne trouve pas de droits" in foreign and "S'inscrire" not in foreign
    assert count(session) == before


def text_of(page: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))).replace("\xa0", " ")
