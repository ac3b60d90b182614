"""The till's JSON API (documented at /api/openapi.json). Each view: parse, one use case, answer."""

from __future__ import annotations

from flask import jsonify, request
from sqlalchemy import select

from gers.device_events import device_hub
from gers.models import Role
from gers.web import db, roles
from inventory.models import Category, GarmentType, Product
from inventory.services import search_products
from pos import basket as baskets
from pos import cash, checkout, printing
from pos.enums import Shop
from pos.errors import TillError
from pos.limits import left_for
from pos.models import Basket, JournalEntry
from pos.payments import Method, Tender
from pos.presenters import basket_json, entry_json
from pos.web import api, body, override_from, parse_amount, parse_uuid, till_action, till_context

TILL_ROLES = (Role.CASHIER, Role.COORDINATOR)


def _session_or_fail(ctx):
    cash_session = cash.current_session(db(), ctx.site_id)
    if cash_session is None:
        raise TillError("La caisse n'est pas ouverte.")
    return cash_session


def _basket(ctx) -> Basket:
    shop = Shop(request.args.get("mode") or body().get("mode") or Shop.EPICERIE.value)
    return baskets.open_basket(db(), ctx, _session_or_fail(ctx), shop)


def _state(ctx, basket: Basket | None):
    lookup = baskets.lookup_household(db(), ctx, basket) if basket else None
    left = left_for(db(), ctx, basket, lookup) if lookup and lookup.grant else None
    cash_session = cash.current_session(db(), ctx.site_id)
    return {"session": None if cash_session is None else {"id": str(cash_session.id)},
            "basket": basket_json(basket, lookup, left), "printer": printing.printer_state()}


@api.route("/etat")
@roles(*TILL_ROLES)
@till_action
def state():
    ctx = till_context()
    return jsonify(_state(ctx, _basket(ctx) if cash.current_session(db(), ctx.site_id) else None))


