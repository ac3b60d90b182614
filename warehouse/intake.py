"""Intake: a delivery is opened (source, donor, delivery note), then cartons are scanned into it.

Each intake line is one transaction: the lot (found or created), the INTAKE movement, the balance
and the line — or nothing when a rule refuses it (expired, less than 48 h for a DLC donation,
recalled lot, wrong location, absurd quantity). A refusal of the goods themselves (expired, 48 h,
recalled) is an IntakeRefused, which the edge logs for the donor (warehouse.donors.log_refusal).
The same function takes a site's local intake (a ramasse at the village supermarket): only the rule
of where the goods may go differs (the warehouse's storage locations, or the site's shelves).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session, joinedload, make_transient_to_detached

from gers.changes import note_inserted
from gers.clock import utcnow
from inventory.barcodes import FURTHEST_PLAUSIBLE_YEARS, ScannedCode
from inventory.enums import DateKind, SoldBy, StorageClass
from inventory.expiry import ExpirySettings, intake_refusal, is_distributable, paris_today
from inventory.gtin import InvalidGtin, validate_gtin
from inventory.ledger import record_movement
from inventory.models import Category, Product
from inventory.recalls import recall_for
from inventory.stock_models import Lot, LotSource, MovementKind
from warehouse.donor_enums import RefusalReason
from warehouse.locations import InputError, check_location
from warehouse.models import Delivery, Donor, IntakeLine

MAX_CARTONS = 2000
MAX_LINE_WEIGHT_G = 5_000_000  # a full truck is about 5 t: more on one line is a typing error
MAX_UNITS_PER_CARTON = 10_000


@dataclass(frozen=True)
class IntakeInput:
    product_id: uuid.UUID
    cartons: int
    location: str
    lot_code: str = ""
    expiry_date: dt.date | None = None
    date_kind: DateKind | None = None  # None: the product's
    units_per_carton: int = 1
    carton_weight_g: int | None = None  # None: units × the product's net weight
    unit_value: Decimal | None = None  # the donor's declared cost price; None: not declared
    scanned_code: str = ""
    short_shelf_life_override: bool = False


class IntakeRefused(InputError):
    """The goods themselves are refused (not a typing error): what was refused, for the donor's log."""

    def __init__(self, errors: dict[str, str], reason: RefusalReason) -> None:
        super().__init__(errors)
        self.reason = reason
        self.product: Product | None = None
        self.data: IntakeInput | None = None
        self.units = self.grams = 0

    def about(self, product: Product, data: IntakeInput, units: int, grams: int) -> IntakeRefused:
        self.product, self.data, self.units, self.grams = product, data, units, grams
        return self


# Where goods of a storage class may go at a site: the location code kept, or a French InputError.
LocationRule = Callable[[Session, uuid.UUID, str, StorageClass], str]


def note_key(source: LotSource, donor_id: uuid.UUID | None, delivery_note: str, scope: str = "") -> str | None:
    note = "".join(delivery_note.split()).upper()
    return f"{scope}{source.value}:{donor_id or '-'}:{note}" if note else None


def open_delivery(session: Session, *, site_id: uuid.UUID, source: LotSource, now: dt.datetime,
                  owner_node: str, donor_id: uuid.UUID | None = None, delivery_note: str = "",
                  actor_id: uuid.UUID | None = None, comment: str = "", note_scope: str = "") -> Delivery:
    """`note_scope` keeps a site's delivery notes apart: a site node sees only its own deliveries, and
    two sites' notes must never collide at central (the unique key would refuse the node's push)."""
    if source is LotSource.RAMASSE and donor_id is None:
        raise InputError({"donor": "Une ramasse vient d'un magasin : choisissez le donateur."})
    key = note_key(source, donor_id, delivery_note, note_scope)
    if key and (earlier := session.scalar(select(Delivery).where(Delivery.note_key == key))):
        raise InputError({"delivery_note": (
            f"Le bon de livraison « {delivery_note.strip()} » est déjà enregistré (réception du "
            f"{earlier.received_at:%d/%m/%Y}).")})
    delivery = Delivery(site_id=site_id, source=source, donor_id=donor_id, delivery_note=delivery_note.strip(),
                        note_key=key, received_at=now, received_by_id=actor_id, comment=comment.strip(),
                        owner_node=owner_node)
    session.add(delivery)
    session.flush()
    return delivery


def close_delivery(delivery: Delivery, now: dt.datetime) -> None:
    delivery.closed_at = now


