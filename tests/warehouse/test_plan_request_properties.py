"""Property tests for the planner's protocol: any input gets an answer or a French refusal, and the
planner's own lines are always valid (the referee never has to drop or cut one)."""

from __future__ import annotations

import copy
import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.warehouse.plan_requests import lot, request
from warehouse.plan_dispatch import plan
from warehouse.plan_request import RequestError, apply_answer, parse_line, parse_request

FAST = settings(max_examples=200, derandomize=True, deadline=None)
FEW = settings(max_examples=40, derandomize=True, deadline=None)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
FIELDS = ["schema", "day", "warehouse_stock", "site_states", "calendar", "history"]


@FAST
@given(st.text(max_size=200))
@example('{"schema": "gers-antiwaste-plan-request/1"')
@example("NaN")
def test_any_text_is_a_request_or_a_french_refusal(text):
    try:
        parse_line(text)
    except RequestError as refusal:
        assert "\n" not in str(refusal)
        assert str(refusal)[0].isupper()


@FAST
@given(st.sampled_from(FIELDS), JSON)
@example("day", True)
@example("warehouse_stock", [{"lot_id": "A", "group": "g", "storage_class": "c", "kg": float("nan"),
                              "last_usable_day": 1}])
def test_a_field_replaced_by_anything_is_read_or_refused_in_french(field, value):
    data = request([lot("Y1", 35.0, 1)], {"AUCH": 30.0, "CONDOM": 5.0})
    data[field] = value
    try:
        parse_request(json.loads(json.dumps(data)))
    except RequestError as refusal:
        assert "\n" not in str(refusal)


@FEW
@given(st.lists(st.tuples(st.floats(0.1, 80), st.one_of(st.none(), st.integers(0, 12)),
                          st.sampled_from(["chilled", "ambient"])), min_size=1, max_size=6),
       st.floats(0, 60), st.floats(0, 60), st.floats(0, 200), st.integers(0, 11))
def test_the_planner_s_lines_are_always_valid(lots, auch_kg, condom_kg, free_kg, day):
    data = request([lot(f"L{n}", kg, lud, storage_class=cls) for n, (kg, lud, cls) in enumerate(lots)],
                   {"AUCH": auch_kg, "CONDOM": condom_kg}, day=day)
    data["site_states"][0]["free_kg"]["chilled"] = free_kg
    parsed = parse_request(copy.deepcopy(data))
    lines = plan(parsed).lines
    carried = apply_answer(parsed, lines)
    assert [(line.lot_id, line.site_id) for line in carried] == [(line.lot_id, line.site_id) for line in lines]
    for done, proposed in zip(carried, lines, strict=True):
        assert abs(done.kg - proposed.kg) < 0.01
