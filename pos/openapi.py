"""The OpenAPI 3.1 document of the till's JSON API (the same API the screens call)."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from gers.web import any_user
from pos.web import MAX_QUANTITY, MAX_TILL_AMOUNT, bp

AMOUNT = {"type": "object", "properties": {"value": {"type": "string", "pattern": r"^-?\d+\.\d{2}$"},
                                           "display": {"type": "string", "examples": ["3,50 €"]}}}
OVERRIDE = {"type": "object", "description": "Coordinator's override of a refused line (journaled).",
            "properties": {"username": {"type": "string"}, "pin": {"type": "string"}, "reason": {"type": "string"}},
            "required": ["username", "pin", "reason"]}
MODE = {"type": "string", "enum": ["epicerie", "vesti", "fse"], "default": "epicerie",
        "description": "epicerie: paid line; vesti: garments; fse: free FSE+ distribution line"}
QUANTITY = {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY}
TYPED_AMOUNT = {"type": "string", "examples": ["3,50", "3.50"],
                "description": f"Euros with a comma or a dot, at most {MAX_TILL_AMOUNT}; no exponent. "
                               "Anything else is refused with a 422."}


def _body(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema = {"type": "object", "properties": {"mode": MODE, **properties}, "required": list(required)}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _op(summary: str, body: dict[str, Any] | None = None, ok: str = "#/components/schemas/TillState",
        params: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": ok}}}},
                      "401": {"description": "Connexion requise"},
                      "403": {"description": "Rôle insuffisant"},
                      "422": {"description": "Refus expliqué en français",
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
    if body:
        operation["requestBody"] = body
    if params:
        operation["parameters"] = params
    return operation


def document() -> dict[str, Any]:
    line_id = {"name": "line_id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
    entry_id = {"name": "entry_id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Gers Solidaire — API de caisse", "version": "1",
                 "description": "JSON API of the site till. Session cookie authentication; every POST needs the "
                                "X-CSRFToken header. Amounts are strings with two decimals, never floats."},
        "paths": {
            "/api/caisse/etat": {"get": _op("Current session, basket, household and printer state",
                                            params=[{"name": "mode", "in": "query", "schema": MODE}])},
            "/api/caisse/session": {"post": _op("Open the cash session (idempotent: 200 and already_open when a "
                                                "session is open, 201 when this request opened it)",
                                                _body({"opening_float": TYPED_AMOUNT}))},
            "/api/caisse/session/cloture": {"post": _op(
                "Close the session with the counted cash (Z report). Idempotent with session_id: a closed "
                "session answers its Z again (replayed, nothing printed)",
                _body({"counted_cash": TYPED_AMOUNT, "session_id": {"type": "string", "format": "uuid"}},
                      ("counted_cash",)), ok="#/components/schemas/Closing")},
            "/api/caisse/session/apercu-z": {"post": _op(
                "The Z report's figures for the counted cash, before the cashier confirms (nothing recorded)",
                _body({"counted_cash": TYPED_AMOUNT}, ("counted_cash",)), ok="#/components/schemas/ZPreview")},
            "/api/caisse/foyer": {"post": _op("Scan or type the household card", _body(
                {"card_number": {"type": "string"}, "override": OVERRIDE}, ("card_number",)))},
            "/api/caisse/scan": {"post": _op("A scanned code: GTIN, GS1 with lot, weighted in-store EAN-13", _body(
                {"code": {"type": "string"}, "override": OVERRIDE}, ("code",)))},
            "/api/caisse/pesee": {"post": _op("Add a by-weight article with the scale's current stable reading", _body(
                {"product_id": {"type": "string", "format": "uuid"}, "override": OVERRIDE}, ("product_id",)))},
            "/api/caisse/article": {"post": _op("Add a product found by name", _body(
                {"product_id": {"type": "string", "format": "uuid"}, "quantity": QUANTITY,
                 "override": OVERRIDE}, ("product_id",)))},
            "/api/caisse/vetement": {"post": _op("Add a garment (vesti-boutique)", _body(
                {"garment_type_id": {"type": "string", "format": "uuid"}, "quantity": QUANTITY},
                ("garment_type_id",)))},
            "/api/caisse/manuel": {"post": _op("Add a manual line by category", _body(
                {"category_id": {"type": "string", "format": "uuid"}, "description": {"type": "string"},
                 "market_value": TYPED_AMOUNT, "override": OVERRIDE}, ("category_id", "market_value")))},
            "/api/caisse/lignes/{line_id}": {
                "post": _op("Change a line's quantity", _body({"quantity": QUANTITY}),
                            params=[line_id]),
                "delete": _op("Remove a line", params=[line_id])},
            "/api/caisse/vider": {"post": _op("Empty the basket and forget the household", _body({}))},
            "/api/caisse/valider": {"post": _op(
                "Complete the sale (idempotent by key). basket_version and expected_total are the basket's "
                "version and to_pay value the paying screen showed: a basket changed meanwhile (another tab or "
                "till) is refused with details.stale_basket. A retry with a recorded key answers the sale and "
                "prints its receipt only if it never reached the printer; resume=true (a reloaded screen with a "
                "pending key) is refused with details.not_recorded when no sale has that key", _body(
                {"idempotency_key": {"type": "string"}, "basket_version": {"type": "string"},
                 "expected_total": {"type": "string", "pattern": r"^\d+\.\d{2}$"}, "resume": {"type": "boolean"},
                 "stop_id": {"type": "string", "format": "uuid",
                             "description": "At a mobile unit: the tour stop chosen by the cashier (default: "
                                            "the stop whose hours contain now)"},
                 "tenders": {"type": "array", "items": {"$ref": "#/components/schemas/Tender"}}},
                ("idempotency_key", "tenders", "basket_version", "expected_total")),
                ok="#/components/schemas/Completed")},
            "/api/caisse/ventes": {"get": _op("Find an entry by its journal number", ok="#/components/schemas/Entry",
                                              params=[{"name": "numero", "in": "query", "required": True,
                                                       "schema": {"type": "integer"}}])},
            "/api/caisse/ventes/{entry_id}/annulation": {"post": _op(
                "Void a sale of the open session", _body({"reason": {"type": "string"}}, ("reason",)),
                ok="#/components/schemas/EntryPrinted", params=[entry_id])},
            "/api/caisse/ventes/{entry_id}/retour": {"post": _op(
                "Return articles of a sale", _body({"reason": {"type": "string"},
                                                    "lines": {"type": "object", "additionalProperties": {**QUANTITY, "minimum": 0}}},
                                                   ("reason", "lines")),
                ok="#/components/schemas/EntryPrinted", params=[entry_id])},
            "/api/caisse/ventes/{entry_id}/reimpression": {"post": _op(
                "Print a receipt again (DUPLICATA once the original was handed to the printer)", _body({}),
                ok="#/components/schemas/EntryPrinted", params=[entry_id])},
            "/api/caisse/ventes/derniere/reimpression": {"post": _op(
                "Print again the cashier's last entry, read from the journal (after a reload or a restart)",
                _body({}), ok="#/components/schemas/EntryPrinted")},
            "/api/caisse/recherche": {"get": _op("Search products by name or code start",
                                                 ok="#/components/schemas/Products",
                                                 params=[{"name": "q", "in": "query", "schema": {"type": "string"}}])},
            "/api/appareils/evenements": {"get": {"summary": "Device events (text/event-stream): scan, weight, "
                                                             "printer, device", "responses": {"200": {
                                                                 "description": "Server-sent events",
                                                                 "content": {"text/event-stream": {}}}}}},
        },
        "components": {"schemas": _schemas()},
    }


def _schemas() -> dict[str, Any]:
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    return {
        "Amount": AMOUNT,
        "Error": {"type": "object", "properties": {"error": {"type": "string"}, "needs_override": {"type": "boolean"},
                                                   "details": {"type": "object"}}},
        "Tender": {"type": "object", "properties": {"method": {"enum": ["cash", "card", "cheque", "free"]},
                                                    "amount": TYPED_AMOUNT, "reference": {"type": "string"}},
                   "required": ["method", "amount"]},
        "Line": {"type": "object", "properties": {"id": {"type": "string"}, "description": {"type": "string"},
                                                  "quantity": {"type": "integer"}, "weight": {"type": "string"},
                                                  "market_value": ref("Amount"), "price": ref("Amount"),
                                                  "fse_plus": {"type": "boolean"}}},
        "Household": {"type": ["object", "null"], "description": "Never a name: card number and composition.",
                      "properties": {"card_number": {"type": "string"}, "composition": {"type": "string"},
                                     "rate_percent": {"type": "string", "examples": ["10\u202f%"]},
                                     "allowance_left": ref("Amount"), "warnings": {"type": "array"}}},
        "TillState": {"type": "object", "properties": {
            "session": {"type": ["object", "null"]}, "printer": ref("Printed"),
            "basket": {"type": "object", "properties": {"version": {"type": "string"},
                                                        "lines": {"type": "array", "items": ref("Line")},
                                                        "market_value": ref("Amount"), "to_pay": ref("Amount"),
                                                        "household": ref("Household")}}}},
        "Entry": {"type": "object", "properties": {"id": {"type": "string"}, "sequence": {"type": "integer"},
                                                   "kind": {"type": "string"}, "hash": {"type": "string"},
                                                   "paid": ref("Amount"), "lines": {"type": "array"},
                                                   "refund": {**AMOUNT, "description": "Voids and returns: what "
                                                              "is handed back (shown on screen)"}}},
        "Printed": {"type": "object", "properties": {"state": {"type": "string"}, "message": {"type": "string"},
                                                     "queued": {"type": "boolean"}}},
        "EntryPrinted": {"type": "object", "properties": {
            "entry": ref("Entry"), "receipt": ref("Printed"), "drawer_opened": {"type": "boolean"}}},
        "Completed": {"type": "object", "properties": {"sale": ref("Entry"), "change": ref("Amount"),
                                                       "warnings": {"type": "array"}, "receipt": ref("Printed"),
                                                       "replayed": {"type": "boolean"},
                                                       "drawer_opened": {"type": "boolean"}}},
        "ZRow": {"type": "object", "description": "A Z figure as on paper (empty label: separator)",
                 "properties": {"label": {"type": "string"}, "value": {"type": "string"}, "bold": {"type": "boolean"}}},
        "ZPreview": {"type": "object", "properties": {"figures": {"type": "array", "items": ref("ZRow")}}},
        "Closing": {"type": "object", "properties": {"z_report": ref("Entry"), "receipt": ref("Printed"),
                                                     "figures": {"type": "array", "items": ref("ZRow")},
                                                     "replayed": {"type": "boolean"}}},
        "Products": {"type": "array", "items": {"type": "object"}},
    }


@bp.route("/api/openapi.json")
@any_user
def openapi():
    return jsonify(document())
