"""The till's JSON API (documented at /api/openapi.json). Each view: parse, one use case, answer."""

from __future__ import annotations

import dataclasses

from flask import current_app, jsonify, request
from sqlalchemy import select

from devices.interfaces import ReceiptPrinter
from gers.device_events import device_hub
from gers.formatting import money, scale_weight
from gers.models import Role
from gers.web import db, roles
from inventory.models import Category, GarmentType, Product
from inventory.prices import market_price_on
from inventory.services import search_products
from pos import basket as baskets
from pos import cash, checkout, printing
from pos.basket import VESTI_GARMENTS_ONLY
from pos.basket_version import ensure_as_shown
from pos.enums import EntryKind, Shop
from pos.errors import TillError
from pos.limits import left_for
from pos.models import Basket, CashSession, JournalEntry
from pos.payments import Method, Tender
from pos.presenters import basket_json, entry_json, refund_json, z_json
from pos.scan_help import plain_answer
from pos.web import (
    api,
    body,
    override_from,
    parse_amount,
    parse_choice,
    parse_list,
    parse_object,
    parse_quantity,
    parse_text,
    parse_uuid,
    till_action,
    till_context,
)

TILL_ROLES = (Role.CASHIER, Role.COORDINATOR)
AFTER_SALE = "pos.after_sale"  # hooks (session, entry, owner_node, request body) set by the app factory
NOT_RECORDED = ("La vente en attente n'a pas été enregistrée (coupure avant l'enregistrement) : le panier est "
                "toujours là, encaissez-le à nouveau.")


def _printer() -> ReceiptPrinter | None:
    """The printer port the edge hands to pos.printing: the device hub's printer, if any."""
    hub = device_hub()
    return hub.printer if hub else None


def _network() -> str:
    return current_app.config["NETWORK_NAME"]


def _session_or_fail(ctx):
    cash_session = cash.current_session(db(), ctx.site_id)
    if cash_session is None:
        raise TillError("La caisse n'est pas ouverte.")
    return cash_session


def _basket(ctx, cash_session: CashSession | None = None) -> Basket:
    """The basket of the open session (`cash_session` when the view already read it: read once)."""
    shop = parse_choice(Shop, request.args.get("mode") or body().get("mode") or Shop.EPICERIE.value, "Mode de caisse")
    return baskets.open_basket(db(), ctx, cash_session or _session_or_fail(ctx), shop)


def _state(ctx, basket: Basket | None):
    """A basket only exists in the open session, so its session is the one the screen shows."""
    lookup = baskets.lookup_household(db(), ctx, basket) if basket else None
    left = left_for(db(), ctx, basket, lookup) if lookup and lookup.grant else None
    return {"session": None if basket is None else {"id": str(basket.cash_session_id)},
            "basket": basket_json(basket, lookup, left), "printer": printing.printer_state(_printer())}


@api.route("/etat")
@roles(*TILL_ROLES)
@till_action
def state():
    ctx = till_context()
    cash_session = cash.current_session(db(), ctx.site_id)
    return jsonify(_state(ctx, _basket(ctx, cash_session) if cash_session else None))


