"""A site's orders to the warehouse, written on the site node (offline): drafted line by line, sent,
withdrawn while not served. Central answers with an OrderFulfilment row that sync brings back down;
the site never writes that row, nor central the site's.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inventory.enums import SoldBy
from inventory.ledger import StockError
from inventory.models import FoodGroup, Product
from warehouse.locations import next_number
from warehouse.order_models import FulfilmentStatus, OrderStatus, SiteOrder, SiteOrderLine

MAX_LINES = 200


class OrderError(StockError):
    """Refused change to an order; the message is French and nothing was written."""


def site_orders(session: Session, site_id: uuid.UUID, limit: int = 50) -> list[SiteOrder]:
    return list(session.scalars(select(SiteOrder).where(SiteOrder.site_id == site_id)
                                .options(selectinload(SiteOrder.lines), selectinload(SiteOrder.fulfilment))
                                .order_by(SiteOrder.created_at.desc()).limit(limit)))


def new_order(session: Session, *, site_id: uuid.UUID, now: dt.datetime, owner_node: str,
              actor_id: uuid.UUID | None = None) -> SiteOrder:
    # Numbers are per site (central keys them by site and number); only this node numbers its orders.
    number = next_number(session, SiteOrder.number, "CMD", now.year)
    order = SiteOrder(site_id=site_id, number=number, status=OrderStatus.DRAFT, created_by_id=actor_id,
                      owner_node=owner_node)
    session.add(order)
    session.flush()
    return order


def _draft(order: SiteOrder) -> None:
    if order.status is not OrderStatus.DRAFT:
        raise OrderError(f"La commande {order.number} est déjà envoyée : elle ne se modifie plus.")


def add_line(session: Session, order: SiteOrder, *, product_id: uuid.UUID | None, food_group_id: uuid.UUID | None,
             units: int, grams: int, owner_node: str) -> SiteOrderLine:
    """A product in units (or kg when sold by weight), or a food group in kg."""
    _draft(order)
    if (product_id is None) == (food_group_id is None):
        raise OrderError("Choisissez un produit ou un groupe d'aliments (l'un des deux).")
    if units < 0 or grams < 0:
        raise OrderError("Une quantité commandée est positive (ex. 12 unités ou 5 kg).")
    if units == 0 and grams == 0:
        raise OrderError("Indiquez la quantité voulue (unités ou kg).")
    if len(order.lines) >= MAX_LINES:
        raise OrderError(f"Une commande compte {MAX_LINES} lignes au plus.")
    if product_id is not None:
        _check_product(session, order, product_id, units)
    else:
        _check_group(session, order, food_group_id, units)
    line = SiteOrderLine(product_id=product_id, food_group_id=food_group_id, units=units if product_id else 0,
                         grams=0 if units else grams, position=len(order.lines), owner_node=owner_node)
    order.lines.append(line)
    session.flush()
    return line


def _check_product(session: Session, order: SiteOrder, product_id: uuid.UUID, units: int) -> None:
    product = session.get(Product, product_id)
    if product is None or not product.active:
        raise OrderError("Produit inconnu.")
    if units and product.sold_by is SoldBy.WEIGHT:
        raise OrderError(f"{product.name} se vend au poids : commandez-le en kg.")
    if any(line.product_id == product_id for line in order.lines):
        raise OrderError(f"{product.name} est déjà dans la commande : retirez la ligne pour changer la quantité.")


def _check_group(session: Session, order: SiteOrder, group_id: uuid.UUID, units: int) -> None:
    group = session.get(FoodGroup, group_id)
    if group is None:
        raise OrderError("Groupe d'aliments inconnu.")
    if units:
        raise OrderError(f"Un groupe d'aliments ({group.label}) se commande en kg, pas en unités.")
    if any(line.food_group_id == group_id for line in order.lines):
        raise OrderError(f"Le groupe {group.label} est déjà dans la commande : retirez la ligne pour changer.")


def remove_line(session: Session, order: SiteOrder, line_id: uuid.UUID | None) -> None:
    _draft(order)
    line = next((line for line in order.lines if line.id == line_id), None)
    if line is None:
        raise OrderError("Cette ligne n'est plus dans la commande.")
    # Deleted by name, not only dropped from the list: an orphan deleted by cascade during the flush
    # escapes the change journal (gers.changes reads session.deleted before the flush), and central,
    # which may hold the draft already, would never hear of it.
    session.delete(line)
    order.lines.remove(line)
    for position, kept in enumerate(order.lines):
        kept.position = position
    session.flush()


def send(session: Session, order: SiteOrder, *, now: dt.datetime, wanted_on: dt.date | None = None,
         note: str = "") -> SiteOrder:
    """To the warehouse, at the next sync."""
    _draft(order)
    if not order.lines:
        raise OrderError("Commande vide : ajoutez au moins une ligne avant de l'envoyer.")
    if wanted_on is not None and wanted_on < now.date() - dt.timedelta(days=1):
        raise OrderError("La date souhaitée est déjà passée.")
    order.status, order.sent_at, order.wanted_on = OrderStatus.SENT, now, wanted_on
    order.note = " ".join(note.split())[:300]
    session.flush()
    return order


def cancel(session: Session, order: SiteOrder, *, now: dt.datetime) -> SiteOrder:
    """Withdrawn by the site, as long as the warehouse has shipped nothing for it."""
    if order.status is OrderStatus.CANCELLED:
        raise OrderError(f"La commande {order.number} est déjà annulée.")
    fulfilment = order.fulfilment
    if fulfilment is not None and fulfilment.status in (FulfilmentStatus.PARTIAL, FulfilmentStatus.SERVED):
        raise OrderError(f"La commande {order.number} est déjà (en partie) expédiée : elle ne s'annule plus.")
    order.status, order.cancelled_at = OrderStatus.CANCELLED, now
    session.flush()
    return order


def served_of(order: SiteOrder, line: SiteOrderLine) -> tuple[int, int]:
    """What central says it shipped for the line (units, grams)."""
    served = (order.fulfilment.served or {}) if order.fulfilment else {}
    units, grams = served.get(str(line.id), (0, 0))
    return int(units), int(grams)
