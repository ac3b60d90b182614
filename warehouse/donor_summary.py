"""A donor's year: kg and market value received by food group, pickups, refusals by reason — what
the shop gets with its attestations. Counts every intake of the donor: the warehouse's and the
sites' local intakes (their rows come up by sync), by the Paris day of receipt.

Market value is the catalogue's value on the day of receipt (the price history), not the donor's
cost price (that one is the attestation's valuation).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gers.clock import paris_midnight, paris_today
from inventory.enums import SoldBy
from inventory.ledger import StockError
from inventory.models import Category, Product, Site
from inventory.money import round_cents
from inventory.prices import market_price_on
from warehouse.donor_enums import RefusalReason
from warehouse.donor_models import DonationRefusal
from warehouse.models import Delivery, Donor, IntakeLine

EARLIEST_YEAR = 2000


@dataclass
class GroupFigures:
    label: str
    units: int = 0
    grams: int = 0
    value: Decimal = Decimal("0.00")


@dataclass
class RefusalFigures:
    reason: RefusalReason
    count: int = 0
    units: int = 0
    grams: int = 0


@dataclass
class DonorYear:
    donor: Donor
    year: int
    groups: list[GroupFigures] = field(default_factory=list)
    pickups: int = 0
    pickup_days: int = 0
    refusals: list[RefusalFigures] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)  # where the donations were received

    @property
    def grams(self) -> int:
        return sum(group.grams for group in self.groups)

    @property
    def value(self) -> Decimal:
        return sum((group.value for group in self.groups), Decimal("0.00"))

    @property
    def refused(self) -> int:
        return sum(refusal.count for refusal in self.refusals)


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants the year begins and ends in the Gers."""
    return paris_midnight(dt.date(year, 1, 1)), paris_midnight(dt.date(year + 1, 1, 1))


def check_year(year: int, today: dt.date) -> None:
    if not EARLIEST_YEAR <= year <= today.year:
        raise StockError(f"Année {year} : choisissez une année entre {EARLIEST_YEAR} et {today.year}.")


def donor_year(session: Session, donor: Donor, year: int) -> DonorYear:
    start, end = year_bounds(year)
    summary = DonorYear(donor, year)
    deliveries = list(session.scalars(
        select(Delivery).where(Delivery.donor_id == donor.id, Delivery.received_at >= start,
                               Delivery.received_at < end)
        .options(selectinload(Delivery.lines).selectinload(IntakeLine.product).selectinload(Product.category)
                 .selectinload(Category.food_group))))
    summary.pickups = len(deliveries)
    summary.pickup_days = len({paris_today(delivery.received_at) for delivery in deliveries})
    groups: dict[str, GroupFigures] = {}
    sites: set[str] = set()
    for delivery in deliveries:
        sites.add(str(delivery.site_id))
        received_on = paris_today(delivery.received_at)
        for line in delivery.lines:
            group = line.product.category.food_group.label
            figures = groups.setdefault(group, GroupFigures(group))
            figures.units += line.units
            figures.grams += line.grams
            figures.value += line_market_value(session, line, received_on)
    summary.groups = sorted(groups.values(), key=lambda g: g.label)
    summary.refusals = _refusals(session, donor.id, start, end)
    summary.sites = _site_names(session, sites)
    return summary


def line_market_value(session: Session, line: IntakeLine, day: dt.date) -> Decimal:
    price = market_price_on(session, line.product, day)
    quantity = Decimal(line.grams) / 1000 if line.product.sold_by is SoldBy.WEIGHT else Decimal(line.units)
    return round_cents(price * quantity)


def _refusals(session: Session, donor_id: uuid.UUID, start: dt.datetime, end: dt.datetime) -> list[RefusalFigures]:
    by_reason: dict[RefusalReason, RefusalFigures] = defaultdict(lambda: RefusalFigures(RefusalReason.OTHER))
    for refusal in session.scalars(select(DonationRefusal).where(
            DonationRefusal.donor_id == donor_id, DonationRefusal.refused_at >= start,
            DonationRefusal.refused_at < end)):
        figures = by_reason[refusal.reason]
        figures.reason = refusal.reason
        figures.count += 1
        figures.units += refusal.units
        figures.grams += refusal.grams
    return [by_reason[reason] for reason in RefusalReason if reason in by_reason]


def _site_names(session: Session, site_ids: set[str]) -> list[str]:
    if not site_ids:
        return []
    return sorted(session.scalars(select(Site.name).where(Site.id.in_([uuid.UUID(s) for s in site_ids]))))


def to_csv(summary: DonorYear) -> bytes:
    """UTF-8 with BOM and ';' (a French spreadsheet opens it as is), '.' decimals for tools."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["donateur", "annee", "rubrique", "libelle", "nombre", "unites", "kg", "valeur_marchande_eur"])
    name = summary.donor.name
    for group in summary.groups:
        writer.writerow([name, summary.year, "groupe_aliments", group.label, "", group.units,
                         f"{Decimal(group.grams) / 1000:.3f}", f"{group.value:.2f}"])
    writer.writerow([name, summary.year, "total", "Total reçu", "", sum(g.units for g in summary.groups),
                     f"{Decimal(summary.grams) / 1000:.3f}", f"{summary.value:.2f}"])
    writer.writerow([name, summary.year, "ramasses", "Réceptions", summary.pickups, "", "", ""])
    for refusal in summary.refusals:
        writer.writerow([name, summary.year, "refus", refusal.reason.label, refusal.count, refusal.units,
                         f"{Decimal(refusal.grams) / 1000:.3f}", ""])
    return ("\ufeff" + buffer.getvalue()).encode()
