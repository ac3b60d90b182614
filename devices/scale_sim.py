"""A simulated scale: a weight model, one emulator per protocol, and a pty runner.

Used by the tests (every status bit over a real pseudo-terminal), by the benchmark and by
``devices simulate`` so that the demo till works on a laptop without a scale.
"""

from __future__ import annotations

import os
import select
import threading
from dataclasses import dataclass, replace

from devices.ptypair import PtyPair
from devices.scale_protocols import ACK, ENQ, EOT, ESC, ETX, STX, get_protocol
from devices.waker import Waker


@dataclass(frozen=True)
class ScaleModel:
    """What is on the simulated platter, and which faults are switched on."""

    gross_grams: int = 0
    zero_offset: int = 0
    tare_grams: int = 0
    capacity_grams: int = 15000
    min_grams: int = 40
    motion: bool = False
    over: bool = False
    under: bool = False
    outside_zero: bool = False
    silent: bool = False

    @property
    def displayed(self) -> int:
        return self.gross_grams - self.zero_offset - self.tare_grams

    @property
    def overloaded(self) -> bool:
        return self.over or self.gross_grams > self.capacity_grams

    @property
    def negative(self) -> bool:
        return self.under or self.displayed < 0


def _kg(grams: int) -> str:
    return f"{abs(grams) // 1000:02d}.{abs(grams) % 1000:03d}"


class ToledoEmulator:
    """Mettler Toledo 8217: W weight, Z zero, T tare, C clear tare; one byte per command."""

    def __init__(self, model: ScaleModel) -> None:
        self.model = model

    def status_byte(self) -> int:
        m = self.model
        bits = (m.motion, m.overloaded, m.negative, m.outside_zero, m.displayed == 0 and not m.negative,
                m.tare_grams > 0)
        return 0x40 | sum(1 << i for i, on in enumerate(bits) if on)

    def _status(self) -> bytes:
        return STX + b"?" + bytes([self.status_byte()]) + b"\r"

    def handle(self, data: bytes) -> bytes:
        return b"".join(self._one(bytes([byte])) for byte in data)

    def _one(self, command: bytes) -> bytes:
        m = self.model
        blocked = m.motion or m.overloaded or m.negative or m.outside_zero
        if command == b"W":
            if blocked:
                return self._status()
            return STX + _kg(m.displayed).encode() + (b"N" if m.tare_grams else b"") + b"\r"
        if command == b"Z" and not blocked and not m.tare_grams:
            self.model = replace(m, zero_offset=m.gross_grams)
        elif command == b"T" and not blocked and m.displayed > 0:
            self.model = replace(m, tare_grams=m.gross_grams - m.zero_offset)
        elif command == b"C":
            self.model = replace(m, tare_grams=0)
        elif command not in b"ZT":
            return b""  # unknown commands are ignored, as by the real terminal
        return self._status()


class CasEmulator:
    """CAS continuous output: ``ST|US|OL , GS|NT , ±weight kg CR LF`` sent without being asked."""

    def __init__(self, model: ScaleModel) -> None:
        self.model = model

    def handle(self, data: bytes) -> bytes:
        return b""

    def frame(self) -> bytes:
        m = self.model
        stability = "OL" if m.overloaded else "US" if m.motion else "ST"
        mode = "NT" if m.tare_grams else "GS"
        grams = -max(abs(m.displayed), 10) if m.under else m.displayed
        sign = "-" if grams < 0 else "+"
        weight = f"{abs(grams) // 1000:3d}.{abs(grams) % 1000:03d}"
        return f"{stability},{mode},{sign}{weight}kg\r\n".encode("ascii")


