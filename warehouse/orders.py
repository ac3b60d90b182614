"""Sites' orders at the warehouse: the open ones, the lines they suggest for a dispatch, and the
warehouse's answer (OrderFulfilment) kept up to date as the dispatches that serve an order are
prepared, shipped or cancelled.

An order line names a product (units, or kg for goods sold by weight) or a whole food group (kg).
A dispatched lot counts for the line of its product first, else for the line of its food group.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from inventory.expiry import ExpirySettings
from inventory.fefo import Candidate, grams_for_units
from inventory.models import Category, Product
from inventory.stock_queries import LotStock
from warehouse import dispatching
from warehouse.locations import InputError
from warehouse.models import Dispatch, DispatchStatus
from warehouse.order_models import FulfilmentStatus, OrderFulfilment, OrderStatus, SiteOrder, SiteOrderLine
from warehouse.plan_service import Advice
from warehouse.planning import SuggestedLine

OPEN_FULFILMENTS = (FulfilmentStatus.OPEN, FulfilmentStatus.PREPARING, FulfilmentStatus.PARTIAL)
STATE_LABELS = {"draft": "Brouillon", "sent": "Envoyée", "cancelled": "Annulée",
                FulfilmentStatus.OPEN.value: "Envoyée", FulfilmentStatus.PREPARING.value: "En préparation",
                FulfilmentStatus.PARTIAL.value: "Partiellement servie", FulfilmentStatus.SERVED.value: "Servie"}

Quantities = dict[uuid.UUID, tuple[int, int]]  # order line id → (units, grams)


def state(order: SiteOrder) -> str:
    """The order's one state, from the site's row and the warehouse's answer."""
    if order.status is not OrderStatus.SENT or order.fulfilment is None:
        return order.status.value
    return order.fulfilment.status.value


def state_label(order: SiteOrder) -> str:
    return STATE_LABELS[state(order)]


def is_open(order: SiteOrder) -> bool:
    return order.status is OrderStatus.SENT and (order.fulfilment is None
                                                 or order.fulfilment.status in OPEN_FULFILMENTS)


def open_orders(session: Session, site_id: uuid.UUID | None = None) -> list[SiteOrder]:
    """Sent orders not served yet, oldest first (by site when `site_id` is None)."""
    query = (select(SiteOrder).outerjoin(OrderFulfilment, OrderFulfilment.order_id == SiteOrder.id)
             .where(SiteOrder.status == OrderStatus.SENT,
                    or_(OrderFulfilment.id.is_(None), OrderFulfilment.status.in_(OPEN_FULFILMENTS)))
             .options(selectinload(SiteOrder.lines), selectinload(SiteOrder.fulfilment))
             .order_by(SiteOrder.sent_at))
    if site_id is not None:
        query = query.where(SiteOrder.site_id == site_id)
    return list(session.scalars(query))


def recent_closed(session: Session, limit: int = 30) -> list[SiteOrder]:
    query = (select(SiteOrder).outerjoin(OrderFulfilment, OrderFulfilment.order_id == SiteOrder.id)
             .where(or_(SiteOrder.status == OrderStatus.CANCELLED, OrderFulfilment.status == FulfilmentStatus.SERVED))
             .order_by(func.coalesce(OrderFulfilment.updated_at, SiteOrder.updated_at).desc()).limit(limit))
    return list(session.scalars(query))


def open_order_for(session: Session, order_id: uuid.UUID | None, site_id: uuid.UUID) -> SiteOrder:
    """The open order a dispatch to `site_id` may serve; French refusal otherwise."""
    order = session.get(SiteOrder, order_id) if order_id else None
    if order is None or order.site_id != site_id:
        raise InputError({"order": "Commande inconnue pour ce site."})
    if not is_open(order):
        raise InputError({"order": f"La commande {order.number} n'est plus ouverte ({state_label(order).lower()})."})
    return order


# --- what the order's dispatches carry -------------------------------------------------------

