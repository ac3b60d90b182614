"""The site's local intake screens (« Ramasses et collectes »): open an intake with its donor, scan or
choose each product, count or weigh it, record it — or refuse it, for the donor's log."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.device_events import device_hub
from gers.scope import scoped_get
from gers.web import db, now, roles
from inventory.barcodes import parse_code
from inventory.enums import DateKind, SoldBy
from inventory.models import Product
from inventory.services import search_products
from inventory.stock_models import SOURCE_LABELS
from shop import intake as local
from shop.web import SITE_STAFF, bp, site_id
from warehouse import donors, intake
from warehouse.donor_enums import REFUSAL_LABELS, TYPED_REASONS
from warehouse.intake_edge import read_field, record_line, typed_refusal
from warehouse.locations import InputError
from warehouse.locations import donors as active_donors
from warehouse.models import Delivery
from warehouse.web import (
    actor_id,
    owner_node,
    parse_date,
    parse_grams,
    parse_int,
    parse_money,
    parse_uuid,
    today,
)

SCALE_SILENT = "Balance : aucune lecture reçue (branchée ? allumée ?)"


def warning_days() -> int:
    return int(current_app.config["DONOR_CONVENTION_WARNING_DAYS"])


def _list_page(errors=None, form=None, status: int = 200):
    return render_template("shop/intakes.html", intakes=local.local_intakes(db(), site_id()),
                           donors=active_donors(db()), sources={s: SOURCE_LABELS[s] for s in local.LOCAL_SOURCES},
                           errors=errors or {}, form=form or {}), status


@bp.route("/ramasses")
@roles(*SITE_STAFF)
def intakes():
    return _list_page()


@bp.route("/ramasses", methods=["POST"])
@roles(*SITE_STAFF)
def open_intake():
    form = request.form
    try:
        delivery = local.open_local_intake(db(), site_id=site_id(), source=form.get("source", ""),
                                           donor_id=parse_uuid(form.get("donor")), now=now(), owner_node=owner_node(),
                                           delivery_note=form.get("delivery_note", ""), actor_id=actor_id())
    except InputError as exc:
        db().rollback()
        return _list_page(exc.errors, form, 422)
    db().commit()
    return redirect(url_for("shop.intake_page", delivery_id=delivery.id))


@bp.route("/ramasses/<uuid:delivery_id>")
@roles(*SITE_STAFF)
def intake_page(delivery_id):
    return _intake_page(scoped_get(Delivery.site_id, delivery_id), code_text=request.args.get("code", ""),
                        product_id=parse_uuid(request.args.get("produit")), search=request.args.get("q", ""))


def _intake_page(delivery: Delivery, *, code_text: str = "", product_id=None, search: str = "", errors=None,
                 form=None, status: int = 200):
    errors = dict(errors or {})
    scanned = parse_code(code_text, today=today()) if code_text.strip() else None
    product = db().get(Product, product_id) if product_id else None
    if scanned is not None and scanned.ok and product is None:
        product = intake.find_product(db(), scanned)
        if product is None:
            errors["code"] = (f"Produit inconnu au catalogue (GTIN {scanned.gtin or scanned.base_gtin}) : "
                              "cherchez-le par son nom, ou mettez-le de côté pour l'entrepôt.")
    context = dict(
        delivery=delivery, scanned=scanned, product=product, errors=errors, form=form or {}, code_text=code_text,
        search=search, found=search_products(db(), search).products[:20] if search.strip() else [],
        loose_products=db().scalars(select(Product).where(Product.gtin.is_(None), Product.active)
                                    .order_by(Product.name)).all(),
        date_kinds=[DateKind.DLC, DateKind.DDM, DateKind.NONE], SoldBy=SoldBy,
        refusals=donors.refusals(db(), delivery_id=delivery.id),
        convention=local.convention_note(db(), delivery.donor, delivery.site_id, today(), warning_days()),
        typed_reasons=[(reason.value, REFUSAL_LABELS[reason]) for reason in TYPED_REASONS])
    return render_template("shop/intake.html", **context), status


@bp.route("/ramasses/<uuid:delivery_id>/lignes", methods=["POST"])
@roles(*SITE_STAFF)
def add_local_line(delivery_id):
    delivery = scoped_get(Delivery.site_id, delivery_id)
    form = request.form
    outcome = record_line(delivery, lambda: _local_line(form).intake_input(), location_rule=local.shelf_location)
    if (line := outcome.line) is None:
        return _intake_page(delivery, code_text=form.get("scanned_code", ""),
                            product_id=parse_uuid(form.get("product_id")), errors=outcome.errors, form=form,
                            status=422)
    flash(f"Enregistré : « {line.product.name} »"
          + (f", {line.units} unité(s)" if line.units else "") + f", {line.grams / 1000:.3f} kg".replace(".", ",")
          + f", lot {line.lot.lot_code or '—'}.", "success")
    return redirect(url_for("shop.intake_page", delivery_id=delivery.id))


def _local_line(form) -> local.LocalLine:
    """The line form; « Peser et enregistrer » takes the weight from the scale, never a moving one."""
    product_id = parse_uuid(form.get("product_id"))
    if product_id is None or db().get(Product, product_id) is None:
        raise InputError({"product": "Produit inconnu : scannez ou choisissez un produit."})
    errors: dict[str, str] = {}
    units = read_field(form, "units", lambda raw: parse_int(raw) if (raw or "").strip() else None,
                       "Nombre illisible : « {} ».", errors)
    grams = read_field(form, "kg", parse_grams, "Poids illisible : « {} » (en kg, ex. 2,5).", errors)
    expiry = read_field(form, "expiry_date", parse_date, "Date illisible : « {} » (JJ/MM/AAAA).", errors)
    value = read_field(form, "unit_value", parse_money, "Valeur illisible : « {} » (en euros, ex. 0,80).", errors)
    kind = form.get("date_kind")
    if kind and kind not in {member.value for member in DateKind}:
        errors["date_kind"] = "Type de date inconnu : DLC, DDM ou sans date."
    if form.get("action") == "weigh":
        grams = _scale_grams(errors)
    if errors:
        raise InputError(errors)
    return local.LocalLine(product_id=product_id, units=units, grams=grams, lot_code=form.get("lot_code", ""),
                           expiry_date=expiry, date_kind=DateKind(kind) if kind else None,
                           location=form.get("location", ""), scanned_code=form.get("scanned_code", ""),
                           short_shelf_life_override=bool(form.get("override_48h")), unit_value=value)


def _scale_grams(errors: dict[str, str]) -> int | None:
    hub = device_hub()
    reading = hub.weigh(None) if hub is not None else None
    if reading is None or not reading.priceable:
        errors["kg"] = reading.message_fr if reading is not None else SCALE_SILENT
        return None
    return reading.grams


@bp.route("/ramasses/<uuid:delivery_id>/refus", methods=["POST"])
@roles(*SITE_STAFF)
def refuse_local(delivery_id):
    delivery = scoped_get(Delivery.site_id, delivery_id)
    try:
        refusal = donors.refuse_donation(db(), delivery, typed_refusal(request.form), now=now(),
                                         owner_node=owner_node(), actor_id=actor_id())
    except InputError as exc:
        db().rollback()
        return _intake_page(delivery, product_id=parse_uuid(request.form.get("product_id")),
                            errors={f"refuse_{k}": v for k, v in exc.errors.items()}, form=request.form, status=422)
    db().commit()
    flash(f"Refus noté : {refusal.product_label} ({refusal.reason.label.lower()}).", "success")
    return redirect(url_for("shop.intake_page", delivery_id=delivery.id))


@bp.route("/ramasses/<uuid:delivery_id>/cloture", methods=["POST"])
@roles(*SITE_STAFF)
def close_local(delivery_id):
    delivery = scoped_get(Delivery.site_id, delivery_id)
    intake.close_delivery(delivery, now())
    db().commit()
    flash(f"Ramasse close : {len(delivery.lines)} ligne(s).", "success")
    return redirect(url_for("shop.intakes"))
