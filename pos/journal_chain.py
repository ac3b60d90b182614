"""The sales journal's integrity chain (pure), after the French ISCA rules for tills.

Every entry (sale, void, return, closing) gets the next number of a gapless per-site sequence and a
SHA-256 over its canonical content and the previous entry's hash. Editing, deleting or reordering
any past entry breaks the chain at that entry, which `verify_chain` reports.

Deleting the *last* entries leaves a shorter chain that is still valid: only a record of how far
the journal had gone, kept where the deletion does not reach, shows it. Those records are anchors —
(sequence, hash) pairs taken from Z closings, printed Z tickets, or central once sync exists.
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


@dataclass(frozen=True)
class Anchor:
    """A witness that entry `sequence` existed with this hash (a prefix of 8+ hex digits is enough:
    a printed Z ticket carries a short one)."""

    sequence: int
    hash: str
    source: str  # French, e.g. "clôture Z du 28/11/2026 18:02"

    def __post_init__(self) -> None:
        if len(self.hash) < 8:
            raise ValueError("an anchor needs at least 8 hex digits of the hash")

    def matches(self, digest: str) -> bool:
        return digest.startswith(self.hash.lower())


def verify_chain(entries: Iterable[ChainedEntry], anchors: Iterable[Anchor] = ()) -> BrokenLink | None:
    """The first broken link of a site's journal (entries in sequence order), or None when intact.

    Every anchor must find its entry with a matching hash: a missing one means the tail was cut.
    """
    by_sequence: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        by_sequence.setdefault(anchor.sequence, []).append(anchor)
    expected_previous, expected_sequence = GENESIS, 1
    for entry in entries:
        if broken := _broken_link(entry, expected_previous, expected_sequence):
            return broken
        for anchor in by_sequence.get(entry.sequence, ()):
            if not anchor.matches(entry.hash):
                return BrokenLink(entry.sequence, f"l'écriture ne correspond pas à son ancre ({anchor.source})")
        expected_previous, expected_sequence = entry.hash, expected_sequence + 1
    return _truncation(expected_sequence, by_sequence)


def _broken_link(entry: ChainedEntry, expected_previous: str, expected_sequence: int) -> BrokenLink | None:
    if entry.sequence != expected_sequence:
        return BrokenLink(expected_sequence, f"numéro {expected_sequence} manquant (trouvé {entry.sequence})")
    if entry.previous_hash != expected_previous:
        return BrokenLink(entry.sequence, "le lien vers l'écriture précédente ne correspond pas")
    if entry_hash(entry.previous_hash, entry.sequence, entry.payload) != entry.hash:
        return BrokenLink(entry.sequence, "le contenu de l'écriture a été modifié")
    return None


def _truncation(next_sequence: int, anchors: Mapping[int, list[Anchor]]) -> BrokenLink | None:
    """The journal ends before its furthest anchor: entries from `next_sequence` on were deleted."""
    if not anchors or max(anchors) < next_sequence:
        return None
    furthest = anchors[max(anchors)][0]
    missing = (f"écriture n° {next_sequence} manquante" if furthest.sequence == next_sequence
               else f"écritures n° {next_sequence} à {furthest.sequence} manquantes")
    return BrokenLink(next_sequence, f"fin du journal supprimée : {missing}, peut-être davantage "
                                     f"(ancre : {furthest.source})")
