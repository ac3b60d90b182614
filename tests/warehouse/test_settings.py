"""Expiry settings come from the node's configuration (instance file or environment)."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token


@pytest.fixture
def app_overrides():
    return {"ROLE": "central", "NODE_CODE": "CENTRAL", "STOCK_DONATION_MIN_HOURS": 24,
            "STOCK_DDM_GRACE_MONTHS": {"long": 0}}


def test_the_48_hour_rule_follows_the_node_setting(signed_in, network, session):
    response = signed_in.post("/entrepot/receptions", data={
        "source": "ramasse", "donor": str(network.store.id), "delivery_note": "BL-24",
        "csrf_token": csrf_token(signed_in, "/entrepot/receptions")})
    page = response.headers["Location"]
    response = signed_in.post(f"{page}/lignes", data={
        "csrf_token": csrf_token(signed_in, page), "product_id": str(network.yoghurt.id), "cartons": "1",
        "units_per_carton": "6", "lot_code": "Y24", "date_kind": "DLC", "expiry_date": "2026-11-29",
        "location": "F-01"})
    assert response.status_code == 302  # 38 h left, 24 h required on this node


def test_ddm_grace_follows_the_node_setting(signed_in, network, stock, session):
    lot = stock.lot(network.spread, days=-1, lot_code="OLD-DDM")
    stock.stock(lot, network.warehouse, units=2, location="A-01")
    session.commit()
    assert '<span class="badge status-expired">Périmé</span>' in signed_in.get("/entrepot/stock").get_data(as_text=True)
