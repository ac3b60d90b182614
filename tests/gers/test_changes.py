"""The change journal sync reads: one numbered batch per committed transaction, naming the travelling
rows it wrote — on a site only the node's own, on central all of central's; nothing for a rollback."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from gers.changes import ChangeBatch
from inventory.ledger import record_movement
from inventory.models import FoodGroup
from inventory.stock_models import MovementKind, Recall, RecallItem
from sync.models import SyncState
from tests.inventory.stock_builders import StockBuilders

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def batches(session) -> list[tuple[int, list]]:
    return [(seq, json.loads(changes)) for seq, changes in session.execute(
        select(ChangeBatch.seq, ChangeBatch.changes).order_by(ChangeBatch.seq))]


@pytest.mark.parametrize("node_role", ["site"])
def test_a_site_journals_its_own_rows_once_per_transaction_and_never_a_rollback(session, build):
    site = build.site(code="AUCH", name="Auch")
    lot = StockBuilders(session, build).lot(site=site)
    session.commit()
    before = batches(session)
    mine = FoodGroup(code="MINE", label="À moi", owner_node="AUCH")
    theirs = FoodGroup(code="THEIRS", label="Au central", owner_node="CENTRAL")
    session.add_all([mine, theirs, SyncState(key="k", value="v")])  # the state never travels
    movement = record_movement(session, kind=MovementKind.LOSS, lot=lot, site_id=site.id, units=-1, grams=-100,
                               now=NOW, owner_node="AUCH", allow_negative=True)  # a Core insert, noted
    session.commit()
    session.add(FoodGroup(code="LOST", label="Perdu", owner_node="AUCH"))
    session.flush()
    session.rollback()
    mine.label = "À moi, renommé"
    session.commit()
    after = batches(session)[len(before):]
    assert [sorted(changes) for _seq, changes in after] == [
        [["food_group", str(mine.id), "i"], ["stock_movement", str(movement.id), "i"]],
        [["food_group", str(mine.id), "u"]]]
    assert after[0][0] < after[1][0]


def test_central_journals_every_travelling_row_it_writes(session, build):
    before = len(batches(session))
    group = FoodGroup(code="NEW", label="Nouveau", owner_node="CENTRAL")
    session.add(group)
    session.commit()
    assert batches(session)[before:][0][1] == [["food_group", str(group.id), "i"]]


def test_a_row_deleted_by_its_parents_cascade_is_journalled_as_deleted(session, build):
    """An orphan removed from its parent's list is deleted by the flush, not by session.delete():
    its deletion must travel like any other (a recall narrowed to fewer lots, a line taken off an order)."""
    recall = Recall(reference="2026-11-0007", title="Lait", recorded_at=NOW, owner_node="CENTRAL",
                    items=[RecallItem(gtin="3000000000001", owner_node="CENTRAL"),
                           RecallItem(gtin="3000000000002", owner_node="CENTRAL")])
    session.add(recall)
    session.commit()
    before = len(batches(session))
    dropped = recall.items[0]
    recall.items.remove(dropped)
    session.commit()
    assert batches(session)[before:][0][1] == [["recall_item", str(dropped.id), "d"]]
    session.delete(recall)  # and the parent's own cascade, by session.delete()
    session.commit()
    assert sorted(batches(session)[before + 1:][0][1]) == sorted(
        [["recall", str(recall.id), "d"], ["recall_item", str(recall.items[0].id), "d"]])