class DialogEmulator:
    """Dialog 06: the till sends the unit price (record 01), asks with EOT ENQ, gets record 02."""

    def __init__(self, model: ScaleModel) -> None:
        self.model = model
        self.unit_price_cents = 0
        self._buffer = b""

    def error_code(self) -> str:
        m = self.model
        if m.motion:
            return "20"
        if m.overloaded:
            return "32"
        if m.negative:
            return "31"
        if 0 <= m.displayed < m.min_grams:
            return "30"
        return "00"

    def _record_09(self) -> bytes:
        return STX + b"09" + ESC + self.error_code().encode() + ETX

    def _record_02(self) -> bytes:
        grams = self.model.displayed
        total = (grams * self.unit_price_cents + 500) // 1000  # half up, as price scales print it
        fields = [b"3", f"{grams:05d}".encode(), f"{self.unit_price_cents:06d}".encode(),
                  f"{total:06d}".encode()]
        return STX + b"02" + ESC + ESC.join(fields) + ETX

    def handle(self, data: bytes) -> bytes:
        self._buffer += data
        replies = []
        while (message := self._next_message()) is not None:
            replies.append(self._answer(message))
        return b"".join(replies)

    def _next_message(self) -> bytes | None:
        buffer = self._buffer
        while True:
            start = buffer.find(EOT)
            if start < 0 or len(buffer) < start + 2:
                self._buffer = buffer[start:] if start >= 0 else b""
                return None
            buffer = buffer[start:]
            if buffer[1:2] == ENQ:
                self._buffer = buffer[2:]
                return ENQ
            if buffer[1:2] == STX:
                end = buffer.find(ETX)
                if end < 0:
                    self._buffer = buffer
                    return None
                self._buffer = buffer[end + 1:]
                return buffer[2:end]
            buffer = buffer[1:]  # a lone EOT closes a transaction

    def _answer(self, message: bytes) -> bytes:
        if message == ENQ:
            return self._record_09() if self.error_code() != "00" else self._record_02()
        if message.startswith(b"08"):
            return self._record_09()
        if message[:2] in (b"01", b"03", b"04", b"05") and message[2:9].strip(ESC).isdigit():
            self.unit_price_cents = int(message[3:9])
            return ACK
        return b"\x15"  # NAK


EMULATORS = {"toledo8217": ToledoEmulator, "cas": CasEmulator, "dialog06": DialogEmulator}


class PtyScaleSimulator:
    """Runs an emulator on the master side of a pty; the driver opens ``path`` like a real port."""

    def __init__(self, protocol: str = "toledo8217", model: ScaleModel | None = None, *,
                 link: str | None = None, interval: float = 0.1) -> None:
        self.protocol = get_protocol(protocol)
        self.emulator = EMULATORS[self.protocol.name](model or ScaleModel())
        self.link = link
        self.interval = interval
        self._lock = threading.Lock()
        self._garbage = b""
        self._pty: PtyPair | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._waker = Waker()
        self.received = bytearray()

    @property
    def model(self) -> ScaleModel:
        return self.emulator.model

    @property
    def path(self) -> str:
        assert self._pty is not None, "simulator not started"
        return self._pty.path

    def update(self, **changes: object) -> ScaleModel:
        with self._lock:
            self.emulator.model = replace(self.emulator.model, **changes)  # type: ignore[arg-type]
            return self.emulator.model

    def send_garbage(self, data: bytes = b"\x00\xff#?~\x02\x9f") -> None:
        with self._lock:
            self._garbage += data

    def start(self) -> PtyScaleSimulator:
        self._pty = PtyPair(self.link)
        os.set_blocking(self._pty.master, False)  # a full pty drops frames, as a wire would
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"scale-sim-{self.protocol.name}",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self, *, keep_link: bool = False) -> None:
        self._stop.set()
        self._waker.wake()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._pty is not None:
            self._pty.close(keep_link=keep_link)
            self._pty = None

    def unplug(self) -> None:
        self.stop(keep_link=True)

    def replug(self) -> None:
        self.start()

    def __enter__(self) -> PtyScaleSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        assert self._pty is not None
        master = self._pty.master
        streaming = self.protocol.exchange == "stream"
        with self._waker.active() as wake_fd:
            while not self._stop.is_set():
                ready, _, _ = select.select([master, wake_fd], [], [],
                                            self.interval if streaming else None)
                if wake_fd in ready:
                    return
                if not self._step(master, master in ready, streaming):
                    return

    def _step(self, master: int, readable: bool, streaming: bool) -> bool:
        try:
            data = os.read(master, 1024) if readable else b""
        except BlockingIOError:
            data = b""
        except OSError:
            return False
        with self._lock:
            self.received += data
            reply = self.emulator.handle(data) if data else b""
            if streaming and not readable:
                reply = self.emulator.frame()
            reply, self._garbage = self._garbage + reply, b""
            silent = self.emulator.model.silent
        if reply and not silent:
            try:
                os.write(master, reply)
            except BlockingIOError:
                pass
            except OSError:
                return False
        return True