def _groups(session: Session) -> dict[uuid.UUID, uuid.UUID]:
    """product id → food group id."""
    return dict(session.execute(select(Product.id, Category.food_group_id)
                                .join(Category, Product.category_id == Category.id)).all())


def _lines_for(lines: list[SiteOrderLine], product_id: uuid.UUID,
               group_id: uuid.UUID | None) -> tuple[SiteOrderLine | None, SiteOrderLine | None]:
    by_product = next((line for line in lines if line.product_id == product_id), None)
    by_group = next((line for line in lines if line.food_group_id and line.food_group_id == group_id), None)
    return by_product, by_group


def _allocate(totals: dict, product_line: SiteOrderLine | None, group_line: SiteOrderLine | None, units: int,
              grams: int) -> None:
    """A dispatched lot fills its product's line up to the quantity ordered; the rest counts for its
    food group's line (the line keeps it all when there is no group line)."""
    if product_line is not None and group_line is not None:
        done_units, done_grams = totals[product_line.id]
        if product_line.units > 0 and units > 0:
            take = min(units, max(product_line.units - done_units, 0))
            take_grams = round(grams * take / units)
        else:
            take, take_grams = 0, min(grams, max(product_line.grams - done_grams, 0))
        totals[product_line.id][0] += take
        totals[product_line.id][1] += take_grams
        totals[group_line.id][0] += units - take
        totals[group_line.id][1] += grams - take_grams
        return
    line = product_line or group_line
    if line is not None:
        totals[line.id][0] += units
        totals[line.id][1] += grams


def carried(session: Session, order: SiteOrder, statuses: tuple[DispatchStatus, ...]) -> Quantities:
    """What the order's dispatches in `statuses` carry, by order line."""
    groups, totals = _groups(session), defaultdict(lambda: [0, 0])
    dispatches = session.scalars(select(Dispatch).where(Dispatch.order_id == order.id,
                                                        Dispatch.status.in_(statuses)).order_by(Dispatch.number))
    for dispatch in dispatches:
        for dline in dispatch.lines:
            product_id = dline.lot.product_id
            _allocate(totals, *_lines_for(order.lines, product_id, groups.get(product_id)), dline.units, dline.grams)
    return {line_id: (units, grams) for line_id, (units, grams) in totals.items() if units or grams}


def covered(line: SiteOrderLine, units: int, grams: int) -> bool:
    return units >= line.units if line.units > 0 else grams >= line.grams


def remaining(line: SiteOrderLine, units: int, grams: int) -> tuple[int, int]:
    """What is still to send for the line, in its own measure (units, or grams)."""
    if line.units > 0:
        return max(line.units - units, 0), 0
    return 0, max(line.grams - grams, 0)


def refresh(session: Session, order: SiteOrder, *, owner_node: str) -> OrderFulfilment:
    """Recompute central's answer from the dispatches that serve the order."""
    shipped = carried(session, order, (DispatchStatus.SHIPPED,))
    drafted = session.scalar(select(Dispatch.id).where(Dispatch.order_id == order.id,
                                                       Dispatch.status == DispatchStatus.DRAFT).limit(1))
    if order.lines and all(covered(line, *shipped.get(line.id, (0, 0))) for line in order.lines):
        status = FulfilmentStatus.SERVED
    elif shipped:
        status = FulfilmentStatus.PARTIAL
    elif drafted:
        status = FulfilmentStatus.PREPARING
    else:
        status = FulfilmentStatus.OPEN
    numbers = session.scalars(select(Dispatch.number).where(Dispatch.order_id == order.id,
                                                            Dispatch.status != DispatchStatus.CANCELLED)
                              .order_by(Dispatch.number))
    fulfilment = order.fulfilment or OrderFulfilment(order_id=order.id, site_id=order.site_id, owner_node=owner_node)
    fulfilment.status = status
    fulfilment.served = {str(line_id): [units, grams] for line_id, (units, grams) in shipped.items()}
    fulfilment.dispatch_numbers = ", ".join(numbers)[:200]
    if order.fulfilment is None:
        session.add(fulfilment)
        order.fulfilment = fulfilment
    session.flush()
    return fulfilment


