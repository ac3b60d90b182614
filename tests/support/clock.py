"""A settable clock for an app under test: tests move time by hand, never read the real one."""

from __future__ import annotations

import datetime as dt


class SettableClock:
    """`clock.now += timedelta(...)`; the app reads it through app.extensions["gers.clock"]."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def install_clock(app, now: dt.datetime) -> SettableClock:
    clock = SettableClock(now)
    app.extensions["gers.clock"] = clock
    return clock
