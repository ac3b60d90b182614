"""Hostile or careless JSON at the till's API: a French 422 for each, never a 500, nothing written.

One login per test (a login costs a password hash): each test walks its list of bad values."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from pos.models import JournalEntry
from tests.conftest import csrf_token


@pytest.fixture
def api(till_api, till):
    assert till_api("/session", opening_float="20,00").status_code == 201
    assert till_api("/foyer", card_number=till.household.card_number).status_code == 200
    return till_api


def refused(response, value=None) -> str:
    assert response.status_code == 422, (value, response.get_data(as_text=True)[:300])
    message = response.get_json()["error"]
    assert isinstance(message, str) and (message[0].isupper() or message[0] == "«")
    return message


def test_odd_scans_modes_and_overrides_are_explained(api, till, client):
    for code in ("]", "²²", "]0", "]C", "٣٠١٧٦٢٠٤٢٢٠٠٣", "17²²²²²²", "(17)²²²²²²", 3017620422003, None):
        refused(api("/scan", code=code), code)
    assert "Mode de caisse" in refused(api("/scan", code=till.pasta.gtin, mode="boucherie"))
    assert "Mode de caisse" in refused(client.get("/api/caisse/etat?mode=boucherie"))
    for number in ("abc", "99999999999999999999999", "-1"):
        refused(client.get(f"/api/caisse/ventes?numero={number}"), number)
    for override in ("claire", ["claire", "0000"], 42):
        refused(api("/scan", code=till.pasta.gtin, override=override), override)


def test_unknown_payment_methods_and_impossible_amounts_are_refused(api, till, pay, session):
    api("/scan", code=till.pasta.gtin)
    for tender in ({"method": "bitcoin", "amount": "1"}, {"method": None, "amount": "1"},
                   {"method": "cash", "amount": "1e30"}, {"method": "cash", "amount": "9" * 40},
                   {"method": "cash", "amount": "1e999999"}, {"method": "cash", "amount": "٣"},
                   {"method": "cash", "amount": 1e300}, "cash", ["cash", "1"]):
        refused(pay([tender]), tender)
    for tenders in ("cash", {"method": "cash"}, 3):
        refused(pay(tenders), tenders)
    assert session.scalar(select(func.count()).select_from(JournalEntry)) == 0


def test_amounts_are_plain_and_bounded(till_api, till):
    for amount in ("1e30", "1e3", "99999999999", 1e300, [], {"a": 1}, True):
        refused(till_api("/session", opening_float=amount), amount)


def test_quantities_are_bounded_whole_numbers(api, till, pay):
    for quantity in ("abc", "1e3", 1e30, 10**30, -3, [], {"q": 1}, True, "٣", 2.5):
        assert "Quantité" in refused(api("/article", product_id=str(till.pasta.id), quantity=quantity), quantity)
    line_id = api("/scan", code=till.pasta.gtin).get_json()["basket"]["lines"][0]["id"]
    refused(api(f"/lignes/{line_id}", quantity="beaucoup"))
    sale = pay([{"method": "cash", "amount": "5"}]).get_json()["sale"]
    for lines in ([], "x", {"pas-un-uuid": 1}, {line_id: "abc"}, {line_id: 10**30}):
        refused(api(f"/ventes/{sale['id']}/retour", reason="abîmé", lines=lines), lines)


def test_a_body_that_is_not_an_object_is_refused(api, client):
    headers = {"X-CSRFToken": csrf_token(client, "/caisse")}
    for body in ([1, 2], "texte", 3):
        refused(client.post("/api/caisse/scan", json=body, headers=headers), body)
    refused(api("/article", product_id=str(uuid.uuid4())))
    refused(api("/article", product_id={"id": 1}))


def test_the_scan_simulator_refuses_a_body_without_a_code_text(till_api, client, till):
    headers = {"X-CSRFToken": csrf_token(client, "/caisse")}
    for body in ([1, 2], {"code": 3017620422003}, {"code": ["x"]}, {"code": "  "}):
        response = client.post("/api/appareils/simuler-scan", json=body, headers=headers)
        assert response.status_code in (404, 422), body  # 404 where the simulator is switched off
