"""Central writes a pushed table by primary key, in small batches (one statement) and large ones
(COPY into a scratch table, then one INSERT … SELECT on PostgreSQL): the same answers either way."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from demo.builder import demo_id
from inventory.ledger import balance_of
from inventory.models import FoodGroup, Site
from inventory.stock_models import Lot, MovementKind
from sync.central import COPY_FROM_ROWS, apply_push, upsert
from sync.codec import PayloadError, codec
from sync.models import SyncNode
from tests.conftest import BOTH_BACKENDS

T0 = dt.datetime(2026, 11, 27, 20, 0, tzinfo=dt.UTC)


def groups(count: int, owner: str = "AUCH", at: dt.datetime = T0, label: str = "Groupe") -> list[dict]:
    return [{"id": uuid.UUID(int=n + 1), "owner_node": owner, "created_at": T0, "updated_at": at,
             "code": f"G{n:04d}", "label": f"{label} {n}"} for n in range(count)]


@BOTH_BACKENDS
@pytest.mark.parametrize("count", [3, COPY_FROM_ROWS + 50])
def test_rows_are_written_once_updated_only_by_a_newer_version_of_their_owner(session, count):
    table = FoodGroup.__table__
    assert len(upsert(session, table, groups(count), guard_owner=True)) == count
    assert upsert(session, table, groups(count), guard_owner=True) == []  # the same batch again
    older = groups(count, at=T0 - dt.timedelta(hours=1), label="Ancien")
    assert upsert(session, table, older, guard_owner=True) == []  # a restored node's older copy
    forged = groups(count, owner="GIMONT", at=T0 + dt.timedelta(hours=1), label="Forgé")
    assert upsert(session, table, forged, guard_owner=True) == []  # another owner never overwrites
    newer = groups(count, at=T0 + dt.timedelta(hours=2), label="Nouveau")
    assert len(upsert(session, table, newer, guard_owner=True)) == count
    labels = set(session.scalars(select(FoodGroup.label)))
    assert labels == {f"Nouveau {n}" for n in range(count)}


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_value_the_copy_cannot_take_is_a_french_refusal(session):
    rows = groups(COPY_FROM_ROWS)
    rows[7]["code"] = "X" * 500  # longer than the column
    with pytest.raises(PayloadError, match="Lot illisible pour « food_group »"):
        upsert(session, FoodGroup.__table__, rows, guard_owner=True)


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_a_large_pushed_ledger_counts_once_in_the_balances(central, central_session):
    """COPY path on PostgreSQL (raw values, sums in the server), row path on SQLite: same balances,
    and the same batch again adds nothing."""
    session = central_session
    lot = session.get(Lot, demo_id("lot", "FSE-P2611"))
    auch = session.scalar(select(Site).where(Site.code == "AUCH"))
    node = SyncNode(code="AUCH", site_id=auch.id, public_key="x", enrolled_at=T0)
    session.add(node)
    session.flush()
    movements = [{"id": uuid.uuid4(), "owner_node": "AUCH", "created_at": T0, "kind": MovementKind.SALE,
                  "lot_id": lot.id, "product_id": lot.product_id, "site_id": auch.id, "location": "",
                  "units": -1, "grams": -500, "occurred_at": T0, "loss_reason": None, "reference": "",
                  "journal_entry_id": None, "actor_id": None, "note": ""} for _ in range(COPY_FROM_ROWS + 10)]
    table_codec = codec("stock_movement")
    payload = {"to": "9:0", "tables": [{"table": "stock_movement", "columns": table_codec.columns,
                                        "rows": table_codec.encode(movements)}]}
    before = balance_of(session, lot.id, auch.id, "")
    assert apply_push(session, node, payload, now=T0).written == {"stock_movement": COPY_FROM_ROWS + 10}
    assert apply_push(session, node, payload, now=T0).unchanged == COPY_FROM_ROWS + 10
    session.expire_all()
    assert balance_of(session, lot.id, auch.id, "") == (before[0] - COPY_FROM_ROWS - 10,
                                                         before[1] - 500 * (COPY_FROM_ROWS + 10))
