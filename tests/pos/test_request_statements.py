"""How many SQL statements one scan and one sale completion cost: a deterministic guard against a
query creeping back into the till's hot path (the cash session or the basket read twice, one
product query per line...). Not a timing test: a new statement here must be a deliberate choice."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

# Each also writes its outbox entry at commit (gers/changes.py): the counter's update and one row.
SCAN_STATEMENTS = 12  # server-side session, login, in-store layouts, cash session, basket with lines, product with
#                       category, its price in force, FEFO grace and lots, the line's insert
COMPLETION_STATEMENTS = 29  # the server-side session, two articles (one from its lot, one without stock), the household's spending,
#                            the journal's last entry, the sale's rows, the site's kind (a van's sale joins its stop)


@pytest.fixture
def statements(app) -> Iterator:
    """`with statements() as seen:` lists the SQL statements run inside the block."""
    engine = app.extensions["gers.engine"]

    @contextmanager
    def record() -> Iterator[list[str]]:
        seen: list[str] = []

        def count(conn, cursor, statement, parameters, context, executemany):
            seen.append(" ".join(statement.split()))
        event.listen(engine, "before_cursor_execute", count)
        try:
            yield seen
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return record


@pytest.fixture
def api(till_api, till):
    assert till_api("/session", opening_float="20,00").status_code == 201
    assert till_api("/foyer", card_number=till.household.card_number).status_code == 200
    return till_api


def test_one_scan_costs_a_fixed_number_of_statements(api, till, statements):
    assert api("/scan", code=till.pasta.gtin).status_code == 200  # the household's rights are read once
    with statements() as seen:
        answer = api("/scan", code=till.milk.gtin)
    assert answer.status_code == 200 and len(answer.get_json()["basket"]["lines"]) == 2
    assert len(seen) == SCAN_STATEMENTS, "\n".join(seen)
    assert sum("FROM cash_session" in sql for sql in seen) == 1


def test_one_sale_completion_costs_a_fixed_number_of_statements(api, till, client, statements):
    for gtin in (till.pasta.gtin, till.milk.gtin):
        assert api("/scan", code=gtin).status_code == 200
    shown = client.get("/api/caisse/etat").get_json()["basket"]
    with statements() as seen:
        answer = api("/valider", idempotency_key=str(uuid.uuid4()), basket_version=shown["version"],
                     expected_total=shown["to_pay"]["value"], tenders=[{"method": "cash", "amount": "10"}])
    assert answer.status_code == 200, answer.get_json()
    assert len(seen) == COMPLETION_STATEMENTS, "\n".join(seen)
    assert sum(sql.startswith("SELECT product.") for sql in seen) <= 1
