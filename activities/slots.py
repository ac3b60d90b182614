"""Pure rule: the computer corner's slots of a day, cut from the site's opening hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def day_slots(openings: Iterable[tuple[dt.time, dt.time]], minutes: int) -> list[dt.time]:
    """Start times of `minutes`-long slots that fit wholly inside each opening, in order."""
    if minutes <= 0:
        raise ValueError("a slot lasts at least one minute")
    step = dt.timedelta(minutes=minutes)
    starts: set[dt.time] = set()
    for opens, closes in openings:
        moment = dt.datetime.combine(dt.date(2000, 1, 1), opens)
        end = dt.datetime.combine(dt.date(2000, 1, 1), closes)
        while moment + step <= end:
            starts.add(moment.time())
            moment += step
    return sorted(starts)
