"""Login and logout screens."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from sqlalchemy import select

from gers.auth.services import LoginRefused, authenticate, unlock
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
    db().commit()
    session.clear()
    session["user_id"] = str(user.id)
    session["last_seen"] = now().timestamp()
    return redirect(_safe_next(request.args.get("next")))


@bp.route("/deconnexion", methods=["POST"])
@public
def logout():
    session.clear()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a login to another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("core.home")


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
