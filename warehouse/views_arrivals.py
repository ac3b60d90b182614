"""At the receiving site: the dispatches on their way, and the receipt that confirms or records differences.

Mounted on site nodes and on central (where a coordinator may record a receipt phoned in by a site).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from gers.formatting import UnreadableNumber
from gers.home import Tile
from gers.models import Role
from gers.scope import current_scope, scoped_get
from gers.web import db, now, roles
from inventory.ledger import StockError
from inventory.recalls import QUARANTINE_LOCATION
from warehouse.dispatching import awaiting_receipt, recalled_lines, receive_dispatch, set_aside_count
from warehouse.models import Dispatch
from warehouse.web import actor_id, arrivals_bp, owner_node, parse_grams, parse_int

RECEIVERS = (Role.CASHIER, Role.WAREHOUSE, Role.COORDINATOR)
ARRIVAL_TILES = (
    Tile("Arrivages", "Réceptionner les expéditions de l'entrepôt", "arrivals.index", frozenset(RECEIVERS)),
)


@arrivals_bp.route("/")
@roles(*RECEIVERS)
def index():
    return render_template("warehouse/arrivals.html", dispatches=awaiting_receipt(db(), current_scope()))


@arrivals_bp.route("/<uuid:dispatch_id>", methods=["GET", "POST"])
@roles(*RECEIVERS)
def receive(dispatch_id):
    dispatch = scoped_get(Dispatch.to_site_id, dispatch_id)
    site_id = dispatch.to_site_id
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
            error = str(exc) if isinstance(exc, (StockError, UnreadableNumber)) else "Quantité illisible."
        else:
            db().commit()
            flash(*_receipt_message(dispatch, receipt.with_differences))
            return redirect(url_for("arrivals.index"))
    recalls = recalled_lines(db(), dispatch) if dispatch.receipt is None else {}
    return render_template("warehouse/arrival.html", dispatch=dispatch, error=error, recalls=recalls,
                           quarantine=QUARANTINE_LOCATION), 422 if error else 200


def _receipt_message(dispatch: Dispatch, with_differences: bool) -> tuple[str, str]:
    set_aside = set_aside_count(dispatch)
    if set_aside:
        lots = "1 lot rappelé mis" if set_aside == 1 else f"{set_aside} lots rappelés mis"
        them = "le" if set_aside == 1 else "les"
        return (f"Expédition {dispatch.number} réceptionnée : {lots} de côté en « {QUARANTINE_LOCATION} », "
                f"ne {them} mettez pas en rayon.", "warning")
    return (f"Expédition {dispatch.number} réceptionnée"
            + (" avec des écarts." if with_differences else " : conforme."), "success")


def _grams(raw: str | None, default: int) -> int:
    grams = parse_grams(raw)
    return default if grams is None else grams
