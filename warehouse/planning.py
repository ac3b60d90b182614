"""Anti-waste dispatch planning, pure: which lots to send to a destination, and how much.

The rule: every lot is shared among the destinations that can still hand it out before its last
usable day — a destination qualifies when its next opening (from the shipping day) comes on or
before that day, and when it can store the lot's storage class. The share is proportional to the
households each destination serves. So a lot that only the soonest-opening site can distribute in
time goes entirely there, and long-life food is spread fairly. Lots are taken FEFO, and a
destination never receives more than its free storage room per class.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from inventory.fefo import Candidate as _FefoCandidate
from inventory.fefo import grams_for_units


@dataclass(frozen=True)
class Destination:
    site_id: uuid.UUID
    next_opening: dt.date | None  # None: no opening known, receives nothing
    households: int
    free_room_g: dict[str, int] = field(default_factory=dict)  # storage class → grams it can still take

    @property
    def weight(self) -> int:
        return max(self.households, 1)

    def can_use(self, lot: AvailableLot) -> bool:
        if self.next_opening is None or self.free_room_g.get(lot.storage_class, 0) <= 0:
            return False
        return lot.usable_until is None or self.next_opening <= lot.usable_until


@dataclass(frozen=True)
class AvailableLot:
    lot_id: uuid.UUID
    location: str
    storage_class: str
    units: int  # free to dispatch: stock minus what draft dispatches already hold
    grams: int
    usable_until: dt.date | None


@dataclass(frozen=True)
class SuggestedLine:
    lot_id: uuid.UUID
    location: str
    units: int
    grams: int


def next_opening(weekdays: Iterable[int], from_day: dt.date) -> dt.date | None:
    """First day on or after `from_day` whose weekday (0 = Monday) is an opening day."""
    days = set(weekdays)
    if not days:
        return None
    return next(from_day + dt.timedelta(days=n) for n in range(7) if (from_day.weekday() + n) % 7 in days)


def suggest_lines(lots: Sequence[AvailableLot], destination: Destination,
                  others: Sequence[Destination]) -> list[SuggestedLine]:
    """The lines to propose for `destination`, FEFO, within its share and its free room."""
    room = dict(destination.free_room_g)
    lines = []
    for lot in sorted(lots, key=lambda lot: (lot.usable_until or dt.date.max, lot.location)):
        if not destination.can_use(lot) or room.get(lot.storage_class, 0) <= 0:
            continue
        line = _share(lot, destination, others, room[lot.storage_class])
        if line is not None:
            room[lot.storage_class] -= line.grams
            lines.append(line)
    return lines


def _share(lot: AvailableLot, destination: Destination, others: Sequence[Destination],
           room_g: int) -> SuggestedLine | None:
    total_weight = destination.weight + sum(o.weight for o in others
                                            if o.site_id != destination.site_id and o.can_use(lot))
    fraction = destination.weight / total_weight
    if lot.units > 0:
        return _share_units(lot, fraction, room_g)
    grams = min(round(lot.grams * fraction), room_g)
    return SuggestedLine(lot.lot_id, lot.location, 0, grams) if grams > 0 else None


def _share_units(lot: AvailableLot, fraction: float, room_g: int) -> SuggestedLine | None:
    units = max(1, round(lot.units * fraction))
    grams_per_unit = lot.grams / lot.units
    if grams_per_unit > 0:
        units = min(units, int(room_g // grams_per_unit))
    if units <= 0:
        return None
    whole = _FefoCandidate(lot.lot_id, lot.location, lot.units, lot.grams, lot.usable_until)
    return SuggestedLine(lot.lot_id, lot.location, units, grams_for_units(whole, units))
