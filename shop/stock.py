"""A site's stock as its volunteers see it: by food group, product and lot, with the warehouse
dashboard's expiry buckets (warehouse.dashboard, the same code for both), and the morning list of
lots to take off the shelves.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from inventory.barcodes import canonical_gtin, parse_code
from inventory.expiry import ExpirySettings, ExpiryStatus
from inventory.ledger import StockError, record_loss
from inventory.models import Category, FoodGroup, Product
from inventory.recalls import normalise_lot_code
from inventory.stock_models import LossReason, Lot, StockBalance, StockMovement
from inventory.stock_queries import LotStock, lot_stock


@dataclass(frozen=True)
class GroupTotal:
    code: str
    label: str
    lots: int
    units: int
    grams: int


@dataclass(frozen=True)
class SiteLot:
    """A stock row with its food group, for the site's stock screen."""

    stock: LotStock
    group_code: str
    group_label: str


def group_totals(session: Session, site_id: uuid.UUID) -> list[GroupTotal]:
    """Positive stock of the site summed by reporting food group (kg and units)."""
    rows = session.execute(
        select(FoodGroup.code, FoodGroup.label, func.count(StockBalance.lot_id), func.sum(StockBalance.units),
               func.sum(StockBalance.grams))
        .select_from(StockBalance).join(Product, Product.id == StockBalance.product_id)
        .join(Category, Category.id == Product.category_id).join(FoodGroup, FoodGroup.id == Category.food_group_id)
        .where(StockBalance.site_id == site_id, or_(StockBalance.units > 0, StockBalance.grams > 0))
        .group_by(FoodGroup.code, FoodGroup.label).order_by(FoodGroup.label))
    return [GroupTotal(code, label, lots, units or 0, grams or 0) for code, label, lots, units, grams in rows]


def site_lots(session: Session, site_id: uuid.UUID, *, today: dt.date, settings: ExpirySettings,
              group_code: str = "", text: str = "") -> list[SiteLot]:
    """The site's lots (FEFO order), filtered by food group and by a product name, GTIN or lot code."""
    groups = dict((row.id, (row.code, row.label)) for row in session.execute(
        select(Product.id, FoodGroup.code, FoodGroup.label).join(Category, Category.id == Product.category_id)
        .join(FoodGroup, FoodGroup.id == Category.food_group_id)))
    text = text.strip().lower()
    result = []
    for row in lot_stock(session, today=today, settings=settings, site_id=site_id):
        code, label = groups.get(row.product_id, ("", ""))
        if group_code and code != group_code:
            continue
        if text and text not in row.product_name.lower() and text != (row.gtin or "") \
                and text != row.lot_code.lower():
            continue
        result.append(SiteLot(row, code, label))
    return result


def to_withdraw(session: Session, site_id: uuid.UUID, *, today: dt.date, settings: ExpirySettings) -> list[LotStock]:
    """« À retirer aujourd'hui »: lots past their DLC, past the DDM grace of their category, or recalled,
    where they are: the till's and FEFO's rule. Lots on hold wait for their release or loss, not here."""
    return [row for row in lot_stock(session, today=today, settings=settings, site_id=site_id)
            if row.recalled or row.status is ExpiryStatus.EXPIRED]


def withdrawal_reason(row: LotStock) -> LossReason:
    return LossReason.RECALL if row.recalled else LossReason.EXPIRED


def match_scan(rows: list[LotStock], raw: str, today: dt.date) -> list[LotStock]:
    """The rows of the list a scan designates: a GS1 label (GTIN + lot), a plain GTIN when only one lot
    of it is listed, or a typed lot code. StockError (French) when it designates none or is ambiguous."""
    raw = raw.strip()
    if not raw:
        raise StockError("Scannez l'étiquette du lot (ou tapez son numéro).")
    code = parse_code(raw, today=today)
    gtins = {canonical_gtin(g) for g in (code.gtin, code.base_gtin) if g}
    if gtins:
        found = [row for row in rows if row.gtin and canonical_gtin(row.gtin) in gtins]
        if code.lot:
            found = [row for row in found if normalise_lot_code(row.lot_code) == normalise_lot_code(code.lot)]
    else:
        found = [row for row in rows if row.lot_code and normalise_lot_code(row.lot_code) == normalise_lot_code(raw)]
    if not found:
        raise StockError(f"« {raw[:40]} » n'est pas dans la liste à retirer : ce lot peut rester en rayon.")
    if len({row.lot_id for row in found}) > 1:
        raise StockError("Plusieurs lots de ce produit sont à retirer : scannez l'étiquette portant le numéro de "
                         "lot, ou utilisez le bouton « Retiré » de la ligne.")
    return found


def withdraw(session: Session, rows: list[LotStock], *, now: dt.datetime, owner_node: str,
             actor_id: uuid.UUID | None = None) -> list[StockMovement]:
    """Take the whole lot off the shelves (every location of the site holding it): one loss per place."""
    return [record_loss(session, lot=session.get(Lot, row.lot_id), site_id=row.site_id, location=row.location,
                        units=max(row.units, 0), grams=max(row.grams, 0), reason=withdrawal_reason(row), now=now,
                        owner_node=owner_node, actor_id=actor_id, note="Retrait du matin")
            for row in rows]

