"""Intake by scan: from the carton label to the lot, the ledger and the balance — or nothing at all."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from inventory.barcodes import parse_code
from inventory.enums import DateKind, SoldBy
from inventory.expiry import ExpirySettings
from inventory.ledger import balance_of
from inventory.recalls import RecallTarget, record_recall
from inventory.stock_models import Lot, LotSource, MovementKind, StockMovement
from tests.conftest import BOTH_BACKENDS
from tests.inventory.stock_builders import NOW, TODAY
from warehouse import intake
from warehouse.locations import InputError
from warehouse.models import IntakeLine

SETTINGS = ExpirySettings()
GS = "\x1d"


def delivery(session, network, source=LotSource.RAMASSE, note="BL-1"):
    return intake.open_delivery(session, site_id=network.warehouse.id, source=source, now=NOW, owner_node="CENTRAL",
                                donor_id=network.store.id if source is LotSource.RAMASSE else None,
                                delivery_note=note)


def receive(session, arrival, **fields):
    values = dict(cartons=1, location="A-01")
    values.update(fields)
    return intake.record_intake(session, arrival, intake.IntakeInput(**values), now=NOW, owner_node="CENTRAL",
                                settings=SETTINGS)


def counts(session):
    return (session.scalar(select(func.count()).select_from(Lot)),
            session.scalar(select(func.count()).select_from(StockMovement)),
            session.scalar(select(func.count()).select_from(IntakeLine)))


@BOTH_BACKENDS
def test_scanned_carton_becomes_a_lot_a_movement_and_stock(session, network):
    arrival = delivery(session, network)
    code = parse_code(f"]C10103017620422003152710311024153A{GS}3712", today=TODAY)
    product = intake.find_product(session, code)
    assert product == network.spread
    line = receive(session, arrival, product_id=product.id, cartons=5, units_per_carton=code.count,
                   lot_code=code.lot, expiry_date=code.expiry_date, date_kind=DateKind(code.date_kind),
                   scanned_code=code.raw)
    session.commit()
    assert (line.cartons, line.units, line.grams, line.unit_value) == (5, 60, 45_000, None)  # none declared
    lot = line.lot
    assert (lot.lot_code, lot.date_kind, lot.expiry_date, lot.source) == (
        "24153A", DateKind.DDM, dt.date(2027, 10, 31), LotSource.RAMASSE)
    assert lot.unit_weight_g == 750
    assert balance_of(session, lot.id, network.warehouse.id, "A-01") == (60, 45_000)
    movement = session.get(StockMovement, line.movement_id)
    assert (movement.kind, movement.reference) == (MovementKind.INTAKE, f"delivery:{arrival.id}")


def test_same_lot_scanned_again_in_a_delivery_shares_the_lot(session, network):
    arrival = delivery(session, network)
    first = receive(session, arrival, product_id=network.spread.id, lot_code="L1", expiry_date=TODAY.replace(year=2027))
    second = receive(session, arrival, product_id=network.spread.id, lot_code="L1",
                     expiry_date=TODAY.replace(year=2027), location="A-02")
    other = receive(session, arrival, product_id=network.spread.id, lot_code="L2", expiry_date=TODAY.replace(year=2027))
    assert first.lot_id == second.lot_id != other.lot_id


def test_carton_gtin14_finds_the_consumer_unit(session, network):
    code = parse_code("(01)13017620422000(10)X", today=TODAY)
    assert intake.find_product(session, code) == network.spread


def test_dlc_donation_with_less_than_48_hours_is_refused_unless_quick_redistribution(session, network):
    arrival = delivery(session, network)
    tomorrow = TODAY + dt.timedelta(days=1)  # 38 h left at 10:00
    with pytest.raises(InputError) as refused:
        receive(session, arrival, product_id=network.yoghurt.id, lot_code="Y1", expiry_date=tomorrow, location="F-01")
    assert refused.value.errors["expiry_date"].startswith("DLC du 29/11/2026 : il reste 38 h, moins des 48 h")
    assert counts(session) == (0, 0, 0)
    line = receive(session, arrival, product_id=network.yoghurt.id, lot_code="Y1", expiry_date=tomorrow,
                   location="F-01", short_shelf_life_override=True)
    assert line.short_shelf_life_override


def test_48_hour_rule_does_not_apply_to_purchases(session, network):
    tomorrow = TODAY + dt.timedelta(days=1)  # 38 h left: refused for a donation (test above)
    arrival = delivery(session, network, source=LotSource.PURCHASE, note="")
    line = receive(session, arrival, product_id=network.yoghurt.id, expiry_date=tomorrow, location="F-01",
                   units_per_carton=6)
    assert not line.short_shelf_life_override
    assert (line.lot.source, line.lot.expiry_date) == (LotSource.PURCHASE, tomorrow)
    assert balance_of(session, line.lot_id, network.warehouse.id, "F-01") == (6, line.grams)
    assert counts(session) == (1, 1, 1)


def test_expired_lot_never_enters(session, network):
    arrival = delivery(session, network)
    with pytest.raises(InputError) as refused:
        receive(session, arrival, product_id=network.yoghurt.id, expiry_date=TODAY - dt.timedelta(days=1),
                location="F-01", short_shelf_life_override=True)
    assert refused.value.errors == {"expiry_date": "Lot périmé (DLC du 27/11/2026) : il ne peut pas entrer en stock."}


def test_recalled_lot_is_refused_at_intake(session, network):
    record_recall(session, title="Pâte à tartiner", targets=[RecallTarget("3017620422003", "24153A")], now=NOW,
                  owner_node="CENTRAL", reference="2026-11-0042")
    arrival = delivery(session, network)
    with pytest.raises(InputError) as refused:
        receive(session, arrival, product_id=network.spread.id, lot_code="24153a", expiry_date=dt.date(2027, 10, 31))
    assert refused.value.errors == {
        "lot_code": "Lot rappelé (fiche 2026-11-0042) : refusez-le, il ne doit pas entrer en stock."}
    assert counts(session)[1] == 0


def test_chilled_goods_need_a_chilled_location(session, network):
    arrival = delivery(session, network)
    with pytest.raises(InputError) as refused:
        receive(session, arrival, product_id=network.yoghurt.id, expiry_date=TODAY + dt.timedelta(days=9),
                location="A-01")
    assert refused.value.errors == {"location": "L'emplacement A-01 est « Ambiant » ; ce produit se conserve en "
                                                "« Frais »."}
    with pytest.raises(InputError, match="Emplacement « Z-99 » inconnu"):
        receive(session, arrival, product_id=network.spread.id, expiry_date=TODAY.replace(year=2027), location="z-99")


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"cartons": 0}, "cartons", "Nombre de colis : entre 1 et 2000."),
    ({"units_per_carton": 0}, "units_per_carton", "Unités par colis : au moins 1 (un colis n'est jamais vide)."),
    ({"carton_weight_g": -5}, "carton_weight_g", "Poids nul ou négatif : pesez le colis."),
    ({"cartons": 2000, "carton_weight_g": 3_000_000}, "carton_weight_g",
     "Poids invraisemblable : 6 000 000 kg sur une seule ligne."),
    ({"expiry_date": None}, "expiry_date", "Date (DDM) obligatoire pour ce produit."),
    ({"expiry_date": dt.date(2099, 1, 1)}, "expiry_date", "Date invraisemblable : 01/01/2099."),
])
def test_bad_quantities_and_dates_are_refused_with_nothing_recorded(session, network, fields, field, message):
    arrival = delivery(session, network)
    values = dict(product_id=network.spread.id, expiry_date=TODAY.replace(year=2027))
    values.update(fields)
    with pytest.raises(InputError) as refused:
        receive(session, arrival, **values)
    assert refused.value.errors[field] == message
    assert counts(session) == (0, 0, 0)


def test_duplicate_delivery_note_is_refused(session, network):
    delivery(session, network, note="BL 2026/118")
    with pytest.raises(InputError) as refused:
        delivery(session, network, note="bl 2026/118 ")
    assert refused.value.errors == {
        "delivery_note": "Le bon de livraison « bl 2026/118 » est déjà enregistré (réception du 28/11/2026)."}
    # The same number from another donor is another delivery note.
    intake.open_delivery(session, site_id=network.warehouse.id, source=LotSource.AGRICULTURAL, now=NOW,
                         owner_node="CENTRAL", donor_id=network.farm.id, delivery_note="BL 2026/118")


def test_ramasse_needs_its_store(session, network):
    with pytest.raises(InputError, match="choisissez le donateur"):
        intake.open_delivery(session, site_id=network.warehouse.id, source=LotSource.RAMASSE, now=NOW,
                             owner_node="CENTRAL")


def test_unknown_gtin_is_created_on_the_spot_with_its_category(session, network, build):
    category = build.category(label="Conserves", date_kind=DateKind.DDM)
    product = intake.create_product(session, name="  Haricots  verts 400 g", category_id=category.id,
                                    owner_node="CENTRAL", gtin="3250391234561", net_weight_g=400,
                                    market_price=Decimal("1.20"))
    assert (product.name, product.date_kind, product.storage_class) == ("Haricots verts 400 g", DateKind.DDM,
                                                                        category.storage_class)
    with pytest.raises(InputError) as refused:
        intake.create_product(session, name="", category_id=None, owner_node="CENTRAL", gtin="3250391234568")
    assert refused.value.errors == {"name": "Indiquez le nom du produit.",
                                    "category": "Choisissez la catégorie du produit.",
                                    "gtin": "Le code « 3250391234568 » a une clé de contrôle fausse."}


def test_fresh_produce_without_barcode_is_weighed(session, network, build):
    apples = build.product(name="Pommes", gtin=None, sold_by=SoldBy.WEIGHT, net_weight_g=1000,
                           date_kind=DateKind.NONE, category=build.category(date_kind=DateKind.NONE))
    arrival = delivery(session, network, source=LotSource.AGRICULTURAL, note="")
    line = receive(session, arrival, product_id=apples.id, cartons=3, carton_weight_g=12_500,
                   unit_value=Decimal("0.90"))
    assert (line.units, line.grams, line.lot.expiry_date) == (0, 37_500, None)
    with pytest.raises(InputError, match="pesez le colis"):
        receive(session, arrival, product_id=apples.id, cartons=1)


def test_closed_delivery_takes_no_more_lines(session, network):
    arrival = delivery(session, network)
    intake.close_delivery(arrival, NOW)
    with pytest.raises(InputError, match="réception est close"):
        receive(session, arrival, product_id=network.spread.id, expiry_date=TODAY.replace(year=2027))
