"""Recalls: a GTIN and some (or all) of its lots are blocked everywhere — FEFO, the till, dispatches.

Central records the recall and marks the matching lots (`lot.recall_id`); both rows reach the sites
by sync, so a site's till refuses the lot even when it is offline afterwards. A lot received after
the recall is refused at intake (`recall_for`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from inventory.barcodes import canonical_gtin
from inventory.gtin import InvalidGtin, validate_gtin
from inventory.ledger import StockError
from inventory.models import Product
from inventory.stock_models import Lot, Recall, RecallItem

# Where a site puts goods that arrive already recalled: stock there is never picked nor sold.
QUARANTINE_LOCATION = "RAPPEL"
# Where a site puts lots it holds back (cold-chain doubt, damaged packs) until it releases them with a
# reason: like RAPPEL, never picked, sold nor dispatched.
HOLD_LOCATION = "QUARANTAINE"
BLOCKED_LOCATIONS = frozenset({QUARANTINE_LOCATION, HOLD_LOCATION})

_LOT_PREFIX = re.compile(r"^(N°|NO\.?|NUM(ERO|ÉRO)?\.?)?\s*(LOTS?|L\.)?\s*(N°|NO\.?)?\s*[:#]?\s*", re.I)


@dataclass(frozen=True)
class RecallTarget:
    gtin: str
    lot_code: str | None = None  # None: every lot
    expiry_date: dt.date | None = None


def normalise_lot_code(code: str) -> str:
    """"Lot : 091k", "LOT 091K" and "091K" are the same lot for a recall."""
    stripped = _LOT_PREFIX.sub("", code.strip().upper())
    return re.sub(r"\s+", "", stripped)


def item_matches(item, lot: Lot) -> bool:
    """A lot code, when given, decides alone (dates on notices vary); else a date; else every lot.

    `item` is a RecallTarget, a RecallItem or any row with `lot_code` and `expiry_date`.
    """
    if item.lot_code:
        return normalise_lot_code(item.lot_code) == normalise_lot_code(lot.lot_code)
    if item.expiry_date:
        return lot.expiry_date == item.expiry_date
    return True


def record_recall(session: Session, *, title: str, targets: Sequence[RecallTarget], now: dt.datetime,
                  owner_node: str, reference: str = "", reason: str = "", origin: str = "manual",
                  published_on: dt.date | None = None) -> tuple[Recall, list[Lot]]:
    """Record a recall and block the lots it names; returns the recall and the lots newly blocked."""
    if not title.strip():
        raise StockError("Indiquez le produit rappelé (libellé).")
    if not targets:
        raise StockError("Indiquez au moins un GTIN rappelé.")
    items = [RecallItem(gtin=_checked_gtin(t.gtin), lot_code=(t.lot_code or None), expiry_date=t.expiry_date,
                        owner_node=owner_node) for t in targets]
    recall = Recall(reference=reference.strip(), title=title.strip()[:200], reason=reason.strip()[:400],
                    origin=origin, published_on=published_on, recorded_at=now, owner_node=owner_node,
                    items=items)
    session.add(recall)
    session.flush()
    return recall, apply_recall(session, recall)


def _checked_gtin(gtin: str) -> str:
    try:
        return canonical_gtin(validate_gtin(gtin))
    except InvalidGtin as exc:
        raise StockError(str(exc)) from exc


def apply_recall(session: Session, recall: Recall) -> list[Lot]:
    blocked = []
    for lot in matching_lots(session, recall.items):
        if lot.recall_id is None:
            lot.recall_id = recall.id
            blocked.append(lot)
    session.flush()
    return blocked


def matching_lots(session: Session, items: Iterable[RecallTarget | RecallItem]) -> list[Lot]:
    items = list(items)
    gtins = {canonical_gtin(item.gtin) for item in items}
    lots = session.scalars(select(Lot).join(Product, Product.id == Lot.product_id)
                           .where(Product.gtin.in_(gtins))).all()
    return [lot for lot in lots if any(canonical_gtin(item.gtin) == lot.product.gtin and item_matches(item, lot)
                                       for item in items)]


_ITEMS, _RECALLS = RecallItem.__table__, Recall.__table__
_ACTIVE_ITEMS_BY_GTIN = (select(_ITEMS.c.recall_id, _ITEMS.c.lot_code, _ITEMS.c.expiry_date)
                         .select_from(_ITEMS.join(_RECALLS, _RECALLS.c.id == _ITEMS.c.recall_id))
                         .where(_ITEMS.c.gtin == bindparam("gtin"), _RECALLS.c.lifted_at.is_(None)))


def recall_for(session: Session, product: Product, lot_code: str,
               expiry_date: dt.date | None) -> Recall | None:
    """The active recall that covers a lot about to be received, if any."""
    if not product.gtin:
        return None
    rows = session.execute(_ACTIVE_ITEMS_BY_GTIN, {"gtin": product.gtin}).all()
    probe = Lot(lot_code=lot_code, expiry_date=expiry_date)
    match = next((row for row in rows if item_matches(row, probe)), None)
    return session.get(Recall, match.recall_id) if match else None


def lift_recall(session: Session, recall: Recall, now: dt.datetime) -> int:
    """End of a recall (withdrawn notice): its lots are released. Returns how many."""
    recall.lifted_at = now
    lots = session.scalars(select(Lot).where(Lot.recall_id == recall.id)).all()
    for lot in lots:
        lot.recall_id = None
    session.flush()
    return len(lots)
