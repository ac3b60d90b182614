"""Scanners that send bytes rather than key presses: USB-CDC serial mode, and simulated ones.

In USB-CDC mode (/dev/ttyACM*, better /dev/serial/by-id/...) no keyboard layout is involved and
the GS separator arrives intact: the most reliable way to read GS1 codes.
"""

from __future__ import annotations

import logging
import queue
import select
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import serial

from devices.interfaces import DeviceState, Scan
from devices.scanner_base import ReconnectingScanner, StateCallback
from devices.serialport import LINK_ERRORS, OPEN_ERRORS, open_serial
from devices.symbology import split_aim

log = logging.getLogger(__name__)

_TERMINATORS = b"\r\n"


def scan_from_text(text: str, source: str, gs_substitute: str | None = None) -> Scan:
    if gs_substitute:
        text = text.replace(gs_substitute, "\x1d")
    data, symbology, aim = split_aim(text)
    return Scan(data=data, symbology=symbology, source=source, aim=aim)


def decode_line(raw: bytes) -> str:
    # Barcode payloads are ASCII or UTF-8; latin-1 keeps any other byte rather than failing.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class SerialScanner(ReconnectingScanner):
    """Reads CR/LF-terminated scans from a serial port; waits for it to come back when unplugged."""

    def __init__(self, port: str, *, baudrate: int = 9600, source: str | None = None,
                 gs_substitute: str | None = None, reconnect_interval: float = 1.0,
                 serial_factory: Callable[..., Any] = serial.Serial,
                 on_state: StateCallback | None = None) -> None:
        super().__init__(port, reconnect_interval, on_state)
        self.port = port
        self.baudrate = baudrate
        self.source = source or port
        self.gs_substitute = gs_substitute
        self._factory = serial_factory
        self._serial: Any = None
        self._buffer = b""

    def _connected(self) -> bool:
        return self._serial is not None

    def _connect(self) -> bool:
        try:
            self._serial = open_serial(self.port, self._factory, baudrate=self.baudrate, bytesize=8,
                                       parity="N", stopbits=1, timeout=0)
        except OPEN_ERRORS:
            self._set_state("disconnected", "Lecteur : débranché (en attente de rebranchement)")
            return False
        self._buffer = b""
        self._set_state("connected", "Lecteur : prêt")
        return True

    def _read_available(self, wake_fd: int) -> Iterator[Scan]:
        try:
            ready, _, _ = select.select([self._serial.fileno(), wake_fd], [], [])
            if wake_fd in ready:
                return
            chunk = self._serial.read(self._serial.in_waiting or 1)
            if not chunk:
                raise serial.SerialException("no data although readable: device gone")
        except LINK_ERRORS as exc:
            log.warning("scanner %s lost: %s", self.port, exc)
            self._disconnect()
            if self._buffer:
                self._set_state("disconnected", "Lecteur : débranché pendant une lecture, scannez à nouveau")
            self._set_state("disconnected", "Lecteur : débranché (en attente de rebranchement)")
            return
        yield from self._split(chunk)

    def _split(self, chunk: bytes) -> Iterator[Scan]:
        self._buffer += chunk
        while True:
            cut = min((i for i in (self._buffer.find(b"\r"), self._buffer.find(b"\n")) if i >= 0),
                      default=-1)
            if cut < 0:
                return
            line, self._buffer = self._buffer[:cut], self._buffer[cut + 1:].lstrip(_TERMINATORS)
            if line:
                yield scan_from_text(decode_line(line), self.source, self.gs_substitute)

    def _disconnect(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            port.close()


class QueueScanner:
    """A simulated scanner: ``push("3017620422003")`` from a test, the demo or a CLI."""

    def __init__(self, source: str = "simulateur", gs_substitute: str | None = None) -> None:
        self.source = source
        self.gs_substitute = gs_substitute
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.state = DeviceState("scanner", "connected", "Lecteur simulé : prêt")
        self.on_state: StateCallback | None = None

    def push(self, text: str) -> None:
        self._queue.put(text)

    def push_lines(self, lines: Iterable[str]) -> int:
        count = 0
        for line in lines:
            text = line.rstrip("\r\n")
            if text:
                self.push(text)
                count += 1
        return count

    def close(self) -> None:
        self._queue.put(None)

    def scans(self) -> Iterator[Scan]:
        if self.on_state is not None:
            self.on_state(self.state)
        while (text := self._queue.get()) is not None:
            yield scan_from_text(text, self.source, self.gs_substitute)
