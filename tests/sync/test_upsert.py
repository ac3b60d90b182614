"""Central writes a pushed table by primary key, in small batches (one statement) and large ones
(COPY into a scratch table, then one INSERT … SELECT on PostgreSQL): the same answers either way."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from inventory.models import FoodGroup
from sync.central import COPY_FROM_ROWS, upsert
from sync.codec import PayloadError
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
