"""Dispatch screens: suggested lines for a destination, the pick list, shipping, the PDF note."""

from __future__ import annotations

import datetime as dt

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.formatting import UnreadableNumber
from gers.web import db, now, roles
from inventory.enums import SiteKind
from inventory.ledger import StockError
from inventory.models import Site
from warehouse import dispatching, orders, plan_service
from warehouse.documents import dispatch_note_pdf
from warehouse.locations import InputError
from warehouse.models import Dispatch
from warehouse.web import (
    STAFF,
    actor_id,
    bp,
    get_or_404,
    owner_node,
    parse_date,
    parse_grams,
    parse_int,
    parse_uuid,
    settings,
    today,
    warehouse_site,
)


def _destinations() -> list[Site]:
    return list(db().scalars(select(Site).where(Site.kind != SiteKind.WAREHOUSE).order_by(Site.kind, Site.name)))


@bp.route("/expeditions")
@roles(*STAFF)
def dispatches():
    return render_template("warehouse/dispatches.html", dispatches=dispatching.recent_dispatches(db()),
                           destinations=_destinations(), default_day=today() + dt.timedelta(days=1))


@bp.route("/expeditions/nouvelle")
@roles(*STAFF)
def prepare_dispatch():
    site = warehouse_site()
    destination = get_or_404(Site, request.args.get("site"))
    try:
        ship_on = parse_date(request.args.get("date")) or today()
    except ValueError:
        ship_on = today()
    advice = plan_service.advise(db(), warehouse_id=site.id, to_site_id=destination.id, ship_on=ship_on,
                                 today=today(), settings=settings())
    # Preparation starts from the site's open orders: the chosen one (oldest by default) fills first.
    open_orders = orders.open_orders(db(), destination.id)
    chosen = next((o for o in open_orders if str(o.id) == request.args.get("commande")),
                  open_orders[0] if open_orders else None)
    from_order = orders.suggestions(db(), chosen, warehouse_id=site.id, today=today(),
                                    settings=settings()) if chosen else []
    return render_template("warehouse/prepare.html", destination=destination, ship_on=ship_on,
                           suggestions=orders.with_planner(from_order, advice.suggestions), advice=advice,
                           errors={}, order=chosen, open_orders=open_orders)


@bp.route("/expeditions", methods=["POST"])
@roles(*STAFF)
def create_dispatch():
    site = warehouse_site()
    form = request.form
    destination = get_or_404(Site, form.get("site"))
    try:
        lines = _lines_from_form(form)
        order = orders.open_order_for(db(), parse_uuid(form.get("order")), destination.id) \
            if form.get("order") else None
        dispatch = dispatching.create_dispatch(
            db(), from_site_id=site.id, to_site_id=destination.id, lines=lines,
            planned_on=parse_date(form.get("date")) or today(), now=now(), owner_node=owner_node(),
            settings=settings(), actor_id=actor_id(), comment=form.get("comment", ""),
            order_id=order.id if order else None)
        orders.after_dispatch_change(db(), dispatch, owner_node=owner_node())
    except (InputError, ValueError) as exc:
        db().rollback()
        flash(str(exc) if isinstance(exc, (InputError, UnreadableNumber)) else "Quantité illisible.", "error")
        return redirect(url_for("warehouse.prepare_dispatch", site=destination.id, date=form.get("date"),
                                commande=form.get("order") or None))
    db().commit()
    flash(f"Expédition {dispatch.number} préparée : imprimez la liste de prélèvement.", "success")
    return redirect(url_for("warehouse.dispatch", dispatch_id=dispatch.id))


def _lines_from_form(form) -> list[dispatching.LineInput]:
    lines = []
    for key in form.getlist("pick"):
        lot_id, _sep, location = key.partition("|")
        units = parse_int(form.get(f"units|{key}"))
        grams = parse_grams(form.get(f"kg|{key}")) or 0
        lines.append(dispatching.LineInput(parse_uuid(lot_id), location, units, grams))
    return lines


def _dispatch(dispatch_id) -> Dispatch:
    return get_or_404(Dispatch, dispatch_id)


@bp.route("/expeditions/<uuid:dispatch_id>")
@roles(*STAFF)
def dispatch(dispatch_id):
    shipment = _dispatch(dispatch_id)
    order = orders.served_by(db(), shipment)
    return render_template("warehouse/dispatch.html", dispatch=shipment, picks=dispatching.pick_list(shipment),
                           totals=dispatching.dispatch_totals(shipment), order=order,
                           order_state=orders.state_label(order).lower() if order else "")


@bp.route("/expeditions/<uuid:dispatch_id>/expedier", methods=["POST"])
@roles(*STAFF)
def ship_dispatch(dispatch_id):
    shipment = _dispatch(dispatch_id)
    try:
        dispatching.ship_dispatch(db(), shipment, now=now(), settings=settings(), actor_id=actor_id())
        orders.after_dispatch_change(db(), shipment, owner_node=owner_node())
    except StockError as exc:
        db().rollback()
        flash(str(exc), "error")
    else:
        db().commit()
        flash(f"Expédition {shipment.number} partie : le stock de l'entrepôt est à jour.", "success")
    return redirect(url_for("warehouse.dispatch", dispatch_id=dispatch_id))


@bp.route("/expeditions/<uuid:dispatch_id>/annuler", methods=["POST"])
@roles(*STAFF)
def cancel_dispatch(dispatch_id):
    shipment = _dispatch(dispatch_id)
    try:
        dispatching.cancel_dispatch(shipment)
        orders.after_dispatch_change(db(), shipment, owner_node=owner_node())
    except StockError as exc:
        db().rollback()
        flash(str(exc), "error")
    else:
        db().commit()
        flash(f"Expédition {shipment.number} annulée.", "success")
    return redirect(url_for("warehouse.dispatch", dispatch_id=dispatch_id))


@bp.route("/expeditions/<uuid:dispatch_id>/bon.pdf")
@roles(*STAFF)
def dispatch_note(dispatch_id):
    shipment = _dispatch(dispatch_id)
    pdf = dispatch_note_pdf(dispatching.note_for(shipment, current_app.config["NETWORK_NAME"]))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{shipment.number}.pdf"'})


@bp.context_processor
def dispatch_helpers() -> dict:
    return {"status_label": dispatching.status_label}
