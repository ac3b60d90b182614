"""A node's side of the conversation: sign each request with the node's identity, check that each
answer was signed by central. Standard library HTTP only (a Pi has what Python ships)."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gers.clock import utcnow
from sync import identity as ident
from sync.codec import PayloadError, pack, unpack
from sync.identity import NodeIdentity

# How a request reaches central: urllib on a real node, a WSGI client in tests of one process.
Transport = Callable[[urllib.request.Request, float], tuple[int, Any, bytes]]


class SyncError(RuntimeError):
    """The exchange failed; the message is French and says what to do."""


class RefusedByCentral(SyncError):
    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(f"Le serveur central a refusé la requête : {message}")
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Hello:
    central_time: dt.datetime
    clock_offset_seconds: int  # central's clock minus this node's
    enrolled_at: dt.datetime
    last_seen_at: dt.datetime | None


class SyncClient:
    def __init__(self, identity: NodeIdentity, *, clock: Callable[[], dt.datetime] = utcnow,
                 timeout: float = 30.0, transport: Transport | None = None) -> None:
        self.identity = identity
        self._clock = clock
        self._timeout = timeout
        self._transport = transport or _urllib_transport

    def hello(self) -> Hello:
        answer = self.post("/sync/v1/hello", {})
        last_seen = answer.get("last_seen_at")
        return Hello(dt.datetime.fromisoformat(answer["central_time"]), int(answer["clock_offset_seconds"]),
                     dt.datetime.fromisoformat(answer["enrolled_at"]),
                     dt.datetime.fromisoformat(last_seen) if last_seen else None)

    def post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """One signed request; the answer's JSON once its signature is checked."""
        return self._post(path, json.dumps(payload, separators=(",", ":")).encode(), {})

    def post_packed(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """A batch: the body gzip-compressed, and the answer too (both signed as sent)."""
        return self._post(path, pack(payload), {"Content-Encoding": "gzip", "Accept-Encoding": "gzip"})

    def _post(self, path: str, body: bytes, extra: dict[str, str]) -> dict[str, Any]:
        nonce = ident.new_nonce()
        headers = ident.request_headers(self.identity, "POST", path, body, self._clock(), nonce)
        request = urllib.request.Request(self.identity.central_url + path, data=body, method="POST", headers={
            **headers, "Content-Type": "application/json", "Accept": "application/json", **extra})
        status, answer_headers, answer = self._send(request)
        self._check_answer(status, answer_headers, answer, nonce)
        data = _packed_json(answer) if answer_headers.get("Content-Encoding") == "gzip" else _json(answer)
        if status != 200:
            raise RefusedByCentral(status, str(data.get("reason", "")),
                                   str(data.get("message") or data.get("error") or f"erreur HTTP {status}"))
        return data

    def _send(self, request: urllib.request.Request) -> tuple[int, http.client.HTTPMessage, bytes]:
        url = self.identity.central_url
        try:
            return self._transport(request, self._timeout)
        except TimeoutError as exc:
            raise SyncError(f"Le serveur central ({url}) ne répond pas à temps : réessayez plus tard.") from exc
        except urllib.error.URLError as exc:
            raise SyncError(f"Serveur central injoignable ({url}) : {exc.reason}. Vérifiez la connexion "
                            "du nœud ; la caisse continue de fonctionner sans réseau.") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise SyncError(f"La connexion au serveur central ({url}) a été coupée : {exc}. "
                            "Réessayez : rien n'est perdu.") from exc

    def _check_answer(self, status: int, headers: http.client.HTTPMessage, body: bytes, nonce: str) -> None:
        message = ident.response_message(status, self.identity.node, nonce, ident.body_digest(body))
        signature = headers.get(ident.HEADER_SIGNATURE) or ""
        if not ident.verify(self.identity.central_public_key, message, signature):
            raise SyncError(f"La réponse reçue de {self.identity.central_url} n'est pas signée par le serveur "
                            "central de ce réseau : elle est ignorée (adresse erronée ou interception).")


def _urllib_transport(request: urllib.request.Request, timeout: float) -> tuple[int, Any, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (https/http URL)
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, _read_or_empty(error)


def wsgi_transport(app: Any) -> Transport:
    """Requests handed to a central app in the same process (the demo's first exchange, tests):
    the same signed bytes as over HTTP, without a socket."""
    client = app.test_client()

    def send(request: urllib.request.Request, _timeout: float) -> tuple[int, Any, bytes]:
        path = urllib.parse.urlsplit(request.full_url).path
        response = client.post(path, data=request.data, headers=dict(request.header_items()))
        return response.status_code, response.headers, response.get_data()
    return send


def _packed_json(body: bytes) -> dict[str, Any]:
    try:
        return unpack(body)
    except PayloadError as exc:
        raise SyncError("Réponse illisible du serveur central.") from exc


def _read_or_empty(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read()
    except (OSError, http.client.HTTPException):
        return b""


def _json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SyncError("Réponse illisible du serveur central.") from exc
    if not isinstance(data, dict):
        raise SyncError("Réponse illisible du serveur central.")
    return data
