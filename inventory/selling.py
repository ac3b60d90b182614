"""What the till calls to take sold goods out of a site's stock, and to put returns back.

A sale is never refused for lack of recorded stock: the counter cannot wait for the books. It takes
the FEFO lots when the site has them (never an expired or recalled lot), and records the rest
against the product alone with a discrepancy that the next count explains. The lots taken carry
their source, so the till can price FSE+ food at 0 € (Reg. (EU) 2021/1057 art. 21(2)).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.enums import DateKind
from inventory.expiry import ExpirySettings, is_distributable, paris_today
from inventory.fefo import Candidate, Pick, PickPlan, is_pickable, plan_pick, without_reserved
from inventory.ledger import StockError, balance_of, record_movement
from inventory.models import Category, Product
from inventory.recalls import BLOCKED_LOCATIONS, HOLD_LOCATION
from inventory.stock_models import (
    FREE_OF_CHARGE_SOURCES,
    DiscrepancyReason,
    Lot,
    MovementKind,
    StockBalance,
    StockDiscrepancy,
    StockMovement,
)
from inventory.stock_queries import fefo_candidates


class LotNotSellable(StockError):
    """The scanned lot is recalled or expired: the till must put the item aside."""


@dataclass(frozen=True)
class SoldLot:
    lot_id: uuid.UUID | None  # None: sold beyond the recorded stock, lot unknown
    units: int
    grams: int
    free_of_charge: bool
    movement_id: uuid.UUID


@dataclass(frozen=True)
class SaleOutcome:
    lines: tuple[SoldLot, ...]
    discrepancy: StockDiscrepancy | None
    warnings: tuple[str, ...] = ()


def lot_refusal(lot: Lot, today: dt.date, settings: ExpirySettings) -> str | None:
    """Why this lot may not be handed over (French), or None."""
    if lot.recall_id is not None:
        return f"Lot « {lot.lot_code or 'sans numéro'} » rappelé : ne le remettez pas, mettez-le de côté."
    return date_refusal(lot.product.category, lot.date_kind, lot.expiry_date, today, settings,
                        what=f"Lot « {lot.lot_code or 'sans numéro'} »")


def date_refusal(category: Category, date_kind: DateKind | str, expiry_date: dt.date | None, today: dt.date,
                 settings: ExpirySettings, *, what: str = "Article") -> str | None:
    """Why goods with this printed date may not be handed over (French), or None: the DDM grace is the
    site's setting for the category, the same one FEFO and the sale use."""
    grace = settings.grace_months(category.shelf_life, category.code)
    if is_distributable(date_kind, expiry_date, grace, today):
        return None
    return f"{what} périmé ({DateKind(date_kind).value} du {expiry_date:%d/%m/%Y}) : ne le remettez pas."


@dataclass(frozen=True)
class LotShare:
    """What one lot gives to a till line (lot_id None: beyond the usable recorded stock)."""

    lot_id: uuid.UUID | None
    units: int
    grams: int


def plan_counter_sale(session: Session, site_id: uuid.UUID, product_id: uuid.UUID, *, today: dt.date,
                      settings: ExpirySettings, units: int = 0, grams: int = 0,
                      reserved: Mapping[uuid.UUID, int] | None = None, unpinned: int = 0,
                      first_lot_id: uuid.UUID | None = None, identified: bool = False,
                      sources: frozenset | None = None) -> tuple[LotShare, ...]:
    """The lots a till line of `units` (piece) or `grams` (by weight) draws on, one share per lot, FEFO
    after what the basket already holds (`reserved`: units or grams per lot; `unpinned`: what its lines
    without a lot will take FEFO at payment), `first_lot_id` first.

    Each lot is priced by its own source (FSE+ free), so a line is split per lot. What the usable stock
    cannot give is a share without a lot — unless expired or recalled lots are what is left, then
    LotNotSellable: the article in hand is most likely one of them (not when it is `identified`: its
    own label gave a lot or a date the till has checked). `sources`: only lots of these sources (the free
    FSE+ line).
    """
    candidates = fefo_candidates(session, site_id, product_id, today=today, settings=settings)
    if sources is not None:
        allowed = set(session.scalars(select(Lot.id).where(Lot.id.in_([c.lot_id for c in candidates]),
                                                           Lot.source.in_(sources))))
        candidates = [c for c in candidates if c.lot_id in allowed]
    candidates = _after_basket(candidates, reserved or {}, unpinned, today, by_units=bool(units))
    plan = _plan_first(candidates, first_lot_id, today, units, grams)
    shares: dict[uuid.UUID, LotShare] = {}
    for pick in plan.picks:  # one lot at two locations is one share
        known = shares.get(pick.lot_id, LotShare(pick.lot_id, 0, 0))
        shares[pick.lot_id] = LotShare(pick.lot_id, known.units + pick.units, known.grams + pick.grams)
    if plan.complete:
        return tuple(shares.values())
    if not identified and any(not is_pickable(c, today) and (c.units > 0 or c.grams > 0) for c in candidates):
        raise LotNotSellable(BLOCKED_AT_SCAN)
    return (*shares.values(), LotShare(None, plan.missing_units, plan.missing_grams))


