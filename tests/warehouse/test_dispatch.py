"""Dispatch to sites: suggestion, reservation, shipping, receipt with differences, the PDF note."""

from __future__ import annotations

import datetime as dt

import pytest

from households.models import Household
from inventory.expiry import ExpirySettings
from inventory.ledger import StockError, balance_of
from inventory.recalls import QUARANTINE_LOCATION, RecallTarget, record_recall
from inventory.stock_models import LotSource, MovementKind
from inventory.stock_queries import pick_plan
from tests.conftest import BOTH_BACKENDS
from tests.inventory.stock_builders import NOW, TODAY
from warehouse import dispatching
from warehouse.documents import dispatch_note_pdf
from warehouse.locations import InputError
from warehouse.models import DispatchStatus

SETTINGS = ExpirySettings()
MONDAY = dt.date(2026, 11, 30)


@pytest.fixture
def shelved(network, stock, session):
    """Warehouse stock: yoghurts with 2 days left, spread with a year left, an FSE+ lot."""
    yoghurt = stock.lot(network.yoghurt, days=2, lot_code="Y-SOON")
    spread = stock.lot(network.spread, days=365, lot_code="S-LONG")
    fse = stock.lot(network.spread, days=200, lot_code="FSE-1", source=LotSource.FSE_PLUS)
    stock.stock(yoghurt, network.warehouse, units=40, location="F-01")
    stock.stock(spread, network.warehouse, units=120, location="A-01")
    stock.stock(fse, network.warehouse, units=12, location="A-02")
    session.commit()
    return yoghurt, spread, fse


def suggest(session, network, to_site, ship_on=TODAY):
    return dispatching.suggest_dispatch(session, warehouse_id=network.warehouse.id, to_site_id=to_site.id,
                                        ship_on=ship_on, today=TODAY, settings=SETTINGS)


def prepare(session, network, to_site, lines):
    return dispatching.create_dispatch(session, from_site_id=network.warehouse.id, to_site_id=to_site.id,
                                       lines=lines, planned_on=MONDAY, now=NOW, owner_node="CENTRAL",
                                       settings=SETTINGS)


def as_lines(suggestions):
    return [dispatching.LineInput(s.line.lot_id, s.line.location, s.line.units, s.line.grams) for s in suggestions]


@BOTH_BACKENDS
def test_short_dated_yoghurts_go_to_the_site_opening_first(session, network, shelved):
    yoghurt, spread, fse = shelved
    for_auch = {s.line.lot_id: s.line.units for s in suggest(session, network, network.auch)}
    for_condom = {s.line.lot_id: s.line.units for s in suggest(session, network, network.condom)}
    assert for_auch[yoghurt.id] == 40  # Auch opens Monday, before the yoghurts' last day (Monday)
    assert yoghurt.id not in for_condom  # Condom opens Thursday: too late
    assert for_auch[spread.id] == for_condom[spread.id] == 60  # long life: shared (no households yet)


def test_households_served_weight_the_shares(session, network, shelved, build):
    _yoghurt, spread, _fse = shelved
    for _ in range(3):
        build.household(home_site=network.auch)
    build.household(home_site=network.condom)
    shares = {s.line.lot_id: s.line.units for s in suggest(session, network, network.auch)}
    assert shares[spread.id] == 90
    assert session.query(Household).count() == 4


def test_draft_reserves_its_quantities(session, network, shelved):
    yoghurt, _spread, _fse = shelved
    prepare(session, network, network.auch, [dispatching.LineInput(yoghurt.id, "F-01", 30, 15_000)])
    again = {s.line.lot_id: s.line.units for s in suggest(session, network, network.auch)}
    assert again[yoghurt.id] == 10
    with pytest.raises(InputError) as refused:
        prepare(session, network, network.auch, [dispatching.LineInput(yoghurt.id, "F-01", 11, 5_500)])
    assert refused.value.errors == {"lines": "Yaourt nature x4, lot « Y-SOON » : 10 unité(s) / 5000 g "
                                             "disponibles en F-01."}


def test_dispatch_numbers_follow_each_other(session, network, shelved):
    _yoghurt, spread, _fse = shelved
    first = prepare(session, network, network.auch, [dispatching.LineInput(spread.id, "A-01", 1, 750)])
    second = prepare(session, network, network.condom, [dispatching.LineInput(spread.id, "A-01", 1, 750)])
    assert (first.number, second.number) == ("EXP-2026-00001", "EXP-2026-00002")
    assert first.status is DispatchStatus.DRAFT


def test_empty_or_wrong_dispatches_are_refused(session, network, shelved):
    with pytest.raises(InputError, match="Aucune ligne"):
        prepare(session, network, network.auch, [])
    with pytest.raises(InputError, match="Choisissez un site"):
        prepare(session, network, network.warehouse, [])


@BOTH_BACKENDS
def test_shipping_takes_the_stock_out_and_the_site_receives_it(session, network, shelved):
    yoghurt, spread, fse = shelved
    dispatch = prepare(session, network, network.auch, as_lines(suggest(session, network, network.auch)))
    movements = dispatching.ship_dispatch(session, dispatch, now=NOW, settings=SETTINGS)
    assert {m.kind for m in movements} == {MovementKind.DISPATCH_OUT}
    assert balance_of(session, yoghurt.id, network.warehouse.id, "F-01") == (0, 0)
    assert balance_of(session, spread.id, network.warehouse.id, "A-01") == (60, 45_000)
    assert dispatching.awaiting_receipt(session, network.auch.id) == [dispatch]
    line = next(line for line in dispatch.lines if line.lot_id == yoghurt.id)
    receipt = dispatching.receive_dispatch(session, dispatch, site_id=network.auch.id,
                                           received={line.id: (38, 19_000)}, now=NOW + dt.timedelta(days=2),
                                           owner_node="AUCH", comment="2 pots écrasés")
    session.commit()
    assert receipt.with_differences and receipt.owner_node == "AUCH"
    assert balance_of(session, yoghurt.id, network.auch.id, "") == (38, 19_000)
    assert balance_of(session, spread.id, network.auch.id, "") == (60, 45_000)
    assert dispatching.status_label(dispatch) == "Reçue avec écarts"
    assert dispatching.awaiting_receipt(session, network.auch.id) == []


