"""Emergency access screen for coordinators, on a site node (offline) or on central."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
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
from gers.scope import current_scope, scoped
from gers.web import current_user, db, node_site_id, now, public, roles
from households import emergency, forms, registry, rules
from households.enums import HOUSEHOLD_TYPE_LABELS, SEX_LABELS
from households.errors import HouseholdError, InvalidInput
from inventory.models import Site

bp = Blueprint("emergency", __name__, url_prefix="/urgence", template_folder="templates")
ASSETS = Path(__file__).parent / "static"
TILES = (Tile("Accès d'urgence", "Ouvrir un accès court, examiné à la prochaine commission",
              "emergency.index", frozenset({Role.COORDINATOR})),)


@bp.route("/ressources/<path:filename>")
@public
def asset(filename: str):
    """Same local CSS as the registry's, for site nodes that do not mount the registry."""
    return send_from_directory(ASSETS, filename, max_age=3600)


def _render(errors: dict | None = None, status: int = 200, granted=None):
    sites = list(db().scalars(scoped(select(Site).where(Site.has_epicerie), Site.id).order_by(Site.name)))
    return render_template("households/emergency.html", errors=errors or {}, form=request.form, sites=sites,
                           node_site=node_site_id(), types=HOUSEHOLD_TYPE_LABELS, sexes=SEX_LABELS,
                           member_rows=4, granted=granted,
                           max_per_year=rules.network_rules(db()).emergency_max_per_year), status


def _site_id(read: forms.Reader):
    return current_scope() or read.uuid("site_id")


@bp.route("/", methods=["GET", "POST"])
@roles(Role.COORDINATOR)
def index():
    if request.method == "GET":
        return _render()
    read = forms.Reader(request.form)
    site_id = _site_id(read)
    if site_id is None:
        return _render({"site_id": "Choisissez le site qui accorde l'accès."}, 422)
    granting = dict(site_id=site_id, actor=current_user(), today=paris_today(now()), now=now(),
                    owner_node=current_app.config["NODE_CODE"], override_reason=read.text("override_reason", 200))
    try:
        read.done()
        if request.form.get("card_number", "").strip():
            household = registry.find(db(), request.form["card_number"])
            period = emergency.grant_emergency(db(), household, **granting)
        else:
            data = forms.household_input({**request.form, "home_site_id": str(site_id)})
            household, period = emergency.register_in_emergency(db(), data, **granting)
    except InvalidInput as refused:
        db().rollback()
        return _render(refused.errors, 422)
    except HouseholdError as refused:
        db().rollback()
        return _render({"card_number": str(refused)}, 422)
    db().commit()
    flash(f"Accès d'urgence accordé à la carte {household.card_number} jusqu'au "
          f"{period.ends_on:%d/%m/%Y} ; il sera examiné à la prochaine commission.", "info")
    return redirect(url_for("emergency.index"))