@api.route("/session", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def open_session():
    ctx = till_context()
    cash.open_session(db(), ctx, parse_amount(body().get("opening_float", "0"), "Fond de caisse"))
    return jsonify(_state(ctx, _basket(ctx))), 201


@api.route("/session/cloture", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def close_session():
    ctx = till_context()
    entry = cash.close_session(db(), ctx, _session_or_fail(ctx), parse_amount(body().get("counted_cash"),
                                                                             "Espèces comptées"))
    return jsonify(z_report=entry_json(entry), receipt=printing.print_z(entry))


@api.route("/foyer", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def attach_household():
    ctx = till_context()
    basket = _basket(ctx)
    baskets.attach_household(db(), ctx, basket, str(body().get("card_number", "")), override_from(body()))
    return jsonify(_state(ctx, basket))


@api.route("/scan", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def scan():
    ctx = till_context()
    basket = _basket(ctx)
    baskets.scan(db(), ctx, basket, str(body().get("code", "")), override_from(body()))
    return jsonify(_state(ctx, basket))


@api.route("/pesee", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def weigh():
    ctx = till_context()
    basket = _basket(ctx)
    product = _get(Product, body().get("product_id"))
    hub = device_hub()
    baskets.add_weighed(db(), ctx, basket, product, hub.last_reading() if hub else None, override_from(body()))
    return jsonify(_state(ctx, basket))


@api.route("/article", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def add_article():
    ctx = till_context()
    basket, data = _basket(ctx), body()
    baskets.add_product(db(), ctx, basket, _get(Product, data.get("product_id")),
                        quantity=int(data.get("quantity") or 1), override=override_from(data))
    return jsonify(_state(ctx, basket))


@api.route("/vetement", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def add_garment():
    ctx = till_context()
    basket, data = _basket(ctx), body()
    baskets.add_garment(db(), ctx, basket, _get(GarmentType, data.get("garment_type_id")),
                        int(data.get("quantity") or 1), override_from(data))
    return jsonify(_state(ctx, basket))


@api.route("/manuel", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def add_manual():
    ctx = till_context()
    basket, data = _basket(ctx), body()
    baskets.add_manual(db(), ctx, basket, _get(Category, data.get("category_id")), str(data.get("description", "")),
                       parse_amount(data.get("market_value"), "Valeur marchande"), override_from(data))
    return jsonify(_state(ctx, basket))


@api.route("/lignes/<uuid:line_id>", methods=["POST", "DELETE"])
@roles(*TILL_ROLES)
@till_action
def change_line(line_id):
    ctx = till_context()
    basket = _basket(ctx)
    if request.method == "DELETE":
        baskets.remove_line(db(), basket, line_id)
    else:
        baskets.set_quantity(db(), ctx, basket, line_id, int(body().get("quantity") or 0))
    return jsonify(_state(ctx, basket))


@api.route("/vider", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def clear():
    ctx = till_context()
    basket = _basket(ctx)
    baskets.clear(db(), basket)
    return jsonify(_state(ctx, basket))


@api.route("/valider", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def complete():
    ctx = till_context()
    data = body()
    basket = _basket(ctx)
    tenders = [Tender(Method(t.get("method")), parse_amount(t.get("amount"), "Montant"), str(t.get("reference", "")))
               for t in data.get("tenders", []) if str(t.get("amount", "")).strip()]
    done = checkout.complete_sale(db(), ctx, basket, tenders, str(data.get("idempotency_key", "")))
    db().commit()  # the sale is safe before anything is printed
    receipt = printing.print_receipt(done.entry) if not done.replayed else printing.printer_state()
    return jsonify(sale=entry_json(done.entry), change={"value": f"{done.change:.2f}"},
                   warnings=list(done.warnings), receipt=receipt, replayed=done.replayed)


@api.route("/ventes")
@roles(*TILL_ROLES)
@till_action
def find_sale():
    ctx = till_context()
    entry = db().scalar(select(JournalEntry).where(JournalEntry.site_id == ctx.site_id,
                                                   JournalEntry.sequence == request.args.get("numero", type=int)))
    if entry is None:
        raise TillError("Aucune écriture de ce numéro sur ce site.")
    return jsonify(entry_json(entry))


@api.route("/ventes/<uuid:entry_id>/annulation", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def void(entry_id):
    ctx = till_context()
    entry = checkout.void_sale(db(), ctx, entry_id, str(body().get("reason", "")))
    db().commit()
    return jsonify(entry=entry_json(entry), receipt=printing.print_receipt(entry))


@api.route("/ventes/<uuid:entry_id>/retour", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def give_back(entry_id):
    ctx = till_context()
    data = body()
    quantities = {parse_uuid(line_id): int(qty or 0) for line_id, qty in (data.get("lines") or {}).items()}
    entry = checkout.return_items(db(), ctx, entry_id, quantities, str(data.get("reason", "")), _session_or_fail(ctx))
    db().commit()
    return jsonify(entry=entry_json(entry), receipt=printing.print_receipt(entry))


@api.route("/ventes/<uuid:entry_id>/reimpression", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def reprint(entry_id):
    ctx = till_context()
    entry = db().get(JournalEntry, entry_id)
    if entry is None or entry.site_id != ctx.site_id:
        raise TillError("Aucune écriture de ce numéro sur ce site.")
    return jsonify(receipt=printing.print_receipt(entry, duplicate=True))


@api.route("/recherche")
@roles(*TILL_ROLES)
def search():
    products = search_products(db(), request.args.get("q", "")).products[:12]
    return jsonify([{"id": str(p.id), "name": p.name, "by_weight": p.sold_by.value == "weight"} for p in products])


def _get(model, raw_id):
    row = db().get(model, parse_uuid(raw_id)) if raw_id else None
    if row is None:
        raise TillError("Article introuvable : rechargez l'écran de caisse.")
    return row
