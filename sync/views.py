"""Central's sync API (/sync/v1/…). No login: every request is authenticated by the node's signature
(sync.services.authenticate), and every answer is signed with central's key."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy.exc import DataError, IntegrityError

from gers.web import db, now, public
from sync import central, scopes
from sync import identity as ident
from sync.codec import PayloadError, pack, unpack
from sync.identity import KeyPair, Refusal
from sync.keystore import central_key
from sync.node import URGENT_TABLES
from sync.rebalancing import apply_ready_increases
from sync.services import Accepted, RequestRefused, SignedRequest, authenticate, record_refusal

bp = Blueprint("sync", __name__, url_prefix="/sync/v1")
_KEY = "sync.central_key"
# Callables (session, site_id) run after a pushed batch is committed (e.g. the reports' summaries).
AFTER_PUSH = "sync.after_push"
# 401 for every failed authentication; a revoked node is known and told so; a malformed one is not ours.
_STATUS = {ident.Refusal.MALFORMED: 400, ident.Refusal.REVOKED_NODE: 403}


@bp.record_once
def _no_csrf(state) -> None:
    """Nodes are not browsers: their requests carry a signature, never a session cookie."""
    state.app.extensions["csrf"].exempt(bp)


def signed_by_node(view: Callable[..., Any]) -> Callable[..., Any]:
    """The gate of every sync view: the view runs only for a request signed by an enrolled node, and
    gets its Accepted (node, clock offset); a refusal is recorded and answered in French."""

    @functools.wraps(view)
    def gate(*args: Any, **kwargs: Any) -> Any:
        accepted = _authenticated()
        if isinstance(accepted, Response):
            return accepted
        return view(accepted, *args, **kwargs)

    return public(gate)  # no login: the signature is the authentication


@bp.post("/hello")
@signed_by_node
def hello(accepted: Accepted):
    """Central's time and the node's status: the node measures its clock offset with it."""
    db().commit()  # last seen, clock offset and the nonce
    node = accepted.node
    return jsonify(node=node.code, central_time=now().isoformat(), clock_offset_seconds=accepted.clock_offset_seconds,
                   enrolled_at=node.enrolled_at.isoformat(),
                   last_seen_at=accepted.previous_seen_at.isoformat() if accepted.previous_seen_at else None,
                   pushed_position=node.pushed_position)


@bp.post("/push")
@signed_by_node
def push(accepted: Accepted):
    """A batch of the node's own rows, applied in one transaction (idempotent)."""
    db().commit()  # the nonce is spent even if the batch is refused: a replay is refused as such
    try:
        payload = _payload()
        result = central.apply_push(db(), accepted.node, payload, now=now())
        db().commit()
        _note_pulled(accepted.node, payload.get("pulled"))
    except central.ForeignRow as refused:
        return _refuse_batch(accepted, Refusal.FOREIGN_ROW, str(refused), 409)
    except PayloadError as refused:
        return _refuse_batch(accepted, Refusal.BAD_BATCH, str(refused), 422)
    except (IntegrityError, DataError) as error:
        return _refuse_batch(accepted, Refusal.BAD_BATCH, _integrity_message(error), 422)
    if payload.get("last") is True:
        _after_push(accepted)
    return _packed({"acked": result.acked, "written": result.written, "unchanged": result.unchanged})


@bp.post("/pull")
@signed_by_node
def pull(accepted: Accepted):
    """A page of what concerns the node, from its cursor (or, with `only`, of urgent tables)."""
    try:
        payload = _payload()
        cursor, limit, only = payload.get("cursor", ""), payload.get("limit", central.PAGE_ROWS), payload.get("only")
        if not isinstance(cursor, str) or not isinstance(limit, int) or not 1 <= limit <= central.PAGE_ROWS:
            raise PayloadError("Demande mal formée : « cursor » (texte) et « limit » (1 à 5000).")
        if only is not None and (not isinstance(only, list) or not set(only) <= set(URGENT_TABLES)):
            raise PayloadError("Demande mal formée : « only » ne nomme que des tables urgentes.")
        scope = scopes.node_scope(db(), accepted.node.code, accepted.node.site_id, current_app.config["NODE_CODE"])
        if only is None:
            _note_pulled(accepted.node, cursor)
        page = central.pull(db(), scope, cursor, limit=limit, only=only)
    except PayloadError as refused:
        return _refuse_batch(accepted, Refusal.BAD_BATCH, str(refused), 422)
    if only is None and not page.more:
        accepted.node.last_pull_at = now()
    db().commit()
    return _packed(page.payload(scope))


