"""What dispatches carry is shared between an order's product line and its food group's line without
losing or inventing a gram, and the product line never takes more than it asked for."""

from __future__ import annotations

import uuid
from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from warehouse.order_models import SiteOrderLine
from warehouse.orders import _allocate

shipments = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50_000)), min_size=1, max_size=8)


@given(st.integers(1, 40), st.integers(0, 20_000), st.booleans(), shipments)
def test_the_product_line_fills_first_and_nothing_is_lost(units, grams, by_units, carried):
    product = SiteOrderLine(id=uuid.uuid4(), units=units if by_units else 0, grams=0 if by_units else grams + 1)
    group = SiteOrderLine(id=uuid.uuid4(), units=0, grams=5_000)
    totals = defaultdict(lambda: [0, 0])
    for shipped_units, shipped_grams in carried:
        _allocate(totals, product, group, shipped_units, shipped_grams)
    assert [sum(t[i] for t in totals.values()) for i in (0, 1)] == [sum(u for u, _ in carried),
                                                                    sum(g for _, g in carried)]
    if by_units:
        assert totals[product.id][0] <= product.units
    else:
        assert totals[product.id][1] <= product.grams
    assert all(value >= 0 for t in totals.values() for value in t)
