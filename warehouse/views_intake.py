"""Intake screens: open a delivery, scan cartons into it, close it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.web import db, now, roles
from inventory.barcodes import parse_code
from inventory.enums import DateKind, SoldBy
from inventory.models import Category, Product
from inventory.stock_models import SOURCE_LABELS, LotSource
from warehouse import intake
from warehouse.donors import refusals
from warehouse.intake_edge import record_line
from warehouse.locations import InputError, donors, locations
from warehouse.models import Delivery
from warehouse.web import (
    STAFF,
    actor_id,
    bp,
    owner_node,
    parse_date,
    parse_grams,
    parse_int,
    parse_money,
    parse_uuid,
    today,
    warehouse_site,
)


@bp.route("/receptions")
@roles(*STAFF)
def deliveries():
    site = warehouse_site()
    return render_template("warehouse/deliveries.html", deliveries=intake.deliveries(db(), site.id),
                           donors=donors(db()), sources=SOURCE_LABELS, errors={}, form={})


@bp.route("/receptions", methods=["POST"])
@roles(*STAFF)
def open_delivery():
    site = warehouse_site()
    form = request.form
    try:
        delivery = intake.open_delivery(
            db(), site_id=site.id, source=LotSource(form.get("source", "")), now=now(), owner_node=owner_node(),
            donor_id=parse_uuid(form.get("donor")), delivery_note=form.get("delivery_note", ""),
            actor_id=actor_id(), comment=form.get("comment", ""))
    except (InputError, ValueError) as exc:
        errors = exc.errors if isinstance(exc, InputError) else {"source": "Choisissez la provenance."}
        return render_template("warehouse/deliveries.html", deliveries=intake.deliveries(db(), site.id),
                               donors=donors(db()), sources=SOURCE_LABELS, errors=errors, form=form), 422
    db().commit()
    return redirect(url_for("warehouse.delivery", delivery_id=delivery.id))


@bp.route("/receptions/<uuid:delivery_id>")
@roles(*STAFF)
def delivery(delivery_id):
    return _delivery_page(_delivery(delivery_id), code_text=request.args.get("code", ""),
                          product_id=parse_uuid(request.args.get("produit")))


def _delivery(delivery_id) -> Delivery:
    delivery = db().get(Delivery, delivery_id)
    if delivery is None:
        abort(404)
    return delivery


def _delivery_page(delivery: Delivery, *, code_text: str = "", product_id=None, errors=None, form=None,
                   status: int = 200):
    scanned = parse_code(code_text, today=today()) if code_text else None
    product = db().get(Product, product_id) if product_id else None
    if scanned is not None and scanned.ok and product is None:
        product = intake.find_product(db(), scanned)
    context = dict(
        delivery=delivery, scanned=scanned, product=product, errors=errors or {}, form=form or {},
        code_text=code_text, locations=locations(db(), delivery.site_id),
        categories=db().scalars(select(Category).order_by(Category.label)).all(),
        loose_products=db().scalars(select(Product).where(Product.gtin.is_(None), Product.active)
                                    .order_by(Product.name)).all(),
        unknown_gtin=scanned.gtin or scanned.base_gtin if scanned is not None and scanned.ok and not product else None,
        date_kinds=[DateKind.DLC, DateKind.DDM, DateKind.NONE], SoldBy=SoldBy,
        refusals=refusals(db(), delivery_id=delivery.id))
    return render_template("warehouse/delivery.html", **context), status


@bp.route("/receptions/<uuid:delivery_id>/lignes", methods=["POST"])
@roles(*STAFF)
def add_intake_line(delivery_id):
    delivery = _delivery(delivery_id)
    form = request.form
    outcome = record_line(delivery, lambda: _intake_input(form, _product_from_form(form)))
    if (line := outcome.line) is None:
        return _delivery_page(delivery, code_text=form.get("scanned_code", ""),
                              product_id=parse_uuid(form.get("product_id")), errors=outcome.errors, form=form,
                              status=422)
    flash(f"Enregistré : {line.cartons} colis de « {line.product.name} », lot {line.lot.lot_code or '—'} "
          f"en {line.location}.", "success")
    return redirect(url_for("warehouse.delivery", delivery_id=delivery.id))


def _product_from_form(form) -> Product:
    product_id = parse_uuid(form.get("product_id"))
    product = db().get(Product, product_id) if product_id else None
    if product is not None:
        return product
    if not form.get("new_name"):
        raise InputError({"product": "Produit inconnu : scannez ou choisissez un produit."})
    try:
        grams = parse_grams(form.get("new_net_weight_kg")) or 0
        price = parse_money(form.get("new_market_price")) or 0
    except ValueError as exc:
        raise InputError({"new_net_weight_kg": "Poids ou valeur illisible."}) from exc
    return intake.create_product(db(), name=form.get("new_name", ""),
                                 category_id=parse_uuid(form.get("new_category")), owner_node=owner_node(),
                                 gtin=form.get("new_gtin", "").strip(),
                                 sold_by=_choice(SoldBy, form.get("new_sold_by") or "piece", "new_sold_by",
                                                 "Mode de vente inconnu : à la pièce ou au poids."),
                                 net_weight_g=grams,
                                 market_price=price)


def _intake_input(form, product: Product) -> intake.IntakeInput:
    errors: dict[str, str] = {}
    cartons = _read(form, "cartons", lambda raw: parse_int(raw, 1), "Nombre illisible : « {} ».", errors)
    units = _read(form, "units_per_carton", lambda raw: parse_int(raw, 1), "Nombre illisible : « {} ».", errors)
    carton_grams = _read(form, "carton_weight_kg", parse_grams, "Poids illisible : « {} » (en kg, ex. 12,5).", errors)
    value = _read(form, "unit_value", parse_money, "Valeur illisible : « {} » (en euros, ex. 0,80).", errors)
    expiry = _read(form, "expiry_date", parse_date, "Date illisible : « {} » (JJ/MM/AAAA).", errors)
    kind = form.get("date_kind")
    if kind and kind not in {member.value for member in DateKind}:
        errors["date_kind"] = "Type de date inconnu : DLC, DDM ou sans date."
    if errors:
        raise InputError(errors)
    return intake.IntakeInput(
        product_id=product.id, cartons=cartons, location=form.get("location", ""),
        lot_code=form.get("lot_code", ""), expiry_date=expiry, date_kind=DateKind(kind) if kind else None,
        units_per_carton=units, carton_weight_g=carton_grams, unit_value=value,
        scanned_code=form.get("scanned_code", ""), short_shelf_life_override=bool(form.get("override_48h")))


def _choice(kind, raw: str, field: str, message: str):
    """A value of a list the form offers; another one (a forged or stale form) is refused on its field."""
    try:
        return kind(raw)
    except ValueError:
        raise InputError({field: message}) from None


def _read(form, name: str, parse, message: str, errors: dict[str, str]):
    """One field parsed; an unreadable one gets its message under itself, not under another field."""
    raw = form.get(name)
    try:
        return parse(raw)
    except ValueError:
        errors[name] = message.format((raw or "").strip())
        return None


@bp.route("/receptions/<uuid:delivery_id>/cloture", methods=["POST"])
@roles(*STAFF)
def close_delivery(delivery_id):
    delivery = _delivery(delivery_id)
    intake.close_delivery(delivery, now())
    db().commit()
    flash(f"Réception close : {len(delivery.lines)} ligne(s).", "success")
    return redirect(url_for("warehouse.deliveries"))
