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
from warehouse.models import DonorAttestation

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


def donate(session, network, product, *, days, cartons, location, value, note, now=NOW):
    delivery = intake.open_delivery(session, site_id=network.warehouse.id, source=LotSource.RAMASSE, now=now,
                                    owner_node="CENTRAL", donor_id=network.store.id, delivery_note=note)
    return intake.record_intake(session, delivery, intake.IntakeInput(
        product_id=product.id, cartons=cartons, location=location, lot_code=note, units_per_carton=4,
        expiry_date=TODAY + dt.timedelta(days=days), unit_value=None if value is None else Decimal(value),
        short_shelf_life_override=True), now=now, owner_node="CENTRAL", settings=SETTINGS)


def render(attestation, data):
    header = AttestationHeader("Gers Solidaire", attestation.number,
                               PartyBlock("Banque Alimentaire du Gers", ("Auch",)), TODAY, "Auch",
                               replaces=attestation.replaces.number if attestation.replaces else "")
    return attestation_pdf(header, data, compress=False)


def issue(session, donor, start, end, **fields):
    return issue_attestation(session, donor.id, start, end, now=NOW, owner_node="CENTRAL", render_pdf=render,
                             **fields)[0]


YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


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
    attestation = issue(session, network.store, *YEAR)
    second = issue(session, network.store, dt.date(2026, 11, 1), dt.date(2026, 11, 30), replaces=attestation,
                   reason="Période ramenée à novembre")
    assert (attestation.number, second.number) == ("ATT-2026-00001", "ATT-2026-00002")
    assert (attestation.total_grams, attestation.total_value) == (23_000, Decimal("36.40"))


def test_no_donation_in_the_period_is_refused(session, network):
    with pytest.raises(StockError) as refused:
        issue(session, network.farm, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
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


def pdf_text(pdf: bytes) -> bytes:
    """Text operands of an uncompressed reportlab PDF, joined (a money amount spans one operand)."""
    return b"".join(re.findall(rb"\((.*?)\) Tj", pdf))


def test_issued_attestation_keeps_its_figures_and_pdf_after_a_later_delivery(session, network):
    donate(session, network, network.spread, days=300, cartons=1, location="A-01", value="3.10", note="BL-1")
    attestation = issue(session, network.store, *YEAR)
    issued_pdf = attestation.pdf
    assert b"12,40" in pdf_text(issued_pdf)
    # A delivery recorded later, dated inside the period (a late entry of an earlier round).
    donate(session, network, network.spread, days=300, cartons=50, location="A-01", value="3.10", note="BL-2",
           now=NOW - dt.timedelta(days=30))
    session.commit()
    session.expire_all()
    kept = session.get(DonorAttestation, attestation.id)
    assert (kept.total_grams, kept.total_value, kept.pdf) == (3000, Decimal("12.40"), issued_pdf)
    assert kept.figures["lines"] == [{"nature": network.spread.category.label, "units": 4, "grams": 3000,
                                      "value": "12.40", "halved_value": "0.00", "unvalued_units": 0,
                                      "unvalued_grams": 0}]
    assert kept.figures["donation_dates"] == ["2026-11-28"]
    kept.total_value = Decimal("900.00")
    with pytest.raises(StockError, match="ATT-2026-00001 est émise : elle ne se modifie pas"):
        session.flush()


def test_one_live_attestation_per_donor_and_period_a_correction_replaces_it(session, network):
    donate(session, network, network.spread, days=300, cartons=1, location="A-01", value="3.10", note="BL-1")
    first = issue(session, network.store, *YEAR)
    for start, end in (YEAR, (dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
                       (dt.date(2026, 6, 1), dt.date(2027, 5, 31))):
        with pytest.raises(StockError) as refused:
            issue(session, network.store, start, end)
        assert str(refused.value) == (
            "Les dons de cette période sont déjà attestés (ATT-2026-00001, du 01/01/2026 au 31/12/2026) : pour "
            "corriger, rectifiez cette attestation (la nouvelle l'annule et la remplace).")
    with pytest.raises(StockError, match="motif de la rectification"):
        issue(session, network.store, *YEAR, replaces=first)
    donate(session, network, network.spread, days=300, cartons=2, location="A-01", value="3.10", note="BL-2")
    correction = issue(session, network.store, *YEAR, replaces=first, reason="Bon BL-2 saisi en retard")
    assert (correction.number, correction.total_value, correction.replaces) == ("ATT-2026-00002",
                                                                                 Decimal("37.20"), first)
    assert (first.cancelled_at, first.cancel_reason) == (NOW, "Bon BL-2 saisi en retard")
    assert b"Annule et remplace l'attestation n" in correction.pdf and b"ATT-2026-00001" in correction.pdf
    with pytest.raises(StockError, match="ATT-2026-00001 est déjà annulée"):
        issue(session, network.store, *YEAR, replaces=first, reason="encore")
    session.commit()  # the database agrees: one live attestation for the period


@pytest.mark.parametrize(("start", "end", "accepted"), [
    (dt.date(2026, 1, 1), dt.date(2026, 12, 31), True),
    (dt.date(2025, 12, 1), dt.date(2026, 11, 30), True),
    (dt.date(2025, 12, 1), dt.date(2026, 12, 1), False),
    (dt.date(2024, 1, 1), dt.date(2026, 12, 31), False),
])
def test_an_attestation_covers_at_most_a_year(session, network, start, end, accepted):
    donate(session, network, network.spread, days=300, cartons=1, location="A-01", value="3.10", note="BL-1")
    if accepted:
        assert issue(session, network.store, start, end).total_value == Decimal("12.40")
        return
    with pytest.raises(StockError) as refused:
        issue(session, network.store, start, end)
    assert str(refused.value).startswith(f"Une attestation couvre au plus un an : du {start:%d/%m/%Y} au ")


def test_a_line_without_declared_value_is_flagged_never_valued_at_the_retail_price(session, network):
    assert network.spread.market_price == Decimal("1.50")
    line = donate(session, network, network.spread, days=300, cartons=2, location="A-01", value=None, note="BL-1")
    assert line.unit_value is None
    donate(session, network, network.spread, days=300, cartons=1, location="A-01", value="3.10", note="BL-2")
    attestation = issue(session, network.store, *YEAR)
    (nature,) = attestation.figures["lines"]
    assert (nature["units"], nature["grams"], nature["value"]) == (12, 9000, "12.40")
    assert (nature["unvalued_units"], nature["unvalued_grams"]) == (8, 6000)
    assert attestation.total_value == Decimal("12.40")
    assert b"Dont 6,000" in pdf_text(attestation.pdf)
    assert b"sans valeur d" in attestation.pdf and b"valoriser par le donateur" in attestation.pdf
