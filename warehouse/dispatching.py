"""Dispatches from the warehouse to sites: suggestion, preparation, shipping, receipt at the site.

A draft holds its quantities (other drafts cannot suggest them again); shipping writes the
DISPATCH_OUT movements; the receiving site writes its own receipt and RECEIPT movements, with the
differences it found. Goods between the two are in transit: in no balance, on the dispatch.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from households.models import Household
from inventory.enums import SiteKind
from inventory.expiry import ExpirySettings, paris_today
from inventory.ledger import StockError, record_movement
from inventory.models import Product, Site
from inventory.recalls import QUARANTINE_LOCATION, recall_for
from inventory.selling import lot_refusal
from inventory.stock_models import Lot, MovementKind, Recall, StockBalance, StockMovement
from inventory.stock_queries import LotStock, lot_stock
from warehouse.locations import InputError, next_number
from warehouse.models import Dispatch, DispatchLine, DispatchReceipt, DispatchReceiptLine, DispatchStatus
from warehouse.planning import AvailableLot, Destination, SuggestedLine, next_opening, suggest_lines

if TYPE_CHECKING:
    from warehouse.documents import DispatchNote


@dataclass(frozen=True)
class LineInput:
    lot_id: uuid.UUID
    location: str
    units: int
    grams: int


@dataclass(frozen=True)
class Suggestion:
    line: SuggestedLine
    stock: LotStock  # the lot as it stands at the warehouse


def destinations(session: Session, ship_on: dt.date) -> list[Destination]:
    """Every site and mobile unit with its next opening, households served and free room."""
    sites = session.scalars(select(Site).where(Site.kind != SiteKind.WAREHOUSE)
                            .options(selectinload(Site.opening_slots))).all()
    households = dict(session.execute(select(Household.home_site_id, func.count())
                                      .group_by(Household.home_site_id)).all())
    stocked = _stocked_grams_by_class(session)
    return [Destination(site_id=site.id, next_opening=next_opening((s.weekday for s in site.opening_slots), ship_on),
                        households=households.get(site.id, 0),
                        free_room_g={cls: capacity * 1000 - stocked.get((site.id, cls), 0)
                                     for cls, capacity in _capacities(site).items()})
            for site in sites]


def _capacities(site: Site) -> dict[str, int]:
    return {"ambient": site.capacity_ambient_kg, "chilled": site.capacity_chilled_kg,
            "frozen": site.capacity_frozen_kg}


def _stocked_grams_by_class(session: Session) -> dict[tuple[uuid.UUID, str], int]:
    rows = session.execute(select(StockBalance.site_id, Product.storage_class, func.sum(StockBalance.grams))
                           .join(Product, Product.id == StockBalance.product_id)
                           .where(StockBalance.grams > 0)
                           .group_by(StockBalance.site_id, Product.storage_class))
    return {(site_id, storage.value): int(grams) for site_id, storage, grams in rows}


def reserved(session: Session) -> dict[tuple[uuid.UUID, str], tuple[int, int]]:
    """Quantities held by draft dispatches, by lot and location."""
    rows = session.execute(select(DispatchLine.lot_id, DispatchLine.location, func.sum(DispatchLine.units),
                                  func.sum(DispatchLine.grams))
                           .join(Dispatch).where(Dispatch.status == DispatchStatus.DRAFT)
                           .group_by(DispatchLine.lot_id, DispatchLine.location))
    return {(lot_id, location): (int(units), int(grams)) for lot_id, location, units, grams in rows}


def available_stock(session: Session, warehouse_id: uuid.UUID, today: dt.date,
                    settings: ExpirySettings) -> list[tuple[LotStock, int, int]]:
    """Warehouse lots that may leave (not expired, not recalled) and their free quantities."""
    held = reserved(session)
    result = []
    for row in lot_stock(session, today=today, settings=settings, site_id=warehouse_id):
        units_held, grams_held = held.get((row.lot_id, row.location), (0, 0))
        units, grams = row.units - units_held, row.grams - grams_held
        if not row.blocked and (units > 0 or (row.units == 0 and grams > 0)):
            result.append((row, units, grams))
    return result


def suggest_dispatch(session: Session, *, warehouse_id: uuid.UUID, to_site_id: uuid.UUID, ship_on: dt.date,
                     today: dt.date, settings: ExpirySettings) -> list[Suggestion]:
    everyone = destinations(session, ship_on)
    target = next((d for d in everyone if d.site_id == to_site_id), None)
    if target is None:
        raise StockError("Destination inconnue.")
    available = available_stock(session, warehouse_id, today, settings)
    stock = {(row.lot_id, row.location): row for row, _units, _grams in available}
    lots = [AvailableLot(row.lot_id, row.location, row.storage_class.value, units, grams, row.usable_until)
            for row, units, grams in available]
    return [Suggestion(line, stock[(line.lot_id, line.location)])
            for line in suggest_lines(lots, target, everyone)]


def create_dispatch(session: Session, *, from_site_id: uuid.UUID, to_site_id: uuid.UUID,
                    lines: list[LineInput], planned_on: dt.date, now: dt.datetime, owner_node: str,
                    settings: ExpirySettings, actor_id: uuid.UUID | None = None, comment: str = "",
                    order_id: uuid.UUID | None = None) -> Dispatch:
    """A draft dispatch; `order_id` names the site's order it serves (checked by warehouse.orders)."""
    destination = session.get(Site, to_site_id)
    if destination is None or destination.kind is SiteKind.WAREHOUSE:
        raise InputError({"to_site": "Choisissez un site ou une unité mobile de destination."})
    lines = [line for line in lines if line.units > 0 or line.grams > 0]
    if not lines:
        raise InputError({"lines": "Aucune ligne : cochez au moins un lot avec une quantité."})
    _check_lines(session, from_site_id, lines, paris_today(now), settings)
    dispatch = Dispatch(number=next_number(session, Dispatch.number, "EXP", planned_on.year),
                        from_site_id=from_site_id, to_site_id=to_site_id, status=DispatchStatus.DRAFT,
                        planned_on=planned_on, prepared_at=now, prepared_by_id=actor_id, comment=comment.strip(),
                        order_id=order_id, owner_node=owner_node)
    dispatch.lines = [DispatchLine(lot_id=line.lot_id, location=line.location, units=line.units, grams=line.grams,
                                   position=n, owner_node=owner_node) for n, line in enumerate(lines)]
    session.add(dispatch)
    session.flush()
    return dispatch


