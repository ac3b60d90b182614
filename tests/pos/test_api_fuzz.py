"""Bodies, queries and paths generated from the till's OpenAPI document (schemathesis), valid and
invalid, sent with the cashier's session: every answer is a success or the documented French refusal
(422 with an "error" sentence), never a 5xx."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from pos.openapi import document
from tests.conftest import csrf_token

STREAMS = {"/api/appareils/evenements"}  # server-sent events never end: not a request/answer
OPERATIONS = [result.ok() for result in schemathesis.openapi.from_dict(document()).get_all_operations()
              if result.ok().path not in STREAMS]
DOCUMENTED = {200, 201, 401, 403, 404, 405, 422}


@pytest.fixture
def cashier(till_api, till, client):
    assert till_api("/session", opening_float="20,00").status_code == 201
    assert till_api("/foyer", card_number=till.household.card_number).status_code == 200
    return client, {"X-CSRFToken": csrf_token(client, "/caisse")}


def send(client, headers, case):
    kwargs = {"query_string": case.query or None, "headers": headers}
    if case.body is not None and not isinstance(case.body, schemathesis.core.NotSet):
        raw = case.body if isinstance(case.body, bytes) else json.dumps(case.body)
        kwargs["data"], kwargs["content_type"] = raw, "application/json"
    return client.open(case.formatted_path, method=case.method.upper(), **kwargs)


@pytest.mark.slow
@settings(max_examples=3, suppress_health_check=list(HealthCheck), phases=[Phase.generate])
@given(data=st.data())
def test_generated_requests_get_an_answer_or_a_french_refusal(cashier, data):
    client, headers = cashier
    for operation in OPERATIONS:
        for mode in GenerationMode:
            case = data.draw(operation.as_strategy(generation_mode=mode), label=f"{operation.path} {mode.value}")
            response = send(client, headers, case)
            described = f"{case.method} {case.formatted_path} {case.query} {case.body!r}"
            assert response.status_code in DOCUMENTED, (described, response.get_data(as_text=True)[:300])
            if response.status_code == 422 and response.is_json:
                assert isinstance(response.get_json().get("error"), str), described