def test_receipt_rules(session, network, shelved):
    _yoghurt, spread, _fse = shelved
    dispatch = prepare(session, network, network.auch, [dispatching.LineInput(spread.id, "A-01", 2, 1500)])
    with pytest.raises(StockError, match="n'est pas en attente de réception"):
        dispatching.receive_dispatch(session, dispatch, site_id=network.auch.id, received={}, now=NOW,
                                     owner_node="AUCH")
    dispatching.ship_dispatch(session, dispatch, now=NOW, settings=SETTINGS)
    with pytest.raises(StockError, match="destinée à un autre site"):
        dispatching.receive_dispatch(session, dispatch, site_id=network.condom.id, received={}, now=NOW,
                                     owner_node="CONDOM")
    receipt = dispatching.receive_dispatch(session, dispatch, site_id=network.auch.id, received={}, now=NOW,
                                           owner_node="AUCH")
    assert not receipt.with_differences and dispatching.status_label(dispatch) == "Reçue"
    with pytest.raises(StockError, match="n'est pas en attente"):
        dispatching.receive_dispatch(session, dispatch, site_id=network.auch.id, received={}, now=NOW,
                                     owner_node="AUCH")


def test_lot_recalled_after_preparation_stops_the_truck(session, network, shelved):
    _yoghurt, spread, _fse = shelved
    dispatch = prepare(session, network, network.auch, [dispatching.LineInput(spread.id, "A-01", 2, 1500)])
    record_recall(session, title="Pâte à tartiner", targets=[RecallTarget(network.spread.gtin, "S-LONG")], now=NOW,
                  owner_node="CENTRAL")
    with pytest.raises(StockError, match="rappelé"):
        dispatching.ship_dispatch(session, dispatch, now=NOW, settings=SETTINGS)
    assert balance_of(session, spread.id, network.warehouse.id, "A-01") == (120, 90_000)
    assert not any(s.line.lot_id == spread.id for s in suggest(session, network, network.auch))


@pytest.mark.parametrize("lot_flag_synced", [True, False])
def test_recalled_lot_is_received_blocked_not_conforme(session, network, shelved, lot_flag_synced):
    """Recalled while in transit: the site receives it set aside under RAPPEL, never on the shelf.

    Without the lot's flag (the recall reached the site before the lot's new state) the recall itself
    is matched at receipt.
    """
    _yoghurt, spread, _fse = shelved
    dispatch = prepare(session, network, network.auch, [dispatching.LineInput(spread.id, "A-01", 2, 1500)])
    dispatching.ship_dispatch(session, dispatch, now=NOW, settings=SETTINGS)
    recall, _ = record_recall(session, title="Pâte à tartiner", targets=[RecallTarget(network.spread.gtin, "S-LONG")],
                              now=NOW, owner_node="CENTRAL", reference="2026-11-0042")
    if not lot_flag_synced:
        spread.recall_id = None
    assert dispatching.recalled_lines(session, dispatch) == {dispatch.lines[0].id: recall}
    receipt = dispatching.receive_dispatch(session, dispatch, site_id=network.auch.id, received={}, now=NOW,
                                           owner_node="AUCH")
    assert balance_of(session, spread.id, network.auch.id, "") == (0, 0)
    assert balance_of(session, spread.id, network.auch.id, QUARANTINE_LOCATION) == (2, 1500)
    assert receipt.lines[0].note == ("Lot rappelé (fiche 2026-11-0042) : mis de côté en « RAPPEL », "
                                     "à ne pas mettre en rayon.")
    assert dispatching.status_label(dispatch) == "Reçue, lot rappelé mis de côté"
    plan = pick_plan(session, network.auch.id, network.spread.id, today=TODAY, settings=SETTINGS, units=1)
    assert plan.picks == ()


def test_cancel_frees_the_reservation(session, network, shelved):
    yoghurt, _spread, _fse = shelved
    dispatch = prepare(session, network, network.auch, [dispatching.LineInput(yoghurt.id, "F-01", 40, 20_000)])
    dispatching.cancel_dispatch(dispatch)
    session.flush()
    assert {s.line.lot_id: s.line.units for s in suggest(session, network, network.auch)}[yoghurt.id] == 40
    with pytest.raises(StockError, match="Seule une expédition en préparation"):
        dispatching.cancel_dispatch(dispatch)


def test_pick_list_walks_the_locations_and_the_note_is_a_french_pdf(session, network, shelved):
    dispatch = prepare(session, network, network.auch, as_lines(suggest(session, network, network.auch)))
    assert [line.location for line in dispatching.pick_list(dispatch)] == ["A-01", "A-02", "F-01"]
    note = dispatching.note_for(dispatch, "Gers Solidaire")
    assert [line.free_of_charge for line in note.lines] == [False, True, False]
    pdf = dispatch_note_pdf(note, compress=False)
    assert pdf.startswith(b"%PDF")
    assert b"EXP-2026-00001" in pdf and b"Y-SOON" in pdf and b"FSE+, gratuit" in pdf
