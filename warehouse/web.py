"""Flask glue of the warehouse room: the blueprints, who may use them, form parsing, the node's context."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory
from sqlalchemy import select

from gers.formatting import UnreadableNumber, read_decimal, read_typed_date
from gers.models import Role
from gers.web import current_user, db, now, public
from inventory.enums import SiteKind
from inventory.expiry import ExpirySettings, paris_today
from inventory.models import Site

ASSETS = Path(__file__).parent / "static"
bp = Blueprint("warehouse", __name__, url_prefix="/entrepot", template_folder="templates")
arrivals_bp = Blueprint("arrivals", __name__, url_prefix="/arrivages", template_folder="templates")

STAFF = (Role.WAREHOUSE, Role.COORDINATOR)


@bp.route("/ressources/<path:filename>")
@public
def asset(filename: str):
    """The room's local CSS and JavaScript (no CDN: sites are offline)."""
    return send_from_directory(ASSETS, filename, max_age=3600)


def settings() -> ExpirySettings:
    return ExpirySettings.from_config(current_app.config)


def owner_node() -> str:
    return current_app.config["NODE_CODE"]


def actor_id() -> uuid.UUID | None:
    user = current_user()
    return user.id if user else None


def today() -> dt.date:
    return paris_today(now())


def warehouse_site() -> Site:
    site = db().scalar(select(Site).where(Site.kind == SiteKind.WAREHOUSE).order_by(Site.code).limit(1))
    if site is None:
        abort(404, "Aucun entrepôt départemental n'est déclaré dans le réseau.")
    return site


# Bounds of one typed quantity: far above any real carton or truck, far below what an integer column
# (2^31 − 1) holds; the services then apply their own plausibility limits.
MAX_TYPED_UNITS = 100_000
MAX_TYPED_KG = Decimal("100000")  # 100 t
MAX_TYPED_EUROS = Decimal("1000000")


def parse_int(raw: str | None, default: int = 0) -> int:
    """A whole number of units; ValueError (French) when unreadable or over MAX_TYPED_UNITS."""
    raw = (raw or "").strip().replace(" ", "")
    if not raw:
        return default
    if not re.fullmatch(r"-?[0-9]{1,9}", raw) or abs(int(raw)) > MAX_TYPED_UNITS:
        raise UnreadableNumber(f"« {raw[:30]} » n'est pas un nombre entier entre -{MAX_TYPED_UNITS} et "
                               f"{MAX_TYPED_UNITS}.")
    return int(raw)


def parse_grams(raw_kg: str | None) -> int | None:
    """"1,25" or "1.250" kg → 1250 g; empty → None."""
    kg = read_decimal(raw_kg, limit=MAX_TYPED_KG)
    return None if kg is None else int((kg * 1000).to_integral_value())


def parse_money(raw: str | None) -> Decimal | None:
    return read_decimal(raw, limit=MAX_TYPED_EUROS)


def parse_date(raw: str | None) -> dt.date | None:
    """HTML date inputs send YYYY-MM-DD; people typing send DD/MM/YYYY."""
    raw = (raw or "").strip()
    if not raw:
        return None
    day = read_typed_date(raw)
    if day is None:
        raise ValueError(raw)
    return day


def parse_uuid(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID((raw or "").strip()) if raw else None
    except ValueError:
        return None


def get_or_404(model, raw_id):
    """The row whose id is given (a UUID or its text form), or a 404 — never a query on a NULL key."""
    row_id = raw_id if isinstance(raw_id, uuid.UUID) else parse_uuid(raw_id)
    row = db().get(model, row_id) if row_id is not None else None
    if row is None:
        abort(404)
    return row
