"""What every hardware scanner shares: a read loop that waits for the device to come back after an
unplug, and the connection state reported to the hub (never an exception to the till)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator

from devices.interfaces import DeviceState, Scan
from devices.waker import Waker

log = logging.getLogger(__name__)

StateCallback = Callable[[DeviceState], None]


class ReconnectingScanner:
    """Subclasses open the device (`_connect`), read what is there (`_read_available`), close it
    (`_disconnect`) and say whether it is open (`_connected`)."""

    def __init__(self, location: str, reconnect_interval: float, on_state: StateCallback | None) -> None:
        self.location = location
        self.reconnect_interval = reconnect_interval
        self.on_state = on_state
        self._stop = threading.Event()
        self._waker = Waker()
        self.state = DeviceState("scanner", "starting", "Lecteur : démarrage")

    def close(self) -> None:
        self._stop.set()
        self._waker.wake()

    def scans(self) -> Iterator[Scan]:
        with self._waker.active() as wake_fd:
            try:
                while not self._stop.is_set():
                    if not self._connected() and not self._connect():
                        self._stop.wait(self.reconnect_interval)
                        continue
                    yield from self._read_available(wake_fd)
            finally:
                self._disconnect()

    def _set_state(self, state: str, message: str) -> None:
        if (state, message) == (self.state.state, self.state.message_fr):
            return
        self.state = DeviceState("scanner", state, message, {"path": self.location})
        log.info("scanner %s: %s", self.location, message)
        if self.on_state is not None:
            self.on_state(self.state)

    def _connected(self) -> bool:
        raise NotImplementedError

    def _connect(self) -> bool:
        raise NotImplementedError

    def _read_available(self, wake_fd: int) -> Iterator[Scan]:
        raise NotImplementedError

    def _disconnect(self) -> None:
        raise NotImplementedError
