"""Recalls block lots everywhere: matching by GTIN and lot code, date, or every lot."""

from __future__ import annotations

import datetime as dt

import pytest

from inventory.ledger import StockError
from inventory.recalls import (
    RecallTarget,
    lift_recall,
    matching_lots,
    normalise_lot_code,
    recall_for,
    record_recall,
)
from tests.conftest import BOTH_BACKENDS
from tests.inventory.stock_builders import NOW, OWNER, TODAY


def recall(session, *targets, title="Produit rappelé"):
    return record_recall(session, title=title, targets=list(targets), now=NOW, owner_node=OWNER,
                         reference="2026-11-0042")


@pytest.mark.parametrize("written", ["091K", "Lot : 091k", "LOT 091K", "n° lot 091K", " 091 K "])
def test_lot_codes_are_compared_as_people_write_them(written):
    assert normalise_lot_code(written) == "091K"


@BOTH_BACKENDS
def test_recall_blocks_the_named_lots_only(session, build, stock):
    product = build.product()
    bad, good = stock.lot(product, lot_code="091K"), stock.lot(product, lot_code="092K")
    row, blocked = recall(session, RecallTarget(product.gtin, "lot 091k"))
    assert blocked == [bad]
    assert bad.recall_id == row.id and bad.is_recalled and not good.is_recalled


@BOTH_BACKENDS
def test_recall_of_every_lot(session, build, stock):
    product, other = build.product(), build.product()
    lots = [stock.lot(product), stock.lot(product), stock.lot(other)]
    _row, blocked = recall(session, RecallTarget(product.gtin))
    assert set(blocked) == set(lots[:2])


@BOTH_BACKENDS
def test_recall_by_date_when_no_lot_is_given(session, build, stock):
    product = build.product()
    dated = stock.lot(product, days=3)
    stock.lot(product, days=4)
    _row, blocked = recall(session, RecallTarget(product.gtin, None, TODAY + dt.timedelta(days=3)))
    assert blocked == [dated]


@BOTH_BACKENDS
def test_gtin14_with_leading_zero_matches_the_ean13(session, build, stock):
    product = build.product()
    lot = stock.lot(product)
    assert matching_lots(session, [RecallTarget("0" + product.gtin)]) == [lot]


@BOTH_BACKENDS
def test_bad_recall_input_is_refused_in_french(session):
    with pytest.raises(StockError, match="clé de contrôle fausse"):
        recall(session, RecallTarget("3017620422004"))
    with pytest.raises(StockError, match="au moins un GTIN"):
        recall(session)
    with pytest.raises(StockError, match="libellé"):
        recall(session, RecallTarget("3017620422003"), title=" ")


@BOTH_BACKENDS
def test_lot_received_after_the_recall_is_recognised(session, build):
    product = build.product()
    row, _ = recall(session, RecallTarget(product.gtin, "091K"))
    assert recall_for(session, product, "091k", None) == row
    assert recall_for(session, product, "093K", None) is None


@BOTH_BACKENDS
def test_lifting_a_recall_releases_its_lots(session, build, stock):
    product = build.product()
    lot = stock.lot(product, lot_code="091K")
    row, _ = recall(session, RecallTarget(product.gtin, "091K"))
    assert lift_recall(session, row, NOW) == 1
    assert not lot.is_recalled and recall_for(session, product, "091K", None) is None
