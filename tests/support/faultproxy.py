"""A fault-injecting TCP proxy for the network tests: a node reaches central through it.

    proxy = FaultProxy(target_port).start()      # listens on proxy.port (loopback)
    proxy.arm(Fault(cut_response_at=0.5, match=b"POST /sync/v1/push"))
    ...                                          # the node syncs, its push answer is cut in the middle
    proxy.settle()                               # every connection finished: the records are final
    proxy.connections[-1].down_bytes             # bytes of the answer the node received

Faults apply per connection (the node's HTTP client opens one connection per request and closes it):
each new connection takes the first armed fault whose `match` its first bytes start with (after
`skip` such connections went through untouched), `times` times over; then the proxy passes bytes
through again. A position in a stream is
- an int >= 0: that many bytes of the stream are forwarded, then the fault acts;
- an int < 0: that many bytes before the end of the HTTP message (-1: all but its last byte);
- a float in (0, 1): that fraction of the HTTP message (0.5: the middle);
relative positions read the message's length from its head (Content-Length), so the proxy holds the
bytes back until the head is complete — the content and the order of bytes never change.

Synchronisation never sleeps: a hold parks a stream at a position until the test sets its `release`
event (and sets `reached` when it gets there); `settle()` joins the connections' threads.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from dataclasses import dataclass, field

Position = int | float
_CONTENT_LENGTH = re.compile(rb"^content-length:\s*(\d+)\s*$", re.IGNORECASE | re.MULTILINE)
_CHUNK = 65536


@dataclass
class Hold:
    """Park a stream at a position until `release` is set; `reached` is set when it gets there."""

    at: Position
    release: threading.Event = field(default_factory=threading.Event)
    reached: threading.Event = field(default_factory=threading.Event)


@dataclass
class Fault:
    match: bytes = b""                       # the connection's first bytes start with these
    cut_request_at: Position | None = None   # client → server: forward this much, then cut the connection
    cut_response_at: Position | None = None  # server → client: forward this much, then cut the connection
    hold_request: Hold | None = None
    hold_response: Hold | None = None
    flip_request_at: Position | None = None  # an altered request: this byte XOR 0x01 (say, in the body)
    delay_response_s: float = 0.0            # a slow link: the answer's first byte waits this long
    duplicate: str | None = None             # "after": the request once more once answered; "before": first
    times: int = 1
    skip: int = 0                            # let this many matching connections pass untouched first

    def __post_init__(self) -> None:
        if self.duplicate not in (None, "after", "before"):
            raise ValueError(f"duplicate must be 'after' or 'before', not {self.duplicate!r}")


@dataclass
class ConnectionRecord:
    """What went through one connection; final once `FaultProxy.settle()` returned."""

    index: int
    fault: Fault | None
    up_bytes: int = 0              # client → server bytes forwarded
    down_bytes: int = 0            # server → client bytes forwarded
    request_length: int | None = None    # the HTTP message's length, when its head was read
    response_length: int | None = None
    request: bytes = b""           # every byte the client sent (forwarded or not)
    cut: str | None = None         # "request"/"response" when a fault cut it, "unreachable": no server
    duplicate_answer: bytes | None = None  # what the server answered the copy (then discarded)
    altered: bool = False          # a byte of the request was flipped on the way

    @property
    def request_line(self) -> str:
        return self.request.split(b"\r\n", 1)[0].decode("latin-1")

    @property
    def duplicate_status(self) -> int | None:
        if not self.duplicate_answer:
            return None
        return int(self.duplicate_answer.split(b" ", 2)[1])


class FaultProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.connections: list[ConnectionRecord] = []
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, name="faultproxy-accept", daemon=True)

    # --- the test's side --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._acceptor.start()
        return self

    def arm(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def pass_through(self) -> None:
        """Forget the faults not yet used."""
        with self._lock:
            self._faults.clear()

    def retarget(self, port: int) -> None:
        """Central restarted on another port: later connections go there."""
        self.target = (self.target[0], port)

    @property
    def armed(self) -> int:
        """How many fault uses are still waiting for a connection."""
        with self._lock:
            return sum(fault.times for fault in self._faults)

    @property
    def bytes_up(self) -> int:
        return sum(record.up_bytes for record in self.connections)

    @property
    def bytes_down(self) -> int:
        return sum(record.down_bytes for record in self.connections)

    def settle(self, timeout: float = 60) -> None:
        """Wait until every connection accepted so far is finished (its threads joined)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)
            if thread.is_alive():
                raise TimeoutError(f"{thread.name} still running after {timeout} s")

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes accept(); close() alone does not on Linux
        self._listener.close()
        if self._acceptor.is_alive():
            self._acceptor.join(10)
        for fault in self._faults:  # nothing stays parked on a hold the test forgot to release
            for hold in (fault.hold_request, fault.hold_response):
                if hold:
                    hold.release.set()
        self.settle()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # --- the proxy's side ---------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            with self._lock:
                index = len(self.connections)
                thread = threading.Thread(target=self._serve, args=(client, index),
                                          name=f"faultproxy-{index}", daemon=True)
                self._threads.append(thread)
                self.connections.append(ConnectionRecord(index, None))
            thread.start()

    def _serve(self, client: socket.socket, index: int) -> None:
        record = self.connections[index]
        with client:
            first = self._read_enough_to_match(client)
            record.fault = fault = self._take_fault(first)
            upstream_bytes = first
            if fault and fault.duplicate == "before":
                upstream_bytes = _read_message(client, first)
                record.duplicate_answer = self._send_copy(upstream_bytes)
            try:
                server = socket.create_connection(self.target, timeout=60)
            except OSError:
                record.cut = "unreachable"  # central is down: the client sees its connection closed
                return
            with server:
                _Link(client, server, record, fault).run(upstream_bytes)
        if fault and fault.duplicate == "after" and record.cut is None:
            record.duplicate_answer = self._send_copy(record.request)

    def _read_enough_to_match(self, client: socket.socket) -> bytes:
        with self._lock:
            needed = max((len(fault.match) for fault in self._faults), default=0)
        data = b""
        while len(data) < needed and b"\n" not in data:
            chunk = client.recv(_CHUNK)
            if not chunk:
                break
            data += chunk
        return data

    def _take_fault(self, first: bytes) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if first.startswith(fault.match):
                    if fault.skip:
                        fault.skip -= 1
                        return None
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _send_copy(self, request: bytes) -> bytes:
        """The same bytes on a new connection; the server's whole answer, which nobody receives."""
        with socket.create_connection(self.target, timeout=60) as copy:
            copy.sendall(request)
            answer = b""
            while chunk := copy.recv(_CHUNK):
                answer += chunk
        return answer


