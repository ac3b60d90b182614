"""Where receipt bytes go: ``usb:VID:PID``, ``serial:PATH[:baud]``, ``tcp:HOST[:PORT]``, ``file:PATH``.

Transports raise only TransportError, which carries the printer state to report; the ESC/POS
real-time status (DLE EOT n) is read where the link is two-way.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from devices.interfaces import PrinterState, PrinterStatus
from devices.serialport import OPEN_ERRORS, open_serial

DLE_EOT = b"\x10\x04"


class TransportError(Exception):
    def __init__(self, state: PrinterState, message_fr: str) -> None:
        super().__init__(message_fr)
        self.state = state
        self.message_fr = message_fr


@dataclass(frozen=True)
class PrinterSpec:
    kind: str
    target: str
    options: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}"


def _hex_id(text: str) -> int:
    return int(text, 16)


def parse_printer_spec(spec: str) -> PrinterSpec:
    """Parse a printer address; ValueError with a French message when it makes no sense."""
    kind, _, rest = spec.partition(":")
    kind = kind.strip().lower()
    try:
        if kind == "usb":
            vid, pid = rest.split(":")
            return PrinterSpec("usb", rest, {"vid": _hex_id(vid), "pid": _hex_id(pid)})
        if kind == "serial" and rest:
            path, _, baud = rest.rpartition(":")
            if path and baud.isdigit():
                return PrinterSpec("serial", path, {"path": path, "baudrate": int(baud)})
            return PrinterSpec("serial", rest, {"path": rest, "baudrate": 9600})
        if kind == "tcp" and rest:
            host, sep, port = rest.rpartition(":")
            if not sep or not port.isdigit():  # no port: the raw printing port
                host, port = rest, "9100"
            return PrinterSpec("tcp", rest, {"host": host.strip("[]"), "port": int(port)})
        if kind == "file" and rest:
            return PrinterSpec("file", rest, {"path": rest})
    except ValueError:
        pass
    raise ValueError(f"Adresse d'imprimante invalide : {spec!r} (usb:VID:PID, serial:CHEMIN[:vitesse], "
                     "tcp:HÔTE:PORT ou file:CHEMIN)")


def _os_error(exc: OSError, what: str) -> TransportError:
    if exc.errno == errno.ENOSPC:
        return TransportError(PrinterState.PAPER_OUT, "Imprimante : plus de papier")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return TransportError(PrinterState.ERROR, f"Imprimante : accès refusé à {what} (groupe lp ?)")
    if isinstance(exc, TimeoutError) or exc.errno in (errno.EAGAIN, errno.ETIMEDOUT):
        return TransportError(PrinterState.NO_ANSWER, "Imprimante : ne répond pas (papier ? capot ?)")
    return TransportError(PrinterState.OFFLINE, f"Imprimante : {what} injoignable (éteinte ou débranchée ?)")


class FileTransport:
    """A device node (/dev/usb/lp0) or a plain file (demo, tests): written, never read."""

    can_query = False

    def __init__(self, path: str, timeout: float = 3.0) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None

    def open(self) -> None:
        # Plain files may be created (demo output); a missing device node means "unplugged".
        create = 0 if self.path.startswith("/dev/") else os.O_CREAT
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | create, 0o644)
        except OSError as exc:
            raise _os_error(exc, self.path) from exc

    def write(self, data: bytes) -> None:
        assert self._fd is not None
        view, deadline = memoryview(data), time.monotonic() + self.timeout
        try:
            while view:
                try:
                    view = view[os.write(self._fd, view):]
                except BlockingIOError:
                    # A busy printer: wait for room, but never longer than the timeout.
                    if not select.select([], [self._fd], [], max(deadline - time.monotonic(), 0))[1]:
                        raise TimeoutError from None
        except OSError as exc:
            raise _os_error(exc, self.path) from exc

    def query(self, request: bytes, timeout: float) -> bytes:
        return b""

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


class TcpTransport:
    """A network printer (raw port 9100)."""

    can_query = True

    def __init__(self, host: str, port: int, timeout: float = 3.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self._sock: socket.socket | None = None

    def open(self) -> None:
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            raise _os_error(exc, f"{self.host}:{self.port}") from exc

    def write(self, data: bytes) -> None:
        assert self._sock is not None
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise _os_error(exc, f"{self.host}:{self.port}") from exc

    def query(self, request: bytes, timeout: float) -> bytes:
        assert self._sock is not None
        try:
            self._sock.sendall(request)
            self._sock.settimeout(timeout)
            return self._sock.recv(1)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise _os_error(exc, f"{self.host}:{self.port}") from exc
        finally:
            self._sock.settimeout(self.timeout)

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()


class SerialTransport:
    can_query = True

    def __init__(self, path: str, baudrate: int = 9600, timeout: float = 3.0) -> None:
        self.path, self.baudrate, self.timeout = path, baudrate, timeout
        self._serial: Any = None

    def open(self) -> None:
        try:
            self._serial = open_serial(self.path, baudrate=self.baudrate, bytesize=8, parity="N",
                                       stopbits=1, timeout=self.timeout, write_timeout=self.timeout)
        except OPEN_ERRORS as exc:
            raise TransportError(PrinterState.OFFLINE,
                                 f"Imprimante : port {self.path} introuvable (débranchée ?)") from exc

    def write(self, data: bytes) -> None:
        try:
            self._serial.write(data)
            self._serial.flush()
        except Exception as exc:  # pyserial raises SerialException, SerialTimeoutException, OSError
            raise TransportError(PrinterState.NO_ANSWER, "Imprimante : ne répond pas (papier ? capot ?)") from exc

    def query(self, request: bytes, timeout: float) -> bytes:
        try:
            self._serial.reset_input_buffer()
            self._serial.write(request)
            self._serial.timeout = timeout  # read timeout only: no termios change
            return bytes(self._serial.read(1))
        except Exception as exc:
            raise TransportError(PrinterState.OFFLINE, "Imprimante : liaison série perdue") from exc
        finally:
            if self._serial is not None:
                self._serial.timeout = self.timeout

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            port.close()


class UsbTransport:
    """Direct USB through python-escpos (needs pyusb and libusb); /dev/usb/lp0 via file: does not.

    python-escpos resets the USB device each time it opens it, so the connection is kept open
    between jobs and status checks (one per printer), and dropped only when it fails.
    """

    can_query = True
    _open: dict[tuple[int, int], Any] = {}
    _lock = threading.Lock()

    def __init__(self, vid: int, pid: int, timeout: float = 3.0) -> None:
        self.vid, self.pid, self.timeout = vid, pid, timeout

    @property
    def _key(self) -> tuple[int, int]:
        return (self.vid, self.pid)

    def open(self) -> None:
        from devices.escpos_render import escpos_printer

        with self._lock:
            if self._key in self._open:
                return
            try:
                printer = escpos_printer().Usb(self.vid, self.pid, timeout=int(self.timeout * 1000))
                printer.open()
            except Exception as exc:  # RuntimeError without pyusb, DeviceNotFoundError, USBError...
                raise TransportError(PrinterState.OFFLINE, (
                    f"Imprimante : USB {self.vid:04x}:{self.pid:04x} introuvable (débranchée ?)")) from exc
            self._open[self._key] = printer

    def _printer(self) -> Any:
        printer = self._open.get(self._key)
        if printer is None:
            raise TransportError(PrinterState.OFFLINE, "Imprimante : liaison USB perdue")
        return printer

    def write(self, data: bytes) -> None:
        try:
            self._printer()._raw(data)  # the transport primitive of escpos printers
        except TransportError:
            raise
        except Exception as exc:
            self.drop()
            raise TransportError(PrinterState.NO_ANSWER, "Imprimante : ne répond pas (papier ? capot ?)") from exc

    def query(self, request: bytes, timeout: float) -> bytes:
        try:
            printer = self._printer()
            printer._raw(request)
            return bytes(printer._read()[:1])
        except Exception:
            return b""

    def close(self) -> None:
        """Kept open on purpose (see the class docstring); ``drop`` really closes."""

    def drop(self) -> None:
        with self._lock:
            printer = self._open.pop(self._key, None)
        if printer is not None:
            with contextlib.suppress(Exception):  # a vanished USB device may fail to close
                printer.close()


def make_transport(spec: PrinterSpec, timeout: float = 3.0) -> Any:
    o = spec.options
    if spec.kind == "file":
        return FileTransport(o["path"], timeout)
    if spec.kind == "tcp":
        return TcpTransport(o["host"], o["port"], timeout)
    if spec.kind == "serial":
        return SerialTransport(o["path"], o["baudrate"], timeout)
    return UsbTransport(o["vid"], o["pid"], timeout)


def _valid(byte: int) -> bool:
    # Real-time status bytes have bit 1 and bit 4 set, bits 0 and 7 clear.
    return byte & 0x93 == 0x12


def read_status(transport: Any, timeout: float = 0.5) -> PrinterStatus | None:
    """ESC/POS DLE EOT 1/2/4 status, or None when the printer does not answer it."""
    if not transport.can_query:
        return None
    first = transport.query(DLE_EOT + b"\x01", timeout)
    if len(first) != 1 or not _valid(first[0]):
        return None
    if first[0] & 0x08:
        cause = transport.query(DLE_EOT + b"\x02", timeout)
        byte = cause[0] if len(cause) == 1 and _valid(cause[0]) else 0
        if byte & 0x04:
            return PrinterStatus(PrinterState.COVER_OPEN)
        if byte & 0x20:
            return PrinterStatus(PrinterState.PAPER_OUT)
        return PrinterStatus(PrinterState.ERROR if byte & 0x40 else PrinterState.OFFLINE)
    paper = transport.query(DLE_EOT + b"\x04", timeout)
    byte = paper[0] if len(paper) == 1 and _valid(paper[0]) else 0
    if byte & 0x60:
        return PrinterStatus(PrinterState.PAPER_OUT)
    if byte & 0x0C:
        return PrinterStatus(PrinterState.PAPER_LOW)
    return PrinterStatus(PrinterState.OK)
