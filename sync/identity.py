"""Who may talk to central, and how a request or an answer proves where it comes from. Pure: no I/O.

Why Ed25519 key pairs rather than a per-node shared secret:
- central keeps only each node's PUBLIC key: a stolen central database (or backup) cannot be used
  to forge a node's requests, whereas a table of shared secrets would let its thief impersonate
  every node of the network;
- revoking a node is marking its key revoked; nothing has to be rotated elsewhere;
- the node's private key never leaves the node's instance folder (file mode 0600);
- central signs its answers with its own key, whose public half travels in the node's identity file
  (with central's URL), so a node can tell central's answers from a man in the middle's even if
  the TLS in front of central were misconfigured.

A request is signed over its method, target (path and query), node code, timestamp, nonce and the
SHA-256 of its body: altering any of them breaks the signature; the nonce, remembered by central for
the acceptance window, makes a replayed request visible.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import hashlib
import json
import re
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PROTOCOL = "GERS-SYNC-V1"
IDENTITY_FORMAT = "gers-solidaire/identite-noeud/1"
HEADER_NODE = "X-Gers-Node"
HEADER_TIMESTAMP = "X-Gers-Timestamp"
HEADER_NONCE = "X-Gers-Nonce"
HEADER_BODY_SHA256 = "X-Gers-Body-SHA256"
HEADER_SIGNATURE = "X-Gers-Signature"
NONCE_PATTERN = re.compile(r"^[0-9a-f]{32}$")
DIGEST_PATTERN = re.compile(r"^[0-9a-f]{64}$")
NODE_PATTERN = re.compile(r"^[A-Z0-9_-]{1,32}$")


class Refusal(enum.StrEnum):
    """Why central refused a request (recorded in sync_refusal, told to the node in French)."""

    MALFORMED = "malformed"
    UNKNOWN_NODE = "unknown_node"
    REVOKED_NODE = "revoked_node"
    CLOCK_SKEW = "clock_skew"
    ALTERED_BODY = "altered_body"
    BAD_SIGNATURE = "bad_signature"
    REPLAYED_NONCE = "replayed_nonce"
    FOREIGN_ROW = "foreign_row"  # a pushed row the node does not own: the whole batch is refused
    BAD_BATCH = "bad_batch"  # a signed batch that cannot be read or applied


REFUSAL_LABELS = {
    Refusal.MALFORMED: "Requête de synchronisation incomplète ou mal formée.",
    Refusal.UNKNOWN_NODE: "Nœud inconnu du serveur central : il doit être enrôlé (gers-solidaire nodes enrol).",
    Refusal.REVOKED_NODE: "L'identité de ce nœud a été révoquée : demandez un nouvel enrôlement.",
    Refusal.CLOCK_SKEW: "L'horloge de ce nœud est trop décalée par rapport au serveur central.",
    Refusal.ALTERED_BODY: "Le contenu de la requête a été modifié en chemin.",
    Refusal.BAD_SIGNATURE: "Signature invalide : la requête ne vient pas de ce nœud.",
    Refusal.REPLAYED_NONCE: "Requête rejouée : ce numéro unique (nonce) a déjà été utilisé.",
    Refusal.FOREIGN_ROW: "Le lot contient une ligne qui n'appartient pas à ce nœud : tout le lot est refusé.",
    Refusal.BAD_BATCH: "Lot de synchronisation illisible ou incohérent : il est refusé.",
}


class IdentityError(ValueError):
    """An identity file or a key that cannot be used; the message is French."""


@dataclass(frozen=True)
class KeyPair:
    private_key: str  # raw 32 bytes, base64
    public_key: str


@dataclass(frozen=True)
class NodeIdentity:
    """What a node needs to talk to central: its code and key, central's URL and public key."""

    node: str
    private_key: str
    central_url: str
    central_public_key: str

    def to_json(self) -> str:
        return json.dumps({"format": IDENTITY_FORMAT, "node": self.node, "private_key": self.private_key,
                           "central_url": self.central_url, "central_public_key": self.central_public_key},
                          indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> NodeIdentity:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise IdentityError("Fichier d'identité illisible : ce n'est pas du JSON.") from exc
        if not isinstance(data, dict) or data.get("format") != IDENTITY_FORMAT:
            raise IdentityError("Ce fichier n'est pas un fichier d'identité de nœud Gers Solidaire.")
        fields = ("node", "private_key", "central_url", "central_public_key")
        if not all(isinstance(data.get(name), str) and data[name] for name in fields):
            raise IdentityError("Fichier d'identité incomplet : réémettez-le sur le serveur central.")
        identity = cls(*(data[name] for name in fields))
        public_key_of(identity.private_key)  # both keys must decode
        _public(identity.central_public_key)
        return identity


def generate_key_pair() -> KeyPair:
    key = Ed25519PrivateKey.generate()
    return KeyPair(_b64(key.private_bytes_raw()), _b64(key.public_key().public_bytes_raw()))


def public_key_of(private_key: str) -> str:
    return _b64(_private(private_key).public_key().public_bytes_raw())


def new_nonce() -> str:
    return secrets.token_hex(16)


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def request_message(method: str, target: str, node: str, timestamp: int, nonce: str, digest: str) -> bytes:
    """The canonical string a node signs: one field per line, nothing left to interpretation."""
    return "\n".join([PROTOCOL, method.upper(), target, node, str(timestamp), nonce, digest]).encode()


def response_message(status: int, node: str, nonce: str, digest: str) -> bytes:
    """Central's answer is bound to the request's nonce: an old answer cannot be replayed to a node."""
    return "\n".join([PROTOCOL + "-REPONSE", str(status), node, nonce, digest]).encode()


def sign(private_key: str, message: bytes) -> str:
    return _b64(_private(private_key).sign(message))


def verify(public_key: str, message: bytes, signature: str) -> bool:
    try:
        _public(public_key).verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def request_headers(identity: NodeIdentity, method: str, target: str, body: bytes, now: dt.datetime,
                    nonce: str) -> dict[str, str]:
    """The headers that authenticate one request of this node."""
    timestamp = int(now.timestamp())
    digest = body_digest(body)
    message = request_message(method, target, identity.node, timestamp, nonce, digest)
    return {HEADER_NODE: identity.node, HEADER_TIMESTAMP: str(timestamp), HEADER_NONCE: nonce,
            HEADER_BODY_SHA256: digest, HEADER_SIGNATURE: sign(identity.private_key, message)}


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _private(private_key: str) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_key, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise IdentityError("Clé privée illisible.") from exc


def _public(public_key: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise IdentityError("Clé publique illisible.") from exc