def _check_lines(session: Session, warehouse_id: uuid.UUID, lines: list[LineInput], today: dt.date,
                 settings: ExpirySettings) -> None:
    free = {(row.lot_id, row.location): (units, grams, row)
            for row, units, grams in available_stock(session, warehouse_id, today, settings)}
    for line in lines:
        if line.units < 0 or line.grams < 0:
            raise InputError({"lines": "Quantités négatives refusées."})
        units, grams, row = free.get((line.lot_id, line.location), (0, 0, None))
        if row is None:
            lot = session.get(Lot, line.lot_id)
            raise InputError({"lines": f"Lot « {lot.lot_code if lot else '?'} » indisponible (périmé, rappelé "
                                       f"ou déjà réservé)."})
        if line.units > units or line.grams > grams:
            raise InputError({"lines": f"{row.product_name}, lot « {row.lot_code} » : {units} unité(s) / "
                                       f"{grams} g disponibles en {row.location}."})


def ship_dispatch(session: Session, dispatch: Dispatch, *, now: dt.datetime, settings: ExpirySettings,
                  actor_id: uuid.UUID | None = None) -> list[StockMovement]:
    """The truck leaves: stock goes out of the warehouse. Refused whole if any lot became unfit."""
    if dispatch.status is not DispatchStatus.DRAFT:
        raise StockError(f"L'expédition {dispatch.number} n'est plus en préparation.")
    today = paris_today(now)
    for line in dispatch.lines:
        if refusal := lot_refusal(line.lot, today, settings):
            raise StockError(f"{line.lot.product.name} : {refusal} Retirez la ligne avant d'expédier.")
    movements = [record_movement(session, kind=MovementKind.DISPATCH_OUT, lot=line.lot,
                                 site_id=dispatch.from_site_id, location=line.location, units=-line.units,
                                 grams=-line.grams, now=now, owner_node=dispatch.owner_node, actor_id=actor_id,
                                 reference=f"dispatch:{dispatch.id}") for line in dispatch.lines]
    dispatch.status, dispatch.shipped_at, dispatch.shipped_by_id = DispatchStatus.SHIPPED, now, actor_id
    session.flush()
    return movements


def cancel_dispatch(dispatch: Dispatch) -> None:
    if dispatch.status is not DispatchStatus.DRAFT:
        raise StockError("Seule une expédition en préparation peut être annulée.")
    dispatch.status = DispatchStatus.CANCELLED


