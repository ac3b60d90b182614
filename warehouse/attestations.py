"""Donor attestations (art. 238 bis CGI): per donor and period, nature, quantities and valuation.

Valuation: the cost price the donor declared at intake times the quantity; HALVED for goods received in
their last 3 days before the DLC (received on D-3 or later). A line with no declared value is never
valued at the retail price: its quantities are attested and flagged for the donor to value.
An attestation covers at most a year; it is numbered and issued in two copies (donor, association).
Once issued it is frozen — figures and PDF stored — and there is one live attestation per donor and
period: a correction is a new attestation that cancels the old one, with its reason.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, selectinload

from inventory.enums import DateKind, SoldBy
from inventory.expiry import add_months, paris_today
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
    unvalued_units: int = 0  # part of units/grams with no declared value: the donor values it
    unvalued_grams: int = 0


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

    @property
    def unvalued_grams(self) -> int:
        return sum(line.unvalued_grams for line in self.lines)

    @property
    def unvalued_units(self) -> int:
        return sum(line.unvalued_units for line in self.lines)

    def figures(self) -> dict:
        """The figures as stored on the issued attestation (JSON, amounts as strings)."""
        return {"lines": [{"nature": line.nature, "units": line.units, "grams": line.grams,
                           "value": str(line.value), "halved_value": str(line.halved_value),
                           "unvalued_units": line.unvalued_units, "unvalued_grams": line.unvalued_grams}
                          for line in self.lines],
                "donation_dates": [day.isoformat() for day in self.donation_dates]}


def attestation_data(session: Session, donor_id: uuid.UUID, start: dt.date, end: dt.date) -> AttestationData:
    donor = session.get(Donor, donor_id) if donor_id is not None else None
    if donor is None:
        raise StockError("Choisissez le donateur.")
    check_period(start, end)
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


def check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise StockError("La fin de période précède son début.")
    if end >= add_months(start, 12):
        raise StockError(f"Une attestation couvre au plus un an : du {start:%d/%m/%Y} au "
                         f"{add_months(start, 12) - dt.timedelta(days=1):%d/%m/%Y} au plus tard.")


def _add(natures: dict[str, NatureLine], line: IntakeLine, lot: Lot, received_on: dt.date) -> None:
    nature = line.product.category.label
    entry = natures[nature]
    entry.nature = nature
    entry.units += line.units
    entry.grams += line.grams
    if line.unit_value is None:
        entry.unvalued_units += line.units
        entry.unvalued_grams += line.grams
        return
    value, halved = line_value(units=line.units, grams=line.grams, unit_value=line.unit_value,
                               sold_by=line.product.sold_by, date_kind=lot.date_kind,
                               expiry_date=lot.expiry_date, received_on=received_on)
    entry.value += value
    if halved:
        entry.halved_value += value


RenderPdf = Callable[[DonorAttestation, AttestationData], bytes]


def issue_attestation(session: Session, donor_id: uuid.UUID, start: dt.date, end: dt.date, *,
                      now: dt.datetime, owner_node: str, render_pdf: RenderPdf,
                      actor_id: uuid.UUID | None = None, replaces: DonorAttestation | None = None,
                      reason: str = "") -> tuple[DonorAttestation, AttestationData]:
    """Issue, freeze (figures and PDF) and number an attestation; `replaces` is cancelled by it."""
    data = attestation_data(session, donor_id, start, end)
    if not data.lines:
        raise StockError(f"Aucun don de « {data.donor.name} » du {start:%d/%m/%Y} au {end:%d/%m/%Y}.")
    if replaces is not None:
        _cancel(replaces, donor_id, now, reason)
    _check_not_attested(session, donor_id, start, end)
    attestation = DonorAttestation(number=next_number(session, DonorAttestation.number, "ATT", end.year),
                                   donor_id=donor_id, period_start=start, period_end=end, issued_at=now,
                                   issued_by_id=actor_id, total_grams=data.total_grams,
                                   total_value=data.total_value, figures=data.figures(), replaces=replaces,
                                   owner_node=owner_node)
    attestation.pdf = render_pdf(attestation, data)
    session.add(attestation)
    session.flush()
    return attestation, data


def _cancel(old: DonorAttestation, donor_id: uuid.UUID, now: dt.datetime, reason: str) -> None:
    if old.donor_id != donor_id:
        raise StockError(f"L'attestation {old.number} est celle d'un autre donateur.")
    if old.cancelled_at is not None:
        raise StockError(f"L'attestation {old.number} est déjà annulée.")
    if not reason.strip():
        raise StockError(f"Indiquez le motif de la rectification de l'attestation {old.number}.")
    old.cancelled_at, old.cancel_reason = now, reason.strip()[:400]


def _check_not_attested(session: Session, donor_id: uuid.UUID, start: dt.date, end: dt.date) -> None:
    """A donation appears on one live attestation only: no overlap with one not cancelled."""
    session.flush()  # a cancellation in this transaction counts
    earlier = session.scalar(select(DonorAttestation).where(
        DonorAttestation.donor_id == donor_id, DonorAttestation.cancelled_at.is_(None),
        DonorAttestation.period_start <= end, DonorAttestation.period_end >= start)
        .order_by(DonorAttestation.period_start).limit(1))
    if earlier is not None:
        raise StockError(
            f"Les dons de cette période sont déjà attestés ({earlier.number}, du {earlier.period_start:%d/%m/%Y} "
            f"au {earlier.period_end:%d/%m/%Y}) : pour corriger, rectifiez cette attestation (la nouvelle "
            f"l'annule et la remplace).")


FROZEN = ("number", "donor_id", "period_start", "period_end", "issued_at", "total_grams", "total_value",
          "figures", "pdf", "replaces_id")


@event.listens_for(DonorAttestation, "before_update")
def _refuse_changes(_mapper, _connection, attestation: DonorAttestation) -> None:
    """What was handed to the donor never changes; only its cancellation is recorded."""
    state = inspect(attestation)
    if any(state.attrs[name].history.has_changes() for name in FROZEN):
        raise StockError(f"L'attestation {attestation.number} est émise : elle ne se modifie pas, "
                         "rectifiez-la par une nouvelle attestation.")


def issued_attestations(session: Session, limit: int = 50) -> list[DonorAttestation]:
    return list(session.scalars(select(DonorAttestation)
                                .options(selectinload(DonorAttestation.donor), selectinload(DonorAttestation.replaces))
                                .order_by(DonorAttestation.issued_at.desc(), DonorAttestation.number.desc())
                                .limit(limit)))
