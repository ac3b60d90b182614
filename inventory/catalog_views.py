"""Central's catalogue screens for coordinators: groups, categories, products and their prices,
garment types and their prices (network or per site). Mounted on central only."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.clock import paris_today
from gers.formatting import UnreadableNumber, read_decimal
from gers.home import Tile
from gers.models import Role
from gers.web import db, now, roles
from inventory import catalog_admin as admin
from inventory import prices, services
from inventory.enums import STORAGE_LABELS, DateKind, ShelfLife, SoldBy, StorageClass
from inventory.ledger import StockError
from inventory.models import FoodGroup, GarmentType, Product, Site

bp = Blueprint("catalog_admin", __name__, url_prefix="/catalogue/gestion", template_folder="templates")
KEEPERS = (Role.COORDINATOR,)
TILES = (Tile("Gestion du catalogue", "Produits, catégories, groupes, prix et leur date d'effet, vêtements",
              "catalog_admin.index", frozenset(KEEPERS)),)
SHELF_LIFE_LABELS = {ShelfLife.VERY_LONG: "Très longue (DDM + 12 mois par défaut)",
                     ShelfLife.LONG: "Longue (DDM + 2 mois par défaut)", ShelfLife.SHORT: "Courte (pas de délai)"}
DATE_KIND_LABELS = {DateKind.DLC: "DLC (à consommer jusqu'au)", DateKind.DDM: "DDM (de préférence avant)",
                    DateKind.NONE: "Sans date"}
SOLD_BY_LABELS = {SoldBy.PIECE: "À la pièce", SoldBy.WEIGHT: "Au poids (prix au kg)"}
CHOICES = dict(storage_labels=STORAGE_LABELS, shelf_life_labels=SHELF_LIFE_LABELS,
               date_kind_labels=DATE_KIND_LABELS, sold_by_labels=SOLD_BY_LABELS)


def _owner() -> str:
    return current_app.config["NODE_CODE"]


def _today() -> dt.date:
    return paris_today(now())


def _bounds() -> prices.GarmentBounds:
    return prices.GarmentBounds.from_config(current_app.config)


def _uuid(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        return None


def _price(raw: str | None, field: str = "price") -> Decimal:
    try:
        value = read_decimal(raw, limit=prices.MAX_PRICE)
    except UnreadableNumber as exc:
        raise admin.CatalogError({field: str(exc)}) from exc
    if value is None:
        raise admin.CatalogError({field: "Indiquez un prix en euros (ex. 1,25)."})
    return value


def _day(raw: str | None) -> dt.date:
    text = (raw or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise admin.CatalogError({"effective_from": "Indiquez la date d'effet (JJ/MM/AAAA)."})


def _grams(raw: str | None) -> int:
    text = (raw or "").strip().replace(" ", "")
    if not text:
        return 0
    if not re.fullmatch(r"[0-9]{1,7}", text):
        raise admin.CatalogError({"net_weight": f"« {text[:30]} » n'est pas un poids en grammes (nombre entier)."})
    return int(text)


def _choice(enum_class, raw: str | None, field: str):
    try:
        return enum_class(raw)
    except ValueError as exc:
        raise admin.CatalogError({field: "Choix invalide."}) from exc


@bp.route("/")
@roles(*KEEPERS)
def index():
    page = services.search_products(db(), request.args.get("q", ""), request.args.get("categorie", ""),
                                    request.args.get("page", 1, type=int))
    return _index(page=page)


def _index(errors=None, form=None, status=200, page=None):
    page = page or services.search_products(db(), "", "", 1)
    groups = db().scalars(select(FoodGroup).order_by(FoodGroup.label)).all()
    return render_template("inventory/manage.html", result=page, groups=groups, categories=services.categories(db()),
                           prices=prices.product_prices_on(db(), page.products, _today()),
                           garments=db().scalars(select(GarmentType).order_by(GarmentType.label)).all(),
                           errors=errors or {}, form=form or {}, q=request.args.get("q", ""), **CHOICES), status


def _save(action, message: str):
    """Run one write; on refusal roll back and show the index with the form's errors (422)."""
    try:
        action()
    except admin.CatalogError as exc:
        db().rollback()
        return _index(exc.errors, request.form, 422)
    db().commit()
    flash(message, "success")
    return redirect(url_for("catalog_admin.index"))


@bp.route("/groupes", methods=["POST"])
@roles(*KEEPERS)
def save_group():
    form = request.form
    return _save(lambda: admin.save_food_group(db(), code=form.get("code", ""), label=form.get("label", ""),
                                               owner_node=_owner()), "Groupe d'aliments enregistré.")


