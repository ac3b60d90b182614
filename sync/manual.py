"""« Synchroniser maintenant » on a site node: a full exchange started from the sync page, run in a
thread beside the till. One at a time per server; the page reads its progress and its outcome.

The request that starts it returns at once: the till never waits for the network. The run commits
batch by batch (sync.runner), so SQLite's WAL lets the till write between two batches.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from flask import Flask

from gers.clock import utcnow
from sync import keystore, runner
from sync.client import SyncClient, SyncError
from sync.identity import IdentityError

log = logging.getLogger(__name__)
_KEY = "sync.manual"
# Tests put a callable (app) -> SyncClient here to reach an in-process central.
CLIENT_FACTORY = "sync.client_factory"
_CREATE = threading.Lock()


@dataclass(frozen=True)
class Progress:
    """A snapshot of the current or last manual run, for the page."""

    running: bool = False
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    phase: str = ""
    rows: int = 0
    summary: runner.Summary | None = None
    error: str = ""
    by: str = ""  # who asked

    @property
    def done(self) -> bool:
        return not self.running and self.finished_at is not None

    @property
    def rows_up(self) -> int:
        return sum(self.summary.up.values()) if self.summary else 0

    @property
    def rows_down(self) -> int:
        return sum(self.summary.down.values()) if self.summary else 0


@dataclass
class ManualSync:
    app: Flask
    _state: Progress = field(default_factory=Progress)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None

    @property
    def progress(self) -> Progress:
        with self._lock:
            return self._state

    def start(self, by: str) -> bool:
        """Start a run unless one is going; False if one was already going."""
        clock = self._clock()
        client = self._client()  # an identity problem is told at once, in the request
        with self._lock:
            if self._state.running:
                return False
            self._state = Progress(running=True, started_at=clock(), phase="connexion", by=by)
            self._thread = threading.Thread(target=self._run, args=(client, clock), name="gers-sync-manual",
                                            daemon=True)
            self._thread.start()
        return True

    def wait(self, timeout: float) -> bool:
        """For tests and shutdown: True once the run in progress (if any) has ended."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.progress.running

    def _run(self, client: SyncClient, clock: Callable[[], dt.datetime]) -> None:
        try:
            summary = runner.run_node(self.app, client, progress=self._step, clock=clock)
        except SyncError as failure:
            self._finish(clock(), error=str(failure))
        except Exception:  # noqa: BLE001 — a bug must not leave the page saying « en cours » forever
            log.exception("manual sync failed")
            self._finish(clock(), error="Erreur inattendue pendant la synchronisation : voir le journal du "
                                        "serveur. Rien n'est perdu ; réessayez ou prévenez le coordinateur.")
        else:
            self._finish(clock(), summary=summary)

    def _step(self, phase: str, rows: int) -> None:
        with self._lock:
            self._state = replace(self._state, phase=phase, rows=self._state.rows + rows)

    def _finish(self, at: dt.datetime, *, summary: runner.Summary | None = None, error: str = "") -> None:
        with self._lock:
            self._state = replace(self._state, running=False, finished_at=at, summary=summary, error=error)

    def _clock(self) -> Callable[[], dt.datetime]:
        return self.app.extensions.get("gers.clock", utcnow)

    def _client(self) -> SyncClient:
        factory = self.app.extensions.get(CLIENT_FACTORY)
        if factory is not None:
            return factory(self.app)
        try:
            identity = keystore.load_identity(Path(self.app.instance_path))
        except IdentityError as exc:
            raise SyncError(str(exc)) from exc
        return SyncClient(identity, clock=self._clock(), timeout=60)


def manual_sync(app: Flask) -> ManualSync:
    """The server's one ManualSync (made on first use)."""
    with _CREATE:
        existing = app.extensions.get(_KEY)
        if existing is None:
            existing = app.extensions[_KEY] = ManualSync(app)
        return existing


def enrolled(app: Flask) -> bool:
    if app.extensions.get(CLIENT_FACTORY) is not None:
        return True
    try:
        keystore.load_identity(Path(app.instance_path))
    except IdentityError:
        return False
    return True
