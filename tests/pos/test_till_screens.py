"""What a cashier's day with two tabs, double taps and newcomers' typing broke at the till's API."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from devices.escpos_render import DEFAULT_PROFILE, render
from inventory.models import GarmentType
from pos.models import CashSession, JournalEntry
from pos.receipts import z_report_for
from tests.conftest import BOTH_BACKENDS
from tests.pos.conftest import NOW

CASH_1 = [{"method": "cash", "amount": "1"}]


@pytest.fixture
def api(till_api, till):
    """The cashier's API with the session open and the household's card scanned."""
    assert till_api("/session", opening_float="20,00").status_code == 201
    assert till_api("/foyer", card_number=till.household.card_number).status_code == 200
    return till_api


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


# --- two tabs share a basket ------------------------------------------------------------------

def test_payment_from_a_tab_that_did_not_show_the_last_line_is_refused(api, till, client, session):
    api("/scan", code=till.pasta.gtin)
    shown = client.get("/api/caisse/etat").get_json()["basket"]  # tab A shows one packet of pasta
    api("/scan", code=till.fse_rice.gtin)  # tab B adds rice meanwhile
    refused = api("/valider", idempotency_key=str(uuid.uuid4()), tenders=CASH_1,
                  basket_version=shown["version"], expected_total=shown["to_pay"]["value"])
    assert refused.status_code == 422
    body = refused.get_json()
    assert body["error"].startswith("Le panier a changé depuis l'affichage de cet écran")
    assert body["details"]["stale_basket"] is True
    assert _count(session, JournalEntry) == 0


def test_payment_with_another_total_than_the_basket_is_refused(api, till, client, session):
    api("/scan", code=till.pasta.gtin)
    shown = client.get("/api/caisse/etat").get_json()["basket"]
    refused = api("/valider", idempotency_key=str(uuid.uuid4()), tenders=CASH_1,
                  basket_version=shown["version"], expected_total="0.00")
    assert refused.status_code == 422 and refused.get_json()["details"]["stale_basket"] is True
    missing = api("/valider", idempotency_key=str(uuid.uuid4()), tenders=CASH_1)
    assert missing.get_json()["error"] == "Requête de paiement incomplète : rechargez l'écran de caisse."
    assert _count(session, JournalEntry) == 0


# --- double taps: open, Z --------------------------------------------------------------------

def test_opening_twice_joins_the_open_session(till_api, session):
    first = till_api("/session", opening_float="20,00")
    second = till_api("/session", opening_float="20,00")
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.get_json()["already_open"] is True
    assert second.get_json()["session"] == first.get_json()["session"]
    assert _count(session, CashSession) == 1


@BOTH_BACKENDS
def test_the_database_refuses_a_second_open_session_on_a_site(till, session):
    """Two taps racing past the check: the unique index stops the second."""
    for _ in range(2):
        session.add(CashSession(site_id=till.site.id, owner_node="AUCH", opened_at=NOW, opened_by_id=till.cashier_id,
                                opening_float=Decimal(0)))
    with pytest.raises(IntegrityError):
        session.flush()


def test_the_z_shows_its_figures_before_and_after_and_a_second_tap_answers_the_same_z(api, till, pay):
    api("/scan", code=till.pasta.gtin)
    pay(CASH_1)
    session_id = api("/session", opening_float="0").get_json()["session"]["id"]
    preview = api("/session/apercu-z", counted_cash="20,10").get_json()["figures"]
    rows = {row["label"]: row["value"] for row in preview}
    assert (rows["Espèces attendues"], rows["Écart"]) == ("20,13\xa0€", "-0,03\xa0€")
    first = api("/session/cloture", counted_cash="20,10", session_id=session_id)
    second = api("/session/cloture", counted_cash="20,10", session_id=session_id)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.get_json()["figures"] == preview
    assert second.get_json()["replayed"] is True
    assert second.get_json()["z_report"]["sequence"] == first.get_json()["z_report"]["sequence"] == 2


def test_a_refund_says_its_amount(api, till, pay):
    api("/scan", code=till.pasta.gtin)
    api("/scan", code=till.pasta.gtin)
    sale = pay(CASH_1).get_json()["sale"]
    back = api(f"/ventes/{sale['id']}/retour", reason="Paquet ouvert", lines={sale["lines"][0]["id"]: 1})
    assert back.get_json()["entry"]["refund"]["display"] == "0,13\xa0€"


# --- vesti-boutique: garments only ------------------------------------------------------------

@pytest.mark.parametrize("path, field", [("/scan", "code"), ("/article", "product_id")])
def test_the_vesti_boutique_sells_no_food(api, till, session, path, field):
    value = till.fse_rice.gtin if field == "code" else str(till.fse_rice.id)
    refused = api(path, mode="vesti", **{field: value})
    assert refused.status_code == 422
    assert refused.get_json()["error"].startswith("La vesti-boutique ne vend que des vêtements")


def test_the_vesti_boutique_refuses_manual_food_lines_and_sells_garments(api, till, build, session):
    garment = GarmentType(code="pull", label="Pull", price=Decimal("2.00"), owner_node="CENTRAL")
    session.add(garment)
    session.commit()
    manual = api("/manuel", mode="vesti", category_id=str(till.groceries.id), market_value="3")
    assert manual.get_json()["error"].startswith("La vesti-boutique ne vend que des vêtements")
    sold = api("/vetement", mode="vesti", garment_type_id=str(garment.id))
    assert sold.get_json()["basket"]["to_pay"]["display"] == "2,00\xa0€"


# --- numbers the French way -------------------------------------------------------------------

def test_the_household_rate_reads_as_a_french_percentage(api, client):
    household = client.get("/api/caisse/etat").get_json()["basket"]["household"]
    assert household["rate_percent"] == "10\u202f%"


# --- newcomers typing in the scan field -------------------------------------------------------

def test_a_product_name_in_the_scan_field_gets_plain_advice(api):
    answer = api("/scan", code="pâtes").get_json()["error"]
    assert answer.startswith("« pâtes » n'est pas un code-barres. Pour chercher un produit par son nom, utilisez")
    assert "GS1" not in answer


def test_a_card_number_in_the_scan_field_gets_plain_advice(api):
    answer = api("/scan", code="GS 000123").get_json()["error"]
    assert answer.startswith("Ceci ressemble à un numéro de carte : « GS 000123 »")
    assert "GS1" not in answer and "AI" not in answer


def _row(left: str, right: str, columns: int = 42) -> bytes:
    return (left + " " * (columns - len(left) - len(right)) + right + "\n").encode("cp858")


def test_the_z_prints_its_numbers_the_french_way(api, till, pay, session):
    api("/scan", code=till.pasta.gtin)
    pay(CASH_1)
    z = api("/session/cloture", counted_cash="20,10").get_json()["z_report"]
    entry = session.get(JournalEntry, uuid.UUID(z["id"]))
    printed = render(z_report_for(entry, till.site, "Gers Solidaire"), DEFAULT_PROFILE)
    assert _row("Poids distribué", "0,500 kg") in printed
    assert _row("Écart", "-0,03 €") in printed
    assert entry.reason == "Écart de caisse -0,03\xa0€"