@api.route("/session", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def open_session():
    """Idempotent: a second tap (or a second till) joins the open session with a 200."""
    ctx = till_context()
    opening_float = parse_amount(body().get("opening_float", "0"), "Fond de caisse")
    already = cash.current_session(db(), ctx.site_id) is not None
    cash_session = cash.open_session(db(), ctx, opening_float)
    return jsonify({**_state(ctx, _basket(ctx, cash_session)), "already_open": already}), 200 if already else 201


@api.route("/session/cloture", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def close_session():
    """Idempotent for the session the screen shows: a second tap answers the Z already recorded."""
    ctx = till_context()
    data = body()
    done = cash.closing_entry(db(), parse_uuid(data["session_id"])) if data.get("session_id") else None
    if done is not None and done.site_id == ctx.site_id:
        return jsonify(z_report=entry_json(done), figures=z_json(done.closing), replayed=True,
                       receipt=printing.printer_state(_printer()))
    entry = cash.close_session(db(), ctx, _session_or_fail(ctx), parse_amount(data.get("counted_cash"),
                                                                             "Espèces comptées"))
    db().commit()  # the Z is safe before anything is printed
    return jsonify(z_report=entry_json(entry), figures=z_json(entry.closing), replayed=False,
                   receipt=printing.print_z(db(), _printer(), entry, _network()))


@api.route("/session/apercu-z", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def preview_z():
    """The Z's figures before the cashier confirms the closing (nothing is recorded)."""
    ctx = till_context()
    counted = parse_amount(body().get("counted_cash"), "Espèces comptées")
    return jsonify(figures=z_json(cash.z_figures(db(), _session_or_fail(ctx), counted)))


@api.route("/foyer", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def attach_household():
    ctx = till_context()
    basket = _basket(ctx)
    baskets.attach_household(db(), ctx, basket, parse_text(body().get("card_number"), "Carte"), override_from(body()))
    return jsonify(_state(ctx, basket))


@api.route("/scan", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def scan():
    ctx = till_context()
    basket, code = _basket(ctx), parse_text(body().get("code"), "Code")
    if answer := plain_answer(code):
        raise TillError(answer)
    if basket.shop is Shop.VESTI:
        raise TillError(VESTI_GARMENTS_ONLY)
    baskets.scan(db(), ctx, basket, code, override_from(body()))
    return jsonify(_state(ctx, basket))


@api.route("/pesee", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def weigh():
    ctx = till_context()
    basket = _basket(ctx)
    product = _get(Product, body().get("product_id"))
    hub = device_hub()
    # A price-computing scale (Dialog 06) weighs when asked, with the article's price per kg.
    per_kg = market_price_on(db(), product, baskets.price_day(basket, ctx))
    reading = hub.weigh(int(per_kg * 100)) if hub else None
    if reading is not None and reading.display:  # legal for trade: the scale's digits, French notation
        reading = dataclasses.replace(reading, display=scale_weight(reading.display))
    baskets.add_weighed(db(), ctx, basket, product, reading, override_from(body()))
    return jsonify(_state(ctx, basket))


@api.route("/article", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def add_article():
    ctx = till_context()
    basket, data = _basket(ctx), body()
    baskets.add_product(db(), ctx, basket, _get(Product, data.get("product_id")),
                        quantity=parse_quantity(data.get("quantity"), 1), override=override_from(data))
    return jsonify(_state(ctx, basket))


@api.route("/vetement", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def add_garment():
    ctx = till_context()
    basket, data = _basket(ctx), body()
    baskets.add_garment(db(), ctx, basket, _get(GarmentType, data.get("garment_type_id")),
                        parse_quantity(data.get("quantity"), 1), override_from(data))
    return jsonify(_state(ctx, basket))


@api.route("/manuel", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def add_manual():
    ctx = till_context()
    basket, data = _basket(ctx), body()
    baskets.add_manual(db(), ctx, basket, _get(Category, data.get("category_id")),
                       parse_text(data.get("description"), "Description"),
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
        baskets.set_quantity(db(), ctx, basket, line_id, parse_quantity(body().get("quantity"), 0, minimum=0))
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
    """Pays the basket the screen showed (its version and total), once per idempotency key. A
    retry after a power cut answers the recorded sale and prints its receipt if it never left."""
    ctx = till_context()
    data = body()
    # Held for the whole request: the session's identity map keeps only what is referenced, and
    # completion reads this cash session again (without this, a second query).
    cash_session = _session_or_fail(ctx)
    basket = _basket(ctx, cash_session)
    tenders = _tenders(data.get("tenders"))
    key = parse_text(data.get("idempotency_key"), "Clé")
    if not _recorded(ctx, key):
        if data.get("resume"):
            raise TillError(NOT_RECORDED, not_recorded=True)
        expected = data.get("expected_total")
        ensure_as_shown(basket, parse_text(data.get("basket_version"), "Version du panier"),
                        None if expected is None else parse_amount(expected, "Total attendu"))
    done = checkout.complete_sale(db(), ctx, basket, tenders, key)
    if not done.replayed:
        # Rooms above the till note where the sale happened (a van's stop: tours), in the same commit.
        for hook in current_app.extensions.get(AFTER_SALE, ()):
            hook(db(), done.entry, ctx.owner_node, data)
    db().commit()  # the sale is safe before anything is printed
    drawer = not done.replayed and printing.open_drawer_for_cash(_printer(), done.entry)
    receipt = printing.print_entry(db(), _printer(), done.entry, _network(), only_if_unprinted=done.replayed)
    return jsonify(sale=entry_json(done.entry), change={"value": f"{done.change:.2f}", "display": money(done.change)},
                   warnings=list(done.warnings), receipt=receipt, replayed=done.replayed, drawer_opened=drawer)


def _tenders(raw) -> list[Tender]:
    """The payments typed on the paying screen; a blank amount is a line left empty."""
    tenders = []
    for item in parse_list(raw, "Paiements"):
        tender = parse_object(item, "Paiement")
        if str(tender.get("amount") or "").strip():
            tenders.append(Tender(parse_choice(Method, tender.get("method"), "Moyen de paiement"),
                                  parse_amount(tender.get("amount"), "Montant"),
                                  parse_text(tender.get("reference"), "Référence")))
    return tenders


def _recorded(ctx, key: str) -> bool:
    return bool(key) and db().scalar(select(JournalEntry.id).where(JournalEntry.site_id == ctx.site_id,
                                                                  JournalEntry.idempotency_key == key)) is not None


@api.route("/ventes")
@roles(*TILL_ROLES)
@till_action
def find_sale():
    ctx = till_context()
    number = request.args.get("numero", type=int)
    entry = None if number is None or not 0 < number < 2**31 else db().scalar(
        select(JournalEntry).where(JournalEntry.site_id == ctx.site_id, JournalEntry.sequence == number))
    if entry is None:
        raise TillError("Aucune écriture de ce numéro sur ce site.")
    return jsonify(entry_json(entry))


@api.route("/ventes/<uuid:entry_id>/annulation", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def void(entry_id):
    ctx = till_context()
    entry = checkout.void_sale(db(), ctx, entry_id, parse_text(body().get("reason"), "Motif"))
    db().commit()
    return _given_back(entry)


def _given_back(entry: JournalEntry):
    """A void or return: the refund on screen, the drawer opened for cash, the receipt printed."""
    drawer = printing.open_drawer_for_cash(_printer(), entry)
    return jsonify(entry=refund_json(entry), drawer_opened=drawer,
                   receipt=printing.print_entry(db(), _printer(), entry, _network()))


@api.route("/ventes/<uuid:entry_id>/retour", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def give_back(entry_id):
    ctx = till_context()
    data = body()
    quantities = {parse_uuid(line_id): parse_quantity(qty, 0, minimum=0)
                  for line_id, qty in parse_object(data.get("lines"), "Articles rendus").items()}
    entry = checkout.return_items(db(), ctx, entry_id, quantities, parse_text(data.get("reason"), "Motif"),
                                  _session_or_fail(ctx))
    db().commit()
    return _given_back(entry)


@api.route("/ventes/<uuid:entry_id>/reimpression", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def reprint(entry_id):
    ctx = till_context()
    entry = db().get(JournalEntry, entry_id)
    if entry is None or entry.site_id != ctx.site_id:
        raise TillError("Aucune écriture de ce numéro sur ce site.")
    return jsonify(entry=entry_json(entry), receipt=printing.print_entry(db(), _printer(), entry, _network()))


@api.route("/ventes/derniere/reimpression", methods=["POST"])
@roles(*TILL_ROLES)
@till_action
def reprint_last():
    """« Réimprimer » after a reload or a restart: the cashier's last entry, read from the journal."""
    ctx = till_context()
    entry = db().scalar(select(JournalEntry).where(JournalEntry.site_id == ctx.site_id,
                                                   JournalEntry.cashier_id == ctx.cashier_id,
                                                   JournalEntry.kind != EntryKind.CLOSING)
                        .order_by(JournalEntry.sequence.desc()).limit(1))
    if entry is None:
        raise TillError("Aucune vente à réimprimer sur ce site.")
    return jsonify(entry=entry_json(entry), receipt=printing.print_entry(db(), _printer(), entry, _network()))


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
