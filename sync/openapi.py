"""The OpenAPI 3.1 document of central's sync API (/sync/v1/openapi.json).

Every operation is a POST signed by the node (headers X-Gers-Node, -Timestamp, -Nonce, -Body-SHA256,
-Signature over method, path, node, timestamp, nonce and body digest: sync/identity.py); every answer
is signed by central (X-Gers-Signature). Bodies may be gzip-compressed (Content-Encoding: gzip), and
answers are when the node sends Accept-Encoding: gzip.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify

from gers.web import public
from sync.central import PAGE_ROWS
from sync.node import URGENT_TABLES
from sync.views import bp

SIGNED = [{"name": name, "in": "header", "required": True, "schema": {"type": "string"}}
          for name in ("X-Gers-Node", "X-Gers-Timestamp", "X-Gers-Nonce", "X-Gers-Body-SHA256", "X-Gers-Signature")]
ROWS = {"type": "array", "items": {"type": "object", "required": ["table", "columns", "rows"], "properties": {
    "table": {"type": "string", "description": "A travelling table (gers/db.py markers)"},
    "columns": {"type": "array", "items": {"type": "string"}},
    "rows": {"type": "array", "items": {"type": "array", "description": "Values in the order of columns"}}}}}
DELETED = {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string", "format": "uuid"}}}
POSITION = {"type": "string", "maxLength": 40, "pattern": r"^\d+:\d+$", "examples": ["120:0"],
            "description": "<outbox batch>:<entries of it already sent>"}
CURSOR = {"type": "string", "maxLength": 120, "examples": ["", "c:4521", "s:4500:3:"],
          "description": "Opaque; empty for a first full copy"}


def _op(summary: str, request: dict[str, Any], answer: str) -> dict[str, Any]:
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {"summary": summary, "parameters": SIGNED,
            "requestBody": {"required": True, "content": {"application/json": {"schema": request}}},
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                              "schema": {"$ref": f"#/components/schemas/{answer}"}}}},
                          "400": {"description": "Requête mal formée (en-têtes)", **error},
                          "401": {"description": "Signature, horloge ou nonce refusés", **error},
                          "403": {"description": "Nœud révoqué", **error},
                          "409": {"description": "Ligne d'un autre nœud : lot refusé en entier", **error},
                          "422": {"description": "Lot illisible ou incohérent", **error}}}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Gers Solidaire — API de synchronisation", "version": "1",
                 "description": __doc__},
        "paths": {
            "/sync/v1/hello": {"post": _op("Heure du central et état du nœud", {"type": "object"}, "Hello")},
            "/sync/v1/push": {"post": _op("Lot de lignes écrites par le nœud (idempotent)", {
                "type": "object", "required": ["to"], "properties": {
                    "from": POSITION, "to": POSITION, "tables": ROWS, "deleted": DELETED,
                    "backlog": {"type": "integer", "minimum": 0}, "node_time": {"type": "string"},
                    "pulled": CURSOR, "last": {"type": "boolean"}}}, "PushAnswer")},
            "/sync/v1/pull": {"post": _op("Page de ce qui concerne le nœud", {
                "type": "object", "properties": {
                    "cursor": CURSOR, "limit": {"type": "integer", "minimum": 1, "maximum": PAGE_ROWS},
                    "only": {"type": "array", "items": {"type": "string", "enum": list(URGENT_TABLES)}}}}, "Page")},
            "/sync/v1/recover": {"post": _op("Lignes du nœud lui-même (reprise après restauration)", {
                "type": "object", "required": ["since"], "properties": {
                    "since": {"type": "string", "format": "date-time"}, "cursor": CURSOR}}, "Page")},
        },
        "components": {"schemas": {
            "Hello": {"type": "object", "properties": {
                "node": {"type": "string"}, "central_time": {"type": "string", "format": "date-time"},
                "clock_offset_seconds": {"type": "integer"}, "enrolled_at": {"type": "string"},
                "last_seen_at": {"type": ["string", "null"]}, "pushed_position": {"type": "string"}}},
            "PushAnswer": {"type": "object", "properties": {
                "acked": POSITION, "written": {"type": "object", "additionalProperties": {"type": "integer"}},
                "unchanged": {"type": "integer"}}},
            "Page": {"type": "object", "properties": {
                "tables": ROWS, "deleted": DELETED, "cursor": CURSOR, "more": {"type": "boolean"},
                "families": {"type": "object", "additionalProperties": {
                    "type": "array", "items": {"type": "string", "format": "uuid"}}}}},
            "Error": {"type": "object", "required": ["error", "message"], "properties": {
                "error": {"type": "string"}, "reason": {"type": "string"}, "message": {"type": "string"},
                "central_time": {"type": "string"}}},
        }},
    }


@bp.get("/openapi.json")
@public
def openapi():
    return jsonify(document())
