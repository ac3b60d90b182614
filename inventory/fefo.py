"""FEFO picking (first expired, first out), pure: which lots to take for a requested quantity.

Lots are ordered by their last usable day (the DLC, or the DDM plus its grace), then by the printed
date, then by arrival, so the food that must go first goes first. A recalled lot, an expired lot and
an empty line are never proposed. Quantities are integer units and integer grams: a piece product
moves units and the proportional grams; a product sold by weight moves grams only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

FAR_FUTURE = dt.date.max


@dataclass(frozen=True)
class Candidate:
    """Stock of one lot at one location, as the ledger's balance table holds it."""

    lot_id: uuid.UUID
    location: str
    units: int
    grams: int
    usable_until: dt.date | None  # None: no date, never expires
    expiry_date: dt.date | None = None
    received_at: dt.datetime | None = None
    blocked: bool = False  # recalled


@dataclass(frozen=True)
class Pick:
    lot_id: uuid.UUID
    location: str
    units: int
    grams: int


@dataclass(frozen=True)
class PickPlan:
    picks: tuple[Pick, ...]
    missing_units: int = 0
    missing_grams: int = 0

    @property
    def complete(self) -> bool:
        return self.missing_units == 0 and self.missing_grams == 0


def is_pickable(candidate: Candidate, today: dt.date) -> bool:
    if candidate.blocked or (candidate.units <= 0 and candidate.grams <= 0):
        return False
    return candidate.usable_until is None or today <= candidate.usable_until


def fefo_order(candidates: Iterable[Candidate], today: dt.date) -> list[Candidate]:
    """Pickable candidates, the one to take first first."""
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted((c for c in candidates if is_pickable(c, today)),
                  key=lambda c: (c.usable_until or FAR_FUTURE, c.expiry_date or FAR_FUTURE,
                                 c.received_at or oldest, c.location, str(c.lot_id)))


def plan_pick(candidates: Iterable[Candidate], *, today: dt.date, units: int = 0, grams: int = 0) -> PickPlan:
    """Take `units` (piece products) or else `grams` (sold by weight) from the FEFO-first lots."""
    if units < 0 or grams < 0:
        raise ValueError("quantities to pick are positive")
    ordered = fefo_order(candidates, today)
    if units:
        return _pick_units(ordered, units)
    return _pick_grams(ordered, grams)


def _pick_units(ordered: list[Candidate], wanted: int) -> PickPlan:
    picks = []
    for candidate in ordered:
        if wanted == 0:
            break
        if candidate.units <= 0:
            continue
        take = min(wanted, candidate.units)
        picks.append(Pick(candidate.lot_id, candidate.location, take, grams_for_units(candidate, take)))
        wanted -= take
    return PickPlan(tuple(picks), missing_units=wanted)


def _pick_grams(ordered: list[Candidate], wanted: int) -> PickPlan:
    picks = []
    for candidate in ordered:
        if wanted == 0:
            break
        if candidate.grams <= 0:
            continue
        take = min(wanted, candidate.grams)
        picks.append(Pick(candidate.lot_id, candidate.location, 0, take))
        wanted -= take
    return PickPlan(tuple(picks), missing_grams=wanted)


def grams_for_units(candidate: Candidate, units: int) -> int:
    """Grams leaving with `units` units: proportional, and all of them with the last unit (no drift)."""
    if units >= candidate.units:
        return max(candidate.grams, 0)
    return round(candidate.grams * units / candidate.units)


def without_reserved(candidates: Iterable[Candidate], reserved: Mapping[uuid.UUID, int], *,
                     by_units: bool) -> list[Candidate]:
    """The candidates less what is already promised (a till basket not paid yet), per lot: `reserved`
    counts units (piece products) or grams (sold by weight)."""
    left = dict(reserved)
    result = []
    for candidate in candidates:
        want = left.get(candidate.lot_id, 0)
        if want <= 0:
            result.append(candidate)
            continue
        if by_units:
            take = min(want, max(candidate.units, 0))
            result.append(replace(candidate, units=candidate.units - take,
                                  grams=candidate.grams - grams_for_units(candidate, take) if take else candidate.grams))
        else:
            take = min(want, max(candidate.grams, 0))
            result.append(replace(candidate, grams=candidate.grams - take))
        left[candidate.lot_id] = want - take
    return result
