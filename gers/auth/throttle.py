"""Growing delays after repeated login failures, per client address and per account.

Kept in memory: a restart forgets them, which only gives a guesser a few free tries more. The
delay is answered at once (HTTP 429 with the wait), never slept on a server thread.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from dataclasses import dataclass

FORGET_AFTER = dt.timedelta(hours=1)  # failures this old no longer count
MAX_KEYS = 10_000  # a flood of made-up usernames cannot fill the memory


@dataclass
class _Failures:
    count: int
    last: dt.datetime
    blocked_until: dt.datetime


class Throttle:
    """`free` failures cost nothing; each further one doubles the wait, from `first` up to `longest`."""

    def __init__(self, free: int, first: dt.timedelta, longest: dt.timedelta) -> None:
        self.free, self.first, self.longest = free, first, longest
        self._entries: dict[str, _Failures] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, key: str, now: dt.datetime) -> int:
        """Whole seconds to wait before the next try is heard (0: go ahead)."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or entry.blocked_until <= now:
            return 0
        return math.ceil((entry.blocked_until - now).total_seconds())

    def failed(self, key: str, now: dt.datetime) -> None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or now - entry.last > FORGET_AFTER:
                self._make_room(now)
                entry = self._entries[key] = _Failures(0, now, now)
            entry.count += 1
            entry.last = now
            if entry.count > self.free:
                delay = min(self.first * 2 ** (entry.count - self.free - 1), self.longest)
                entry.blocked_until = now + delay

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def _make_room(self, now: dt.datetime) -> None:
        if len(self._entries) < MAX_KEYS:
            return
        for key in [k for k, e in self._entries.items() if now - e.last > FORGET_AFTER or e.blocked_until <= now]:
            del self._entries[key]


@dataclass(frozen=True)
class LoginThrottles:
    clients: Throttle
    accounts: Throttle
    overrides: Throttle  # the till's override dialog, per till session: never the coordinator's lock

    @classmethod
    def from_config(cls, config: dict) -> LoginThrottles:
        first = dt.timedelta(seconds=config["LOGIN_THROTTLE_FIRST_SECONDS"])
        longest = dt.timedelta(seconds=config["LOGIN_THROTTLE_MAX_SECONDS"])
        return cls(clients=Throttle(config["LOGIN_THROTTLE_CLIENT_FREE"], first, longest),
                   accounts=Throttle(config["LOGIN_THROTTLE_ACCOUNT_FREE"], first, longest),
                   overrides=Throttle(config["LOGIN_THROTTLE_ACCOUNT_FREE"], first, longest))


def too_many(seconds: int) -> str:
    return f"Trop d'essais : réessayez dans {seconds} s."
