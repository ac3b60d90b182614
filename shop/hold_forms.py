"""The hold forms' glue, shared by a site's quarantine screen and the warehouse's: one transaction
each, a French error (nothing written) or None once committed."""

from __future__ import annotations

import uuid

from flask import request

from gers.web import db, now
from inventory.ledger import StockError
from inventory.stock_models import Lot
from shop import cold
from shop.models import LotHold
from warehouse.web import actor_id, owner_node


def hold_posted_lot(lot: Lot, site_id: uuid.UUID, location: str) -> str | None:
    try:
        cold.hold_lot(db(), lot=lot, site_id=site_id, location=location, reason=request.form.get("reason", ""),
                      now=now(), owner_node=owner_node(), actor_id=actor_id())
    except StockError as exc:
        db().rollback()
        return str(exc)
    db().commit()
    return None


def decide_posted_hold(hold: LotHold) -> str | None:
    """« Détruire » records the loss; otherwise the hold is released with the reason typed."""
    try:
        if posted_loss():
            cold.lose_held(db(), hold, now=now(), owner_node=owner_node(), actor_id=actor_id())
        else:
            cold.release_hold(db(), hold, reason=request.form.get("reason", ""), now=now(), owner_node=owner_node(),
                              actor_id=actor_id())
    except StockError as exc:
        db().rollback()
        return str(exc)
    db().commit()
    return None


def posted_loss() -> bool:
    return request.form.get("action") == "loss"
