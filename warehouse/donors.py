"""The donors' paperwork: loi Garot conventions and the log of refused donations (décret 2020-1274).

A refusal is logged where it happens — the warehouse's intake and a site's local intake call the
same functions: the intake rules' own refusals (expired, 48 h, recalled: an IntakeRefused) and the
ones a volunteer types (broken packaging, cold chain). The refusal is written even though the line
is not: the edge rolls the line back, logs the refusal, and commits that alone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inventory.models import FoodGroup, Product, Site
from warehouse.conventions import ConventionState, convention_dates, convention_state, state_label
from warehouse.donor_enums import TYPED_REASONS, PickupFrequency, RefusalReason
from warehouse.donor_models import DonationRefusal, DonorConvention
from warehouse.intake import MAX_LINE_WEIGHT_G, MAX_UNITS_PER_CARTON, IntakeRefused
from warehouse.locations import InputError
from warehouse.models import Delivery, Donor

# --- refused donations ---------------------------------------------------------------------------

def log_refusal(session: Session, delivery: Delivery, refused: IntakeRefused, *, now: dt.datetime,
                owner_node: str, actor_id: uuid.UUID | None = None) -> DonationRefusal:
    """The intake rules refused a line: the refusal enters the donor's log (call after the rollback
    of the line; the product may have been created in the rolled-back transaction: it is then named only)."""
    product, data = refused.product, refused.data
    product_id = product.id if product is not None and session.get(Product, product.id) is not None else None
    refusal = DonationRefusal(
        donor_id=delivery.donor_id, delivery_id=delivery.id, site_id=delivery.site_id, product_id=product_id,
        product_label=(product.name if product is not None else "")[:160],
        gtin=(product.gtin or "") if product is not None else "",
        lot_code=(data.lot_code.strip() if data else "")[:60], expiry_date=data.expiry_date if data else None,
        reason=refused.reason, detail=str(refused)[:400], units=refused.units, grams=refused.grams,
        refused_at=now, actor_id=actor_id, owner_node=owner_node)
    session.add(refusal)
    session.flush()
    return refusal


@dataclass(frozen=True)
class TypedRefusal:
    """A refusal a volunteer types at intake: broken packaging, broken cold chain, another defect."""

    reason: str
    product_id: uuid.UUID | None = None
    description: str = ""  # what it was, when the product is not in the catalogue
    lot_code: str = ""
    expiry_date: dt.date | None = None
    units: int = 0
    grams: int = 0
    note: str = ""


def refuse_donation(session: Session, delivery: Delivery, typed: TypedRefusal, *, now: dt.datetime,
                    owner_node: str, actor_id: uuid.UUID | None = None) -> DonationRefusal:
    errors: dict[str, str] = {}
    reason = next((r for r in TYPED_REASONS if r.value == typed.reason), None)
    if reason is None:
        errors["reason"] = "Choisissez le motif du refus : emballage abîmé, chaîne du froid rompue ou autre défaut."
    product = session.get(Product, typed.product_id) if typed.product_id else None
    label = product.name if product is not None else " ".join(typed.description.split())
    if not label:
        errors["description"] = "Indiquez ce qui est refusé (produit, ou description)."
    if typed.units < 0 or typed.grams < 0:
        errors["quantity"] = "Une quantité refusée se saisit en positif."
    elif typed.units == 0 and typed.grams == 0:
        errors["quantity"] = "Indiquez la quantité refusée (unités ou kg)."
    elif typed.units > MAX_UNITS_PER_CARTON * 10 or typed.grams > MAX_LINE_WEIGHT_G:
        errors["quantity"] = "Quantité invraisemblable pour un refus."
    if reason is RefusalReason.OTHER and not typed.note.strip():
        errors["note"] = "Décrivez le défaut."
    if errors:
        raise InputError(errors)
    refusal = DonationRefusal(
        donor_id=delivery.donor_id, delivery_id=delivery.id, site_id=delivery.site_id,
        product_id=product.id if product else None, product_label=label[:160],
        gtin=(product.gtin or "") if product else "", lot_code=typed.lot_code.strip()[:60],
        expiry_date=typed.expiry_date, reason=reason, detail=" ".join(typed.note.split())[:400], units=typed.units,
        grams=typed.grams, refused_at=now, actor_id=actor_id, owner_node=owner_node)
    session.add(refusal)
    session.flush()
    return refusal


def refusals(session: Session, *, donor_id: uuid.UUID | None = None, start: dt.datetime | None = None,
             end: dt.datetime | None = None, site_id: uuid.UUID | None = None,
             delivery_id: uuid.UUID | None = None) -> list[DonationRefusal]:
    """Refusals, newest first, by donor, period [start, end) (UTC instants), site or delivery."""
    query = select(DonationRefusal).options(selectinload(DonationRefusal.donor)).order_by(
        DonationRefusal.refused_at.desc(), DonationRefusal.created_at.desc())
    for column, value in ((DonationRefusal.donor_id, donor_id), (DonationRefusal.site_id, site_id),
                          (DonationRefusal.delivery_id, delivery_id)):
        if value is not None:
            query = query.where(column == value)
    if start is not None:
        query = query.where(DonationRefusal.refused_at >= start)
    if end is not None:
        query = query.where(DonationRefusal.refused_at < end)
    return list(session.scalars(query))


# --- conventions ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ConventionInput:
    signed_on: dt.date | None
    starts_on: dt.date | None
    duration_months: int | None
    ends_on: dt.date | None
    goods: str
    food_groups: tuple[str, ...]
    pickup_frequency: str
    site_id: uuid.UUID | None = None
    comment: str = ""


def add_convention(session: Session, donor: Donor, data: ConventionInput, *, owner_node: str) -> DonorConvention:
    dates, errors = convention_dates(signed_on=data.signed_on, starts_on=data.starts_on,
                                     duration_months=data.duration_months, ends_on=data.ends_on)
    goods = " ".join(data.goods.split())
    if not goods:
        errors["goods"] = "Indiquez ce qui est donné (ex. produits frais, boulangerie, fruits et légumes)."
    known = set(session.scalars(select(FoodGroup.code)))
    if unknown := [code for code in data.food_groups if code not in known]:
        errors["food_groups"] = f"Groupe d'aliments inconnu : {', '.join(unknown)[:60]}."
    frequency = next((f for f in PickupFrequency if f.value == data.pickup_frequency), None)
    if frequency is None:
        errors["pickup_frequency"] = "Choisissez la fréquence des ramasses."
    if data.site_id is not None and session.get(Site, data.site_id) is None:
        errors["site"] = "Site inconnu."
    if errors or dates is None or frequency is None:
        raise InputError(errors)
    convention = DonorConvention(
        donor_id=donor.id, site_id=data.site_id, signed_on=dates.signed_on, starts_on=dates.starts_on,
        ends_on=dates.ends_on, duration_months=dates.duration_months, goods=goods[:400],
        food_groups=sorted(set(data.food_groups)), pickup_frequency=frequency, comment=data.comment.strip()[:400],
        owner_node=owner_node)
    session.add(convention)
    session.flush()
    return convention


@dataclass(frozen=True)
class ConventionView:
    convention: DonorConvention
    state: ConventionState
    label: str  # « expire dans 12 jours »

    @property
    def flagged(self) -> bool:
        return self.state in (ConventionState.EXPIRING, ConventionState.EXPIRED)


def conventions(session: Session, *, today: dt.date, warning_days: int, donor_id: uuid.UUID | None = None
                ) -> list[ConventionView]:
    """Conventions (of a donor, or all), latest end first, with their state on `today`."""
    query = (select(DonorConvention).options(selectinload(DonorConvention.donor), selectinload(DonorConvention.site))
             .order_by(DonorConvention.ends_on.desc()))
    if donor_id is not None:
        query = query.where(DonorConvention.donor_id == donor_id)
    views = []
    for row in session.scalars(query):
        state = convention_state(row.starts_on, row.ends_on, today, warning_days)
        views.append(ConventionView(row, state, state_label(state, row.ends_on, today)))
    return views


def expiring_conventions(session: Session, *, today: dt.date, warning_days: int) -> list[ConventionView]:
    """Conventions that run out within the warning days, of donors with no later convention to follow."""
    latest: dict[uuid.UUID, ConventionView] = {}
    for view in conventions(session, today=today, warning_days=warning_days):
        latest.setdefault(view.convention.donor_id, view)  # latest end first
    return [view for view in latest.values() if view.state is ConventionState.EXPIRING]
