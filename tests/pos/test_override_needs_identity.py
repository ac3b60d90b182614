"""The coordinator's override at the till: a PIN on an enrolled Pi, the password on one without its
device identity (a PIN alone is worth nothing on a Pi anyone may have copied)."""

from __future__ import annotations

import pytest

from gers.auth.services import PIN_NEEDS_IDENTITY, WRONG_PASSWORD
from pos.errors import OverrideRefused
from pos.limits import OverrideRequest, authorise_override
from tests.conftest import csrf_token
from tests.pos.conftest import NOW


def test_an_override_pin_needs_an_enrolled_pi(session, till):
    unenrolled = till.ctx(pin_login=False)
    with pytest.raises(OverrideRefused, match="pas enrôlé"):
        authorise_override(session, unenrolled, OverrideRequest("claire", "1357", "Colis de Noël"))
    assert authorise_override(session, unenrolled, OverrideRequest("claire", "motdepasse-123", "Colis")).username \
        == "claire"
    assert authorise_override(session, till.ctx(pin_login=True), OverrideRequest("claire", "1357", "Colis"))


@pytest.fixture
def device_identity() -> bool:
    return False


def test_the_till_of_a_pi_without_identity_asks_the_password(app, client, login, till):
    app.extensions["gers.clock"] = lambda: NOW
    assert login("marie", "motdepasse-123").status_code == 302
    assert 'id="override-pin" type="password" inputmode="numeric"' not in client.get("/caisse").get_data(as_text=True)
    token = csrf_token(client, "/caisse")

    def post(path, **body):
        return client.post(f"/api/caisse{path}", json=body, headers={"X-CSRFToken": token})
    assert post("/session", opening_float="20,00").status_code == 201
    assert post("/foyer", card_number=till.household.card_number).status_code == 200
    for _ in range(2):
        assert post("/scan", code=till.milk.gtin).status_code == 200
    refused = post("/scan", code=till.milk.gtin, override={"username": "claire", "pin": "1357", "reason": "fête"})
    assert refused.get_json()["error"] == f"Dérogation refusée : {WRONG_PASSWORD} {PIN_NEEDS_IDENTITY}"
