"""Central's network status page: each node's last sync, backlog, clock, alerts and refusals."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from gers.home import Tile
from gers.models import Role
from gers.web import db, now, roles
from sync.network import network_report
from sync.status import Thresholds, duration_words, offset_is_worrying, offset_words

bp = Blueprint("sync_status", __name__, url_prefix="/synchronisation", template_folder="templates")

TILES = (Tile("Synchronisation", "État des sites et unités mobiles : dernier échange, alertes",
              "sync_status.network", frozenset({Role.COORDINATOR})),)


def thresholds() -> Thresholds:
    config = current_app.config
    return Thresholds(site_hours=int(config["SYNC_SILENCE_HOURS"]),
                      mobile_hours=int(config["SYNC_SILENCE_HOURS_MOBILE"]))


@bp.get("/")
@roles(Role.COORDINATOR)
def network():
    report = network_report(db(), now=now(), thresholds=thresholds())
    return render_template("sync/network_status.html", report=report, thresholds=thresholds(),
                           offset_words=offset_words, offset_is_worrying=offset_is_worrying,
                           duration_words=duration_words)
