"""Screens of the reports room (central): dashboard, drill-down, yearly report, veille sociale.

Thin: parse the filters, restrict them to the person's scope (gers.scope: a site account sees its own
site only), call one query module, render or send a file.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from sqlalchemy import select

from gers.clock import paris_today
from gers.home import Tile
from gers.models import Role
from gers.scope import current_scope
from gers.web import db, now, public, roles
from inventory.models import FoodGroup, Site
from reports import drill, exports, settings, summaries, veille
from reports.dashboard import Filters, dashboard
from reports.state import report_year_default, yearly_report

bp = Blueprint("reports", __name__, url_prefix="/rapports", template_folder="templates")
ASSETS = Path(__file__).parent / "static"
READERS = (Role.COORDINATOR, Role.SOCIAL_WORKER)  # social workers: their own site's figures
NETWORK = (Role.COORDINATOR,)
TILES = (Tile("Rapports", "Tableaux de bord, bilan annuel État / FSE+, veille sociale", "reports.dashboard_page",
              frozenset(READERS)),)
FORMATS = {"xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.to_xlsx),
           "csv": ("text/csv; charset=utf-8", exports.to_csv)}
DEFAULT_DAYS = 30


@bp.route("/ressources/<path:filename>")
@public
def asset(filename: str):
    """The room's local CSS and JavaScript, Chart.js vendored (no CDN: central may be offline)."""
    return send_from_directory(ASSETS, filename, max_age=3600)


def _date(name: str, default: dt.date) -> dt.date:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        flash(f"Date illisible : « {raw[:20]} » (attendu AAAA-MM-JJ) ; période par défaut affichée.", "error")
        return default


def _filters() -> Filters:
    today = paris_today(now())
    start, end = _date("du", today - dt.timedelta(days=DEFAULT_DAYS - 1)), _date("au", today)
    if start > end:
        flash("La date de début est après la date de fin : dates inversées.", "error")
        start, end = end, start
    scope = current_scope()
    wanted = _site_arg()
    if scope is not None:
        if wanted is not None and wanted != scope:
            abort(404)  # another site's figures do not exist for a site account
        sites = frozenset({scope})
    else:
        sites = frozenset({wanted}) if wanted is not None else None
    group = request.args.get("groupe", "").strip()[:40] or None
    return Filters(start, end, sites, group)


def _site_arg() -> uuid.UUID | None:
    raw = request.args.get("site", "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        abort(404)


def _choices() -> dict:
    scope = current_scope()
    sites = db().execute(select(Site.id, Site.name).order_by(Site.name)).all()
    return {"sites": [s for s in sites if scope is None or s.id == scope], "network_scope": scope is None,
            "groups": db().execute(select(FoodGroup.code, FoodGroup.label).order_by(FoodGroup.label)).all()}


@bp.route("/")
@roles(*READERS)
def dashboard_page():
    filters = _filters()
    tables = dashboard(db(), filters, settings.load(db()), paris_today(now()))
    return render_template("reports/dashboard.html", tables=tables, filters=filters, **_choices())


@bp.route("/tableau.csv")
@roles(*READERS)
def table_csv():
    filters = _filters()
    key = request.args.get("table", "")
    table = next((t for t in dashboard(db(), filters, settings.load(db()), paris_today(now())) if t.key == key), None)
    if table is None:
        abort(404)
    return _file(table.csv(), "text/csv; charset=utf-8", f"{key}-{filters.start}-{filters.end}.csv")


@bp.route("/detail")
@roles(*READERS)
def detail():
    filters = _filters()
    figure = request.args.get("figure", "ventes")
    if figure not in drill.FIGURES:
        abort(404)
    day = _date("jour", filters.start) if request.args.get("jour") else None
    table = drill.rows_behind(db(), drill.Request(figure, day, request.args.get("cle", "")[:40], _site_arg()),
                              filters, settings.load(db()))
    return render_template("reports/detail.html", table=table, filters=filters, limit=drill.LIMIT,
                           day=day)


@bp.route("/actualiser", methods=["POST"])
@roles(*NETWORK)
def refresh():
    result = summaries.refresh(db())
    db().commit()
    flash(f"Tableaux à jour : {result.entries} écriture(s) de caisse ajoutée(s).", "success")
    return redirect(url_for("reports.dashboard_page"))


def _year() -> int:
    raw = request.args.get("annee", "")
    default = report_year_default(paris_today(now()))
    if not raw:
        return default
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        flash(f"Année illisible : « {raw[:10]} » ; l'année {default} est affichée.", "error")
        return default
    return int(raw)


@bp.route("/bilan")
@roles(*READERS)
def yearly():
    year = _year()
    figures = yearly_report(db(), year, settings.load(db()), only_site=current_scope())
    return render_template("reports/yearly.html", year=year, figures=figures)


@bp.route("/bilan/export")
@roles(*READERS)
def yearly_export():
    year, kind = _year(), request.args.get("format", "xlsx")
    figures = yearly_report(db(), year, settings.load(db()), only_site=current_scope())
    if kind == "pdf":
        return _file(exports.to_pdf(figures, current_app.config["NETWORK_NAME"]), "application/pdf",
                     f"bilan-{year}.pdf")
    if kind not in FORMATS:
        abort(404)
    mimetype, render = FORMATS[kind]
    return _file(render(figures), mimetype, f"bilan-{year}.{kind}")


def _veille_period() -> tuple[dt.date, dt.date]:
    year = _year()
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@bp.route("/veille")
@roles(*NETWORK)
def veille_page():
    start, end = _veille_period()
    minimum = settings.load(db()).small_cell_min
    return render_template("reports/veille.html", report=veille.veille(db(), start, end, minimum), year=start.year)


@bp.route("/veille.csv")
@roles(*NETWORK)
def veille_csv():
    start, end = _veille_period()
    report = veille.veille(db(), start, end, settings.load(db()).small_cell_min)
    return _file(veille.to_csv(report), "text/csv; charset=utf-8", f"veille-sociale-{start.year}.csv")


def _file(content: bytes, mimetype: str, name: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.app_template_filter("detail_url")
def detail_url(link: dict | None) -> str:
    """The drill-down address of a figure's row ('' when the row has none)."""
    # A dashboard has hundreds of figures: url_for once per page would do, urlencode per figure is enough.
    return f"{request.script_root}{bp.url_prefix}/detail?{urlencode(link)}" if link else ""
