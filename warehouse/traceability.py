"""Where every kilo of a lot went: received, still at the warehouse, in transit, at each site (received,
sold, lost, on the shelf). Read from the ledger, which central holds for every node after the sync.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from inventory.models import Site
from inventory.stock_models import Lot, MovementKind, Recall, StockMovement
from warehouse.models import Dispatch, DispatchLine, DispatchStatus, IntakeLine


@dataclass
class Quantity:
    units: int = 0
    grams: int = 0

    def add(self, units: int, grams: int) -> None:
        self.units += units
        self.grams += grams


@dataclass
class SiteTrace:
    site_id: uuid.UUID
    site_name: str
    by_kind: dict[MovementKind, Quantity] = field(default_factory=lambda: defaultdict(Quantity))
    on_hand: dict[str, Quantity] = field(default_factory=lambda: defaultdict(Quantity))  # by location
    sales: set[uuid.UUID] = field(default_factory=set)  # the till's journal entries that sold the lot here

    @property
    def on_hand_total(self) -> Quantity:
        total = Quantity()
        for quantity in self.on_hand.values():
            total.add(quantity.units, quantity.grams)
        return total

    def moved(self, kind: MovementKind) -> Quantity:
        """Quantity of a kind as a positive figure (sales and losses are stored negative)."""
        quantity = self.by_kind.get(kind, Quantity())
        return Quantity(abs(quantity.units), abs(quantity.grams))


@dataclass(frozen=True)
class DispatchTrace:
    number: str
    to_site_name: str
    shipped_at: dt.datetime | None
    sent: Quantity
    received: Quantity | None  # None: in transit


@dataclass
class LotTrace:
    lot: Lot
    intakes: list[IntakeLine]
    dispatches: list[DispatchTrace]
    sites: list[SiteTrace]

    @property
    def in_transit(self) -> Quantity:
        total = Quantity()
        for dispatch in self.dispatches:
            if dispatch.received is None and dispatch.shipped_at is not None:
                total.add(dispatch.sent.units, dispatch.sent.grams)
        return total


@dataclass(frozen=True)
class RecallReport:
    recall: Recall
    lots: list[LotTrace]
    # Sales of the recalled products recorded without a lot since the lots arrived, by site name:
    # some of these may be recalled goods; the sites are told to check.
    unattributed_sales: dict[str, Quantity]


def trace_lots(session: Session, lot_ids: Sequence[uuid.UUID]) -> list[LotTrace]:
    if not lot_ids:
        return []
    names = dict(session.execute(select(Site.id, Site.name)).all())
    lots = session.scalars(select(Lot).where(Lot.id.in_(lot_ids)).options(selectinload(Lot.product))
                           .order_by(Lot.received_at)).all()
    sites = _site_traces(session, lot_ids, names)
    intakes = _intakes(session, lot_ids)
    dispatches = _dispatches(session, lot_ids, names)
    return [LotTrace(lot, intakes.get(lot.id, []), dispatches.get(lot.id, []), sites.get(lot.id, []))
            for lot in lots]


def recall_report(session: Session, recall: Recall) -> RecallReport:
    lot_ids = session.scalars(select(Lot.id).where(Lot.recall_id == recall.id)).all()
    traces = trace_lots(session, list(lot_ids))
    return RecallReport(recall, traces, _unattributed_sales(session, [t.lot for t in traces]))


def _unattributed_sales(session: Session, lots: Sequence[Lot]) -> dict[str, Quantity]:
    if not lots:
        return {}
    since = min(lot.received_at for lot in lots)
    rows = session.execute(select(Site.name, func.sum(StockMovement.units), func.sum(StockMovement.grams))
                           .join(Site, Site.id == StockMovement.site_id)
                           .where(StockMovement.lot_id.is_(None), StockMovement.kind == MovementKind.SALE,
                                  StockMovement.product_id.in_({lot.product_id for lot in lots}),
                                  StockMovement.occurred_at >= since)
                           .group_by(Site.name).order_by(Site.name))
    return {name: Quantity(-int(units), -int(grams)) for name, units, grams in rows}


def _site_traces(session: Session, lot_ids: Iterable[uuid.UUID],
                 names: dict[uuid.UUID, str]) -> dict[uuid.UUID, list[SiteTrace]]:
    rows = session.execute(select(StockMovement.lot_id, StockMovement.site_id, StockMovement.kind,
                                  StockMovement.location, func.sum(StockMovement.units),
                                  func.sum(StockMovement.grams))
                           .where(StockMovement.lot_id.in_(list(lot_ids)))
                           .group_by(StockMovement.lot_id, StockMovement.site_id, StockMovement.kind,
                                     StockMovement.location))
    traces: dict[uuid.UUID, dict[uuid.UUID, SiteTrace]] = defaultdict(dict)
    for lot_id, site_id, kind, location, units, grams in rows:
        trace = traces[lot_id].setdefault(site_id, SiteTrace(site_id, names.get(site_id, "?")))
        trace.by_kind[kind].add(int(units), int(grams))
        trace.on_hand[location].add(int(units), int(grams))
    for lot_id, site_id, entry_id in session.execute(
            select(StockMovement.lot_id, StockMovement.site_id, StockMovement.journal_entry_id).distinct()
            .where(StockMovement.lot_id.in_(list(lot_ids)), StockMovement.kind == MovementKind.SALE,
                   StockMovement.journal_entry_id.is_not(None))):
        traces[lot_id][site_id].sales.add(entry_id)
    for per_site in traces.values():
        for trace in per_site.values():
            trace.on_hand = defaultdict(Quantity, {loc: q for loc, q in trace.on_hand.items()
                                                   if q.units or q.grams})
    return {lot_id: sorted(per_site.values(), key=lambda t: t.site_name) for lot_id, per_site in traces.items()}


def _intakes(session: Session, lot_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[IntakeLine]]:
    result: dict[uuid.UUID, list[IntakeLine]] = defaultdict(list)
    for line in session.scalars(select(IntakeLine).where(IntakeLine.lot_id.in_(list(lot_ids)))
                                .order_by(IntakeLine.created_at)):
        result[line.lot_id].append(line)
    return result


def _dispatches(session: Session, lot_ids: Iterable[uuid.UUID],
                names: dict[uuid.UUID, str]) -> dict[uuid.UUID, list[DispatchTrace]]:
    lines = session.scalars(select(DispatchLine).join(Dispatch)
                            .where(DispatchLine.lot_id.in_(list(lot_ids)),
                                   Dispatch.status == DispatchStatus.SHIPPED)
                            .options(selectinload(DispatchLine.dispatch).selectinload(Dispatch.receipt))
                            .order_by(Dispatch.shipped_at)).all()
    result: dict[uuid.UUID, list[DispatchTrace]] = defaultdict(list)
    for line in lines:
        dispatch = line.dispatch
        result[line.lot_id].append(DispatchTrace(
            dispatch.number, names.get(dispatch.to_site_id, "?"), dispatch.shipped_at,
            Quantity(line.units, line.grams), _received(dispatch, line)))
    return result


def _received(dispatch: Dispatch, line: DispatchLine) -> Quantity | None:
    if dispatch.receipt is None:
        return None
    got = next((r for r in dispatch.receipt.lines if r.dispatch_line_id == line.id), None)
    return Quantity(got.units, got.grams) if got else Quantity()
