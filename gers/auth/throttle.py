"""Growing delays after repeated login failures, per client address, per account and per till.

Kept in the node's database (table login_throttle, never synced): restarting the service or the Pi
does not give a guesser fresh tries. The delay is answered at once (HTTP 429 with the wait), never
slept on a server thread. Each call works in the caller's session; the edge commits, failures
included (a refused login commits its failure count).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gers.models import LoginThrottle

FORGET_AFTER = dt.timedelta(hours=1)  # failures this old no longer count, and their rows are purged
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class Throttle:
    """`free` failures cost nothing; each further one doubles the wait, from `first` up to `longest`.

    `kind` keeps the keys of the client, account and till throttles apart in the one table.
    """

    def __init__(self, kind: str, free: int, first: dt.timedelta, longest: dt.timedelta) -> None:
        self.kind, self.free, self.first, self.longest = kind, free, first, longest

    def _digest(self, key: str) -> str:
        return hashlib.sha256(f"{self.kind}\0{key}".encode()).hexdigest()

    def wait_seconds(self, session: Session, key: str, now: dt.datetime) -> int:
        """Whole seconds to wait before the next try is heard (0: go ahead)."""
        entry = session.get(LoginThrottle, self._digest(key))
        if entry is None or entry.blocked_until <= now:
            return 0
        return math.ceil((entry.blocked_until - now).total_seconds())

    def failed(self, session: Session, key: str, now: dt.datetime) -> None:
        digest = self._digest(key)
        if _created(session, digest, now):
            _purge(session, now)
        entry = session.get(LoginThrottle, digest, populate_existing=True)
        if now - entry.last_failure_at > FORGET_AFTER:
            entry.failures = 0
        entry.failures += 1
        entry.last_failure_at = now
        if entry.failures > self.free:
            entry.blocked_until = now + min(self.first * 2 ** (entry.failures - self.free - 1), self.longest)
        session.flush()

    def succeeded(self, session: Session, key: str) -> None:
        session.execute(delete(LoginThrottle).where(LoginThrottle.key_digest == self._digest(key)))


def _created(session: Session, digest: str, now: dt.datetime) -> bool:
    """Make the key's row unless it exists; two failures at once never collide on the key."""
    insert = _INSERTS[session.get_bind().dialect.name]
    statement = insert(LoginThrottle).values(key_digest=digest, failures=0, last_failure_at=now,
                                             blocked_until=now).on_conflict_do_nothing(index_elements=["key_digest"])
    return session.execute(statement).rowcount == 1


def _purge(session: Session, now: dt.datetime) -> None:
    """Entries nobody failed on for an hour: a flood of made-up names cannot fill the database."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.last_failure_at < now - FORGET_AFTER,
                                                LoginThrottle.blocked_until <= now))


@dataclass(frozen=True)
class LoginThrottles:
    clients: Throttle
    accounts: Throttle
    overrides: Throttle  # the till's override dialog, per till session: never the coordinator's lock

    @classmethod
    def from_config(cls, config: dict) -> LoginThrottles:
        first = dt.timedelta(seconds=config["LOGIN_THROTTLE_FIRST_SECONDS"])
        longest = dt.timedelta(seconds=config["LOGIN_THROTTLE_MAX_SECONDS"])
        return cls(clients=Throttle("client", config["LOGIN_THROTTLE_CLIENT_FREE"], first, longest),
                   accounts=Throttle("account", config["LOGIN_THROTTLE_ACCOUNT_FREE"], first, longest),
                   overrides=Throttle("override", config["LOGIN_THROTTLE_ACCOUNT_FREE"], first, longest))


def too_many(seconds: int) -> str:
    return f"Trop d'essais : réessayez dans {seconds} s."
