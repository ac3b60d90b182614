"""Which lots a till line draws on: FEFO after what the basket already holds, one share per lot."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy.orm import Session

from inventory.models import Product
from inventory.selling import LotNotSellable, LotShare, plan_counter_sale
from inventory.stock_models import FREE_OF_CHARGE_SOURCES, Lot
from pos.context import TillContext
from pos.errors import TillError
from pos.models import Basket


def is_free(session: Session, share: LotShare) -> bool:
    return share.lot_id is not None and session.get(Lot, share.lot_id).source in FREE_OF_CHARGE_SOURCES


def lot_shares(session: Session, ctx: TillContext, basket: Basket, product: Product, units: int, grams: int,
               first_lot_id: uuid.UUID | None = None, identified: bool = False,
               free_only: bool = False) -> tuple[LotShare, ...]:
    """The lots FEFO hands over, after what the basket already holds of them (not sold yet): its lines
    pinned to a lot, and its lines without one, which payment will take FEFO. `free_only`: the free
    distribution line draws on FSE+ lots alone."""
    reserved: dict[uuid.UUID, int] = defaultdict(int)
    unpinned = 0
    for line in basket.lines:
        if line.product_id == product.id:
            taken = line.quantity if units else line.grams
            if line.lot_id is None:
                unpinned += taken
            else:
                reserved[line.lot_id] += taken
    try:
        return plan_counter_sale(session, ctx.site_id, product.id, today=ctx.today, settings=ctx.expiry,
                                 units=units, grams=0 if units else grams, reserved=reserved, unpinned=unpinned,
                                 first_lot_id=first_lot_id, identified=identified,
                                 sources=FREE_OF_CHARGE_SOURCES if free_only else None)
    except LotNotSellable as refusal:
        raise TillError(f"« {product.name} » : {refusal}") from refusal
