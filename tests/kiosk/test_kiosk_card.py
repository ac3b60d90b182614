"""The kiosk with a card: what the holder sees, and the calm, identical answer to everything else."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from kiosk.card import CardOutcome, read_card
from tests.conftest import csrf_token
from tests.households.helpers import nbsp
from tests.kiosk.conftest import NOW, TODAY, register_household


def show(client, card: str, lang: str = "fr"):
    return client.post("/borne/carte", data={"card": card, "lang": lang, "csrf_token": csrf_token(client, "/borne")})


def text(response) -> str:
    body = nbsp(response.get_data(as_text=True))
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.split("<main", 1)[1])))


def test_an_open_card_shows_what_is_left_the_dates_and_the_visits(client, kiosk):
    response = show(client, kiosk.open_card.lower().replace("-", " "))  # typed loosely
    assert response.status_code == 200
    shown = text(response)
    # Single adult: 20 € a month, 2 × 2,00 € of dairy bought since the period began on 6 November.
    assert "Il vous reste 16,00 €" in shown
    assert "à dépenser jusqu'au samedi 05/12/2026" in shown
    assert "Après cette date, votre droit d'achat s'arrête" in shown  # the access ends with the period
    assert "Produits laitiers — encore 2 sur 4" in shown
    assert "Votre accès se termine le samedi 05/12/2026" in shown  # hence no renewal of the allowance
    assert "Prenez rendez-vous avec votre travailleur social avant cette date" in shown
    assert "dimanche 22/11/2026" in shown and "mercredi 11/11/2026" in shown
    assert kiosk.open_card not in response.get_data(as_text=True)  # the card is not echoed back
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("card", ["GS-999999", "123456789", "0000", "", "bonjour", "GS-00000%27"])
def test_any_other_number_gets_one_calm_answer(client, kiosk, card):
    other_site = text(show(client, kiosk.condom_card))
    assert text(show(client, card)) == other_site
    assert "La borne ne trouve pas de droits pour cette carte" in other_site
    assert "€" not in other_site and "/20" not in other_site  # no figure, no date


def test_an_ended_access_says_so_and_nothing_more(client, kiosk):
    shown = text(show(client, kiosk.ended_card))
    assert "Votre accès n'est pas ouvert aujourd'hui" in shown
    assert "€" not in shown and "/20" not in shown


def test_typed_numbers_meet_growing_delays_then_the_kiosk_listens_again(app, client, kiosk):
    for attempt in range(5):
        assert show(client, f"GS-90000{attempt}").status_code == 200
    assert show(client, "GS-900009").status_code == 200  # the 6th failure is heard, then a wait
    waiting = show(client, kiosk.open_card)
    assert waiting.status_code == 429
    assert "Vous pourrez réessayer dans 2 secondes" in text(waiting)
    assert "16,00" not in text(waiting)
    app.extensions["gers.clock"] = lambda: NOW + dt.timedelta(seconds=3)
    assert "Il vous reste 16,00 €" in text(show(client, kiosk.open_card))


def test_the_kiosk_answers_only_its_own_screens(app, kiosk):
    app.config["KIOSK_ADDRESSES"] = ["127.0.0.1"]
    outsider = app.test_client()
    outsider.environ_base["REMOTE_ADDR"] = "192.168.1.50"
    assert outsider.get("/borne").status_code == 403
    assert outsider.post("/borne/carte", data={"card": kiosk.open_card}).status_code in (400, 403)
    style = outsider.get("/borne/ressources/kiosk.css")
    assert style.status_code == 200  # the same for everyone, holds nothing
    style.close()


def test_english_and_arabic_screens(client, kiosk):
    english = show(client, kiosk.open_card, "en")
    assert "You have left 16,00 €" in text(english)
    arabic = client.get("/borne?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "أو اكتب رقم بطاقتك" in arabic
    assert '<html lang="fr" dir="ltr">' in client.get("/borne?lang=xx").get_data(as_text=True)


def test_a_longer_access_shows_when_the_allowance_comes_back(kiosk, session):
    household = register_household(session, kiosk.site, TODAY - dt.timedelta(days=20), months=6)
    session.commit()
    seen = read_card(session, household.card_number, kiosk.site.id, NOW)
    assert seen.outcome is CardOutcome.OPEN and not seen.renewal_soon
    assert (seen.period_ends_on, seen.renews_on) == (dt.date(2026, 12, 4), dt.date(2026, 12, 5))
    assert seen.visits == () and str(seen.allowance_left) == "20.00"