@bp.route("/categories", methods=["POST"])
@roles(*KEEPERS)
def save_category():
    form = request.form
    return _save(lambda: admin.save_category(
        db(), code=form.get("code", ""), label=form.get("label", ""), food_group_id=_uuid(form.get("food_group")),
        shelf_life=_choice(ShelfLife, form.get("shelf_life"), "shelf_life"),
        storage_class=_choice(StorageClass, form.get("storage_class"), "storage_class"),
        date_kind=_choice(DateKind, form.get("date_kind"), "date_kind"), owner_node=_owner()),
        "Catégorie enregistrée.")


@bp.route("/vetements", methods=["POST"])
@roles(*KEEPERS)
def create_garment():
    form = request.form
    return _save(lambda: admin.create_garment_type(db(), code=form.get("code", ""), label=form.get("label", ""),
                                                   price=_price(form.get("price")), bounds=_bounds(),
                                                   owner_node=_owner()), "Type de vêtement enregistré.")


def _product_input(form) -> admin.ProductInput:
    return admin.ProductInput(
        name=form.get("name", ""), category_id=_uuid(form.get("category")),
        sold_by=_choice(SoldBy, form.get("sold_by"), "sold_by"), net_weight_g=_grams(form.get("net_weight_g")),
        storage_class=_choice(StorageClass, form.get("storage_class"), "storage_class"),
        date_kind=_choice(DateKind, form.get("date_kind"), "date_kind"), gtin=form.get("gtin", ""),
        active=form.get("active", "1") == "1")


@bp.route("/produits/nouveau", methods=["GET", "POST"])
@roles(*KEEPERS)
def new_product():
    errors = {}
    if request.method == "POST":
        try:
            product = admin.create_product(db(), _product_input(request.form),
                                           market_price=_price(request.form.get("market_price")), owner_node=_owner())
        except admin.CatalogError as exc:
            db().rollback()
            errors = exc.errors
        else:
            db().commit()
            flash(f"Produit « {product.name} » créé.", "success")
            return redirect(url_for("catalog_admin.product", product_id=product.id))
    return render_template("inventory/product_form.html", product=None, history=[], form=request.form,
                           errors=errors, categories=services.categories(db()), tomorrow=_today() + dt.timedelta(days=1),
                           **CHOICES), 422 if errors else 200


@bp.route("/produits/<uuid:product_id>", methods=["GET", "POST"])
@roles(*KEEPERS)
def product(product_id):
    item = db().get(Product, product_id) or abort(404)
    errors = {}
    if request.method == "POST":
        try:
            if request.form.get("action") == "price":
                prices.schedule_product_price(db(), item, price=_price(request.form.get("new_price"), "new_price"),
                                              effective_from=_day(request.form.get("effective_from")),
                                              today=_today(), owner_node=_owner(), note=request.form.get("note", ""))
                message = "Nouveau prix enregistré : il prendra effet à la date indiquée."
            else:
                admin.update_product(db(), item, _product_input(request.form))
                message = "Produit enregistré."
        except StockError as exc:
            db().rollback()
            errors = exc.errors if isinstance(exc, admin.CatalogError) else {"new_price": str(exc)}
        else:
            db().commit()
            flash(message, "success")
            return redirect(url_for("catalog_admin.product", product_id=item.id))
    return render_template("inventory/product_form.html", product=item, history=prices.price_history(db(), item),
                           price_today=prices.market_price_on(db(), item, _today()), form=request.form,
                           errors=errors, categories=services.categories(db()), tomorrow=_today() + dt.timedelta(days=1),
                           **CHOICES), 422 if errors else 200


@bp.route("/vetements/<uuid:garment_id>", methods=["GET", "POST"])
@roles(*KEEPERS)
def garment(garment_id):
    item = db().get(GarmentType, garment_id) or abort(404)
    sites = db().scalars(select(Site).where(Site.has_vesti_boutique).order_by(Site.name)).all()
    errors = {}
    if request.method == "POST":
        try:
            site_id = _uuid(request.form.get("site"))
            if site_id is not None and db().get(Site, site_id) is None:
                raise admin.CatalogError({"site": "Site inconnu."})
            prices.schedule_garment_price(db(), item, price=_price(request.form.get("new_price"), "new_price"),
                                          effective_from=_day(request.form.get("effective_from")), today=_today(),
                                          owner_node=_owner(), bounds=_bounds(), site_id=site_id)
        except StockError as exc:
            db().rollback()
            errors = exc.errors if isinstance(exc, admin.CatalogError) else {"new_price": str(exc)}
        else:
            db().commit()
            flash("Nouveau prix enregistré : il prendra effet à la date indiquée.", "success")
            return redirect(url_for("catalog_admin.garment", garment_id=item.id))
    names = {site.id: site.name for site in db().scalars(select(Site))}
    return render_template("inventory/garment_form.html", garment=item, history=prices.garment_history(db(), item),
                           sites=sites, site_names=names, bounds=_bounds(), form=request.form, errors=errors,
                           today=_today()), 422 if errors else 200
