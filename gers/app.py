"""Application factory: the composition root that mounts the rooms of this node's role.

No I/O at import time; `create_app()` reads the configuration, opens the engine lazily and
registers the blueprints. It opens no device: CLI commands build the app too, and only the
long-running server starts the device hub (gers.device_events.start_device_hub).
"""

from __future__ import annotations

import importlib
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

# The schema is the union of every room's models: all are mapped on every node (relationships
# name each other), even where a room's screens are not mounted — but for CENTRAL_MODELS below.
import activities.models  # noqa: F401
import gers.changes  # noqa: F401
import gers.models  # noqa: F401
import households.models  # noqa: F401
import inventory.models  # noqa: F401
import inventory.price_models  # noqa: F401
import inventory.stock_models  # noqa: F401
import kiosk.models  # noqa: F401
import pos.models  # noqa: F401
import shop.models  # noqa: F401
import sync.models  # noqa: F401
import tours.models  # noqa: F401
import warehouse.donor_models  # noqa: F401
import warehouse.models  # noqa: F401
import warehouse.order_models  # noqa: F401
from activities.privacy import export_of as activities_export
from activities.workshops import noted_participation
from gers import errors
from gers.auth.secrets import configure_hashing
from gers.auth.throttle import LoginThrottles
from gers.changes import ChangeJournal
from gers.config import load_config
from gers.db import make_engine, make_session_factory
from gers.formatting import JINJA_FILTERS
from gers.headers import init_headers
from gers.instance import create_private_file
from gers.transport import init_transport
from gers.web import init_web
from households.commission import PARTICIPATION
from households.privacy import ACTIVITIES, PURCHASES
from pos.purchases import purchases_of
from sync.keystore import IDENTITY_FILE

SITE, CENTRAL = frozenset({"site"}), frozenset({"central"})
BOTH = SITE | CENTRAL

# (module, blueprint, home tiles or None, node roles that mount it). A node imports only the rooms
# it mounts: a site starts without the registry's and the warehouse's screens (nor their PDF
# libraries). Rooms are appended here as they are built.
ROOMS = (
    ("gers.home", "bp", None, BOTH),
    ("gers.auth.views", "bp", None, BOTH),
    ("gers.auth.views", "users_bp", "TILES", BOTH),
    ("inventory.views", "bp", "TILES", BOTH),
    ("inventory.catalog_views", "bp", "TILES", CENTRAL),
    ("households.views", "bp", "TILES", CENTRAL),
    ("households.emergency_views", "bp", "TILES", BOTH),
    ("warehouse.views", "bp", "TILES", CENTRAL),
    ("warehouse.views_arrivals", "arrivals_bp", "ARRIVAL_TILES", BOTH),
    ("gers.device_events", "bp", None, BOTH),
    ("pos.views", "bp", "TILES", SITE),
    ("pos.views", "api_bp", None, SITE),
    ("shop.views", "bp", "TILES", SITE),
    ("shop.views_warehouse", "bp", None, CENTRAL),
    ("sync.views", "bp", None, CENTRAL),
    ("kiosk.views", "bp", None, SITE),
    ("kiosk.content_views", "bp", "TILES", CENTRAL),
    ("sync.status_views", "bp", "TILES", CENTRAL),
    ("sync.node_views", "bp", "TILES", SITE),
    ("reports.views", "bp", "TILES", CENTRAL),
    ("collectes.views", "bp", "TILES", CENTRAL),
    ("tours.views", "bp", "TILES", CENTRAL),
    ("activities.views", "bp", "TILES", BOTH),
    ("activities.site_views", "bp", None, SITE),
    ("activities.central_views", "bp", None, CENTRAL),
)
# Rooms whose rows a site never holds (central-only tables, central's report summaries) and that no
# other room's model names: mapped on central only, so a site starts without building them (their
# empty tables are in every node's database all the same: migrations build the whole schema).
CENTRAL_MODELS = ("collectes.models", "reports.models")


def _mounted_rooms(role: str) -> list[tuple[Any, tuple]]:
    if role in CENTRAL:
        map_central_models()
    rooms = []
    for module_name, blueprint, tiles, node_roles in ROOMS:
        if role in node_roles:
            module = importlib.import_module(module_name)
            rooms.append((getattr(module, blueprint), getattr(module, tiles) if tiles else ()))
    return rooms


def map_central_models() -> None:
    """The whole schema mapped, as on central (also for tests and tools that walk every table)."""
    for module_name in CENTRAL_MODELS:
        importlib.import_module(module_name)


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
    # Every session of the app journals the travelling rows it writes: sync reads that journal.
    ChangeJournal(app.config["NODE_CODE"], central=app.config["ROLE"] == "central").install(
        app.extensions["gers.sessionmaker"])
    mounted = _mounted_rooms(app.config["ROLE"])
    app.extensions["gers.tiles"] = tuple(tile for _bp, tiles in mounted for tile in tiles)
    # The registry's right-of-access export lists purchases from the till's journal, a room above it.
    app.extensions[PURCHASES] = purchases_of
    # The commission reads the workshops a household agreed to have noted (activities/, above it).
    app.extensions[PARTICIPATION] = noted_participation
    app.extensions[ACTIVITIES] = activities_export
    configure_hashing(app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_KIB"],
                      app.config["ARGON2_PARALLELISM"])
    app.extensions["gers.login_throttles"] = LoginThrottles.from_config(app.config)
    # PINs count only on a node that holds its sync identity; read at each login, so that
    # `sync join` (or removing a stolen Pi's file) takes effect without a restart.
    identity = Path(app.instance_path) / IDENTITY_FILE
    app.extensions["gers.node_enrolled"] = identity.exists
    CSRFProtect(app)
    init_web(app)
    init_transport(app)
    init_headers(app)
    errors.register(app)
    app.jinja_env.filters.update(JINJA_FILTERS)
    for blueprint, _tiles in mounted:
        app.register_blueprint(blueprint)
    # A van's sale belongs to the stop where it happened (tours sits above the till).
    app.extensions["pos.after_sale"] = (_attach_to_stop,)
    app.extensions["pos.stop_choices"] = _stop_choices
    if app.config["ROLE"] == "central":
        # The reports' summaries follow what each node's push brought (sync sits beside reports).
        app.extensions["sync.after_push"] = (_refresh_reports,)
    return app


def _refresh_reports(session, _site_id) -> None:
    from reports.summaries import refresh

    refresh(session)


def _attach_to_stop(session, entry, owner_node, data) -> None:
    from tours.services import attach_entry, parse_stop_choice

    attach_entry(session, entry, owner_node, parse_stop_choice(data.get("stop_id")))


def _stop_choices(session, site_id, now) -> list:
    from tours.services import stop_choices

    return stop_choices(session, site_id, now)


def _instance_secret(instance: Path) -> str:
    """A node without a configured key makes one once and keeps it, so sessions survive restarts."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    create_private_file(path)
    path.write_text(key)
    return key
