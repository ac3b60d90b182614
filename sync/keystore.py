"""Keys on disk, in the node's instance folder, readable by its owner only (mode 0600).

Central's private key is a file, not a database row: a stolen database dump can then forge neither
a node's requests (central holds only their public keys) nor central's answers.
"""

from __future__ import annotations

import os
from pathlib import Path

from sync.identity import IdentityError, KeyPair, NodeIdentity, generate_key_pair, public_key_of

CENTRAL_KEY_FILE = "sync-central.key"
IDENTITY_FILE = "sync-identite.json"


def write_private(path: Path, text: str) -> None:
    """Write a secret so that no other user can read it, not even for an instant."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an older file may have had a wider mode
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def central_key(instance: Path, create: bool = False) -> KeyPair | None:
    """Central's signing key, made on the first enrolment."""
    path = instance / CENTRAL_KEY_FILE
    if path.exists():
        private = path.read_text(encoding="utf-8").strip()
        return KeyPair(private, public_key_of(private))
    if not create:
        return None
    pair = generate_key_pair()
    write_private(path, pair.private_key + "\n")
    return pair


def install_identity(instance: Path, source: Path, node_code: str) -> NodeIdentity:
    """Check an identity file issued by central and keep it in the node's instance folder."""
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IdentityError(f"Fichier d'identité illisible : {source} ({exc}).") from exc
    identity = NodeIdentity.from_json(text)
    if identity.node != node_code:
        raise IdentityError(f"Ce fichier est l'identité du nœud {identity.node}, or ce nœud est {node_code} "
                            "(node_code de gers.toml) : rien n'a été installé.")
    write_private(instance / IDENTITY_FILE, identity.to_json())
    return identity


def load_identity(instance: Path) -> NodeIdentity:
    path = instance / IDENTITY_FILE
    if not path.exists():
        raise IdentityError("Ce nœud n'a pas d'identité : enrôlez-le sur le serveur central "
                            "(gers-solidaire nodes enrol) puis installez le fichier (gers-solidaire sync join).")
    return NodeIdentity.from_json(path.read_text(encoding="utf-8"))