# Statements of the scan path are built once (bound parameters): building a select per scan costs
# more than running it. The product comes with its category, whose shelf life intake reads next.
_INSERT_LINE = insert(IntakeLine.__table__)
_PRODUCT_BY_GTIN = select(Product).where(Product.gtin == bindparam("gtin")).options(joinedload(Product.category))
_LOT_IN_DELIVERY = {
    dated: select(Lot).where(
        Lot.product_id == bindparam("product_id"), Lot.lot_code == bindparam("lot_code"),
        Lot.date_kind == bindparam("date_kind"),
        Lot.expiry_date == bindparam("expiry_date") if dated else Lot.expiry_date.is_(None),
        # Lots of this product and code first (ix_lot_product_code), then: received in this delivery?
        select(IntakeLine.id).where(IntakeLine.lot_id == Lot.id,
                                    IntakeLine.delivery_id == bindparam("delivery_id")).exists()).limit(1)
    for dated in (True, False)}


def find_product(session: Session, code: ScannedCode) -> Product | None:
    """The product a scan designates: its GTIN, else the consumer unit of a carton GTIN-14."""
    for gtin in (code.gtin, code.base_gtin):
        if gtin and (product := session.scalar(_PRODUCT_BY_GTIN, {"gtin": gtin})):
            return product
    return None


def create_product(session: Session, *, name: str, category_id: uuid.UUID | None, owner_node: str,
                   gtin: str = "", sold_by: SoldBy = SoldBy.PIECE, net_weight_g: int = 0,
                   market_price: Decimal = Decimal("0")) -> Product:
    """Unknown GTIN at intake: the product is created on the spot, with its category's defaults."""
    errors = {}
    category = session.get(Category, category_id) if category_id else None
    if not name.strip():
        errors["name"] = "Indiquez le nom du produit."
    if category is None:
        errors["category"] = "Choisissez la catégorie du produit."
    if gtin:
        try:
            validate_gtin(gtin)
        except InvalidGtin as exc:
            errors["gtin"] = str(exc)
        else:
            if session.scalar(select(Product.id).where(Product.gtin == gtin)):
                errors["gtin"] = f"Le GTIN {gtin} est déjà au catalogue."
    if net_weight_g < 0 or market_price < 0:
        errors["net_weight_g"] = "Poids et valeur ne peuvent pas être négatifs."
    if errors:
        raise InputError(errors)
    product = Product(gtin=gtin or None, name=" ".join(name.split()), category=category, sold_by=sold_by,
                      market_price=market_price, net_weight_g=net_weight_g,
                      storage_class=category.storage_class, date_kind=category.date_kind, owner_node=owner_node)
    session.add(product)
    session.flush()
    return product


def record_intake(session: Session, delivery: Delivery, data: IntakeInput, *, now: dt.datetime,
                  owner_node: str, settings: ExpirySettings, actor_id: uuid.UUID | None = None,
                  location_rule: LocationRule = check_location) -> IntakeLine:
    if delivery.closed_at is not None:
        raise InputError({"delivery": "Cette réception est close : ouvrez-en une nouvelle."})
    product = session.get(Product, data.product_id)
    if product is None:
        raise InputError({"product": "Produit inconnu : scannez ou choisissez un produit."})
    date_kind = data.date_kind or product.date_kind
    if data.unit_value is not None and data.unit_value < 0:
        raise InputError({"unit_value": "Valeur négative : indiquez la valeur déclarée par le donateur."})
    units, grams = _quantities(product, data)
    location = location_rule(session, delivery.site_id, data.location, product.storage_class)
    try:
        _check_dates(product, date_kind, data, delivery, now, settings)
        _check_not_recalled(session, product, data)
    except IntakeRefused as refused:
        raise refused.about(product, data, units, grams) from None
    lot = _lot_for(session, delivery, product, data, date_kind, units, grams, owner_node)
    movement = record_movement(session, kind=MovementKind.INTAKE, lot=lot, site_id=delivery.site_id,
                               location=location, units=units, grams=grams, now=now, owner_node=owner_node,
                               actor_id=actor_id, reference=f"delivery:{delivery.id}")
    # One INSERT on the connection, the object attached as persistent: the scan path is the hottest
    # write of the warehouse and skips the unit of work (every row it names exists already).
    written = utcnow()
    values = dict(id=uuid.uuid4(), delivery_id=delivery.id, lot_id=lot.id, product_id=product.id,
                  cartons=data.cartons, units=units, grams=grams, location=location,
                  unit_value=data.unit_value,
                  scanned_code=data.scanned_code[:200], short_shelf_life_override=data.short_shelf_life_override,
                  movement_id=movement.id, owner_node=owner_node, created_at=written, updated_at=written)
    session.connection().execute(_INSERT_LINE, values)
    note_inserted(session, IntakeLine.__table__, [values])
    line = IntakeLine(**values)
    make_transient_to_detached(line)
    session.add(line)
    return line


