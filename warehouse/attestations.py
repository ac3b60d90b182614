"""Donor attestations (art. 238 bis CGI): per donor and period, nature, quantities and valuation.

Valuation: the value declared at intake (the donor's cost price, else the market value) times the
quantity; HALVED for goods received in their last 3 days before the DLC (received on D-3 or later).
One attestation may cover a whole year; it is numbered and issued in two copies (donor, association).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inventory.enums import DateKind, SoldBy
from inventory.expiry import paris_today
from inventory.ledger import StockError
from inventory.models import Product
from inventory.money import round_cents
from inventory.stock_models import Lot
from warehouse.locations import next_number
from warehouse.models import Delivery, Donor, DonorAttestation, IntakeLine

HALF_VALUE_LAST_DAYS = 3


def line_value(*, units: int, grams: int, unit_value: Decimal, sold_by: SoldBy, date_kind: DateKind,
               expiry_date: dt.date | None, received_on: dt.date) -> tuple[Decimal, bool]:
    """Value of an intake line for the attestation, and whether the 50 % rule applied."""
    base = unit_value * (Decimal(grams) / 1000 if sold_by is SoldBy.WEIGHT else units)
    halved = (date_kind is DateKind.DLC and expiry_date is not None
              and (expiry_date - received_on).days <= HALF_VALUE_LAST_DAYS)
    return round_cents(base / 2 if halved else base), halved


@dataclass
class NatureLine:
    nature: str  # category label
    units: int = 0
    grams: int = 0
    value: Decimal = Decimal("0.00")
    halved_value: Decimal = Decimal("0.00")  # part of `value` valued at 50 %


@dataclass
class AttestationData:
    donor: Donor
    start: dt.date
    end: dt.date
    lines: list[NatureLine] = field(default_factory=list)
    donation_dates: list[dt.date] = field(default_factory=list)

    @property
    def total_grams(self) -> int:
        return sum(line.grams for line in self.lines)

    @property
    def total_value(self) -> Decimal:
        return sum((line.value for line in self.lines), Decimal("0.00"))


def attestation_data(session: Session, donor_id: uuid.UUID, start: dt.date, end: dt.date) -> AttestationData:
    donor = session.get(Donor, donor_id) if donor_id is not None else None
    if donor is None:
        raise StockError("Choisissez le donateur.")
    if end < start:
        raise StockError("La fin de période précède son début.")
    lines = session.scalars(
        select(IntakeLine).join(Delivery).where(Delivery.donor_id == donor_id)
        .options(selectinload(IntakeLine.lot), selectinload(IntakeLine.product).selectinload(Product.category),
                 selectinload(IntakeLine.delivery))
        .order_by(Delivery.received_at)).all()
    data = AttestationData(donor, start, end)
    natures: dict[str, NatureLine] = defaultdict(lambda: NatureLine(""))
    for line in lines:
        received_on = paris_today(line.delivery.received_at)
        if start <= received_on <= end:
            _add(natures, line, line.lot, received_on)
            if received_on not in data.donation_dates:
                data.donation_dates.append(received_on)
    data.lines = sorted(natures.values(), key=lambda n: n.nature)
    return data


def _add(natures: dict[str, NatureLine], line: IntakeLine, lot: Lot, received_on: dt.date) -> None:
    nature = line.product.category.label
    value, halved = line_value(units=line.units, grams=line.grams, unit_value=line.unit_value,
                               sold_by=line.product.sold_by, date_kind=lot.date_kind,
                               expiry_date=lot.expiry_date, received_on=received_on)
    entry = natures[nature]
    entry.nature = nature
    entry.units += line.units
    entry.grams += line.grams
    entry.value += value
    if halved:
        entry.halved_value += value


def issue_attestation(session: Session, donor_id: uuid.UUID, start: dt.date, end: dt.date, *,
                      now: dt.datetime, owner_node: str,
                      actor_id: uuid.UUID | None = None) -> tuple[DonorAttestation, AttestationData]:
    data = attestation_data(session, donor_id, start, end)
    if not data.lines:
        raise StockError(f"Aucun don de « {data.donor.name} » du {start:%d/%m/%Y} au {end:%d/%m/%Y}.")
    attestation = DonorAttestation(number=next_number(session, DonorAttestation.number, "ATT", end.year),
                                   donor_id=donor_id, period_start=start, period_end=end, issued_at=now,
                                   issued_by_id=actor_id, total_grams=data.total_grams,
                                   total_value=data.total_value, owner_node=owner_node)
    session.add(attestation)
    session.flush()
    return attestation, data


def issued_attestations(session: Session, limit: int = 50) -> list[DonorAttestation]:
    return list(session.scalars(select(DonorAttestation).options(selectinload(DonorAttestation.donor))
                                .order_by(DonorAttestation.issued_at.desc()).limit(limit)))
