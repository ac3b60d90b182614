"""Urgent things do not wait for the night: beside the till, a site's server pulls recalls and
blocked lots at start-up and every 15 minutes while the network is there. A failure is logged and
tried again at the next tick; the till never waits for it (its own thread, short transactions)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask

from sync import keystore, runner
from sync.client import SyncClient, SyncError
from sync.codec import PayloadError
from sync.identity import IdentityError

log = logging.getLogger(__name__)
DEFAULT_INTERVAL_S = 15 * 60
_KEY = "sync.urgent_pulls"


class UrgentPulls:
    def __init__(self, app: Flask, client: SyncClient, interval_s: float) -> None:
        self._app, self._client, self._interval = app, client, interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="gers-sync-urgent", daemon=True)
        self.rounds = 0  # completed attempts, successful or not (for tests and the status page)
        self.last_error = ""

    def start(self) -> UrgentPulls:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def pull_once(self) -> int:
        try:
            applied = runner.pull_urgent(self._app.extensions["gers.sessionmaker"], self._client,
                                         node_code=self._app.config["NODE_CODE"])
            self.last_error = ""
            return applied
        except (SyncError, PayloadError) as failure:
            self.last_error = str(failure)
            log.warning("urgent pull failed: %s", failure)
            return 0
        finally:
            self.rounds += 1

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.pull_once()
            self._stop.wait(self._interval)


def start_urgent_pulls(app: Flask) -> UrgentPulls | None:
    """Called by `serve` on a site node that holds an identity (not yet enrolled: nothing to do)."""
    if app.config["ROLE"] != "site":
        return None
    try:
        identity = keystore.load_identity(Path(app.instance_path))
    except IdentityError:
        return None
    interval = float(app.config.get("SYNC_URGENT_INTERVAL_S") or DEFAULT_INTERVAL_S)
    pulls = UrgentPulls(app, SyncClient(identity, timeout=60), interval).start()
    app.extensions[_KEY] = pulls
    return pulls


def stop_urgent_pulls(app: Flask) -> None:
    pulls = app.extensions.pop(_KEY, None)
    if pulls is not None:
        pulls.stop()