def _after_basket(candidates: list[Candidate], reserved: Mapping[uuid.UUID, int], unpinned: int,
                  today: dt.date, *, by_units: bool) -> list[Candidate]:
    """The stock less what a basket holds: its lines on a lot, then its lines without one (FEFO)."""
    candidates = without_reserved(candidates, reserved, by_units=by_units)
    if not unpinned:
        return candidates
    ahead = plan_pick(candidates, today=today, units=unpinned if by_units else 0, grams=0 if by_units else unpinned)
    taken: dict[uuid.UUID, int] = {}
    for pick in ahead.picks:
        taken[pick.lot_id] = taken.get(pick.lot_id, 0) + (pick.units if by_units else pick.grams)
    return without_reserved(candidates, taken, by_units=by_units)


def _plan_first(candidates: list[Candidate], first_lot_id: uuid.UUID | None, today: dt.date, units: int,
                grams: int) -> PickPlan:
    if first_lot_id is None:
        return plan_pick(candidates, today=today, units=units, grams=grams)
    first = plan_pick([c for c in candidates if c.lot_id == first_lot_id], today=today, units=units, grams=grams)
    if first.complete:
        return first
    rest = plan_pick([c for c in candidates if c.lot_id != first_lot_id], today=today,
                     units=first.missing_units, grams=first.missing_grams)
    return PickPlan(first.picks + rest.picks, rest.missing_units, rest.missing_grams)


def sell_from_stock(session: Session, site_id: uuid.UUID, product_id: uuid.UUID, *, now: dt.datetime,
                    owner_node: str, units: int = 0, grams: int = 0, lot_id: uuid.UUID | None = None,
                    settings: ExpirySettings, reference: str = "", actor_id: uuid.UUID | None = None,
                    journal_entry_id: uuid.UUID | None = None) -> SaleOutcome:
    """Record a sale of `units` (piece) or `grams` (by weight) of a product at a site.

    With `lot_id` (the till read the lot on the pack) that lot is used, or LotNotSellable is raised
    when it is recalled or expired. Without it the FEFO lots are taken; any remainder is recorded
    without a lot, with a StockDiscrepancy for the next count. `settings` are the site's (DDM grace):
    the till passes the very ones it priced the basket with, so payment never refuses what the scan took.
    """
    if units <= 0 and grams <= 0:
        raise StockError("Quantité vendue nulle.")
    common = dict(site_id=site_id, now=now, owner_node=owner_node, reference=reference, actor_id=actor_id,
                  journal_entry_id=journal_entry_id)
    if lot_id is not None:
        lot = session.get(Lot, lot_id)
        if lot is None or lot.product_id != product_id:
            raise StockError("Ce lot n'est pas un lot de ce produit.")
        return _sell_known_lot(session, lot, units, grams, settings, common)
    today = paris_today(now)
    candidates = fefo_candidates(session, site_id, product_id, today=today, settings=settings)
    plan = plan_pick(candidates, today=today, units=units, grams=grams)
    lines = [_sell_pick(session, pick, common) for pick in plan.picks]
    if plan.complete:
        return SaleOutcome(tuple(lines), None)
    reason = _shortfall_reason(candidates, picked=bool(lines))
    movement = record_movement(session, kind=MovementKind.SALE, product_id=product_id,
                               units=-plan.missing_units, grams=-plan.missing_grams, **common)
    lines.append(SoldLot(None, plan.missing_units, plan.missing_grams, False, movement.id))
    discrepancy = _discrepancy(session, movement, reason)
    return SaleOutcome(tuple(lines), discrepancy, (SHORTFALL_WARNINGS[reason],))


BLOCKED_AT_SCAN = ("Seuls des lots périmés ou rappelés restent en stock pour ce produit sur le site : ne le "
                   "remettez pas, mettez-le de côté.")
SHORTFALL_WARNINGS = {
    DiscrepancyReason.NO_STOCK: "Aucun stock enregistré pour ce produit sur le site : vente notée, "
                                "écart à vérifier au prochain inventaire.",
    DiscrepancyReason.BLOCKED_ONLY: "Seuls des lots périmés ou rappelés sont enregistrés pour ce produit : "
                                    "vérifiez le lot de l'article avant de le remettre.",
    DiscrepancyReason.SHORT: "Stock enregistré insuffisant : vente notée, écart à vérifier au prochain "
                             "inventaire.",
}


