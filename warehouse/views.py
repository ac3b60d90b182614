"""Warehouse screens: home, stock, losses, counts, locations and donors. Other screens live in
views_intake, views_dispatch, views_recalls and views_arrivals; importing this module mounts them all.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.formatting import UnreadableNumber
from gers.home import Tile
from gers.web import db, now, roles
from inventory.counts import add_found_lot, close_count, open_count, record_counted
from inventory.enums import STORAGE_LABELS, StorageClass
from inventory.ledger import StockError, move_stock, record_loss
from inventory.stock_models import LOSS_LABELS, LossReason, Lot, StockCount
from inventory.stock_queries import lot_stock
from warehouse import views_dispatch, views_donors, views_intake, views_orders, views_recalls  # noqa: F401  (routes)
from warehouse.dispatching import awaiting_receipt, recent_dispatches
from warehouse.locations import InputError, create_donor, create_location, donors, locations
from warehouse.models import DONOR_KIND_LABELS, DonorKind
from warehouse.views_arrivals import ARRIVAL_TILES
from warehouse.web import (
    STAFF,
    actor_id,
    arrivals_bp,
    bp,
    get_or_404,
    owner_node,
    parse_grams,
    parse_int,
    settings,
    today,
    warehouse_site,
)

__all__ = ["TILES", "ARRIVAL_TILES", "bp", "arrivals_bp"]

TILES = (
    Tile("Entrepôt", "Réceptions par scan, stock, expéditions anti-gaspillage, rappels",
         "warehouse.home", frozenset(STAFF)),
)


@bp.route("/")
@roles(*STAFF)
def home():
    return render_template("warehouse/home.html", site=warehouse_site(), dispatches=recent_dispatches(db(), 8),
                           in_transit=awaiting_receipt(db(), None))


@bp.route("/stock")
@roles(*STAFF)
def stock():
    site = warehouse_site()
    text, location = request.args.get("q", "").strip().lower(), request.args.get("emplacement", "")
    rows = lot_stock(db(), today=today(), settings=settings(), site_id=site.id, location=location or None)
    if text:
        rows = [row for row in rows if text in row.product_name.lower() or text in (row.gtin or "")
                or text == row.lot_code.lower()]
    return render_template("warehouse/stock.html", rows=rows, q=request.args.get("q", ""), location=location,
                           locations=locations(db(), site.id))


@bp.route("/pertes", methods=["GET", "POST"])
@roles(*STAFF)
def loss():
    site = warehouse_site()
    lot = get_or_404(Lot, request.values.get("lot"))
    location = request.values.get("emplacement", "")
    if request.method == "GET":
        return render_template("warehouse/loss.html", lot=lot, location=location, reasons=LOSS_LABELS,
                               locations=locations(db(), site.id), errors={}, form={})
    form = request.form
    try:
        quantity = dict(units=parse_int(form.get("units")), grams=parse_grams(form.get("kg")) or 0)
        if form.get("action") == "move":
            move_stock(db(), lot=lot, site_id=site.id, from_location=location, to_location=form.get("to", ""),
                       now=now(), owner_node=owner_node(), actor_id=actor_id(), **quantity)
        else:
            record_loss(db(), lot=lot, site_id=site.id, location=location, reason=LossReason(form["reason"]),
                        now=now(), owner_node=owner_node(), actor_id=actor_id(), note=form.get("note", ""),
                        **quantity)
    except (StockError, ValueError, KeyError) as exc:
        db().rollback()
        message = str(exc) if isinstance(exc, (StockError, UnreadableNumber)) else "Quantité ou motif illisible."
        return render_template("warehouse/loss.html", lot=lot, location=location, reasons=LOSS_LABELS,
                               locations=locations(db(), site.id), errors={"quantity": message}, form=form), 422
    db().commit()
    flash("Mouvement enregistré.", "success")
    return redirect(url_for("warehouse.stock"))


@bp.route("/inventaires", methods=["GET", "POST"])
@roles(*STAFF)
def counts():
    site = warehouse_site()
    if request.method == "POST":
        count = open_count(db(), site_id=site.id, location=request.form.get("location", ""), now=now(),
                           owner_node=owner_node(), actor_id=actor_id())
        db().commit()
        return redirect(url_for("warehouse.count", count_id=count.id))
    history = db().scalars(select(StockCount).where(StockCount.site_id == site.id)
                           .order_by(StockCount.started_at.desc()).limit(20)).all()
    return render_template("warehouse/counts.html", counts=history, locations=locations(db(), site.id))


@bp.route("/inventaires/<uuid:count_id>", methods=["GET", "POST"])
@roles(*STAFF)
def count(count_id):
    stock_count = get_or_404(StockCount, count_id)
    errors = {}
    if request.method == "POST":
        try:
            _save_count(stock_count, request.form)
        except (StockError, ValueError) as exc:
            db().rollback()
            errors["count"] = str(exc) if isinstance(exc, (StockError, UnreadableNumber)) else "Quantité illisible."
        else:
            db().commit()
            flash("Inventaire clôturé : écarts enregistrés." if stock_count.closed_at else "Comptage enregistré.",
                  "success")
            return redirect(url_for("warehouse.count", count_id=stock_count.id))
    return render_template("warehouse/count.html", count=stock_count, errors=errors), 422 if errors else 200


def _save_count(stock_count: StockCount, form) -> None:
    if code := form.get("found_lot", "").strip():
        lot = db().scalar(select(Lot).where(Lot.lot_code == code).limit(1))
        if lot is None:
            raise StockError(f"Lot « {code} » inconnu.")
        add_found_lot(db(), stock_count, lot, stock_count.location)
    for line in stock_count.lines:
        units, kg = form.get(f"units-{line.id}", ""), form.get(f"kg-{line.id}", "")
        if units.strip() or kg.strip():
            record_counted(stock_count, line.id, units=parse_int(units), grams=parse_grams(kg) or 0)
    if form.get("action") == "close":
        close_count(db(), stock_count, now=now(), actor_id=actor_id())


@bp.route("/reglages", methods=["GET", "POST"])
@roles(*STAFF)
def settings_page():
    site = warehouse_site()
    errors = {}
    if request.method == "POST":
        try:
            _create_from_form(site, request.form)
        except (InputError, ValueError) as exc:
            db().rollback()
            errors = exc.errors if isinstance(exc, InputError) else {"kind": "Choix invalide."}
        else:
            db().commit()
            flash("Enregistré.", "success")
            return redirect(url_for("warehouse.settings_page"))
    return render_template("warehouse/settings.html", locations=locations(db(), site.id), donors=donors(db()),
                           storage_labels=STORAGE_LABELS, donor_kinds=DONOR_KIND_LABELS, errors=errors,
                           form=request.form), 422 if errors else 200


def _create_from_form(site, form) -> None:
    if form.get("what") == "location":
        create_location(db(), site_id=site.id, code=form.get("code", ""),
                        storage_class=StorageClass(form.get("storage_class", "")), label=form.get("label", ""),
                        owner_node=owner_node())
    else:
        create_donor(db(), name=form.get("name", ""), kind=DonorKind(form.get("kind", "")),
                     siret=form.get("siret", ""), address=form.get("address", ""),
                     postcode=form.get("postcode", ""), commune=form.get("commune", ""), owner_node=owner_node())