def receive_dispatch(session: Session, dispatch: Dispatch, *, site_id: uuid.UUID,
                     received: dict[uuid.UUID, tuple[int, int]], now: dt.datetime, owner_node: str,
                     actor_id: uuid.UUID | None = None, comment: str = "") -> DispatchReceipt:
    """The site confirms what arrived, line by line; missing entries mean "as shipped".

    A recalled lot goes straight to the site's QUARANTINE_LOCATION (set aside, never sold), its receipt
    line saying why: the site's own rows record the block, the lot itself stays central's to write.
    """
    if dispatch.to_site_id != site_id:
        raise StockError("Cette expédition est destinée à un autre site.")
    if dispatch.status is not DispatchStatus.SHIPPED or dispatch.receipt is not None:
        raise StockError(f"L'expédition {dispatch.number} n'est pas en attente de réception.")
    recalled = recalled_lines(session, dispatch)
    receipt = DispatchReceipt(dispatch=dispatch, site_id=site_id, received_at=now, received_by_id=actor_id,
                              comment=comment.strip(), owner_node=owner_node, with_differences=False)
    session.add(receipt)
    for line in dispatch.lines:
        units, grams = received.get(line.id, (line.units, line.grams))
        if units < 0 or grams < 0:
            raise InputError({str(line.id): "Quantité reçue négative."})
        recall = recalled.get(line.id)
        receipt.lines.append(DispatchReceiptLine(dispatch_line_id=line.id, units=units, grams=grams,
                                                 note=_recall_note(recall) if recall else "", owner_node=owner_node))
        receipt.with_differences |= (units, grams) != (line.units, line.grams)
        if units or grams:
            record_movement(session, kind=MovementKind.RECEIPT, lot=line.lot, site_id=site_id, units=units,
                            grams=grams, location=QUARANTINE_LOCATION if recall else "", now=now,
                            owner_node=owner_node, actor_id=actor_id, reference=f"dispatch:{dispatch.id}")
    session.flush()
    return receipt


def recalled_lines(session: Session, dispatch: Dispatch) -> dict[uuid.UUID, Recall]:
    """The dispatch's lines whose lot is recalled: flagged, or matched by an active recall the site knows."""
    found = {}
    for line in dispatch.lines:
        lot = line.lot
        recall = lot.recall if lot.recall_id is not None else recall_for(session, lot.product, lot.lot_code,
                                                                          lot.expiry_date)
        if recall is not None:
            found[line.id] = recall
    return found


RECALL_NOTE = "Lot rappelé"


def _recall_note(recall: Recall) -> str:
    reference = f" (fiche {recall.reference})" if recall.reference else ""
    return f"{RECALL_NOTE}{reference} : mis de côté en « {QUARANTINE_LOCATION} », à ne pas mettre en rayon."


def set_aside_count(dispatch: Dispatch) -> int:
    """Lines of a received dispatch that were set aside as recalled."""
    receipt = dispatch.receipt
    return sum(1 for line in receipt.lines if line.note.startswith(RECALL_NOTE)) if receipt else 0


def pick_list(dispatch: Dispatch) -> list[DispatchLine]:
    """Lines in walking order through the warehouse."""
    return sorted(dispatch.lines, key=lambda line: (line.location, line.lot.product.name))


def recent_dispatches(session: Session, limit: int = 50) -> list[Dispatch]:
    return list(session.scalars(select(Dispatch).options(selectinload(Dispatch.receipt))
                                .order_by(Dispatch.prepared_at.desc()).limit(limit)))


def awaiting_receipt(session: Session, site_id: uuid.UUID | None) -> list[Dispatch]:
    query = select(Dispatch).where(Dispatch.status == DispatchStatus.SHIPPED, ~Dispatch.receipt.has())
    if site_id is not None:
        query = query.where(Dispatch.to_site_id == site_id)
    return list(session.scalars(query.order_by(Dispatch.shipped_at)))


def dispatch_totals(dispatch: Dispatch) -> tuple[int, int]:
    totals: dict[str, int] = defaultdict(int)
    for line in dispatch.lines:
        totals["units"] += line.units
        totals["grams"] += line.grams
    return totals["units"], totals["grams"]


STATUS_LABELS = {DispatchStatus.DRAFT: "En préparation", DispatchStatus.SHIPPED: "Expédiée",
                 DispatchStatus.CANCELLED: "Annulée"}


def status_label(dispatch: Dispatch) -> str:
    if dispatch.receipt is not None:
        label = "Reçue avec écarts" if dispatch.receipt.with_differences else "Reçue"
        return label + (", lot rappelé mis de côté" if set_aside_count(dispatch) else "")
    return STATUS_LABELS[dispatch.status]


def note_for(dispatch: Dispatch, network_name: str) -> DispatchNote:
    """The printable dispatch note, lines in picking order."""
    from warehouse.documents import DispatchNote, NoteLine, PartyBlock  # reportlab: only for a PDF

    def party(site: Site) -> PartyBlock:
        return PartyBlock(site.name, tuple(x for x in (site.organisation, site.address,
                                                       f"{site.postcode} {site.commune}") if x))

    lines = [NoteLine(product=line.lot.product.name, lot_code=line.lot.lot_code,
                      date_label=(f"{line.lot.date_kind.value} {line.lot.expiry_date:%d/%m/%Y}"
                                  if line.lot.expiry_date else "—"),
                      location=line.location, units=line.units, grams=line.grams,
                      free_of_charge=line.lot.is_free_of_charge) for line in pick_list(dispatch)]
    return DispatchNote(network_name=network_name, number=dispatch.number, status_label=status_label(dispatch),
                        sender=party(dispatch.from_site), recipient=party(dispatch.to_site),
                        planned_on=dispatch.planned_on, shipped_at=dispatch.shipped_at, lines=lines)
