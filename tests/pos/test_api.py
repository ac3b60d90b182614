"""The till's JSON API: French refusals, the OpenAPI document, all-or-nothing completion."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import func, select

from inventory.stock_models import StockMovement
from pos import journal as journal_module
from pos.models import Basket, JournalEntry


@pytest.fixture
def api(till_api, till):
    """The cashier's API with the session open and the household's card scanned."""
    assert till_api("/session", opening_float="20,00").status_code == 201
    assert till_api("/foyer", card_number=till.household.card_number).status_code == 200
    return till_api


def test_a_malformed_barcode_is_refused_in_french(api):
    response = api("/scan", code="30176204220O3")
    assert response.status_code == 422
    assert response.get_json()["error"].startswith("Code GS1 mal formé")


def test_a_card_of_another_network_is_named(api):
    response = api("/foyer", card_number="CAF-123456")
    assert response.status_code == 422
    assert "n'est pas une carte du réseau" in response.get_json()["error"]


def test_a_refused_line_says_an_override_is_possible(api, till):
    for _ in range(2):
        api("/scan", code=till.milk.gtin)
    refusal = api("/scan", code=till.milk.gtin).get_json()
    assert refusal["needs_override"] is True
    assert "Limite atteinte pour « Produits laitiers »" in refusal["error"]


def test_wrong_override_pins_never_lock_the_coordinator_and_slow_down_the_till(api, till, session, app):
    for _ in range(2):
        api("/scan", code=till.milk.gtin)
    override = {"username": "claire", "pin": "0000", "reason": "fête"}
    answers = [api("/scan", code=till.milk.gtin, override=override).get_json()["error"] for _ in range(6)]
    assert answers[0] == "Dérogation refusée : Identifiant ou code incorrect."
    assert answers[-1] == "Dérogation refusée : Trop d'essais : réessayez dans 2 s."
    from gers.models import User

    claire = session.scalar(select(User).where(User.username == "claire"))
    assert (claire.failed_attempts, claire.locked_until) == (0, None)
    coordinator = app.test_client()
    from tests.conftest import csrf_token
    response = coordinator.post("/connexion", data={"username": "claire", "secret": "1357",
                                                    "csrf_token": csrf_token(coordinator)})
    assert response.status_code == 302


def test_a_payment_short_of_the_total_is_refused(api, till, pay):
    api("/scan", code=till.pasta.gtin)
    response = pay([{"method": "cash", "amount": "0,10"}])
    assert response.status_code == 422
    assert response.get_json()["error"].startswith("Paiement insuffisant : 0,10")


def test_the_same_key_twice_records_one_sale(api, till, session, pay):
    api("/scan", code=till.pasta.gtin)
    key = str(uuid.uuid4())
    first = pay([{"method": "cash", "amount": "1"}], key).get_json()
    second = pay([{"method": "cash", "amount": "1"}], key).get_json()
    assert second["replayed"] and second["sale"]["id"] == first["sale"]["id"]
    assert session.scalar(select(func.count()).select_from(JournalEntry)) == 1


def test_a_crash_while_completing_leaves_no_trace(api, till, session, monkeypatch, pay):
    """Power cut or bug after the stock moved but before the journal: nothing half-written."""
    api("/scan", code=till.pasta.gtin)

    def crash(*args, **kwargs):
        raise OSError("power cut")

    monkeypatch.setattr("pos.checkout.seal", crash)
    crashed = pay([{"method": "cash", "amount": "1"}])
    assert crashed.status_code == 500
    assert "Rien n'a été enregistré à moitié" in crashed.get_json()["message"]
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(JournalEntry)) == 0
    sales = session.scalar(select(func.count()).select_from(StockMovement).where(StockMovement.kind == "sale"))
    assert sales == 0
    assert len(session.scalar(select(Basket)).lines) == 1  # the basket is still there to try again
    monkeypatch.setattr("pos.checkout.seal", journal_module.seal)
    again = pay([{"method": "cash", "amount": "1"}])
    assert again.status_code == 200 and again.get_json()["sale"]["sequence"] == 1


def test_every_till_route_is_in_the_openapi_document(app, api):
    assert app.test_client().get("/api/openapi.json").status_code == 401  # API: no redirect, a 401
    from pos.openapi import document as openapi_document

    paths = openapi_document()["paths"]
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith(("/api/caisse", "/api/appareils/evenements"))}
    assert routes <= set(paths), routes - set(paths)
