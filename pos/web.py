"""Flask glue of the till: the request's till context, input parsing, French JSON errors."""

from __future__ import annotations

import enum
import functools
import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from gers.backup import RESTORE_PENDING_MESSAGE, restore_pending
from gers.formatting import read_decimal
from gers.scope import current_scope
from gers.web import current_user, db, now, pin_login
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
E = TypeVar("E", bound=enum.Enum)


def till_context() -> TillContext:
    site_id = current_scope()  # the node's site: a till rings up only its own site's sales
    config = current_app.config
    row = InStoreLayoutRow  # plain columns, no ORM objects: read on every till request
    layouts = tuple(InStoreLayout(prefix, measure, (item_start, item_end), (value_start, value_end))
                    for prefix, measure, item_start, item_end, value_start, value_end in db().execute(
                        select(row.prefix, row.measure, row.item_start, row.item_end, row.value_start,
                               row.value_end).where(row.site_id == site_id)))
    return TillContext(site_id=site_id, owner_node=config["NODE_CODE"], cashier_id=current_user().id, now=now(),
                       instore_layouts=layouts, expiry=ExpirySettings.from_config(config),
                       vesti_uses_allowance=bool(config.get("POS_VESTI_USES_ALLOWANCE", False)),
                       login_max_failures=config["LOGIN_MAX_FAILURES"],
                       login_lock_minutes=config["LOGIN_LOCK_MINUTES"],
                       override_throttle=current_app.extensions["gers.login_throttles"].overrides,
                       pin_login=pin_login())


def body() -> dict[str, Any]:
    """The JSON object sent; anything else (a list, a number) is refused in French."""
    data = request.get_json(silent=True)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TillError("Requête illisible : un objet JSON est attendu.")
    return data


# One till amount or quantity: far above a real basket, far below what Numeric(12,2) or an integer
# column holds once summed over a session.
MAX_TILL_AMOUNT = Decimal("99999.99")
MAX_QUANTITY = 999


def parse_amount(raw: Any, label: str) -> Decimal:
    if raw is not None and (isinstance(raw, bool) or not isinstance(raw, (str, int, float))):
        raise TillError(f"{label} : « {raw} » n'est pas un montant.")
    try:
        value = read_decimal(None if raw is None else str(raw), limit=MAX_TILL_AMOUNT)
    except ValueError as exc:
        raise TillError(f"{label} : {exc}") from None
    if value is None:
        raise TillError(f"{label} : indiquez un montant.")
    if value.as_tuple().exponent < -2:
        raise TillError(f"{label} : indiquez un montant au centime près.")
    return value.quantize(Decimal("0.01"))


def parse_quantity(raw: Any, default: int, minimum: int = 1) -> int:
    """A whole number of pieces, sent as a JSON integer or its digits."""
    if raw is None or raw == "":
        return default
    if isinstance(raw, str) and re.fullmatch(r"-?[0-9]{1,9}", raw.strip()):
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not minimum <= raw <= MAX_QUANTITY:
        raise TillError(f"Quantité : « {str(raw)[:20]} » n'est pas un nombre entier entre {minimum} et "
                        f"{MAX_QUANTITY}.")
    return raw


def parse_choice(kind: type[E], raw: Any, label: str) -> E:
    """One value of an enumeration (basket mode, payment method): an unknown one is named."""
    try:
        return kind(raw)
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise TillError(f"{label} inconnu : « {raw} » (attendu : {known}).") from None


def parse_text(raw: Any, label: str) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise TillError(f"{label} : un texte est attendu.")
    return str(raw)


def parse_object(raw: Any, label: str) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise TillError(f"{label} : un objet JSON est attendu.")
    return raw


def parse_list(raw: Any, label: str) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise TillError(f"{label} : une liste est attendue.")
    return raw


def parse_uuid(raw: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise TillError("Référence inconnue : rechargez l'écran de caisse.") from None


def override_from(data: dict[str, Any]) -> OverrideRequest | None:
    override = data.get("override")
    if not override:
        return None
    override = parse_object(override, "Dérogation")
    return OverrideRequest(parse_text(override.get("username"), "Identifiant"), parse_text(override.get("pin"), "Code"),
                           parse_text(override.get("reason"), "Motif"))


def till_action(view: Callable[..., Any]) -> Callable[..., Any]:
    """One transaction per request; French errors as 422; a lost race for the journal's next
    number (another till) retries the whole action so the sequence stays gapless."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if restore_pending(Path(current_app.instance_path)):
            return jsonify(error=RESTORE_PENDING_MESSAGE, needs_override=False, details={}), 409
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
