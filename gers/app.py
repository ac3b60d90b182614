"""Application factory: the composition root that mounts the rooms of this node's role.

No I/O at import time; `create_app()` reads the configuration, opens the engine lazily and
registers the blueprints. It opens no device: CLI commands build the app too, and only the
long-running server starts the device hub (gers.device_events.start_device_hub).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from gers import errors
from gers.auth.views import TILES as USER_TILES
from gers.auth.views import bp as auth_bp
from gers.auth.views import users_bp
from gers.config import load_config
from gers.db import make_engine, make_session_factory
from gers.device_events import bp as device_events_bp
from gers.formatting import JINJA_FILTERS
from gers.headers import init_headers
from gers.home import bp as core_bp
from gers.web import init_web
from households.emergency_views import TILES as EMERGENCY_TILES
from households.emergency_views import bp as emergency_bp
from households.privacy import PURCHASES
from households.views import TILES as HOUSEHOLD_TILES
from households.views import bp as households_bp
from inventory.views import TILES as INVENTORY_TILES
from inventory.views import bp as inventory_bp
from pos.purchases import purchases_of
from pos.views import TILES as POS_TILES
from pos.views import api_bp as pos_api_bp
from pos.views import bp as pos_bp
from warehouse.views import ARRIVAL_TILES, arrivals_bp
from warehouse.views import TILES as WAREHOUSE_TILES
from warehouse.views import bp as warehouse_bp

# (blueprint, home tiles, node roles that mount it). Rooms are appended here as they are built.
ROOMS = (
    (core_bp, (), {"site", "central"}),
    (auth_bp, (), {"site", "central"}),
    (users_bp, USER_TILES, {"site", "central"}),
    (inventory_bp, INVENTORY_TILES, {"site", "central"}),
    (households_bp, HOUSEHOLD_TILES, {"central"}),
    (emergency_bp, EMERGENCY_TILES, {"site", "central"}),
    (warehouse_bp, WAREHOUSE_TILES, {"central"}),
    (arrivals_bp, ARRIVAL_TILES, {"site", "central"}),
    (device_events_bp, (), {"site", "central"}),
    (pos_bp, POS_TILES, {"site"}),
    (pos_api_bp, (), {"site"}),
)


def create_app(overrides: Mapping[str, Any] | None = None, instance_path: str | Path | None = None,
               environ: Mapping[str, str] | None = None) -> Flask:
    app = Flask("gers", instance_path=str(Path(instance_path or "instance").resolve()),
                root_path=str(Path(__file__).parent))
    app.config.update(load_config(Path(app.instance_path), environ=environ, overrides=overrides))
    app.config.update(
        SECRET_KEY=app.config["SECRET_KEY"] or _instance_secret(Path(app.instance_path)),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # a till stays open all day; the session idle limit applies
        JSON_AS_ASCII=False,
    )
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["gers.engine"] = engine
    app.extensions["gers.sessionmaker"] = make_session_factory(engine)
    mounted = [(bp, tiles) for bp, tiles, node_roles in ROOMS if app.config["ROLE"] in node_roles]
    app.extensions["gers.tiles"] = tuple(tile for _bp, tiles in mounted for tile in tiles)
    # The registry's right-of-access export lists purchases from the till's journal, a room above it.
    app.extensions[PURCHASES] = purchases_of
    CSRFProtect(app)
    init_web(app)
    init_headers(app)
    errors.register(app)
    app.jinja_env.filters.update(JINJA_FILTERS)
    for blueprint, _tiles in mounted:
        app.register_blueprint(blueprint)
    return app


def _instance_secret(instance: Path) -> str:
    """A node without a configured key makes one once and keeps it, so sessions survive restarts."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
