"""At the receiving site: the dispatches on their way, and the receipt that confirms or records differences.

Mounted on site nodes and on central (where a coordinator may record a receipt phoned in by a site).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from gers.home import Tile
from gers.models import Role
from gers.web import db, node_site_id, now, roles
from inventory.ledger import StockError
from warehouse.dispatching import awaiting_receipt, receive_dispatch
from warehouse.models import Dispatch
from warehouse.web import actor_id, arrivals_bp, get_or_404, owner_node, parse_grams, parse_int

RECEIVERS = (Role.CASHIER, Role.WAREHOUSE, Role.COORDINATOR)
ARRIVAL_TILES = (
    Tile("Arrivages", "Réceptionner les expéditions de l'entrepôt", "arrivals.index", frozenset(RECEIVERS)),
)


@arrivals_bp.route("/")
@roles(*RECEIVERS)
def index():
    return render_template("warehouse/arrivals.html", dispatches=awaiting_receipt(db(), node_site_id()))


@arrivals_bp.route("/<uuid:dispatch_id>", methods=["GET", "POST"])
@roles(*RECEIVERS)
def receive(dispatch_id):
    dispatch = get_or_404(Dispatch, dispatch_id)
    site_id = node_site_id() or dispatch.to_site_id
    error = None
    if request.method == "POST":
        try:
            received = {line.id: (parse_int(request.form.get(f"units-{line.id}"), line.units),
                                  _grams(request.form.get(f"kg-{line.id}"), line.grams)) for line in dispatch.lines}
            receipt = receive_dispatch(db(), dispatch, site_id=site_id, received=received, now=now(),
                                       owner_node=owner_node(), actor_id=actor_id(),
                                       comment=request.form.get("comment", ""))
        except (StockError, ValueError) as exc:
            db().rollback()
            error = str(exc) if isinstance(exc, StockError) else "Quantité illisible."
        else:
            db().commit()
            flash(f"Expédition {dispatch.number} réceptionnée"
                  + (" avec des écarts." if receipt.with_differences else " : conforme."), "success")
            return redirect(url_for("arrivals.index"))
    return render_template("warehouse/arrival.html", dispatch=dispatch, error=error), 422 if error else 200


def _grams(raw: str | None, default: int) -> int:
    grams = parse_grams(raw)
    return default if grams is None else grams