def served_by(session: Session, dispatch: Dispatch) -> SiteOrder | None:
    """The order the dispatch serves (None when prepared without one, or its order is not here yet)."""
    return session.get(SiteOrder, dispatch.order_id) if dispatch.order_id else None


def after_dispatch_change(session: Session, dispatch: Dispatch, *, owner_node: str) -> None:
    """A dispatch that serves an order was prepared, shipped or cancelled: the order's state follows."""
    if (order := served_by(session, dispatch)) is not None:
        refresh(session, order, owner_node=owner_node)


# --- the lines an order suggests ---------------------------------------------------------------

def suggestions(session: Session, order: SiteOrder, *, warehouse_id: uuid.UUID, today: dt.date,
                settings: ExpirySettings) -> list[Advice]:
    """FEFO lines that fill what the order still lacks, from the stock free to leave."""
    done = carried(session, order, (DispatchStatus.SHIPPED, DispatchStatus.DRAFT))
    groups = _groups(session)
    free = sorted(dispatching.available_stock(session, warehouse_id, today, settings),
                  key=lambda item: (item[0].usable_until or dt.date.max, item[0].location))
    taken: dict[tuple[uuid.UUID, str], tuple[int, int]] = {}
    advice = []
    for line in order.lines:
        need_units, need_grams = remaining(line, *done.get(line.id, (0, 0)))
        for row, units, grams in free:
            if need_units <= 0 and need_grams <= 0:
                break
            if not _matches(line, row, groups):
                continue
            used_units, used_grams = taken.get((row.lot_id, row.location), (0, 0))
            pick = _pick(row, units - used_units, grams - used_grams, need_units, need_grams)
            if pick is None:
                continue
            taken[(row.lot_id, row.location)] = (used_units + pick.units, used_grams + pick.grams)
            if line.units > 0:
                need_units -= pick.units
            else:
                need_grams -= pick.grams
            advice.append(Advice(pick, row, f"Commande {order.number} : {line.label}"))
    return _merged(advice)


def _matches(line: SiteOrderLine, row: LotStock, groups: dict[uuid.UUID, uuid.UUID]) -> bool:
    if line.product_id is not None:
        return row.product_id == line.product_id
    return groups.get(row.product_id) == line.food_group_id


def _pick(row: LotStock, free_units: int, free_grams: int, need_units: int, need_grams: int) -> SuggestedLine | None:
    """Whole units of a packed lot (enough to cover a need in kg), grams of a bulk one."""
    if row.units > 0:
        if need_units <= 0:
            unit_g = row.grams / row.units if row.grams > 0 else 0
            need_units = math.ceil(need_grams / unit_g) if unit_g > 0 else 0
        take = min(free_units, need_units)
        if take <= 0:
            return None
        whole = Candidate(row.lot_id, row.location, row.units, row.grams, row.usable_until)
        return SuggestedLine(row.lot_id, row.location, take, grams_for_units(whole, take))
    take_g = min(free_grams, need_grams)
    return SuggestedLine(row.lot_id, row.location, 0, take_g) if take_g > 0 else None


def _merged(advice: list[Advice]) -> list[Advice]:
    """One line per lot and location (a lot can serve a product line and a group line)."""
    merged: dict[tuple[uuid.UUID, str], Advice] = {}
    for item in advice:
        key = (item.line.lot_id, item.line.location)
        if key in merged:
            first = merged[key]
            line = SuggestedLine(key[0], key[1], first.line.units + item.line.units, first.line.grams + item.line.grams)
            merged[key] = Advice(line, first.stock, f"{first.why} ; {item.why}")
        else:
            merged[key] = item
    return list(merged.values())


def with_planner(from_orders: list[Advice], planner: list[Advice]) -> list[Advice]:
    """The order's lines first, then the planner's (or today's rule's) for lots the order leaves alone."""
    used = {(a.line.lot_id, a.line.location) for a in from_orders}
    return from_orders + [a for a in planner if (a.line.lot_id, a.line.location) not in used]
