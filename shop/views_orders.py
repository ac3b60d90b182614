"""Orders to the warehouse, on the site node: the list, one order drafted line by line, sent, withdrawn."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.formatting import UnreadableNumber
from gers.models import Role
from gers.scope import scoped_get
from gers.web import db, now, roles
from inventory.models import FoodGroup, Product
from shop import orders
from shop.web import bp, site_id
from warehouse import orders as answers
from warehouse.order_models import SiteOrder
from warehouse.web import actor_id, owner_node, parse_date, parse_grams, parse_int, parse_uuid

# Who runs the site's stock orders it: not the counter.
ORDER_STAFF = (Role.WAREHOUSE, Role.COORDINATOR)


@bp.route("/commandes", methods=["GET", "POST"])
@roles(*ORDER_STAFF)
def orders_list():
    if request.method == "POST":
        order = orders.new_order(db(), site_id=site_id(), now=now(), owner_node=owner_node(), actor_id=actor_id())
        db().commit()
        return redirect(url_for("shop.order", order_id=order.id))
    return render_template("shop/orders.html", orders=orders.site_orders(db(), site_id()),
                           state_label=answers.state_label)


@bp.route("/commandes/<uuid:order_id>", methods=["GET", "POST"])
@roles(*ORDER_STAFF)
def order(order_id):
    site_order = scoped_get(SiteOrder.site_id, order_id)
    error = None
    if request.method == "POST":
        action = request.form.get("action", "")
        try:
            message = _apply(site_order, action, request.form)
        except (orders.OrderError, ValueError) as exc:
            db().rollback()
            db().expire_all()  # the page shows what is recorded, not the refused change
            error = str(exc) if isinstance(exc, (orders.OrderError, UnreadableNumber)) else "Date illisible."
        else:
            db().commit()
            flash(message, "success")
            return redirect(url_for("shop.order", order_id=site_order.id))
    return _order_page(site_order, error)


def _apply(site_order: SiteOrder, action: str, form) -> str:
    if action == "add":
        orders.add_line(db(), site_order, product_id=parse_uuid(form.get("product")),
                        food_group_id=parse_uuid(form.get("group")), units=parse_int(form.get("units")),
                        grams=parse_grams(form.get("kg")) or 0, owner_node=owner_node())
        return "Ligne ajoutée."
    if action == "remove":
        orders.remove_line(db(), site_order, parse_uuid(form.get("line")))
        return "Ligne retirée."
    if action == "send":
        orders.send(db(), site_order, now=now(), wanted_on=parse_date(form.get("wanted_on")),
                    note=form.get("note", ""))
        return f"Commande {site_order.number} envoyée : l'entrepôt la recevra à la prochaine synchronisation."
    if action == "cancel":
        orders.cancel(db(), site_order, now=now())
        return f"Commande {site_order.number} annulée."
    raise orders.OrderError("Action inconnue.")


def _order_page(site_order: SiteOrder, error: str | None):
    products = db().scalars(select(Product).where(Product.active).order_by(Product.name)).all()
    groups = db().scalars(select(FoodGroup).order_by(FoodGroup.label)).all()
    return render_template("shop/order.html", order=site_order, products=products, groups=groups, error=error,
                           form=request.form, state=answers.state(site_order),
                           state_label=answers.state_label(site_order), served_of=orders.served_of), \
        422 if error else 200
