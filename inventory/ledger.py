"""The stock ledger: append-only movements, and the balance per lot/site/location kept in step with them.

Every change of stock goes through `record_movement`, which inserts the movement and bumps the
balance row in the same transaction (an INSERT … ON CONFLICT DO UPDATE, atomic on SQLite and
PostgreSQL). Services flush; the edge commits. Quantities are signed integer units and grams.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import Connection, Date, Uuid, bindparam, delete, func, insert, select, text
from sqlalchemy.orm import Session, make_transient_to_detached

from gers.changes import note_inserted
from gers.clock import utcnow
from inventory.stock_models import (
    LossReason,
    Lot,
    MovementKind,
    StockBalance,
    StockMovement,
)

# Direction each kind may take: +1 in, -1 out, 0 either (adjustments, location moves).
DIRECTIONS = {
    MovementKind.INTAKE: 1, MovementKind.RECEIPT: 1, MovementKind.RETURN: 1,
    MovementKind.DISPATCH_OUT: -1, MovementKind.SALE: -1, MovementKind.LOSS: -1,
    MovementKind.COUNT_ADJUSTMENT: 0, MovementKind.MOVE: 0,
}


class StockError(ValueError):
    """A stock operation that cannot be done; the message is French and reaches the screen as is."""


class InsufficientStock(StockError):
    pass


def record_movement(session: Session, *, kind: MovementKind, site_id: uuid.UUID, now: dt.datetime,
                    owner_node: str, lot: Lot | None = None, product_id: uuid.UUID | None = None,
                    location: str = "", units: int = 0, grams: int = 0, reference: str = "",
                    loss_reason: LossReason | None = None, actor_id: uuid.UUID | None = None,
                    note: str = "", allow_negative: bool = False,
                    movement_id: uuid.UUID | None = None,
                    journal_entry_id: uuid.UUID | None = None) -> StockMovement:
    """Append one signed movement; refuse a wrong sign, a zero quantity or (unless allowed) a negative stock.

    `movement_id` is for replays that must keep a known id (the demo, a sync import); else a new one.
    """
    _check_direction(kind, units, grams)
    if lot is None and product_id is None:
        raise ValueError("a movement names a lot or at least a product")
    if lot is not None and (lot.id is None or lot in session.new):
        session.flush()  # the lot row first: without relationships the flush does not order by FK
    if lot is not None and not allow_negative:
        _check_available(session, lot, site_id, location, units, grams)
    row = dict(id=movement_id or uuid.uuid4(), kind=kind, lot_id=lot.id if lot else None,
               product_id=lot.product_id if lot else product_id, site_id=site_id, location=location, units=units,
               grams=grams, occurred_at=now, loss_reason=loss_reason, reference=reference, actor_id=actor_id,
               note=note, owner_node=owner_node, created_at=utcnow(), journal_entry_id=journal_entry_id)
    # Written at once on the session's connection (the ledger row exists before anything points to it,
    # and the scan path skips a unit-of-work flush); the object returned is attached as persistent.
    connection = session.connection()
    connection.execute(_INSERT_MOVEMENT, row)
    note_inserted(session, StockMovement.__table__, [row])
    if lot is not None:
        _bump_balance(connection, lot, site_id, location, units, grams)
    movement = StockMovement(**row)
    make_transient_to_detached(movement)
    session.add(movement)
    return movement


def _check_direction(kind: MovementKind, units: int, grams: int) -> None:
    if units == 0 and grams == 0:
        raise StockError("Quantité nulle : indiquez un nombre d'unités ou un poids.")
    direction = DIRECTIONS[kind]
    if direction and (units * direction < 0 or grams * direction < 0):
        raise ValueError(f"{kind.value} movements go {'in' if direction > 0 else 'out'}")


def balance_of(session: Session, lot_id: uuid.UUID, site_id: uuid.UUID, location: str) -> tuple[int, int]:
    row = session.execute(select(StockBalance.units, StockBalance.grams).where(
        StockBalance.lot_id == lot_id, StockBalance.site_id == site_id,
        StockBalance.location == location)).first()
    return (row.units, row.grams) if row else (0, 0)


def _check_available(session: Session, lot: Lot, site_id: uuid.UUID, location: str, units: int,
                     grams: int) -> None:
    if units >= 0 and grams >= 0:
        return
    have_units, have_grams = balance_of(session, lot.id, site_id, location)
    if have_units + units < 0 or have_grams + grams < 0:
        where = f" à l'emplacement {location}" if location else ""
        raise InsufficientStock(
            f"Stock insuffisant pour le lot « {lot.lot_code or 'sans numéro'} »{where} : "
            f"{have_units} unité(s) / {have_grams} g disponibles.")


_INSERT_MOVEMENT = insert(StockMovement.__table__)
# One statement, compiled once, atomic on both backends (SQLite ≥ 3.24 and PostgreSQL share the syntax).
_BUMP = text(
    "INSERT INTO stock_balance (lot_id, site_id, location, product_id, expiry_date, units, grams) "
    "VALUES (:lot_id, :site_id, :location, :product_id, :expiry_date, :units, :grams) "
    "ON CONFLICT (lot_id, site_id, location) DO UPDATE SET units = stock_balance.units + excluded.units, "
    "grams = stock_balance.grams + excluded.grams"
).bindparams(bindparam("lot_id", type_=Uuid()), bindparam("site_id", type_=Uuid()),
             bindparam("product_id", type_=Uuid()), bindparam("expiry_date", type_=Date()))


def _bump_balance(connection: Connection, lot: Lot, site_id: uuid.UUID, location: str, units: int,
                  grams: int) -> None:
    connection.execute(_BUMP, {"lot_id": lot.id, "site_id": site_id, "location": location,
                            "product_id": lot.product_id, "expiry_date": lot.expiry_date, "units": units,
                            "grams": grams})


def move_stock(session: Session, *, lot: Lot, site_id: uuid.UUID, from_location: str, to_location: str,
               units: int, grams: int, now: dt.datetime, owner_node: str,
               actor_id: uuid.UUID | None = None) -> tuple[StockMovement, StockMovement]:
    """Change of location inside a site: a pair of MOVE rows (out of one, into the other)."""
    if from_location == to_location:
        raise StockError("L'emplacement de destination est le même que l'emplacement d'origine.")
    common = dict(kind=MovementKind.MOVE, lot=lot, site_id=site_id, now=now, owner_node=owner_node,
                  actor_id=actor_id, reference=f"move:{uuid.uuid4()}")
    out = record_movement(session, location=from_location, units=-units, grams=-grams, **common)
    into = record_movement(session, location=to_location, units=units, grams=grams, **common)
    return out, into


def record_loss(session: Session, *, lot: Lot, site_id: uuid.UUID, location: str, units: int, grams: int,
                reason: LossReason, now: dt.datetime, owner_node: str, actor_id: uuid.UUID | None = None,
                note: str = "") -> StockMovement:
    """Breakage, expiry, cold-chain break, recall: positive quantities leave the stock."""
    if units < 0 or grams < 0:
        raise StockError("Une perte se saisit en quantités positives.")
    return record_movement(session, kind=MovementKind.LOSS, lot=lot, site_id=site_id, location=location,
                           units=-units, grams=-grams, loss_reason=reason, now=now, owner_node=owner_node,
                           actor_id=actor_id, note=note)


def add_imported_movements(session: Session, movements: Iterable[dict]) -> None:
    """Balances after movements written elsewhere arrive by sync (only the ones new here: a movement
    applied twice would count twice)."""
    totals: dict[tuple, list[int]] = {}
    for movement in movements:
        if movement["lot_id"] is not None:
            key = (movement["lot_id"], movement["site_id"], movement["location"])
            total = totals.setdefault(key, [0, 0])
            total[0] += movement["units"]
            total[1] += movement["grams"]
    if not totals:
        return
    lot_ids = list({key[0] for key in totals})
    lots = {}
    for start in range(0, len(lot_ids), 500):
        lots.update({row.id: row for row in session.execute(
            select(Lot.id, Lot.product_id, Lot.expiry_date).where(Lot.id.in_(lot_ids[start:start + 500])))})
    session.connection().execute(_BUMP, [
        {"lot_id": lot_id, "site_id": site_id, "location": location, "product_id": lots[lot_id].product_id,
         "expiry_date": lots[lot_id].expiry_date, "units": units, "grams": grams}
        for (lot_id, site_id, location), (units, grams) in totals.items()])


def rebuild_balances(session: Session, site_ids: Iterable[uuid.UUID] | None = None) -> int:
    """Recompute balances from the ledger (after the sync inserted movements); returns the row count."""
    sites = list(site_ids) if site_ids is not None else None
    wipe = delete(StockBalance)
    totals = (select(StockMovement.lot_id, StockMovement.site_id, StockMovement.location,
                     Lot.product_id, Lot.expiry_date, func.sum(StockMovement.units).label("units"),
                     func.sum(StockMovement.grams).label("grams"))
              .join(Lot, Lot.id == StockMovement.lot_id)
              .group_by(StockMovement.lot_id, StockMovement.site_id, StockMovement.location,
                        Lot.product_id, Lot.expiry_date))
    if sites is not None:
        wipe = wipe.where(StockBalance.site_id.in_(sites))
        totals = totals.where(StockMovement.site_id.in_(sites))
    session.flush()
    session.execute(wipe)
    rows = [dict(row._mapping) for row in session.execute(totals)]
    if rows:
        session.execute(StockBalance.__table__.insert(), rows)
    return len(rows)
