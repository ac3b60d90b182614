"""The collectes' screens on central with the test client: plan, sign up, enter figures (bad input
answered in French, nothing recorded), the results pages and the thanks letter."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import event, func, select

from collectes.models import CollecteResult, CollecteShift, ShiftVolunteer
from gers.models import Role
from tests.collectes.conftest import FRIDAY, NOW, SATURDAY
from tests.conftest import csrf_token


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def post(client, path: str, **form):
    return client.post(path, data={"csrf_token": csrf_token(client, "/collectes/"), **form})


def test_a_coordinator_creates_a_collecte_and_adds_a_donor_shop(coordinator, session, national):
    response = post(coordinator, "/collectes/", name="Collecte de printemps", starts_on="2027-03-06",
                    ends_on="06/03/2027")
    assert response.status_code == 302
    page = coordinator.get(response.headers["Location"])
    assert "Collecte de printemps" in text(page) and "le 06/03/2027" in text(page)
    collecte_path = response.headers["Location"]
    assert post(coordinator, f"{collecte_path}/magasins", donor_id=str(national.donor.id)).status_code == 302
    assert "E.Leclerc Auch" in text(coordinator.get(collecte_path))
    refused = post(coordinator, "/collectes/", name="Collecte de printemps", starts_on="2027-03-06")
    assert refused.status_code == 422 and "Une collecte s'appelle déjà « Collecte de printemps »" in text(refused)


def test_shift_and_sign_up_then_a_full_shift_is_said_in_french(coordinator, session, national):
    shop = national.leclerc
    assert post(coordinator, f"/collectes/magasins/{shop.id}/creneaux", day="2026-11-27", starts_at="09:00",
                ends_at="12:00", places="1").status_code == 302
    shift = session.scalar(select(CollecteShift))
    assert post(coordinator, f"/collectes/creneaux/{shift.id}/benevoles", display_name="Marie D.").status_code == 302
    full = post(coordinator, f"/collectes/creneaux/{shift.id}/benevoles", display_name="Jean P.")
    assert full.status_code == 422 and "Ce créneau est complet (1 places)." in text(full)
    shown = text(coordinator.get(f"/collectes/{national.collecte.id}"))
    assert "27/11/2026 09:00 – 12:00 (1/1)" in shown and "Marie D." in shown
    assert session.scalar(select(func.count()).select_from(ShiftVolunteer)) == 1


@pytest.mark.parametrize("cartons,kg,message", [
    ("-3", "12", "Cartons : « -3 » n'est pas un nombre entier entre 0 et 10000."),
    ("4", "abc", "Poids : « abc » n'est pas un poids en kg"),
    ("4", "-2", "Poids : « -2 » n'est pas un poids en kg"),
])
def test_bad_figures_are_answered_in_french_and_nothing_is_recorded(coordinator, session, national, cartons, kg,
                                                                     message):
    response = post(coordinator, f"/collectes/magasins/{national.leclerc.id}/resultats", day="2026-11-28",
                    cartons=cartons, kg=kg)
    assert response.status_code == 422 and message in text(response)
    assert session.scalar(select(func.count()).select_from(CollecteResult)) == 0


def test_a_day_outside_the_collecte_is_refused(coordinator, session, national):
    response = post(coordinator, f"/collectes/magasins/{national.leclerc.id}/resultats", day="2026-11-30",
                    cartons="3", kg="30")
    assert response.status_code == 422 and "Le 30/11/2026 n'est pas un jour de la collecte" in text(response)
    assert session.scalar(select(func.count()).select_from(CollecteResult)) == 0


def test_the_warehouse_enters_figures_and_sees_totals_but_does_not_plan(app, client, build, session, login,
                                                                        national):
    app.extensions["gers.clock"] = lambda: NOW
    build.user(username="paul", role=Role.WAREHOUSE, password="mot-de-passe-2026")
    session.commit()
    login("paul", "mot-de-passe-2026")
    for shop, day, cartons, kg in ((national.leclerc, "2026-11-27", "40", "512,3"),
                                   (national.leclerc, "28/11/2026", "70", "800"),
                                   (national.carrefour, "2026-11-28", "12", "122,2")):
        assert post(client, f"/collectes/magasins/{shop.id}/resultats", day=day, cartons=cartons,
                    kg=kg).status_code == 302
    shown = text(client.get(f"/collectes/{national.collecte.id}"))
    assert "E.Leclerc Auch Auch 2 110 1 312,3 kg" in shown.replace("\u202f", " ").replace("\xa0", " ")
    assert "Total 122 1 434,5 kg" in shown.replace("\u202f", " ").replace("\xa0", " ")
    assert "Ajouter un magasin" not in shown and "Inscrire" not in shown
    shop_page = text(client.get(f"/collectes/magasins/{national.leclerc.id}")).replace("\u202f", " ")
    assert "27/11/2026 40 512,3" in shop_page and "28/11/2026 70 800" in shop_page
    assert post(client, f"/collectes/magasins/{national.leclerc.id}/creneaux", day="2026-11-27", starts_at="09:00",
                ends_at="12:00", places="2").status_code == 403


def pdf_text(pdf: bytes) -> bytes:
    """Text operands of an uncompressed reportlab PDF, joined."""
    return b"".join(re.findall(rb"\((.*?)\) Tj", pdf))


def test_the_thanks_letter_carries_the_shops_own_figures(session, national):
    from collectes import services
    from collectes.letters import Letterhead, thanks_letter_pdf

    services.record_result(session, national.leclerc, day=FRIDAY, cartons=40, grams=512_300, actor_id=None,
                           owner_node="CENTRAL")
    services.record_result(session, national.carrefour, day=SATURDAY, cartons=5, grams=9_000, actor_id=None,
                           owner_node="CENTRAL")
    shift = services.add_shift(session, national.leclerc, day=FRIDAY, starts_at=NOW.time(), ends_at=NOW.time()
                               .replace(hour=19), places=3, owner_node="CENTRAL")
    services.sign_up(session, shift, "Marie D.", owner_node="CENTRAL")
    pdf = thanks_letter_pdf(Letterhead("Gers Solidaire", "Auch", SATURDAY), services.shop_total(national.leclerc),
                            compress=False)
    words = pdf_text(pdf)
    assert pdf.startswith(b"%PDF") and re.search(rb"donn\\351 40 ?cartons, soit 512,3.kg de denr", words)
    assert b"E.Leclerc Auch" in words and b"du 27/11/2026 au 28/11/2026" in words
    assert b"Un b\\351n\\351vole de l'association a \\351t\\351 accueilli" in words
    assert b"Carrefour" not in words and b"9 kg" not in words


def test_the_letter_is_served_as_a_pdf_once_the_shop_has_figures(coordinator, national):
    path = f"/collectes/magasins/{national.carrefour.id}/remerciements.pdf"
    refused = coordinator.get(path, follow_redirects=True)
    assert "Aucun résultat saisi pour ce magasin" in text(refused) and "Lettre de remerciement" not in text(refused)
    post(coordinator, f"/collectes/magasins/{national.carrefour.id}/resultats", day="2026-11-28", cartons="5",
         kg="9")
    response = coordinator.get(path)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_the_same_first_figures_sent_at_once_keep_one_and_tell_the_other(app, coordinator, session, national):
    """Another person's entry for the same shop and day lands between this one's check and its insert."""
    def the_other_person_first(*_args):
        with app.extensions["gers.sessionmaker"]() as other:
            other.add(CollecteResult(shop_id=national.leclerc.id, day=SATURDAY, cartons=7, grams=70_000,
                                     owner_node="CENTRAL"))
            other.commit()

    event.listen(app.extensions["gers.sessionmaker"], "before_flush", the_other_person_first, once=True)
    response = post(coordinator, f"/collectes/magasins/{national.leclerc.id}/resultats", day="2026-11-28",
                    cartons="9", kg="90")
    assert response.status_code == 409 and "rien n'a été enregistré de votre saisie" in text(response)
    session.expire_all()
    assert [(r.cartons, r.grams) for r in session.scalars(select(CollecteResult))] == [(7, 70_000)]