def _sell_pick(session: Session, pick: Pick, common: dict) -> SoldLot:
    lot = session.get(Lot, pick.lot_id)
    movement = record_movement(session, kind=MovementKind.SALE, lot=lot, location=pick.location,
                               units=-pick.units, grams=-pick.grams, **common)
    return SoldLot(lot.id, pick.units, pick.grams, lot.source in FREE_OF_CHARGE_SOURCES, movement.id)


def _sell_known_lot(session: Session, lot: Lot, units: int, grams: int, settings: ExpirySettings,
                    common: dict) -> SaleOutcome:
    places = _places(session, lot, common["site_id"])
    if refusal := lot_refusal(lot, paris_today(common["now"]), settings) or _held(lot, places):
        raise LotNotSellable(refusal)
    # The location holding most of the lot ('' when the site has none recorded), never a place whose
    # stock is set aside (recall, quarantine).
    location = next((place.location for place in places if place.location not in BLOCKED_LOCATIONS), "")
    have_units, have_grams = balance_of(session, lot.id, common["site_id"], location)
    if units and not grams and have_units > 0:
        grams = round(have_grams * min(units, have_units) / have_units)
    movement = record_movement(session, kind=MovementKind.SALE, lot=lot, location=location, units=-units,
                               grams=-grams, allow_negative=True, **common)
    line = SoldLot(lot.id, units, grams, lot.source in FREE_OF_CHARGE_SOURCES, movement.id)
    if have_units >= units and have_grams >= grams:
        return SaleOutcome((line,), None)
    return SaleOutcome((line,), _discrepancy(session, movement, DiscrepancyReason.SHORT),
                       (SHORTFALL_WARNINGS[DiscrepancyReason.SHORT],))


def held_refusal(session: Session, lot: Lot, site_id: uuid.UUID) -> str | None:
    """Why a lot read on its pack may not be handed over here: the site holds all of it back (quarantine)."""
    return _held(lot, _places(session, lot, site_id))


def _places(session: Session, lot: Lot, site_id: uuid.UUID) -> list:
    """The lot's balance rows at the site, the fullest first (one read for the hold check and the place)."""
    return list(session.execute(select(StockBalance.location, StockBalance.units, StockBalance.grams).where(
        StockBalance.lot_id == lot.id, StockBalance.site_id == site_id)
        .order_by(StockBalance.units.desc(), StockBalance.grams.desc())))


def _held(lot: Lot, places: list) -> str | None:
    stocked = {place.location for place in places if place.units > 0 or place.grams > 0}
    if stocked and stocked <= {HOLD_LOCATION}:
        return f"Lot « {lot.lot_code or 'sans numéro'} » en quarantaine sur le site : ne le remettez pas."
    return None


def _shortfall_reason(candidates: list, *, picked: bool) -> DiscrepancyReason:
    """Why FEFO fell short, from the lots it was given (not read again)."""
    if picked:
        return DiscrepancyReason.SHORT
    return DiscrepancyReason.BLOCKED_ONLY if candidates else DiscrepancyReason.NO_STOCK


def _discrepancy(session: Session, movement: StockMovement, reason: DiscrepancyReason) -> StockDiscrepancy:
    session.flush()  # the movement row first: the discrepancy points to it
    discrepancy = StockDiscrepancy(site_id=movement.site_id, product_id=movement.product_id,
                                   movement_id=movement.id, reason=reason, units=-movement.units,
                                   grams=-movement.grams, occurred_at=movement.occurred_at,
                                   owner_node=movement.owner_node)
    session.add(discrepancy)
    return discrepancy


def record_return(session: Session, *, site_id: uuid.UUID, product_id: uuid.UUID, now: dt.datetime,
                  owner_node: str, lot_id: uuid.UUID | None = None, units: int = 0, grams: int = 0,
                  location: str = "", reference: str = "", actor_id: uuid.UUID | None = None,
                  journal_entry_id: uuid.UUID | None = None) -> StockMovement:
    """Goods brought back to the counter go back to the lot they were sold from, when known."""
    if units < 0 or grams < 0:
        raise StockError("Un retour se saisit en quantités positives.")
    lot = session.get(Lot, lot_id) if lot_id else None
    if lot is None and session.get(Product, product_id) is None:
        raise StockError("Produit inconnu.")
    return record_movement(session, kind=MovementKind.RETURN, site_id=site_id, lot=lot,
                           product_id=product_id, location=location, units=units, grams=grams, now=now,
                           owner_node=owner_node, reference=reference, actor_id=actor_id,
                           journal_entry_id=journal_entry_id)