class _Link:
    """Both directions of one connection, each pumped by its own thread."""

    def __init__(self, client: socket.socket, server: socket.socket, record: ConnectionRecord,
                 fault: Fault | None) -> None:
        self.client, self.server, self.record = client, server, record
        self.cut = threading.Event()
        self.up = _Stream("request", fault.cut_request_at if fault else None,
                          fault.hold_request if fault else None, 0.0)
        self.up.flip_at = fault.flip_request_at if fault else None
        self.down = _Stream("response", fault.cut_response_at if fault else None,
                            fault.hold_response if fault else None, fault.delay_response_s if fault else 0.0)

    def run(self, first: bytes) -> None:
        downward = threading.Thread(target=self._pump, args=(self.server, self.client, self.down, b""),
                                    name=f"faultproxy-{self.record.index}-down", daemon=True)
        downward.start()
        self._pump(self.client, self.server, self.up, first)
        downward.join()
        self.record.request_length = self.up.total
        self.record.response_length = self.down.total
        self.record.altered = self.up.flipped

    def _pump(self, source: socket.socket, target: socket.socket, stream: _Stream, first: bytes) -> None:
        data = first
        while not self.cut.is_set():
            if data:
                if stream.name == "request":
                    self.record.request += data
                if not self._forward(stream, target, data):
                    return
            try:
                data = source.recv(_CHUNK)
            except OSError:
                break
            if not data:
                break
        if not self.cut.is_set():
            self._forward_end(stream, target)

    def _forward(self, stream: _Stream, target: socket.socket, data: bytes) -> bool:
        """Forward what the stream's fault lets through; False once the connection is cut."""
        for chunk, action in stream.feed(data):
            if chunk:
                try:
                    target.sendall(chunk)
                except OSError:
                    self._cut(None)
                    return False
                self._count(stream, len(chunk))
            if action == "cut":
                self._cut(stream.name)
                return False
            if action == "hold":
                stream.park()
        return True

    def _forward_end(self, stream: _Stream, target: socket.socket) -> None:
        """The source closed: what was held back for a length that never came goes through, then EOF."""
        rest = stream.flush()
        try:
            if rest:
                target.sendall(rest)
                self._count(stream, len(rest))
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def _count(self, stream: _Stream, size: int) -> None:
        if stream.name == "request":
            self.record.up_bytes += size
        else:
            self.record.down_bytes += size

    def _cut(self, where: str | None) -> None:
        if where and self.record.cut is None:
            self.record.cut = where
        self.cut.set()
        for sock in (self.client, self.server):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes the other direction's recv()


