"""Donor attestations: valuation (cost price, 50 % in the last 3 days before DLC), numbering, two copies."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from inventory.enums import DateKind, SoldBy
from inventory.expiry import ExpirySettings
from inventory.ledger import StockError
from inventory.stock_models import LotSource
from tests.inventory.stock_builders import NOW, TODAY
from warehouse import intake
from warehouse.attestations import attestation_data, issue_attestation, line_value
from warehouse.documents import AttestationHeader, PartyBlock, attestation_pdf

SETTINGS = ExpirySettings()


@pytest.mark.parametrize(("days_left", "halved"), [(4, False), (3, True), (0, True)])
def test_goods_in_their_last_3_days_before_dlc_are_valued_at_half(days_left, halved):
    value, was_halved = line_value(units=10, grams=5000, unit_value=Decimal("1.25"), sold_by=SoldBy.PIECE,
                                   date_kind=DateKind.DLC, expiry_date=TODAY + dt.timedelta(days=days_left),
                                   received_on=TODAY)
    assert (value, was_halved) == ((Decimal("6.25"), True) if halved else (Decimal("12.50"), False))


def test_ddm_goods_and_weighed_goods():
    assert line_value(units=3, grams=900, unit_value=Decimal("0.99"), sold_by=SoldBy.PIECE, date_kind=DateKind.DDM,
                      expiry_date=TODAY, received_on=TODAY) == (Decimal("2.97"), False)
    assert line_value(units=0, grams=12_345, unit_value=Decimal("1.10"), sold_by=SoldBy.WEIGHT,
                      date_kind=DateKind.NONE, expiry_date=None, received_on=TODAY) == (Decimal("13.58"), False)


def donate(session, network, product, *, days, cartons, location, value, note):
    delivery = intake.open_delivery(session, site_id=network.warehouse.id, source=LotSource.RAMASSE, now=NOW,
                                    owner_node="CENTRAL", donor_id=network.store.id, delivery_note=note)
    intake.record_intake(session, delivery, intake.IntakeInput(
        product_id=product.id, cartons=cartons, location=location, lot_code=note, units_per_carton=4,
        expiry_date=TODAY + dt.timedelta(days=days), unit_value=Decimal(value), short_shelf_life_override=True),
        now=NOW, owner_node="CENTRAL", settings=SETTINGS)


def test_attestation_groups_by_nature_values_and_numbers(session, network):
    donate(session, network, network.yoghurt, days=2, cartons=5, location="F-01", value="0.80", note="BL-1")
    donate(session, network, network.yoghurt, days=9, cartons=5, location="F-01", value="0.80", note="BL-2")
    donate(session, network, network.spread, days=300, cartons=1, location="A-01", value="3.10", note="BL-3")
    data = attestation_data(session, network.store.id, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    by_nature = {line.nature: line for line in data.lines}
    dairy = by_nature["Produits laitiers frais"]
    assert (dairy.units, dairy.grams, dairy.value, dairy.halved_value) == (40, 20_000, Decimal("24.00"),
                                                                            Decimal("8.00"))
    assert data.total_value == Decimal("36.40") and data.donation_dates == [TODAY]
    attestation, _ = issue_attestation(session, network.store.id, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                       now=NOW, owner_node="CENTRAL")
    second, _ = issue_attestation(session, network.store.id, dt.date(2026, 11, 1), dt.date(2026, 11, 30),
                                  now=NOW, owner_node="CENTRAL")
    assert (attestation.number, second.number) == ("ATT-2026-00001", "ATT-2026-00002")
    assert (attestation.total_grams, attestation.total_value) == (23_000, Decimal("36.40"))


def test_no_donation_in_the_period_is_refused(session, network):
    with pytest.raises(StockError) as refused:
        issue_attestation(session, network.farm.id, dt.date(2025, 1, 1), dt.date(2025, 12, 31), now=NOW,
                          owner_node="CENTRAL")
    assert str(refused.value) == "Aucun don de « EARL des Coteaux » du 01/01/2025 au 31/12/2025."
    with pytest.raises(StockError, match="fin de période précède"):
        attestation_data(session, network.farm.id, dt.date(2025, 2, 1), dt.date(2025, 1, 1))


def test_pdf_has_two_copies_with_the_legal_mentions(session, network):
    donate(session, network, network.spread, days=300, cartons=1, location="A-01", value="3.10", note="BL-9")
    data = attestation_data(session, network.store.id, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    header = AttestationHeader("Gers Solidaire", "ATT-2026-00001",
                               PartyBlock("Banque Alimentaire du Gers", ("Auch",)), TODAY, "Auch")
    pdf = attestation_pdf(header, data, compress=False)
    assert len(re.findall(rb"/Type /Page[^s]", pdf)) == 2
    for text in (b"ATT-2026-00001", b"Exemplaire du donateur", b"Exemplaire de l", b"238 bis", b"12345678901234"):
        assert text in pdf
