"""Central's sync API (/sync/v1/…). No login: every request is authenticated by the node's signature
(sync.services.authenticate), and every answer is signed with central's key."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from gers.web import db, now, public
from sync import identity as ident
from sync.identity import KeyPair
from sync.keystore import central_key
from sync.services import Accepted, RequestRefused, SignedRequest, authenticate

bp = Blueprint("sync", __name__, url_prefix="/sync/v1")
_KEY = "sync.central_key"
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
                   last_seen_at=accepted.previous_seen_at.isoformat() if accepted.previous_seen_at else None)


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
