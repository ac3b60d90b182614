"""Login and logout screens."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from urllib.parse import unquote, urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from sqlalchemy import select

from gers.auth.services import PIN_NEEDS_IDENTITY, LoginRefused, authenticate, unlock
from gers.auth.sessions import open_session, revoke
from gers.auth.throttle import LoginThrottles, Throttle, too_many
from gers.home import Tile
from gers.models import Role, User
from gers.web import db, node_site_id, now, pin_login, public, roles

bp = Blueprint("auth", __name__)
users_bp = Blueprint("users", __name__, url_prefix="/admin/utilisateurs")

TILES = (Tile("Utilisateurs", "Comptes, rôles et déblocage", "users.index", frozenset({Role.ADMIN, Role.COORDINATOR})),)


@bp.route("/connexion", methods=["GET", "POST"])
@public
def login():
    config = current_app.config
    if request.method == "GET":
        return _page()
    username = request.form.get("username", "")
    keys = _throttle_keys(username)
    if wait := max(throttle.wait_seconds(db(), key, now()) for throttle, key in keys):
        return _refused(too_many(wait), 429, username, {"Retry-After": str(wait)})
    try:
        user = authenticate(db(), username, request.form.get("secret", ""),
                            node_role=config["ROLE"], by_pin=pin_login(), node_site_id=node_site_id(),
                            now=now(), max_failures=config["LOGIN_MAX_FAILURES"],
                            lock_minutes=config["LOGIN_LOCK_MINUTES"])
    except LoginRefused as refusal:
        for throttle, key in keys:
            throttle.failed(db(), key, now())
        db().commit()  # keep the failure counts
        return _refused(str(refusal), 401, username)
    for throttle, key in keys:
        throttle.succeeded(db(), key)
    revoke(db(), session.get("sid"))
    session.clear()  # a new session at each login: nothing from before it carries over
    session["sid"] = open_session(db(), user.id, now(), dt.timedelta(hours=config["SESSION_MAX_HOURS"]))
    db().commit()
    session["user_id"] = str(user.id)
    session["last_seen"] = now().timestamp()
    return redirect(safe_next(request.args.get("next"), url_for("core.home")))


def _throttle_keys(username: str) -> list[tuple[Throttle, str]]:
    """The client's address (the proxy's X-Forwarded-For on central) and the account typed."""
    throttles: LoginThrottles = current_app.extensions["gers.login_throttles"]
    return [(throttles.clients, request.remote_addr or "?"), (throttles.accounts, username.strip().lower())]


def _refused(message: str, status: int, username: str, headers: dict[str, str] | None = None):
    flash(message, "error")
    return _page(username), status, headers or {}


def _page(username: str = "") -> str:
    role = current_app.config["ROLE"]
    return render_template("auth/login.html", by_pin=pin_login(), username=username,
                           needs_identity=PIN_NEEDS_IDENTITY if role == "site" and not pin_login() else "")


@bp.route("/deconnexion", methods=["POST"])
@public
def logout():
    revoke(db(), session.get("sid"))  # a copy of the cookie opens nothing afterwards
    db().commit()
    session.clear()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.login"))


def safe_next(target: str | None, default: str) -> str:
    """Only a path of this site: never redirect a login to another host.

    Browsers drop tabs and newlines and read `\\` as `/`, so `/\t/evil.example` would leave the site:
    a control or space character or a backslash anywhere, or in the decoded path, is refused outright.
    """
    if not target or not target.startswith("/") or target.startswith("//") or any(map(_suspicious, target)):
        return default
    parts = urlsplit(target)
    path = unquote(unquote(parts.path))  # the encoded variants: %2F%2F, %5C, %09, %252F
    if parts.scheme or parts.netloc or path.startswith("//") or any(map(_suspicious, path)):
        return default
    return target


def _suspicious(char: str) -> bool:
    return char == "\\" or char.isspace() or unicodedata.category(char)[0] in "CZ"


@users_bp.route("/")
@roles(Role.COORDINATOR)
def index():
    users = db().scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("auth/users.html", users=users, now=now())


@users_bp.route("/<uuid:user_id>/debloquer", methods=["POST"])
@roles(Role.COORDINATOR)  # the lock message sends cashiers to "un coordinateur ou un administrateur"
def unlock_user(user_id: uuid.UUID):
    user = db().get(User, user_id) or abort(404)
    unlock(user)
    db().commit()
    flash(f"Le compte « {user.username} » est débloqué.", "info")
    return redirect(url_for("users.index"))
