"""The receipt printer: ``print`` renders and spools at once, a worker thread does the rest.

A sale never waits for paper: the caller gets a job id back immediately; the worker sends
pending jobs in order, reports the printer state (out of paper, cover open, offline) and
retries until the printer is back. A cash-drawer kick is not spooled: opening the drawer
minutes later would be a surprise, so a request that cannot be done soon is dropped.
"""

from __future__ import annotations

import collections
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from devices.escpos_render import DEFAULT_PROFILE, PrinterProfile, drawer_bytes, render
from devices.interfaces import PRINTABLE_STATES, PrinterState, PrinterStatus
from devices.printer_transport import (
    PrinterSpec,
    TransportError,
    make_transport,
    parse_printer_spec,
    read_status,
)
from devices.receipt import Receipt
from devices.spool import Spool

log = logging.getLogger(__name__)

EventCallback = Callable[[dict[str, Any]], None]


def default_spool_dir() -> str:
    state = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    return os.path.join(state, "gers-solidaire", "spool-imprimante")


class EscposPrinter:
    """ReceiptPrinter over python-escpos rendering, a persistent spool and a transport."""

    def __init__(self, spec: str | PrinterSpec, *, profile: PrinterProfile = DEFAULT_PROFILE,
                 spool_dir: str | None = None, retry_interval: float = 5.0,
                 status_interval: float = 30.0, timeout: float = 3.0, drawer_expiry: float = 10.0,
                 on_event: EventCallback | None = None,
                 transport_factory: Callable[[PrinterSpec, float], Any] = make_transport) -> None:
        self.spec = parse_printer_spec(spec) if isinstance(spec, str) else spec
        self.profile = profile
        self.spool = Spool(spool_dir or default_spool_dir())
        self.retry_interval = retry_interval
        self.status_interval = status_interval
        self.timeout = timeout
        self.drawer_expiry = drawer_expiry
        self.on_event = on_event
        self._transport_factory = transport_factory
        self._cond = threading.Condition()
        self._drawer: collections.deque[float] = collections.deque()
        self._stop = False
        self._wake = False
        self._thread: threading.Thread | None = None
        self._status = PrinterStatus(PrinterState.OK, "Imprimante : pas encore vérifiée")
        self._passes = 0

    # -- what the till calls -------------------------------------------------------------------
    def print(self, doc: Receipt) -> str:
        """Queue a receipt and return its job id. Raises ValueError only for a bad document."""
        return self.print_bytes(render(doc, self.profile))

    def print_bytes(self, data: bytes) -> str:
        job_id = self.spool.add(data)
        self._poke()
        return job_id

    def reprint(self, job_id: str | None = None) -> str | None:
        new_id = self.spool.reprint(job_id)
        self._poke()
        return new_id

    def open_drawer(self) -> None:
        with self._cond:
            self._drawer.append(time.monotonic() + self.drawer_expiry)
            self._wake = True
            self._cond.notify_all()

    def status(self) -> PrinterStatus:
        s = self._status
        return PrinterStatus(s.state, s.message_fr, len(self.spool.pending()))

    def retry_now(self) -> None:
        self._poke()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until the queue is empty (CLI, tests); False if jobs are still pending."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.spool.pending() or self._drawer:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def wait_checked(self, timeout: float) -> bool:
        """Wait until the worker has talked to the printer at least once since now."""
        with self._cond:
            target = self._passes + 1
            return self._cond.wait_for(lambda: self._passes >= target, timeout)

    def wait_for_state(self, states: set[PrinterState], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._status.state not in states:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> EscposPrinter:
        if self._thread is None:
            self._stop = False
            self._thread = threading.Thread(target=self._run, name="printer", daemon=True)
            self._thread.start()
        return self

    def close(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> EscposPrinter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- worker ---------------------------------------------------------------------------------
    def _poke(self) -> None:
        with self._cond:
            self._wake = True
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._stop:
                    return
                self._wake = False
            try:
                healthy = self._work()
            except Exception:  # a bug or a full disk must not stop printing for good
                log.exception("printer worker")
                self._set_status(PrinterStatus(PrinterState.ERROR,
                                               "Imprimante : erreur interne (voir le journal)"))
                healthy = False
            with self._cond:
                self._passes += 1
                self._cond.notify_all()  # wait_idle / wait_checked / wait_for_state
                if self._stop:
                    return
                if not self._wake:
                    # Unhealthy: look again soon, so the screens see "prête" once paper is back.
                    self._cond.wait(self.status_interval if healthy else self.retry_interval)

    def _work(self) -> bool:
        """One pass: drawer requests, then pending jobs. True when the printer did its work."""
        self._expire_drawer()
        transport = self._transport_factory(self.spec, self.timeout)
        try:
            transport.open()
            status = read_status(transport) or PrinterStatus(PrinterState.OK)
            if status.state not in PRINTABLE_STATES:
                self._set_status(status)
                return False
            # The status is known before the jobs go: a waiter that sees the queue empty (wait_idle)
            # must also see the state the printer answered with.
            self._set_status(status)
            self._kick_drawer(transport)
            self._send_jobs(transport)
            return True
        except TransportError as exc:
            log.warning("printer %s: %s", self.spec, exc.message_fr)
            self._set_status(PrinterStatus(exc.state, exc.message_fr))
            return False
        finally:
            transport.close()

    def _send_jobs(self, transport: Any) -> None:
        for job_id in self.spool.pending():
            data = self.spool.read(job_id)
            if data is None:  # discarded by an operator meanwhile
                continue
            transport.write(data)
            self.spool.mark_done(job_id)
            self._emit({"type": "print_job", "job": job_id, "state": "printed"})

    def _kick_drawer(self, transport: Any) -> None:
        with self._cond:
            count = len(self._drawer)
            self._drawer.clear()
        if count:
            transport.write(drawer_bytes(self.profile))
            self._emit({"type": "drawer", "state": "opened", "message": "Tiroir-caisse ouvert"})

    def _expire_drawer(self) -> None:
        now = time.monotonic()
        with self._cond:
            expired = [t for t in self._drawer if t < now]
            for deadline in expired:
                self._drawer.remove(deadline)
        if expired:
            self._emit({"type": "drawer", "state": "failed",
                        "message": "Tiroir-caisse : ouverture impossible, imprimante indisponible"})

    def _set_status(self, status: PrinterStatus) -> None:
        changed = (status.state, status.message_fr) != (self._status.state, self._status.message_fr)
        with self._cond:
            self._status = status
            self._cond.notify_all()
        if changed:
            log.info("printer %s: %s", self.spec, status.message_fr)
            self._emit(self.status().to_event())

    def _emit(self, event: dict[str, Any]) -> None:
        if self.on_event is None:
            return
        try:
            self.on_event(event)
        except Exception:
            log.exception("printer event callback")
