"""POST /sync/v1/hello in the app: no login, no CSRF token, a signature; French JSON errors; signed answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sync import identity as ident
from sync import services
from sync.keystore import central_key
from tests.conftest import BOTH_BACKENDS

NOW = dt.datetime(2026, 11, 28, 21, 0, tzinfo=dt.UTC)
HELLO = "/sync/v1/hello"


@pytest.fixture
def node(app, session, make_site):
    app.extensions["gers.clock"] = lambda: NOW
    make_site(code="AUCH", name="Auch")
    key = central_key(Path(app.instance_path), create=True)
    _row, identity = services.enrol(session, code="AUCH", central=key, central_url="http://central", now=NOW)
    session.commit()
    return identity


def _answer_is_signed(response, identity, nonce: str) -> bool:
    message = ident.response_message(response.status_code, identity.node, nonce, ident.body_digest(response.data))
    return ident.verify(identity.central_public_key, message, response.headers[ident.HEADER_SIGNATURE])


@BOTH_BACKENDS
def test_hello_answers_centrals_time_and_the_nodes_status_signed(client, node):
    nonce = ident.new_nonce()
    headers = ident.request_headers(node, "POST", HELLO, b"{}", NOW - dt.timedelta(minutes=90), nonce)
    response = client.post(HELLO, data=b"{}", headers=headers, content_type="application/json")
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"node": "AUCH", "central_time": "2026-11-28T21:00:00+00:00",
                                   "clock_offset_seconds": 5400, "enrolled_at": "2026-11-28T21:00:00+00:00",
                                   "last_seen_at": None, "pushed_position": ""}
    assert _answer_is_signed(response, node, nonce)


def test_an_unsigned_request_gets_a_french_json_error_signed_by_central(client, node, session):
    response = client.post(HELLO, data=b"{}", headers={ident.HEADER_NODE: "AUCH"}, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": "Requête de synchronisation refusée", "reason": "malformed",
                                   "message": "Requête de synchronisation incomplète ou mal formée.",
                                   "central_time": "2026-11-28T21:00:00+00:00"}
    assert _answer_is_signed(response, node, "")
    assert [r.reason for r in services.refusals(session)] == [ident.Refusal.MALFORMED]


@pytest.mark.parametrize("node_role", ["site"])
def test_a_site_node_serves_no_sync_api(app, client):
    assert "sync.hello" not in app.view_functions
    assert client.post(HELLO, data=b"{}").status_code == 404
