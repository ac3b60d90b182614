"""The device hub: owns the hardware in threads and publishes JSON events to subscribers.

Events are dicts with a "type": ``scan``, ``weight``, ``printer``, ``print_job``, ``drawer``,
``device`` (connection states), ``scale_command`` and ``overflow`` (a slow subscriber lost
events). Every event carries ``at`` (UTC, ISO 8601). The web layer turns a subscription into
server-sent events; nothing here knows about HTTP.
"""

from __future__ import annotations

import collections
import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from devices.interfaces import DeviceState, ReceiptPrinter, Scale, ScaleReading, ScaleState, Scanner
from devices.scanner_serial import scan_from_text

log = logging.getLogger(__name__)

Event = dict[str, Any]
_FAILED = (ScaleState.NO_ANSWER, ScaleState.ERROR)


def _utc_iso(timestamp: float) -> str:
    moment = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Subscription:
    """A subscriber's queue: ``get(timeout)`` or iterate; old events drop when it overflows."""

    def __init__(self, hub: DeviceHub, maxsize: int) -> None:
        self._hub = hub
        self._events: collections.deque[Event] = collections.deque()
        self._maxsize = maxsize
        self._cond = threading.Condition()
        self._dropped = 0
        self.closed = False

    def put(self, event: Event) -> None:
        with self._cond:
            if self.closed:
                return
            if len(self._events) >= self._maxsize:
                self._events.popleft()
                self._dropped += 1
            self._events.append(event)
            self._cond.notify_all()

    def get(self, timeout: float | None = None) -> Event | None:
        """The next event, or None on timeout or once closed (heartbeat time for SSE)."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._events or self._dropped or self.closed, timeout):
                return None
            if self._dropped:
                dropped, self._dropped = self._dropped, 0
                return {"type": "overflow", "dropped": dropped}
            return self._events.popleft() if self._events else None

    def __iter__(self) -> Iterator[Event]:
        while (event := self.get()) is not None:
            yield event

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()
        self._hub._unsubscribe(self)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DeviceHub:
    def __init__(self, *, scanner: Scanner | None = None, scale: Scale | None = None,
                 printer: ReceiptPrinter | None = None, scale_interval: float = 0.25,
                 scale_poll: bool = True, queue_size: int = 1000,
                 clock: Callable[[], float] = time.time) -> None:
        self.scanner, self.scale, self.printer = scanner, scale, printer
        self.scale_interval = scale_interval
        # A price-computing scale (Dialog 06) is asked once per article, not polled.
        self.scale_poll = scale_poll
        self.queue_size = queue_size
        self._clock = clock
        self._lock = threading.Lock()
        self._subscribers: list[Subscription] = []
        self._last: dict[str, Event] = {}
        self._last_reading: ScaleReading | None = None
        self._scale_jobs: queue.Queue[tuple[str, Any] | None] = queue.Queue()
        self._unit_price: int | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._wire_callbacks()

    # -- subscribers ----------------------------------------------------------------------------
    def subscribe(self, *, replay: bool = True, maxsize: int | None = None) -> Subscription:
        """A new subscription; with ``replay`` it starts with the current state of each device."""
        sub = Subscription(self, maxsize or self.queue_size)
        with self._lock:
            self._subscribers.append(sub)
            snapshot = list(self._last.values()) if replay else []
        for event in snapshot:
            sub.put(event)
        return sub

    def _unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            if sub in self._subscribers:
                self._subscribers.remove(sub)

    def publish(self, event: Event) -> None:
        event = {**event, "at": event.get("at") or _utc_iso(self._clock())}
        with self._lock:
            key = self._state_key(event)
            if key:
                self._last[key] = event
            subscribers = list(self._subscribers)
        for sub in subscribers:
            sub.put(event)

    @staticmethod
    def _state_key(event: Event) -> str | None:
        kind = event.get("type")
        if kind == "device":
            return f"device:{event.get('device')}"
        return kind if kind in ("weight", "printer") else None

    def states(self) -> dict[str, Event]:
        with self._lock:
            return dict(self._last)

    # -- what the till calls --------------------------------------------------------------------
    def last_reading(self) -> ScaleReading | None:
        return self._last_reading

    def scale_command(self, name: str) -> None:
        """Queue "zero", "tare" or "clear_tare"; the answer comes back as events."""
        self._scale_jobs.put(("command", name))

    def set_unit_price(self, cents: int | None) -> None:
        """For price-computing scales (Dialog 06): the unit price sent with each weighing."""
        self._unit_price = cents

    def request_weight(self, unit_price_cents: int | None = None) -> None:
        """Read the scale now (with this unit price for Dialog 06); the reading comes as an event."""
        if unit_price_cents is not None:
            self._unit_price = unit_price_cents
        self._scale_jobs.put(("read", "now"))

    def weigh(self, unit_price_cents: int | None, timeout: float = 3.0) -> ScaleReading | None:
        """The reading to price an article with. A polled scale's latest reading is fresh; a
        price-computing scale (Dialog 06) weighs only when asked, with the article's unit price,
        so this asks it and waits for its answer (None if the scale thread does not answer)."""
        if self.scale_poll or self.scale is None:
            return self._last_reading
        answer: queue.Queue[ScaleReading] = queue.Queue(maxsize=1)
        self._scale_jobs.put(("weigh", (unit_price_cents, answer)))
        try:
            return answer.get(timeout=timeout)
        except queue.Empty:
            return None

    def print_receipt(self, doc: Any) -> str | None:
        if self.printer is None:
            self.publish(DeviceState("printer", "absent", "Imprimante : aucune configurée").to_event())
            return None
        return self.printer.print(doc)

    def open_drawer(self) -> None:
        if self.printer is not None:
            self.printer.open_drawer()

    def reprint(self, job_id: str | None = None) -> str | None:
        """Queue again a printed receipt (the last one by default); None if there is none."""
        reprint = getattr(self.printer, "reprint", None)
        return reprint(job_id) if reprint is not None else None

    def simulate_scan(self, text: str, source: str = "simulation") -> None:
        """Publish a scan typed by hand (demo, support): the same event a scanner produces."""
        self.publish(scan_from_text(text, source).to_event())

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> DeviceHub:
        self._stopping.clear()
        if self.scanner is not None:
            self._spawn("hub-scanner", self._scanner_loop)
        if self.scale is not None:
            self._spawn("hub-scale", self._scale_loop)
        start = getattr(self.printer, "start", None)
        if start is not None:
            start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self.scanner is not None:
            self.scanner.close()
        self._scale_jobs.put(None)
        for thread in self._threads:
            thread.join()
        self._threads.clear()
        for device in (self.scale, self.printer):
            if device is not None:
                device.close()
        with self._lock:
            subscribers = list(self._subscribers)
        for sub in subscribers:
            sub.close()

    def __enter__(self) -> DeviceHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- threads --------------------------------------------------------------------------------
    def _wire_callbacks(self) -> None:
        if self.scanner is not None and hasattr(self.scanner, "on_state"):
            self.scanner.on_state = self._device_state  # type: ignore[union-attr]
        if self.printer is not None and hasattr(self.printer, "on_event"):
            self.printer.on_event = self.publish  # type: ignore[union-attr]

    def _device_state(self, state: DeviceState) -> None:
        self.publish(state.to_event())

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _scanner_loop(self) -> None:
        assert self.scanner is not None
        while not self._stopping.is_set():
            try:
                for scan in self.scanner.scans():
                    self.publish(scan.to_event())
                return
            except Exception:  # a driver bug must not silence the scanner for the day
                log.exception("scanner loop")
                self.publish(DeviceState("scanner", "error",
                                         "Lecteur : erreur interne, redémarrage").to_event())
                self._stopping.wait(1.0)

    def _scale_loop(self) -> None:
        previous: tuple[Any, ...] | None = None
        while True:
            try:
                job = self._scale_jobs.get(timeout=self.scale_interval if self.scale_poll else None)
            except queue.Empty:
                job = ("read", None)
            if job is None:
                return
            reading = self._scale_step(*job)
            key = (reading.state, reading.grams, reading.stable, reading.net, reading.message_fr)
            if key != previous or job[1] is not None:  # asked for: always answered
                self._publish_reading(reading, previous)
                previous = key

    def _scale_step(self, kind: str, name: Any) -> ScaleReading:
        assert self.scale is not None
        if kind == "weigh":
            self._unit_price, answer = name
            reading = self._scale_step("read", "now")
            answer.put(reading)
            return reading
        try:
            if kind == "command":
                result = getattr(self.scale, str(name))()
                self.publish({"type": "scale_command", "command": name, "state": result.state.value,
                              "message": result.message_fr})
            reading = self.scale.read(self._unit_price)
        except Exception:  # drivers do not raise; a fake or a bug might
            log.exception("scale loop")
            reading = ScaleReading(ScaleState.ERROR, message_fr="Balance : erreur interne")
        self._last_reading = reading
        return reading

    def _publish_reading(self, reading: ScaleReading, previous: tuple[Any, ...] | None) -> None:
        failed = reading.state in _FAILED
        was_failed = previous is not None and previous[0] in _FAILED
        if previous is None or failed != was_failed:
            state = "error" if failed else "connected"
            message = reading.message_fr if failed else "Balance : connectée"
            self.publish(DeviceState("scale", state, message).to_event())
        self.publish(reading.to_event())
