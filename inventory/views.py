"""Catalog and network screens, open to every role."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from gers.clock import paris_today
from gers.home import Tile
from gers.models import Role
from gers.web import any_user, db, now
from inventory import services
from inventory.prices import product_prices_on

bp = Blueprint("inventory", __name__, template_folder="templates")

TILES = (
    Tile("Catalogue", "Produits, codes-barres et valeurs marchandes", "inventory.catalog", frozenset(Role)),
    Tile("Réseau", "Sites, unités mobiles et horaires d'ouverture", "inventory.network", frozenset(Role)),
)


@bp.route("/catalogue")
@any_user
def catalog():
    page = services.search_products(db(), request.args.get("q", ""), request.args.get("categorie", ""),
                                    request.args.get("page", 1, type=int))
    return render_template("inventory/catalog.html", result=page, categories=services.categories(db()),
                           prices=product_prices_on(db(), page.products, paris_today(now())),
                           garments=services.garment_types(db()), q=request.args.get("q", ""),
                           category_code=request.args.get("categorie", ""))


@bp.route("/reseau")
@any_user
def network():
    return render_template("inventory/network.html", network=services.network(db()))
