"""A network receipt printer on a local socket: keeps what it receives, answers DLE EOT status.

For the tests and the demo: paper out, cover open, offline, or gone altogether (``stop``).
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading

from devices.printer_transport import DLE_EOT
from devices.waker import Waker

_OK = 0x12  # fixed bits of a real-time status byte


class TcpPrinterSimulator:
    def __init__(self, port: int = 0, *, paper: str = "ok", cover_open: bool = False,
                 answer_status: bool = True) -> None:
        self.paper = paper  # "ok", "low", "out"
        self.cover_open = cover_open
        self.answer_status = answer_status
        self.jobs: list[bytes] = []
        self._port = port
        self._cond = threading.Condition()
        self._waker = Waker()
        self._stop = threading.Event()
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def spec(self) -> str:
        return f"tcp:127.0.0.1:{self._port}"

    def status_byte(self, n: int) -> int:
        offline = self.cover_open or self.paper == "out"
        if n == 1:
            return _OK | (0x08 if offline else 0)
        if n == 2:
            return _OK | (0x04 if self.cover_open else 0) | (0x20 if self.paper == "out" else 0)
        if n == 4:
            return _OK | {"ok": 0, "low": 0x0C, "out": 0x6C}[self.paper]
        return _OK

    def start(self) -> TcpPrinterSimulator:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self._port))
        server.listen(4)
        self._port = server.getsockname()[1]
        self._server = server
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="printer-sim", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._waker.wake()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._server is not None:
            self._server.close()
            self._server = None

    def __enter__(self) -> TcpPrinterSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_jobs(self, count: int, timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: len(self.jobs) >= count, timeout)

    def _serve(self) -> None:
        assert self._server is not None
        with self._waker.active() as wake_fd:
            while not self._stop.is_set():
                ready, _, _ = select.select([self._server, wake_fd], [], [])
                if wake_fd in ready:
                    return
                conn, _ = self._server.accept()
                with conn:
                    self._session(conn, wake_fd)

    def _session(self, conn: socket.socket, wake_fd: int) -> None:
        received = b""
        while True:
            ready, _, _ = select.select([conn, wake_fd], [], [])
            if wake_fd in ready:
                return
            chunk = b""
            with contextlib.suppress(ConnectionError):
                chunk = conn.recv(4096)
            if not chunk:
                break
            received = self._answer_queries(conn, received + chunk)
        if received:
            with self._cond:
                self.jobs.append(received)
                self._cond.notify_all()

    def _answer_queries(self, conn: socket.socket, data: bytes) -> bytes:
        while (at := data.find(DLE_EOT)) >= 0 and len(data) > at + 2:
            if self.answer_status:
                conn.sendall(bytes([self.status_byte(data[at + 2])]))
            data = data[:at] + data[at + 3:]
        return data
