"""A node's sync identity in its instance folder, as `gers-solidaire sync join` leaves it: a site
needs one before a PIN opens anything (gers.auth: PINs are a second factor on an enrolled Pi)."""

from __future__ import annotations

from pathlib import Path

from sync.identity import NodeIdentity, generate_key_pair
from sync.keystore import IDENTITY_FILE, write_private


def enrol(instance: str | Path, node_code: str) -> None:
    identity = NodeIdentity(node_code, generate_key_pair().private_key, "https://central.example",
                            generate_key_pair().public_key)
    write_private(Path(instance) / IDENTITY_FILE, identity.to_json())
