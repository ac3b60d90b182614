"""Cold units, their temperature readings, and lots held back (quarantine) at a site.

An out-of-range reading is recorded as read (never refused: the record is the proof) and flagged;
the screen then proposes the loss or the quarantine of the lots stored in that unit. A hold moves the
lot's stock to the quarantine location, which neither the till nor dispatch picking ever takes; a
release moves it back, with a reason.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.ledger import StockError, balance_of, move_stock, record_loss
from inventory.models import Category, Product
from inventory.recalls import HOLD_LOCATION
from inventory.stock_models import LossReason, Lot, StockBalance
from shop.coldchain import MOMENTS, UNIT_KINDS, ColdChainError, ColdSettings, out_of_range
from shop.models import ColdUnit, LotHold, TemperatureReading


@dataclass(frozen=True)
class HeldStock:
    lot: Lot
    location: str
    units: int
    grams: int


def create_unit(session: Session, *, site_id: uuid.UUID, code: str, label: str, kind: str, limit_class: str,
                location: str, settings: ColdSettings, owner_node: str) -> ColdUnit:
    code = code.strip().upper()
    if not code or len(code) > 32:
        raise ColdChainError("Code de l'appareil obligatoire (32 caractères au plus).")
    if kind not in UNIT_KINDS:
        raise ColdChainError("Type d'appareil inconnu.")
    settings.limit(limit_class)  # an unknown class is refused
    if session.scalar(select(ColdUnit.id).where(ColdUnit.site_id == site_id, ColdUnit.code == code)):
        raise ColdChainError(f"L'appareil « {code} » existe déjà sur le site.")
    unit = ColdUnit(site_id=site_id, code=code, label=" ".join(label.split())[:120] or code, kind=kind,
                    limit_class=limit_class, location=location.strip()[:32] or code, owner_node=owner_node)
    session.add(unit)
    session.flush()
    return unit


def stock_in(session: Session, unit: ColdUnit) -> list[HeldStock]:
    """The lots stored in the unit (its stock location at its site)."""
    rows = session.execute(select(StockBalance).where(
        StockBalance.site_id == unit.site_id, StockBalance.location == unit.location,
        (StockBalance.units > 0) | (StockBalance.grams > 0))).scalars().all()
    return [HeldStock(session.get(Lot, row.lot_id), row.location, row.units, row.grams) for row in rows]


def _category_codes(session: Session, unit: ColdUnit) -> list[str]:
    return list(session.scalars(select(Category.code).join(Product, Product.category_id == Category.id)
                                .join(StockBalance, StockBalance.product_id == Product.id)
                                .where(StockBalance.site_id == unit.site_id, StockBalance.location == unit.location,
                                       (StockBalance.units > 0) | (StockBalance.grams > 0)).distinct()))


def record_reading(session: Session, unit: ColdUnit, *, celsius, moment: str, now: dt.datetime,
                   settings: ColdSettings, owner_node: str, actor_id: uuid.UUID | None = None) -> TemperatureReading:
    if moment not in MOMENTS:
        raise ColdChainError("Moment du relevé inconnu.")
    limit = settings.limit(unit.limit_class, _category_codes(session, unit))
    reading = TemperatureReading(unit_id=unit.id, site_id=unit.site_id, celsius=celsius, limit_celsius=limit,
                                 moment=moment, taken_at=now, out_of_range=out_of_range(celsius, limit),
                                 actor_id=actor_id, owner_node=owner_node)
    session.add(reading)
    session.flush()
    return reading


def last_readings(session: Session, site_id: uuid.UUID, limit: int = 30) -> list[TemperatureReading]:
    return list(session.scalars(select(TemperatureReading).where(TemperatureReading.site_id == site_id)
                                .order_by(TemperatureReading.taken_at.desc()).limit(limit)))


def hold_lot(session: Session, *, lot: Lot, site_id: uuid.UUID, location: str, reason: str, now: dt.datetime,
             owner_node: str, actor_id: uuid.UUID | None = None) -> LotHold:
    """Set the lot's stock at this location aside until released."""
    reason = " ".join(reason.split())[:300]
    if not reason:
        raise StockError("Indiquez pourquoi le lot est mis en quarantaine.")
    if location == HOLD_LOCATION:
        raise StockError("Ce lot est déjà en quarantaine.")
    units, grams = balance_of(session, lot.id, site_id, location)
    if units <= 0 and grams <= 0:
        raise StockError("Plus rien de ce lot à cet emplacement.")
    move_stock(session, lot=lot, site_id=site_id, from_location=location, to_location=HOLD_LOCATION, units=units,
               grams=grams, now=now, owner_node=owner_node, actor_id=actor_id)
    hold = LotHold(lot_id=lot.id, site_id=site_id, from_location=location, reason=reason, held_at=now,
                   actor_id=actor_id, owner_node=owner_node)
    session.add(hold)
    session.flush()
    return hold


def release_hold(session: Session, hold: LotHold, *, reason: str, now: dt.datetime, owner_node: str,
                 actor_id: uuid.UUID | None = None) -> LotHold:
    """Back to where it was, with the reason it may be distributed after all."""
    reason = " ".join(reason.split())[:300]
    if hold.released_at is not None:
        raise StockError("Cette quarantaine est déjà levée.")
    if not reason:
        raise StockError("Indiquez pourquoi le lot peut être remis en rayon (ex. sonde défaillante vérifiée).")
    lot = session.get(Lot, hold.lot_id)
    units, grams = balance_of(session, lot.id, hold.site_id, HOLD_LOCATION)
    if units > 0 or grams > 0:
        move_stock(session, lot=lot, site_id=hold.site_id, from_location=HOLD_LOCATION,
                   to_location=hold.from_location, units=units, grams=grams, now=now, owner_node=owner_node,
                   actor_id=actor_id)
    hold.released_at, hold.release_reason = now, reason
    session.flush()
    return hold


def lose_held(session: Session, hold: LotHold, *, now: dt.datetime, owner_node: str,
              actor_id: uuid.UUID | None = None) -> LotHold:
    """The held lot is destroyed: a cold-chain loss, and the hold is closed."""
    lot = session.get(Lot, hold.lot_id)
    units, grams = balance_of(session, lot.id, hold.site_id, HOLD_LOCATION)
    if units > 0 or grams > 0:
        record_loss(session, lot=lot, site_id=hold.site_id, location=HOLD_LOCATION, units=units, grams=grams,
                    reason=LossReason.COLD_CHAIN, now=now, owner_node=owner_node, actor_id=actor_id,
                    note=hold.reason[:200])
    hold.released_at, hold.release_reason = now, "Détruit (perte)"
    session.flush()
    return hold


def open_holds(session: Session, site_id: uuid.UUID) -> list[LotHold]:
    return list(session.scalars(select(LotHold).where(LotHold.site_id == site_id, LotHold.released_at.is_(None))
                                .order_by(LotHold.held_at)))