def _quantities(product: Product, data: IntakeInput) -> tuple[int, int]:
    errors = {}
    if not 1 <= data.cartons <= MAX_CARTONS:
        errors["cartons"] = f"Nombre de colis : entre 1 et {MAX_CARTONS}."
    by_weight = product.sold_by is SoldBy.WEIGHT
    if not by_weight and not 1 <= data.units_per_carton <= MAX_UNITS_PER_CARTON:
        errors["units_per_carton"] = "Unités par colis : au moins 1 (un colis n'est jamais vide)."
    carton_g = data.carton_weight_g
    if carton_g is None:
        carton_g = 0 if by_weight else data.units_per_carton * product.net_weight_g
    if carton_g <= 0 and (by_weight or data.carton_weight_g is not None):
        errors["carton_weight_g"] = "Poids nul ou négatif : pesez le colis."
    elif carton_g * max(data.cartons, 1) > MAX_LINE_WEIGHT_G:
        errors["carton_weight_g"] = (f"Poids invraisemblable : {carton_g * data.cartons / 1000:,.0f} kg sur "
                                     f"une seule ligne.").replace(",", " ")
    if errors:
        raise InputError(errors)
    units = 0 if by_weight else data.cartons * data.units_per_carton
    return units, data.cartons * carton_g


def _check_dates(product: Product, date_kind: DateKind, data: IntakeInput, delivery: Delivery,
                 now: dt.datetime, settings: ExpirySettings) -> None:
    if date_kind is DateKind.NONE:
        return
    if data.expiry_date is None:
        raise InputError({"expiry_date": f"Date ({date_kind.value}) obligatoire pour ce produit."})
    if data.expiry_date.year > now.year + FURTHEST_PLAUSIBLE_YEARS:
        raise InputError({"expiry_date": f"Date invraisemblable : {data.expiry_date:%d/%m/%Y}."})
    grace = settings.grace_months(product.category.shelf_life, product.category.code)
    refusal = intake_refusal(date_kind, data.expiry_date, grace, now=now, is_donation=delivery.source.is_donation,
                             min_hours=settings.donation_min_hours, override=data.short_shelf_life_override)
    if refusal:
        expired = not is_distributable(date_kind, data.expiry_date, grace, paris_today(now))
        raise IntakeRefused({"expiry_date": refusal},
                            RefusalReason.EXPIRED if expired else RefusalReason.SHORT_SHELF_LIFE)


def _check_not_recalled(session: Session, product: Product, data: IntakeInput) -> None:
    if recall := recall_for(session, product, data.lot_code, data.expiry_date):
        reference = f" (fiche {recall.reference})" if recall.reference else ""
        raise IntakeRefused({"lot_code": f"Lot rappelé{reference} : refusez-le, il ne doit pas entrer en stock."},
                            RefusalReason.RECALLED)


def _lot_for(session: Session, delivery: Delivery, product: Product, data: IntakeInput, date_kind: DateKind,
             units: int, grams: int, owner_node: str) -> Lot:
    """Cartons of the same lot in the same delivery share one Lot row."""
    lot_code = data.lot_code.strip()
    expiry = None if date_kind is DateKind.NONE else data.expiry_date
    existing = session.scalar(_LOT_IN_DELIVERY[expiry is not None], {
        "product_id": product.id, "lot_code": lot_code, "date_kind": date_kind, "expiry_date": expiry,
        "delivery_id": delivery.id})
    if existing is not None:
        return existing
    unit_weight = grams // units if units else 0
    lot = Lot(id=uuid.uuid4(), product=product, lot_code=lot_code, date_kind=date_kind, expiry_date=expiry,
              source=delivery.source, received_at=delivery.received_at, received_site_id=delivery.site_id,
              unit_weight_g=unit_weight, owner_node=owner_node)
    session.add(lot)
    return lot


def deliveries(session: Session, site_id: uuid.UUID, limit: int = 30) -> list[Delivery]:
    return list(session.scalars(select(Delivery).where(Delivery.site_id == site_id)
                                .order_by(Delivery.received_at.desc()).limit(limit)))


def donor_label(donor: Donor | None) -> str:
    return donor.name if donor else "—"
