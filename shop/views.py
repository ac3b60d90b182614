"""The site's daily stock screens: stock by food group and lot, losses, counts, the morning withdrawal
list. Mounted on site nodes; everything written here is owned by the node and goes up by sync."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.formatting import UnreadableNumber
from gers.home import Tile
from gers.scope import scoped_get
from gers.web import db, now, roles
from inventory.counts import add_found_lot, close_count, open_count, record_counted
from inventory.ledger import StockError, record_loss
from inventory.prices import product_prices_on
from inventory.services import categories, search_products
from inventory.stock_models import LOSS_LABELS, LossReason, Lot, StockCount
from shop import labels as shelf
from shop import stock, views_cold, views_cold_scan, views_intake, views_orders  # noqa: F401  (routes)
from shop.web import SITE_STAFF, bp, site_id
from warehouse.dashboard import expiry_dashboard
from warehouse.web import (
    actor_id,
    get_or_404,
    owner_node,
    parse_date,
    parse_grams,
    parse_int,
    parse_uuid,
    settings,
    today,
)

__all__ = ["TILES", "bp"]

TILES = (
    Tile("Stock du site", "Stock par groupe et par lot, dates, pertes, inventaires, retraits du matin",
         "shop.stock_view", frozenset(SITE_STAFF)),
    Tile("Ramasses et collectes", "Dons reçus au site : scan ou pesée, dates et 48 h, refus notés pour le donateur",
         "shop.intakes", frozenset(SITE_STAFF)),
)


@bp.route("/stock")
@roles(*SITE_STAFF)
def stock_view():
    site = site_id()
    group, text = request.args.get("groupe", ""), request.args.get("q", "")
    board = expiry_dashboard(db(), today=today(), settings=settings(), site_id=site)
    return render_template("shop/stock.html", board=board, groups=stock.group_totals(db(), site),
                           rows=stock.site_lots(db(), site, today=today(), settings=settings(), group_code=group,
                                                text=text), group=group, q=text)


@bp.route("/pertes", methods=["GET", "POST"])
@roles(*SITE_STAFF)
def loss():
    lot = get_or_404(Lot, request.values.get("lot"))
    location = request.values.get("emplacement", "")
    errors, form = {}, request.form
    if request.method == "POST":
        try:
            record_loss(db(), lot=lot, site_id=site_id(), location=location, reason=LossReason(form.get("reason")),
                        units=parse_int(form.get("units")), grams=parse_grams(form.get("kg")) or 0, now=now(),
                        owner_node=owner_node(), actor_id=actor_id(), note=form.get("note", "")[:200])
        except (StockError, ValueError) as exc:
            db().rollback()
            errors["quantity"] = str(exc) if isinstance(exc, (StockError, UnreadableNumber)) else "Motif inconnu."
        else:
            db().commit()
            flash(f"Perte enregistrée : {lot.product.name}, lot {lot.lot_code or 'sans numéro'}.", "success")
            return redirect(url_for("shop.stock_view"))
    return render_template("shop/loss.html", lot=lot, location=location, reasons=LOSS_LABELS, errors=errors,
                           form=form), 422 if errors else 200


@bp.route("/inventaires", methods=["GET", "POST"])
@roles(*SITE_STAFF)
def counts():
    site = site_id()
    if request.method == "POST":
        count = open_count(db(), site_id=site, location=request.form.get("location", "").strip()[:32], now=now(),
                           owner_node=owner_node(), actor_id=actor_id())
        db().commit()
        return redirect(url_for("shop.count", count_id=count.id))
    history = db().scalars(select(StockCount).where(StockCount.site_id == site)
                           .order_by(StockCount.started_at.desc()).limit(20)).all()
    return render_template("shop/counts.html", counts=history)


@bp.route("/inventaires/<uuid:count_id>", methods=["GET", "POST"])
@roles(*SITE_STAFF)
def count(count_id):
    stock_count = scoped_get(StockCount.site_id, count_id)
    error = None
    if request.method == "POST":
        try:
            _save_count(stock_count, request.form)
        except (StockError, ValueError) as exc:
            db().rollback()
            db().expire_all()  # the lines show what is recorded, not the refused figures
            error = str(exc) if isinstance(exc, (StockError, UnreadableNumber)) else "Quantité illisible."
        else:
            db().commit()
            flash("Inventaire clôturé : écarts enregistrés." if stock_count.closed_at else "Comptage enregistré.",
                  "success")
            return redirect(url_for("shop.count", count_id=stock_count.id))
    return render_template("shop/count.html", count=stock_count, error=error), 422 if error else 200


def _save_count(stock_count: StockCount, form) -> None:
    if code := form.get("found_lot", "").strip():
        lot = db().scalar(select(Lot).where(Lot.lot_code == code).limit(1))
        if lot is None:
            raise StockError(f"Lot « {code[:40]} » inconnu.")
        add_found_lot(db(), stock_count, lot, stock_count.location)
    for line in list(stock_count.lines):
        units, kg = form.get(f"units-{line.id}", ""), form.get(f"kg-{line.id}", "")
        if units.strip() or kg.strip():
            record_counted(stock_count, line.id, units=parse_int(units), grams=parse_grams(kg) or 0)
    if form.get("action") == "close":
        close_count(db(), stock_count, now=now(), actor_id=actor_id())


@bp.route("/a-retirer", methods=["GET", "POST"])
@roles(*SITE_STAFF)
def withdrawals():
    site = site_id()
    rows = stock.to_withdraw(db(), site, today=today(), settings=settings())
    error = None
    if request.method == "POST":
        try:
            chosen = _chosen(rows, request.form)
            stock.withdraw(db(), chosen, now=now(), owner_node=owner_node(), actor_id=actor_id())
        except StockError as exc:
            db().rollback()
            error = str(exc)
        else:
            db().commit()
            first = chosen[0]
            flash(f"Retiré : {first.product_name}, lot {first.lot_code or 'sans numéro'} "
                  f"({stock.withdrawal_reason(first).label.lower()}).", "success")
            return redirect(url_for("shop.withdrawals"))
    return render_template("shop/withdrawals.html", rows=rows, error=error, scanned=request.form.get("code", "")), \
        422 if error else 200


def _chosen(rows, form) -> list:
    """The rows a scan (or the line's button) designates."""
    if lot := form.get("lot"):
        chosen = [row for row in rows if str(row.lot_id) == lot]
        if not chosen:
            raise StockError("Ce lot n'est plus dans la liste à retirer.")
        return chosen
    return stock.match_scan(rows, form.get("code", ""), today())


@bp.route("/etiquettes", methods=["GET", "POST"])
@roles(*SITE_STAFF)
def labels():
    category, text = request.values.get("categorie", ""), request.values.get("q", "")
    products = search_products(db(), text, category).products
    error = None
    if request.method == "POST":
        try:
            day = parse_date(request.form.get("jour")) or today()
            chosen = [parse_uuid(raw) for raw in request.form.getlist("produit")]
            layout = shelf.LAYOUTS[request.form.get("format", "a4")]
            pdf = shelf.labels_pdf(shelf.shelf_labels(db(), site_id(), [c for c in chosen if c], day), layout, day)
        except (StockError, KeyError, ValueError) as exc:
            error = str(exc) if isinstance(exc, StockError) else "Date ou format d'étiquette illisible."
        else:
            return Response(pdf, mimetype="application/pdf",
                            headers={"Content-Disposition": f'inline; filename="etiquettes-{day:%Y-%m-%d}.pdf"'})
    return render_template("shop/labels.html", products=products, categories=categories(db()), category=category,
                           prices=product_prices_on(db(), products, today()),
                           q=text, error=error, day=today()), 422 if error else 200