class _Stream:
    """One direction: bytes in, (bytes to forward now, action) out, at the fault's position."""

    def __init__(self, name: str, cut_at: Position | None, hold: Hold | None, delay_s: float) -> None:
        self.name = name
        self.actions = sorted(
            [(at, kind) for at, kind in ((cut_at, "cut"), (hold.at if hold else None, "hold")) if at is not None],
            key=lambda item: 0 if item[1] == "hold" else 1)
        self.hold = hold
        self.delay_s = delay_s
        self.flip_at: Position | None = None
        self.flipped = False
        self.forwarded = 0
        self.pending = b""
        self.head = b""
        self.total: int | None = None

    def feed(self, data: bytes) -> list[tuple[bytes, str | None]]:
        if self.delay_s and not self.forwarded and not self.pending:
            time.sleep(self.delay_s)  # the fault itself (a slow link), never a synchronisation
        self._read_length(data)
        self.pending += data
        if self.flip_at is not None and not self._flip():
            return []  # wait for the head to say where the byte to alter is
        out: list[tuple[bytes, str | None]] = []
        while self.actions:
            at = self._resolve(self.actions[0][0])
            if at is None:
                return out  # wait for the head to say how long the message is
            if self.forwarded + len(self.pending) < at:
                break
            take = max(at - self.forwarded, 0)
            chunk, self.pending = self.pending[:take], self.pending[take:]
            self.forwarded += len(chunk)
            _at, kind = self.actions.pop(0)
            if kind == "cut":
                out.append((chunk, "cut"))
                return out
            out.append((chunk, "hold"))
        chunk, self.pending = self.pending, b""
        self.forwarded += len(chunk)
        out.append((chunk, None))
        return out

    def _flip(self) -> bool:
        at = self._resolve(self.flip_at)
        if at is None:
            return False
        index = at - self.forwarded
        if 0 <= index < len(self.pending):
            self.pending = self.pending[:index] + bytes([self.pending[index] ^ 0x01]) + self.pending[index + 1:]
            self.flip_at, self.flipped = None, True
        return True

    def flush(self) -> bytes:
        chunk, self.pending = self.pending, b""
        self.forwarded += len(chunk)
        return chunk

    def park(self) -> None:
        assert self.hold is not None
        self.hold.reached.set()
        self.hold.release.wait()

    def _read_length(self, data: bytes) -> None:
        if self.total is not None or b"\r\n\r\n" in self.head:
            return
        self.head += data
        head, separator, _body = self.head.partition(b"\r\n\r\n")
        if separator:
            found = _CONTENT_LENGTH.search(head)
            self.total = len(head) + 4 + (int(found.group(1)) if found else 0)

    def _resolve(self, at: Position) -> int | None:
        if isinstance(at, int) and at >= 0:
            return at
        if self.total is None:
            return None
        if isinstance(at, float):
            if not 0 < at < 1:
                raise ValueError(f"a fraction of the message is in (0, 1), not {at}")
            return int(self.total * at)
        return max(self.total + at, 0)


def _read_message(client: socket.socket, first: bytes) -> bytes:
    """The whole HTTP request (head and Content-Length body), read before anything is forwarded."""
    data = first
    while b"\r\n\r\n" not in data:
        chunk = client.recv(_CHUNK)
        if not chunk:
            return data
        data += chunk
    head = data.partition(b"\r\n\r\n")[0]
    found = _CONTENT_LENGTH.search(head)
    total = len(head) + 4 + (int(found.group(1)) if found else 0)
    while len(data) < total:
        chunk = client.recv(_CHUNK)
        if not chunk:
            break
        data += chunk
    return data
