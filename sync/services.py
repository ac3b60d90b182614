"""Trust on central: enrol, revoke and list nodes; authenticate a signed request.

Services take the session and the clock; they flush, the edge (view, CLI) commits. A refused request
leaves a sync_refusal row (the edge commits it too) and raises RequestRefused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gers.formatting import datetime_fr
from inventory.enums import SiteKind
from inventory.models import Site
from sync import identity as ident
from sync.identity import REFUSAL_LABELS, KeyPair, NodeIdentity, Refusal
from sync.models import SyncNode, SyncNonce, SyncRefusal

# A Pi's clock may be hours off (no RTC, no network for days): the window is wide on purpose, and
# the offset is reported to the node rather than refused.
DEFAULT_CLOCK_WINDOW = dt.timedelta(hours=24)


class SyncError(ValueError):
    """A use case that cannot be done; the message is French."""


class RequestRefused(Exception):
    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class SignedRequest:
    method: str
    target: str  # path, and "?query" when there is one: what the node signed
    body: bytes
    headers: Mapping[str, str]
    remote_addr: str = ""


@dataclass(frozen=True)
class Accepted:
    node: SyncNode
    previous_seen_at: dt.datetime | None
    clock_offset_seconds: int


# --- enrolment -------------------------------------------------------------------------------

def enrol(session: Session, *, code: str, central: KeyPair, central_url: str,
          now: dt.datetime) -> tuple[SyncNode, NodeIdentity]:
    """Issue a node's identity: central keeps the public key, the operator carries the file."""
    code = code.strip().upper()
    site = session.scalar(select(Site).where(Site.code == code))
    if site is None:
        raise SyncError(f"Aucun site ni unité mobile de code « {code} ».")
    if site.kind == SiteKind.WAREHOUSE:
        raise SyncError(f"« {code} » est l'entrepôt départemental : il est servi par le serveur central.")
    if not central_url.startswith(("https://", "http://")):
        raise SyncError(f"Adresse du serveur central invalide « {central_url} » : elle commence par https://.")
    current = active_node(session, code)
    if current is not None:
        raise SyncError(f"Le nœud {code} est déjà enrôlé (le {datetime_fr(current.enrolled_at)}) : "
                        f"révoquez-le d'abord (gers-solidaire nodes revoke {code}).")
    pair = ident.generate_key_pair()
    node = SyncNode(code=code, site_id=site.id, public_key=pair.public_key, enrolled_at=now)
    session.add(node)
    session.flush()
    return node, NodeIdentity(code, pair.private_key, central_url.rstrip("/"), central.public_key)


def revoke(session: Session, *, code: str, now: dt.datetime) -> SyncNode:
    """Immediate: the next request signed with this key is refused."""
    code = code.strip().upper()
    node = active_node(session, code)
    if node is None:
        raise SyncError(f"Aucun nœud {code} enrôlé et actif.")
    node.revoked_at = now
    session.flush()
    return node


def list_nodes(session: Session) -> list[SyncNode]:
    return list(session.scalars(select(SyncNode).order_by(SyncNode.code, SyncNode.enrolled_at)))


def active_node(session: Session, code: str) -> SyncNode | None:
    return session.scalar(select(SyncNode).where(SyncNode.code == code, SyncNode.revoked_at.is_(None)))


def refusals(session: Session) -> list[SyncRefusal]:
    return list(session.scalars(select(SyncRefusal).order_by(SyncRefusal.refused_at)))


# --- authentication --------------------------------------------------------------------------

def authenticate(session: Session, request: SignedRequest, *, now: dt.datetime,
                 window: dt.timedelta = DEFAULT_CLOCK_WINDOW) -> Accepted:
    """Accept a request signed by an enrolled node, or record why not and raise RequestRefused."""
    claimed = request.headers.get(ident.HEADER_NODE, "")
    try:
        fields = _parse_headers(request.headers)
    except ValueError:
        _refuse(session, request, claimed, Refusal.MALFORMED, now)
    node = _known_node(session, request, fields.node, now)
    _check_signature(session, request, node, fields, now)
    offset = int((now - dt.datetime.fromtimestamp(fields.timestamp, dt.UTC)).total_seconds())
    if abs(offset) > window.total_seconds():
        _refuse(session, request, node.code, Refusal.CLOCK_SKEW, now, detail=_skew_detail(offset, window))
    _use_nonce(session, request, node, fields, now, window)
    previous = node.last_seen_at
    node.last_seen_at, node.clock_offset_seconds = now, offset
    session.flush()
    return Accepted(node, previous, offset)


