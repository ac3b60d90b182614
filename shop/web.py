"""Flask glue of the site's shop room: its blueprint, who may use it, the node's site and settings."""

from __future__ import annotations

import uuid
from pathlib import Path

from flask import Blueprint, send_from_directory

from gers.models import Role
from gers.scope import current_scope
from gers.web import public

ASSETS = Path(__file__).parent / "static"
bp = Blueprint("shop", __name__, url_prefix="/magasin", template_folder="templates")

# The volunteers who run a site day to day: the counter, the stock, the coordinators.
SITE_STAFF = (Role.CASHIER, Role.WAREHOUSE, Role.COORDINATOR)


@bp.route("/ressources/<path:filename>")
@public
def asset(filename: str):
    """The room's local CSS and JavaScript (no CDN: sites are offline)."""
    return send_from_directory(ASSETS, filename, max_age=3600)


def site_id() -> uuid.UUID:
    """This node's site (the room is mounted on site nodes only)."""
    scope = current_scope()
    assert scope is not None, "the shop room is mounted on site nodes, whose scope is their site"
    return scope
