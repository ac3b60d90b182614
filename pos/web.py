"""Flask glue of the till: the request's till context, input parsing, French JSON errors."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from gers.formatting import read_decimal
from gers.scope import current_scope
from gers.web import current_user, db, now
from inventory.barcodes import InStoreLayout
from inventory.expiry import ExpirySettings
from pos.context import TillContext
from pos.errors import LimitRefused, OverrideRefused, TillError
from pos.limits import OverrideRequest
from pos.models import InStoreLayoutRow

bp = Blueprint("pos", __name__, template_folder="templates", static_folder="static",
               static_url_path="/caisse/ressources")
api = Blueprint("pos_api", __name__, url_prefix="/api/caisse")

SEQUENCE_RETRIES = 3


def till_context() -> TillContext:
    site_id = current_scope()  # the node's site: a till rings up only its own site's sales
    config = current_app.config
    layouts = tuple(InStoreLayout(row.prefix, row.measure, (row.item_start, row.item_end),
                                  (row.value_start, row.value_end))
                    for row in db().scalars(select(InStoreLayoutRow).where(InStoreLayoutRow.site_id == site_id)))
    return TillContext(site_id=site_id, owner_node=config["NODE_CODE"], cashier_id=current_user().id, now=now(),
                       instore_layouts=layouts, expiry=ExpirySettings.from_config(config),
                       vesti_uses_allowance=bool(config.get("POS_VESTI_USES_ALLOWANCE", False)),
                       login_max_failures=config["LOGIN_MAX_FAILURES"],
                       login_lock_minutes=config["LOGIN_LOCK_MINUTES"])


def body() -> dict[str, Any]:
    return request.get_json(silent=True) or {}


def parse_amount(raw: Any, label: str) -> Decimal:
    try:
        value = read_decimal(None if raw is None else str(raw))
    except ValueError:
        raise TillError(f"{label} : « {raw} » n'est pas un montant.") from None
    if value is None:
        raise TillError(f"{label} : indiquez un montant.")
    if value.as_tuple().exponent < -2:
        raise TillError(f"{label} : indiquez un montant au centime près.")
    return value.quantize(Decimal("0.01"))


def parse_uuid(raw: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise TillError("Référence inconnue : rechargez l'écran de caisse.") from None


def override_from(data: dict[str, Any]) -> OverrideRequest | None:
    override = data.get("override")
    if not override:
        return None
    return OverrideRequest(str(override.get("username", "")), str(override.get("pin", "")),
                           str(override.get("reason", "")))


def till_action(view: Callable[..., Any]) -> Callable[..., Any]:
    """One transaction per request; French errors as 422; a lost race for the journal's next
    number (another till) retries the whole action so the sequence stays gapless."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(SEQUENCE_RETRIES):
            try:
                result = view(*args, **kwargs)
                db().commit()
                return result
            except TillError as error:
                db().commit() if isinstance(error, OverrideRefused) else db().rollback()
                return jsonify(error=str(error), needs_override=isinstance(error, LimitRefused),
                               details=error.details), 422
            except IntegrityError:
                db().rollback()
                if attempt == SEQUENCE_RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    return wrapper
