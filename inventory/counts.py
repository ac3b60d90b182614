"""Stock counts: list what the books say, note what is on the shelf, post the variances.

Variances are taken against the balance at closing time (goods may move during a long count), and
posted as COUNT_ADJUSTMENT movements: the books are corrected by new rows, never edited. Closing a
count resolves the open discrepancies (sales beyond recorded stock) of the products it covered.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from inventory.ledger import StockError, balance_of, record_movement
from inventory.stock_models import (
    Lot,
    MovementKind,
    StockBalance,
    StockCount,
    StockCountLine,
    StockDiscrepancy,
    StockMovement,
)


def open_count(session: Session, *, site_id: uuid.UUID, now: dt.datetime, owner_node: str,
               location: str = "", actor_id: uuid.UUID | None = None) -> StockCount:
    """A count of one location (or of the whole site when `location` is empty), lines pre-filled."""
    count = StockCount(site_id=site_id, location=location, started_at=now, actor_id=actor_id,
                       owner_node=owner_node)
    query = select(StockBalance.lot_id, StockBalance.location, StockBalance.units, StockBalance.grams).where(
        StockBalance.site_id == site_id, or_(StockBalance.units != 0, StockBalance.grams != 0))
    if location:
        query = query.where(StockBalance.location == location)
    for balance in session.execute(query.order_by(StockBalance.location, StockBalance.expiry_date)):
        count.lines.append(StockCountLine(lot_id=balance.lot_id, location=balance.location,
                                          expected_units=balance.units, expected_grams=balance.grams,
                                          owner_node=owner_node))
    session.add(count)
    session.flush()
    return count


def add_found_lot(session: Session, count: StockCount, lot: Lot, location: str) -> StockCountLine:
    """A lot found on the shelf that the books did not expect there."""
    _check_open(count)
    line = StockCountLine(lot_id=lot.id, location=location, owner_node=count.owner_node)
    count.lines.append(line)
    session.flush()
    return line


def record_counted(count: StockCount, line_id: uuid.UUID, *, units: int, grams: int) -> StockCountLine:
    _check_open(count)
    if units < 0 or grams < 0:
        raise StockError("Une quantité comptée ne peut pas être négative.")
    line = next((line for line in count.lines if line.id == line_id), None)
    if line is None:
        raise StockError("Ligne d'inventaire inconnue.")
    line.counted_units, line.counted_grams = units, grams
    return line


def close_count(session: Session, count: StockCount, *, now: dt.datetime,
                actor_id: uuid.UUID | None = None) -> list[StockMovement]:
    """Post one adjustment per counted line that differs; uncounted lines are left as they are."""
    _check_open(count)
    adjustments = []
    for line in count.lines:
        if line.counted_units is None:
            continue
        units, grams = balance_of(session, line.lot_id, count.site_id, line.location)
        line.variance_units = line.counted_units - units
        line.variance_grams = (line.counted_grams or 0) - grams
        if line.variance_units or line.variance_grams:
            adjustments.append(record_movement(
                session, kind=MovementKind.COUNT_ADJUSTMENT, lot=session.get(Lot, line.lot_id),
                site_id=count.site_id, location=line.location, units=line.variance_units,
                grams=line.variance_grams, now=now, owner_node=count.owner_node, actor_id=actor_id,
                reference=f"count:{count.id}"))
    count.closed_at = now
    _resolve_discrepancies(session, count, now)
    session.flush()
    return adjustments


def _resolve_discrepancies(session: Session, count: StockCount, now: dt.datetime) -> None:
    product_ids = {session.get(Lot, line.lot_id).product_id for line in count.lines
                   if line.counted_units is not None}
    if not product_ids:
        return
    open_ones = session.scalars(select(StockDiscrepancy).where(
        StockDiscrepancy.site_id == count.site_id, StockDiscrepancy.resolved_at.is_(None),
        StockDiscrepancy.product_id.in_(product_ids)))
    for discrepancy in open_ones:
        discrepancy.resolved_at = now
        discrepancy.resolved_by_count_id = count.id


def _check_open(count: StockCount) -> None:
    if count.closed_at is not None:
        raise StockError("Cet inventaire est clôturé : ouvrez-en un nouveau.")


def open_discrepancies(session: Session, site_id: uuid.UUID) -> list[StockDiscrepancy]:
    return list(session.scalars(select(StockDiscrepancy).where(
        StockDiscrepancy.site_id == site_id, StockDiscrepancy.resolved_at.is_(None))
        .order_by(StockDiscrepancy.occurred_at)))
