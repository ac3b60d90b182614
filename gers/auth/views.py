"""Login and logout screens."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from urllib.parse import unquote, urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from sqlalchemy import select

from gers.auth.services import LoginRefused, authenticate, unlock
from gers.auth.sessions import open_session, revoke
from gers.home import Tile
from gers.models import Role, User
from gers.web import db, node_site_id, now, public, roles

bp = Blueprint("auth", __name__)
users_bp = Blueprint("users", __name__, url_prefix="/admin/utilisateurs")

TILES = (Tile("Utilisateurs", "Comptes, rôles et déblocage", "users.index", frozenset({Role.ADMIN})),)


@bp.route("/connexion", methods=["GET", "POST"])
@public
def login():
    config = current_app.config
    if request.method == "GET":
        return render_template("auth/login.html", node_role=config["ROLE"])
    try:
        user = authenticate(db(), request.form.get("username", ""), request.form.get("secret", ""),
                            node_role=config["ROLE"], node_site_id=node_site_id(),
                            now=now(), max_failures=config["LOGIN_MAX_FAILURES"],
                            lock_minutes=config["LOGIN_LOCK_MINUTES"])
    except LoginRefused as refusal:
        db().commit()  # keep the failure count
        flash(str(refusal), "error")
        return render_template("auth/login.html", node_role=config["ROLE"],
                               username=request.form.get("username", "")), 401
    revoke(db(), session.get("sid"))
    session.clear()  # a new session at each login: nothing from before it carries over
    session["sid"] = open_session(db(), user.id, now(), dt.timedelta(hours=config["SESSION_MAX_HOURS"]))
    db().commit()
    session["user_id"] = str(user.id)
    session["last_seen"] = now().timestamp()
    return redirect(safe_next(request.args.get("next"), url_for("core.home")))


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
    anything with a control or space character, a backslash or an encoded one is refused outright.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    decoded = unquote(unquote(target))
    if any(_suspicious(c) for c in target + decoded) or decoded.startswith("//"):
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target


def _suspicious(char: str) -> bool:
    return char == "\\" or char.isspace() or unicodedata.category(char)[0] in "CZ"


@users_bp.route("/")
@roles()
def index():
    users = db().scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("auth/users.html", users=users, now=now())


@users_bp.route("/<uuid:user_id>/debloquer", methods=["POST"])
@roles()
def unlock_user(user_id: uuid.UUID):
    user = db().get(User, user_id) or abort(404)
    unlock(user)
    db().commit()
    flash(f"Le compte « {user.username} » est débloqué.", "info")
    return redirect(url_for("users.index"))