@dataclass(frozen=True)
class _Fields:
    node: str
    timestamp: int
    nonce: str
    digest: str
    signature: str


def _parse_headers(headers: Mapping[str, str]) -> _Fields:
    node = headers.get(ident.HEADER_NODE, "")
    nonce = headers.get(ident.HEADER_NONCE, "")
    if not ident.NODE_PATTERN.match(node) or not ident.NONCE_PATTERN.match(nonce):
        raise ValueError("node or nonce")
    digest = headers.get(ident.HEADER_BODY_SHA256, "")
    signature = headers.get(ident.HEADER_SIGNATURE, "")
    if not ident.DIGEST_PATTERN.match(digest) or not signature:
        raise ValueError("digest or signature")
    return _Fields(node, int(headers.get(ident.HEADER_TIMESTAMP, "")), nonce, digest, signature)


def _known_node(session: Session, request: SignedRequest, code: str, now: dt.datetime) -> SyncNode:
    node = active_node(session, code)
    if node is not None:
        return node
    revoked = session.scalar(select(SyncNode.id).where(SyncNode.code == code).limit(1))
    _refuse(session, request, code, Refusal.REVOKED_NODE if revoked else Refusal.UNKNOWN_NODE, now)


def _check_signature(session: Session, request: SignedRequest, node: SyncNode, fields: _Fields,
                     now: dt.datetime) -> None:
    digest = ident.body_digest(request.body)
    if fields.digest != digest:
        _refuse(session, request, node.code, Refusal.ALTERED_BODY, now)
    message = ident.request_message(request.method, request.target, node.code, fields.timestamp, fields.nonce,
                                    digest)
    if not ident.verify(node.public_key, message, fields.signature):
        _refuse(session, request, node.code, Refusal.BAD_SIGNATURE, now)


def _use_nonce(session: Session, request: SignedRequest, node: SyncNode, fields: _Fields, now: dt.datetime,
               window: dt.timedelta) -> None:
    """Remember the nonce while a request carrying it could pass the clock check, then forget it."""
    session.execute(delete(SyncNonce).where(SyncNonce.expires_at < now))
    seen = select(SyncNonce.id).where(SyncNonce.node_id == node.id, SyncNonce.nonce == fields.nonce)
    if session.scalar(seen) is not None:
        _refuse(session, request, node.code, Refusal.REPLAYED_NONCE, now)
    expires = dt.datetime.fromtimestamp(fields.timestamp, dt.UTC) + window
    session.add(SyncNonce(node_id=node.id, nonce=fields.nonce, expires_at=expires))
    try:
        session.flush()
    except IntegrityError:  # the same request, arrived twice at once: the other copy won
        session.rollback()
        _refuse(session, request, node.code, Refusal.REPLAYED_NONCE, now)


def _skew_detail(offset: int, window: dt.timedelta) -> str:
    direction = "en retard" if offset > 0 else "en avance"
    hours, minutes = divmod(abs(offset) // 60, 60)
    return (f"Horloge du nœud {direction} de {hours} h {minutes:02d} sur le serveur central "
            f"(tolérance : {int(window.total_seconds() // 3600)} h) : remettez-la à l'heure.")


def _refuse(session: Session, request: SignedRequest, code: str, reason: Refusal, now: dt.datetime,
            detail: str = "") -> NoReturn:
    record_refusal(session, code=code, reason=reason, method=request.method, target=request.target,
                   remote_addr=request.remote_addr, now=now, detail=detail)
    raise RequestRefused(reason, detail or REFUSAL_LABELS[reason])


def record_refusal(session: Session, *, code: str, reason: Refusal, method: str, target: str, remote_addr: str,
                   now: dt.datetime, detail: str = "") -> None:
    session.add(SyncRefusal(refused_at=now, node_code=code[:64], reason=reason, method=method[:10],
                            target=target[:300], remote_addr=remote_addr[:64], detail=detail))
    session.flush()
