"""A site node's side: the sync page (« Synchroniser maintenant ») and the header's sync status."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, url_for
from sqlalchemy.exc import SQLAlchemyError

from gers.home import Tile
from gers.models import Role
from gers.web import current_user, db, roles
from sync import node
from sync.background import _KEY as URGENT_PULLS
from sync.client import SyncError
from sync.manual import enrolled, manual_sync
from sync.network import header_of_node
from sync.status import HeaderStatus, parse_moment

bp = Blueprint("sync_node", __name__, url_prefix="/synchronisation", template_folder="templates")

TILES = (Tile("Synchronisation", "Dernier échange avec le serveur central ; synchroniser maintenant",
              "sync_node.page", frozenset({Role.COORDINATOR})),)
REFRESH_SECONDS = 2


@bp.app_context_processor
def sync_header() -> dict:
    """The header's « Synchronisé le … »: read only when a page's header asks for it, once per request."""
    def status() -> HeaderStatus | None:
        if "sync_header" not in g:
            try:
                g.sync_header = header_of_node(db())
            except SQLAlchemyError:  # an error page must still render (its own error is the news)
                current_app.logger.exception("sync header unavailable")
                g.sync_header = None
        return g.sync_header
    return {"sync_header": status}


@bp.get("/")
@roles(Role.COORDINATOR)
def page():
    session = db()
    state = {"last_attempt_at": parse_moment(node.get_state(session, node.LAST_ATTEMPT_AT)),
             "last_error": node.get_state(session, node.LAST_ERROR)}
    progress = manual_sync(current_app._get_current_object()).progress
    return render_template("sync/node_sync.html", state=state, backlog=node.backlog(session),
                           progress=progress, enrolled=enrolled(current_app._get_current_object()),
                           refresh=REFRESH_SECONDS if progress.running else None,
                           urgent=current_app.extensions.get(URGENT_PULLS))


@bp.post("/lancer")
@roles(Role.COORDINATOR)
def start():
    app = current_app._get_current_object()
    try:
        started = manual_sync(app).start(by=current_user().display_name)
    except SyncError as failure:
        flash(f"Synchronisation impossible : {failure}", "error")
        return redirect(url_for(".page"))
    if started:
        flash("Synchronisation lancée : la caisse reste utilisable pendant l'échange.", "success")
    else:
        flash("Une synchronisation est déjà en cours : attendez qu'elle se termine.", "warning")
    return redirect(url_for(".page"))
