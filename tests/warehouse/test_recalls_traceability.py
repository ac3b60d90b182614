"""A recall across the network: blocked everywhere, and a report of where every kilo went —
warehouse, dispatches, a site that sold some through the ledger API, goods in transit."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from inventory.barcodes import parse_code
from inventory.enums import DateKind
from inventory.expiry import ExpirySettings
from inventory.ledger import record_loss
from inventory.recalls import RecallTarget, record_recall
from inventory.selling import LotNotSellable, sell_from_stock
from inventory.stock_models import LossReason, LotSource, MovementKind
from tests.conftest import BOTH_BACKENDS
from tests.inventory.stock_builders import NOW, TODAY
from warehouse import dispatching, intake
from warehouse.rappelconso import parse_rappelconso_csv
from warehouse.recall_import import import_rappelconso
from warehouse.traceability import recall_report

SETTINGS = ExpirySettings()
GS = "\x1d"
LATER = NOW + dt.timedelta(days=3)


def ship(session, network, to_site, lot, units):
    dispatch = dispatching.create_dispatch(
        session, from_site_id=network.warehouse.id, to_site_id=to_site.id, planned_on=TODAY, now=NOW,
        owner_node="CENTRAL", settings=SETTINGS,
        lines=[dispatching.LineInput(lot.id, "A-01", units, units * 750)])
    dispatching.ship_dispatch(session, dispatch, now=NOW, settings=SETTINGS)
    return dispatch


@BOTH_BACKENDS
def test_recall_report_follows_the_lot_to_the_shelves_and_the_tills(session, network):
    # Intake by scan at the warehouse: 10 cartons of 12 jars.
    arrival = intake.open_delivery(session, site_id=network.warehouse.id, source=LotSource.RAMASSE, now=NOW,
                                   owner_node="CENTRAL", donor_id=network.store.id, delivery_note="BL-77")
    code = parse_code("]C1010301762042200315271031" + f"1024153A{GS}3712", today=TODAY)
    line = intake.record_intake(session, arrival, intake.IntakeInput(
        product_id=intake.find_product(session, code).id, cartons=10, units_per_carton=code.count,
        lot_code=code.lot, expiry_date=code.expiry_date, date_kind=DateKind.DDM, location="A-01"),
        now=NOW, owner_node="CENTRAL", settings=SETTINGS)
    lot = line.lot
    # Two dispatches: Auch receives its own, Condom's is still on the road.
    to_auch = ship(session, network, network.auch, lot, 40)
    ship(session, network, network.condom, lot, 20)
    dispatching.receive_dispatch(session, to_auch, site_id=network.auch.id, received={}, now=NOW,
                                 owner_node="AUCH")
    # Auch's till sells 7 jars in two sales through the ledger API; one jar breaks on the shelf.
    sales = {3: uuid.uuid4(), 4: uuid.uuid4()}
    for units, sale_id in sales.items():
        outcome = sell_from_stock(session, network.auch.id, network.spread.id, units=units, now=LATER,
                                  owner_node="AUCH", reference="sale:x", settings=SETTINGS, journal_entry_id=sale_id)
        assert [sold.lot_id for sold in outcome.lines] == [lot.id]
    record_loss(session, lot=lot, site_id=network.auch.id, location="", units=1, grams=750,
                reason=LossReason.BREAKAGE, now=LATER, owner_node="AUCH")
    # An unidentified jar sold at Condom (no recorded stock there yet).
    sell_from_stock(session, network.condom.id, network.spread.id, units=1, now=LATER, owner_node="CONDOM",
                    settings=SETTINGS)
    session.commit()

    recall, blocked = record_recall(session, title="Pâte à tartiner 750 g",
                                    targets=[RecallTarget("03017620422003", "24153A")], now=LATER,
                                    owner_node="CENTRAL", reference="2026-12-0007", reason="Salmonelle")
    assert blocked == [lot]
    report = recall_report(session, recall)
    (trace,) = report.lots
    assert [(i.delivery.delivery_note, i.units) for i in trace.intakes] == [("BL-77", 120)]
    assert [(d.to_site_name, d.sent.units, d.received.units if d.received else None) for d in trace.dispatches] == [
        ("Épicerie d'Auch", 40, 40), ("Épicerie de Condom", 20, None)]
    assert (trace.in_transit.units, trace.in_transit.grams) == (20, 15_000)
    sites = {site.site_name: site for site in trace.sites}
    warehouse, auch = sites["Entrepôt départemental"], sites["Épicerie d'Auch"]
    assert (warehouse.on_hand_total.units, dict(warehouse.on_hand)["A-01"].units) == (60, 60)
    assert warehouse.moved(MovementKind.DISPATCH_OUT).units == 60
    assert auch.moved(MovementKind.RECEIPT).units == 40
    assert (auch.moved(MovementKind.SALE).units, auch.moved(MovementKind.SALE).grams) == (7, 5250)
    assert auch.sales == set(sales.values())  # the till's journal tells which households to warn
    assert auch.moved(MovementKind.LOSS).units == 1
    assert auch.on_hand_total.units == 32
    # Every unit is accounted for: warehouse + transit + Auch (sold, lost, on the shelf).
    assert 60 + 20 + 7 + 1 + 32 == 120
    assert {name: q.units for name, q in report.unattributed_sales.items()} == {"Épicerie de Condom": 1}
    # And the till now refuses the lot.
    with pytest.raises(LotNotSellable):
        sell_from_stock(session, network.auch.id, network.spread.id, units=1, lot_id=lot.id, now=LATER,
                        owner_node="AUCH", settings=SETTINGS)


V2_EXPORT = (
    "numero_fiche;libelle;marque_produit;identification_produits;motif_rappel;date_publication\n"
    "2026-11-0042;Pâte à tartiner 750 g;Marque X;"
    "3017620422003$24153A$date de durabilité minimale$2027-10-31|3017620422003$24154B$date de durabilité "
    "minimale$2027-11-30;Présence de salmonelles;2026-11-27\n"
    "2026-11-0043;Chaise;Marque Y;3760000000000$Tous les lots;Risque de chute;2026-11-27\n"
    "2026-11-0044;Sans code;Marque Z;pas de GTIN;Motif;2026-11-27\n"
)
V1_EXPORT = (
    "Référence Fiche,N° de Version,Nom de la marque du produit,Noms des modèles ou références,"
    "Identification des produits,Motif du rappel,Date de publication\n"
    '2021-04-0084,2,Marque X,Pâte à tartiner,"3017620422003 107 Date de consommation recommandée 01/02/2024",'
    "Salmonelle,2021-04-12\n"
)


def test_rappelconso_v2_entries_are_read_lot_by_lot():
    parsed = parse_rappelconso_csv(V2_EXPORT)
    first = parsed.notices[0]
    assert (first.reference, first.title, first.published_on) == ("2026-11-0042", "Marque X — Pâte à tartiner 750 g",
                                                                  dt.date(2026, 11, 27))
    assert [(t.gtin, t.lot_code, t.expiry_date) for t in first.targets] == [
        ("3017620422003", "24153A", dt.date(2027, 10, 31)), ("3017620422003", "24154B", dt.date(2027, 11, 30))]
    assert parsed.notices[1].targets[0].lot_code is None  # "Tous les lots"
    assert parsed.skipped == ["Ligne 4 : fiche 2026-11-0044 : aucun GTIN lisible."]


def test_rappelconso_v1_free_text_recalls_every_lot():
    (notice,) = parse_rappelconso_csv(V1_EXPORT).notices
    assert notice.reference == "2021-04-0084" and notice.lots_unreadable
    assert [(t.gtin, t.lot_code) for t in notice.targets] == [("3017620422003", None)]


def test_unreadable_export_says_why():
    assert parse_rappelconso_csv("").skipped == ["Fichier vide."]
    assert parse_rappelconso_csv("a;b\n1;2\n").skipped == [
        "Colonnes RappelConso introuvables (identification des produits ou gtin)."]


@BOTH_BACKENDS
def test_import_keeps_our_products_blocks_lots_and_is_idempotent(session, network, stock):
    bad = stock.lot(network.spread, lot_code="24153A")
    good = stock.lot(network.spread, lot_code="99999Z")
    summary = import_rappelconso(session, V2_EXPORT, now=NOW, owner_node="CENTRAL")
    assert (len(summary.recorded), summary.blocked_lots, summary.not_in_catalogue) == (1, 1, 1)
    assert bad.is_recalled and not good.is_recalled
    assert summary.message() == ("1 rappel(s) enregistré(s), 1 lot(s) bloqué(s) ; 0 déjà connu(s), "
                                 "1 hors catalogue, 1 ligne(s) illisible(s).")
    again = import_rappelconso(session, V2_EXPORT, now=NOW, owner_node="CENTRAL")
    assert (len(again.recorded), again.already_known) == (0, 1)


def test_v1_import_notes_that_every_lot_is_blocked(session, network, stock):
    lot = stock.lot(network.spread, lot_code="ANY")
    (recorded, blocked), = import_rappelconso(session, V1_EXPORT, now=NOW, owner_node="CENTRAL").recorded
    assert blocked == [lot]
    assert recorded.reason == "Salmonelle [lots non lisibles dans l'export : tous les lots sont bloqués]"
