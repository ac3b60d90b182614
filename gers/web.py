"""Flask glue shared by every room: the request's database session, the current user, access rules.

Access is closed by default: a view that does not declare who may see it answers 403, so a new
page can never be left open by mistake (a test walks the URL map to prove it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from gers.auth.sessions import session_user
from gers.clock import utcnow
from gers.db import Base
from gers.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])
PUBLIC = frozenset({"public"})
ANY_USER = frozenset(Role)


def db() -> Session:
    """The session of this request; the view commits once at the edge."""
    if "db" not in g:
        g.db = current_app.extensions["gers.sessionmaker"]()
    return g.db


def close_db(_exc: BaseException | None) -> None:
    session_ = g.pop("db", None)
    if session_ is not None:
        session_.close()  # rolls back anything the view did not commit


def roles(*allowed: Role) -> Callable[[F], F]:
    """Declare which roles may open a view. Admins may open every view."""

    def mark(view: F) -> F:
        view.allowed_roles = frozenset(allowed) | {Role.ADMIN}  # type: ignore[attr-defined]
        return view

    return mark


def any_user(view: F) -> F:
    view.allowed_roles = ANY_USER  # type: ignore[attr-defined]
    return view


def public(view: F) -> F:
    view.allowed_roles = PUBLIC  # type: ignore[attr-defined]
    return view


def current_user() -> User | None:
    return g.get("user")


def now() -> dt.datetime:
    """The clock of the request; tests may pin it through the GERS_CLOCK extension."""
    clock = current_app.extensions.get("gers.clock", utcnow)
    return clock()


def enforce_access() -> Any:
    if request.endpoint is None or request.endpoint == "static" or request.endpoint.endswith(".static"):
        return None  # CSS and JavaScript (the app's and the blueprints' own) hold no data
    view = current_app.view_functions[request.endpoint]
    allowed = getattr(view, "allowed_roles", frozenset())
    user = _load_user()
    if allowed == PUBLIC:
        return None
    if user is None:
        if request.path.startswith("/api/"):
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path))
    if user.role not in allowed:
        abort(403)
    return None


def _load_user() -> User | None:
    user_id = session.get("user_id")
    if user_id is None:
        return None
    last_seen = session.get("last_seen", 0)
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    stamp = now().timestamp()
    if stamp - last_seen > idle:
        session.clear()
        flash("Votre session a expiré : reconnectez-vous.", "warning")
        return None
    lifetime = dt.timedelta(hours=current_app.config["SESSION_MAX_HOURS"])
    if str(session_user(db(), session.get("sid"), now(), lifetime)) != user_id:
        session.clear()  # logged out elsewhere, or older than the absolute lifetime
        flash("Votre session a expiré : reconnectez-vous.", "warning")
        return None
    user = db().get(User, uuid.UUID(user_id))
    if user is None or not user.active:
        session.clear()
        return None
    session["last_seen"] = stamp
    g.user = user
    return user


def init_web(app: Flask) -> None:
    app.teardown_appcontext(close_db)
    app.before_request(enforce_access)
    app.context_processor(lambda: {"current_user": g.get("user"), "Role": Role})


def pin_login() -> bool:
    """Whether a PIN opens a session here: only on a site node that holds its device identity.

    A PIN of 4 to 6 digits falls to an offline search of a copied database: it only says who holds
    the till of a Pi already known to central. Elsewhere the password is required.
    """
    return current_app.config["ROLE"] == "site" and current_app.extensions["gers.node_enrolled"]()


def node_site_id() -> uuid.UUID | None:
    """The id of the site this node serves (None on central), read once from the site table.

    Read through the table so that `gers` does not import the inventory room it serves.
    """
    config = current_app.config
    if config["ROLE"] != "site":
        return None
    if config.get("NODE_SITE_ID") is None:  # remembered once found (the site may arrive by sync)
        site = Base.metadata.tables["site"]
        config["NODE_SITE_ID"] = db().scalar(select(site.c.id).where(site.c.code == config["NODE_CODE"]))
    return config["NODE_SITE_ID"]
