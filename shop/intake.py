"""Local intake at a site: a ramasse at the village supermarket or a local collecte, received on the
site node, offline. The warehouse's intake does the work (warehouse.intake: GS1 reading, expiry and
48 h rules, recalls, the lot, the INTAKE movement, the line; refusals logged by warehouse.donors):
only where the goods go differs — the site's shelves, fridges and freezers, not storage locations.

The delivery, its lines, lots, movements and refusals are the node's rows: they go up to central by
sync, where they count in the donor's attestations and yearly summary.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.enums import DateKind, StorageClass
from inventory.recalls import HOLD_LOCATION, QUARANTINE_LOCATION
from inventory.stock_models import LotSource
from warehouse.conventions import convention_state, state_label
from warehouse.donor_models import DonorConvention
from warehouse.intake import IntakeInput, open_delivery
from warehouse.locations import InputError
from warehouse.models import Delivery, Donor

# What a site receives itself; FSE+, national flows and purchases come through the warehouse.
LOCAL_SOURCES = (LotSource.RAMASSE, LotSource.COLLECTE, LotSource.AGRICULTURAL, LotSource.OTHER_DONATION)
RESERVED_LOCATIONS = (HOLD_LOCATION, QUARANTINE_LOCATION)
MAX_LOCATION = 32


def shelf_location(_session: Session, _site_id: uuid.UUID, code: str, _storage_class: StorageClass) -> str:
    """Where goods go at a site: the shelves (empty code) or a place of its own (FRIGO, CONGEL…);
    never the places kept for lots on hold or recalled."""
    code = " ".join(code.split()).upper()
    if len(code) > MAX_LOCATION:
        raise InputError({"location": f"Emplacement trop long : {MAX_LOCATION} caractères au plus."})
    if code in RESERVED_LOCATIONS:
        raise InputError({"location": f"L'emplacement {code} est réservé aux lots bloqués : choisissez le rayon, "
                                      "le frigo ou le congélateur."})
    return code


def open_local_intake(session: Session, *, site_id: uuid.UUID, source: str, donor_id: uuid.UUID | None,
                      now: dt.datetime, owner_node: str, delivery_note: str = "",
                      actor_id: uuid.UUID | None = None) -> Delivery:
    chosen = next((s for s in LOCAL_SOURCES if s.value == source), None)
    if chosen is None:
        raise InputError({"source": "Choisissez la provenance : ramasse, collecte, don agricole ou autre don."})
    if donor_id is not None and session.get(Donor, donor_id) is None:
        raise InputError({"donor": "Donateur inconnu : choisissez-le dans la liste."})
    return open_delivery(session, site_id=site_id, source=chosen, now=now, owner_node=owner_node, donor_id=donor_id,
                         delivery_note=delivery_note, actor_id=actor_id,
                         # 48 bits of the site's id: apart from every other site's, within the key's 140 characters
                         note_scope=f"{site_id.hex[:12]}:")


def local_intakes(session: Session, site_id: uuid.UUID, limit: int = 20) -> list[Delivery]:
    return list(session.scalars(select(Delivery).where(Delivery.site_id == site_id)
                                .order_by(Delivery.received_at.desc()).limit(limit)))


@dataclass(frozen=True)
class LocalLine:
    """What a volunteer types for one product of a local intake: a count, a weight (typed or read on
    the scale), the lot and date read on the label."""

    product_id: uuid.UUID
    units: int | None
    grams: int | None
    lot_code: str = ""
    expiry_date: dt.date | None = None
    date_kind: DateKind | None = None  # None: the product's
    location: str = ""
    scanned_code: str = ""
    short_shelf_life_override: bool = False
    unit_value: Decimal | None = None  # the store's cost price, when its note gives it (attestations)

    def intake_input(self) -> IntakeInput:
        """One line of the warehouse's intake: one « carton » holding what was counted and weighed."""
        return IntakeInput(product_id=self.product_id, cartons=1, location=self.location, lot_code=self.lot_code,
                           expiry_date=self.expiry_date, date_kind=self.date_kind,
                           units_per_carton=1 if self.units is None else self.units,
                           carton_weight_g=self.grams, unit_value=self.unit_value, scanned_code=self.scanned_code,
                           short_shelf_life_override=self.short_shelf_life_override)


def convention_note(session: Session, donor: Donor | None, site_id: uuid.UUID, today: dt.date,
                    warning_days: int) -> str:
    """The Garot convention with this donor for this site (or the network's), as the intake shows it."""
    if donor is None:
        return ""
    rows = session.scalars(select(DonorConvention).where(
        DonorConvention.donor_id == donor.id,
        (DonorConvention.site_id == site_id) | DonorConvention.site_id.is_(None))
        .order_by(DonorConvention.ends_on.desc())).all()
    for row in rows:
        if row.starts_on <= today:
            state = convention_state(row.starts_on, row.ends_on, today, warning_days)
            return f"Convention de don : {state_label(state, row.ends_on, today)}."
    return "Aucune convention de don en cours avec ce donateur : signalez-le à la coordination."
