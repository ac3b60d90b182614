"""The sales journal's integrity chain (pure), after the French ISCA rules for tills.

Every entry (sale, void, return, closing) gets the next number of a gapless per-site sequence and a
SHA-256 over its canonical content and the previous entry's hash. Editing, deleting or reordering
any past entry breaks the chain at that entry, which `verify_chain` reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64


def canonical(payload: Mapping[str, Any]) -> str:
    """Stable JSON: sorted keys, no spaces, Decimals as strings (never floats)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


def _plain(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def entry_hash(previous_hash: str, sequence: int, payload: Mapping[str, Any]) -> str:
    material = f"{previous_hash}|{sequence}|{canonical(payload)}".encode()
    return hashlib.sha256(material).hexdigest()


@dataclass(frozen=True)
class ChainedEntry:
    sequence: int
    previous_hash: str
    hash: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class BrokenLink:
    sequence: int
    reason: str  # French, for the treasurer


def verify_chain(entries: Iterable[ChainedEntry]) -> BrokenLink | None:
    """The first broken link of a site's journal (entries in sequence order), or None when intact."""
    expected_previous, expected_sequence = GENESIS, 1
    for entry in entries:
        if entry.sequence != expected_sequence:
            return BrokenLink(expected_sequence, f"numéro {expected_sequence} manquant "
                                                 f"(trouvé {entry.sequence})")
        if entry.previous_hash != expected_previous:
            return BrokenLink(entry.sequence, "le lien vers l'écriture précédente ne correspond pas")
        if entry_hash(entry.previous_hash, entry.sequence, entry.payload) != entry.hash:
            return BrokenLink(entry.sequence, "le contenu de l'écriture a été modifié")
        expected_previous, expected_sequence = entry.hash, expected_sequence + 1
    return None
