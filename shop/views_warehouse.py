"""The warehouse's quarantine screen (central): the same holds as at a site — a lot put on hold with a
reason, the held lots, their release with a reason or their loss. Mounted on central under
/entrepot; it lives beside the site's screen because the hold rules and rows are the shop room's
(the warehouse room sits below it and cannot import them)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from gers.web import db, roles
from inventory.recalls import HOLD_LOCATION
from inventory.stock_models import Lot
from inventory.stock_queries import lot_stock
from shop import cold
from shop.hold_forms import decide_posted_hold, hold_posted_lot, posted_loss
from shop.models import LotHold
from warehouse.web import STAFF, get_or_404, settings, today, warehouse_site

bp = Blueprint("warehouse_holds", __name__, url_prefix="/entrepot/quarantaine", template_folder="templates")


@bp.route("", methods=["GET", "POST"])
@roles(*STAFF)
def holds():
    site, error = warehouse_site(), None
    lot = get_or_404(Lot, request.values.get("lot")) if request.values.get("lot") else None
    location = request.values.get("emplacement", "")
    if request.method == "POST" and lot is not None:
        error = hold_posted_lot(lot, site.id, location)
        if error is None:
            flash(f"Lot {lot.lot_code or 'sans numéro'} mis en quarantaine : il ne sera pas expédié.", "success")
            return redirect(url_for("warehouse_holds.holds"))
    return _page(lot, location, error)


def _page(lot: Lot | None, location: str, error: str | None):
    site, text = warehouse_site(), request.args.get("q", "").strip().lower()
    found = [row for row in lot_stock(db(), today=today(), settings=settings(), site_id=site.id)
             if row.location != HOLD_LOCATION and text and (text == row.lot_code.lower() or text in row.product_name.lower()
                                                            or text == (row.gtin or ""))] if text else []
    return render_template("shop/warehouse_holds.html", holds=cold.open_holds(db(), site.id), lot=lot,
                           location=location, error=error, found=found, q=request.args.get("q", "")), \
        422 if error else 200


@bp.route("/<uuid:hold_id>", methods=["POST"])
@roles(*STAFF)
def decision(hold_id):
    hold = get_or_404(LotHold, hold_id)
    if hold.site_id != warehouse_site().id:
        return _page(None, "", "Ce lot est en quarantaine sur un site, pas à l'entrepôt.")
    error = decide_posted_hold(hold)
    if error is not None:
        return _page(None, "", error)
    flash("Lot détruit : perte enregistrée." if posted_loss()
          else "Quarantaine levée : le lot peut de nouveau être expédié.", "success")
    return redirect(url_for("warehouse_holds.holds"))