@bp.post("/recover")
@signed_by_node
def recover(accepted: Accepted):
    """The node's own rows since `since`: a node restored from a backup gets back what it lost."""
    try:
        payload = _payload()
        since, cursor = payload.get("since"), payload.get("cursor", "")
        if not isinstance(since, str) or not isinstance(cursor, str):
            raise PayloadError("Demande mal formée : « since » (date ISO) et « cursor » (texte).")
        try:
            moment = dt.datetime.fromisoformat(since).astimezone(dt.UTC)
        except ValueError as exc:
            raise PayloadError(f"Date illisible « {since[:40]} ».") from exc
        scope = scopes.node_scope(db(), accepted.node.code, accepted.node.site_id, current_app.config["NODE_CODE"])
        page = central.recover(db(), accepted.node.code, moment, cursor)
    except PayloadError as refused:
        return _refuse_batch(accepted, Refusal.BAD_BATCH, str(refused), 422)
    db().commit()
    return _packed(page.payload(scope))


def _after_push(accepted: Accepted) -> None:
    """A node's push is complete: what central keeps from it (the reports' summaries) is brought up to
    date. The batch is committed already: a failure here is logged and tried again at the next push."""
    for hook in current_app.extensions.get(AFTER_PUSH, ()):
        try:
            hook(db(), accepted.node.site_id)
            db().commit()
        except Exception:  # noqa: BLE001 (the node's rows are safe; only the summary waits)
            db().rollback()
            current_app.logger.exception("after-push step failed for %s", accepted.node.code)


def _note_pulled(node, cursor: Any) -> None:
    """The node has applied central's changes up to this cursor: shares waiting for it may grow."""
    if isinstance(cursor, str) and re.fullmatch(r"c:\d{1,18}", cursor):
        node.pulled_seq = central.cursor_seq(cursor)
        apply_ready_increases(db(), now=now())
        db().commit()


def _payload() -> dict[str, Any]:
    body = request.get_data(cache=True)
    if request.headers.get("Content-Encoding") == "gzip":
        return unpack(body)
    try:
        data = json.loads(body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PayloadError("Demande illisible (JSON invalide).") from exc
    if not isinstance(data, dict):
        raise PayloadError("Demande illisible : un objet JSON est attendu.")
    return data


def _packed(payload: dict[str, Any]) -> Response:
    if "gzip" not in request.headers.get("Accept-Encoding", ""):
        return jsonify(payload)
    return Response(pack(payload), mimetype="application/json", headers={"Content-Encoding": "gzip"})


def _refuse_batch(accepted: Accepted, reason: Refusal, message: str, status: int) -> Response:
    """The batch is rolled back whole; the refusal is recorded and told to the node in French."""
    db().rollback()
    message = message.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate quoted from the batch
    record_refusal(db(), code=accepted.node.code, reason=reason, method=request.method, target=request.path,
                   remote_addr=request.remote_addr or "", now=now(), detail=message)
    db().commit()
    current_app.logger.warning("sync batch refused (%s) from %s: %s", reason.value, accepted.node.code, message)
    answer = jsonify(error="Lot de synchronisation refusé", reason=reason.value, message=message,
                     central_time=now().isoformat())
    answer.status_code = status
    return answer


def _integrity_message(error: Exception) -> str:
    detail = str(getattr(error, "orig", error)).splitlines()[0][:200]
    return f"Le lot ne peut pas être appliqué (contrainte de la base : {detail})."


def _authenticated() -> Accepted | Response:
    target = request.path + (f"?{request.query_string.decode('latin-1')}" if request.query_string else "")
    signed = SignedRequest(request.method, target, request.get_data(cache=True), request.headers,
                           request.remote_addr or "")
    hours = int(current_app.config.get("SYNC_CLOCK_WINDOW_HOURS", 24))
    try:
        return authenticate(db(), signed, now=now(), window=dt.timedelta(hours=hours))
    except RequestRefused as refused:
        db().commit()  # the refusal stays on record
        current_app.logger.warning("sync request refused (%s) from %s", refused.reason.value, signed.remote_addr)
        answer = jsonify(error="Requête de synchronisation refusée", reason=refused.reason.value,
                         message=refused.message, central_time=now().isoformat())
        answer.status_code = _STATUS.get(refused.reason, 401)
        return answer


@bp.after_request
def _sign_answer(response: Response) -> Response:
    key = _central_key()
    if key is not None:
        message = ident.response_message(response.status_code, request.headers.get(ident.HEADER_NODE, ""),
                                         request.headers.get(ident.HEADER_NONCE, ""),
                                         ident.body_digest(response.get_data()))
        response.headers[ident.HEADER_SIGNATURE] = ident.sign(key.private_key, message)
    return response


def _central_key() -> KeyPair | None:
    """Read once; made by the first `nodes enrol`, possibly after the server started."""
    key = current_app.extensions.get(_KEY) or central_key(Path(current_app.instance_path))
    current_app.extensions[_KEY] = key
    return key


from sync import openapi  # noqa: E402,F401  (its route lives on bp)
