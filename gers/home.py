"""The home screen: one tile per capability the person's role may use on this node."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, jsonify, render_template

from gers.models import Role
from gers.web import any_user, current_user, public


@dataclass(frozen=True)
class Tile:
    """A capability offered on the home screen. Rooms declare theirs; the app factory collects them."""

    label: str
    description: str
    endpoint: str
    roles: frozenset[Role]


bp = Blueprint("core", __name__)


def visible_tiles() -> list[Tile]:
    """The tiles of the signed-in person's role on this node (also the navigation bar)."""
    user = current_user()
    if user is None:
        return []
    return [tile for tile in current_app.extensions["gers.tiles"]
            if user.role in tile.roles or user.role is Role.ADMIN]


@bp.app_context_processor
def navigation() -> dict:
    return {"nav_tiles": visible_tiles}


@bp.route("/")
@any_user
def home():
    return render_template("home.html", tiles=visible_tiles())


@bp.route("/sante")
@public
def health():
    """Liveness probe for systemd and the sync client: no database access, no secrets."""
    config = current_app.config
    return jsonify(status="ok", role=config["ROLE"], node=config["NODE_CODE"])
