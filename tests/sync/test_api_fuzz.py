"""Bodies generated from the sync API's OpenAPI document (schemathesis), valid and invalid, signed by
an enrolled node and sent to central: every answer is a success or a documented French refusal,
never a server error — and a refused batch writes nothing."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from sqlalchemy import func, select

from sync import identity as ident
from sync.openapi import document
from tests.sync.inprocess import NOW
from warehouse.models import DispatchReceipt

OPERATIONS = [result.ok() for result in schemathesis.openapi.from_dict(document()).get_all_operations()]
DOCUMENTED = {200, 400, 401, 403, 409, 422}


@pytest.fixture
def signed_post(central, auch):
    auch.sync()
    client = central.test_client()

    def post(path: str, body: bytes):
        headers = ident.request_headers(auch.identity, "POST", path, body, NOW, ident.new_nonce())
        return client.post(path, data=body, headers=headers, content_type="application/json")
    return post


def test_the_document_is_served_and_names_every_sync_route(central):
    served = central.test_client().get("/sync/v1/openapi.json").get_json()
    routes = {rule.rule for rule in central.url_map.iter_rules() if rule.rule.startswith("/sync/v1/")}
    assert set(served["paths"]) == routes - {"/sync/v1/openapi.json"}


@pytest.mark.slow
@settings(max_examples=8, suppress_health_check=list(HealthCheck), phases=[Phase.generate], deadline=None)
@given(data=st.data())
def test_generated_signed_requests_get_an_answer_or_a_french_refusal(signed_post, central_session, data):
    receipts = central_session.scalar(select(func.count()).select_from(DispatchReceipt))
    for operation in OPERATIONS:
        for mode in GenerationMode:
            case = data.draw(operation.as_strategy(generation_mode=mode), label=f"{operation.path} {mode.value}")
            body = case.body if isinstance(case.body, bytes) else json.dumps(
                None if isinstance(case.body, schemathesis.core.NotSet) else case.body).encode()
            response = signed_post(operation.path, body)
            described = f"{operation.path} {body[:300]!r}"
            assert response.status_code in DOCUMENTED, (described, response.get_data(as_text=True)[:300])
            if response.status_code != 200:
                assert isinstance(response.get_json().get("message"), str), described
    central_session.rollback()
    assert central_session.scalar(select(func.count()).select_from(DispatchReceipt)) == receipts


def test_a_batch_quoting_broken_unicode_is_refused_not_a_server_error(signed_post):
    for body in (b'{"to": "\\udb63\\udd32", "tables": []}',
                 b'{"to": "1:0", "tables": [{"table": "\\udb63x", "columns": [], "rows": []}]}'):
        response = signed_post("/sync/v1/push", body)
        assert response.status_code == 422, response.get_data(as_text=True)[:300]


def test_a_backlog_too_big_for_a_column_is_ignored_not_a_server_error(signed_post):
    response = signed_post("/sync/v1/push", b'{"to": "1:0", "tables": [], "backlog": 10000000000000000000000}')
    assert response.status_code == 200
