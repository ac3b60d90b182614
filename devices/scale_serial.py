"""Serial scale driver: one protocol (data from scale_protocols), reads that never raise.

The port is opened lazily and reopened after any failure, so a scale unplugged and plugged
back in (same /dev/serial/by-id path) is picked up by the next read.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable, Iterable
from typing import Any

import serial

from devices.interfaces import ScaleReading, ScaleState
from devices.scale_protocols import (
    ACK,
    EOT,
    ESC,
    ETX,
    NAK,
    PROTOCOLS,
    STX,
    ScaleProtocol,
    apply_minimum,
    decode_frame,
    get_protocol,
    matches,
)
from devices.serialport import LINK_ERRORS, OPEN_ERRORS, open_serial

log = logging.getLogger(__name__)

DEFAULT_MIN_GRAMS = 40  # Min = 20 e for a class III scale with e = 2 g; set per scale


def open_port(port: str, protocol: ScaleProtocol, timeout: float,
              factory: Callable[..., Any] = serial.Serial) -> Any:
    return open_serial(port, factory, timeout=timeout, write_timeout=timeout,
                       **protocol.port.as_kwargs())


def _open_error(port: str, exc: Exception) -> ScaleReading:
    code = getattr(exc, "errno", None)
    if code in (errno.EACCES, errno.EPERM):
        message = f"Balance : accès refusé au port {port} (groupe dialout ?)"
    elif code == errno.EBUSY:
        message = f"Balance : port {port} déjà utilisé par un autre programme"
    else:
        message = f"Balance : port {port} introuvable (débranchée ?)"
    return ScaleReading(ScaleState.ERROR, message_fr=message)


class SerialScale:
    """A scale on a serial port, speaking ``protocol`` (toledo8217, cas, dialog06)."""

    def __init__(self, port: str, protocol: str | ScaleProtocol = "toledo8217", *,
                 timeout: float = 0.5, min_grams: int = DEFAULT_MIN_GRAMS,
                 serial_factory: Callable[..., Any] = serial.Serial) -> None:
        self.port = port
        # "auto": probe on first use, and again after the scale was unplugged.
        self.auto = protocol == "auto"
        self.protocol: ScaleProtocol | None = (
            None if self.auto else get_protocol(protocol) if isinstance(protocol, str) else protocol)
        self.timeout = timeout
        self.min_grams = min_grams
        self._factory = serial_factory
        self._serial: Any = None

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            port.close()
        if self.auto:
            self.protocol = None

    def read(self, unit_price_cents: int | None = None) -> ScaleReading:
        exchange = {"poll": self._poll, "stream": self._stream, "dialog06": self._dialog}
        reading = self._guarded(lambda: exchange[self._proto.exchange](unit_price_cents))
        return apply_minimum(reading, self.min_grams)

    @property
    def _proto(self) -> ScaleProtocol:
        assert self.protocol is not None
        return self.protocol

    def zero(self) -> ScaleReading:
        return self._command("zero")

    def tare(self) -> ScaleReading:
        return self._command("tare")

    def clear_tare(self) -> ScaleReading:
        return self._command("clear_tare")

    def _command(self, name: str) -> ScaleReading:
        def run() -> ScaleReading:
            payload = self._proto.commands.get(name)
            if payload is None:
                return ScaleReading(ScaleState.ERROR, message_fr=(
                    f"Balance : commande « {name} » non disponible avec {self._proto.label_fr}, "
                    "utilisez le bouton de la balance"))
            return self._ask(payload, expect_weight=False)
        return self._guarded(run)

    def _guarded(self, action: Callable[[], ScaleReading]) -> ScaleReading:
        if self.protocol is None:
            self.protocol = probe(self.port, timeout=self.timeout, serial_factory=self._factory)
            if self.protocol is None:
                return ScaleReading(ScaleState.NO_ANSWER, message_fr=(
                    f"Balance : aucune balance reconnue sur {self.port} (protocole ?)"))
        if self._serial is None:
            try:
                self._serial = open_port(self.port, self.protocol, self.timeout, self._factory)
            except OPEN_ERRORS as exc:
                log.info("scale %s: cannot open: %s", self.port, exc)
                return _open_error(self.port, exc)
        try:
            return action()
        except LINK_ERRORS as exc:
            log.warning("scale %s: link lost: %s", self.port, exc)
            self.close()
            return ScaleReading(ScaleState.ERROR,
                                message_fr="Balance : liaison série perdue (débranchée ?)")

    def _send(self, payload: bytes) -> None:
        log.debug("scale %s TX %r", self.port, payload)
        self._serial.write(payload)

    def _frame(self) -> bytes:
        raw = self._serial.read_until(self._proto.terminator, self._proto.max_frame)
        log.debug("scale %s RX %r", self.port, raw)
        return raw

    def _decode(self, raw: bytes, expect_weight: bool = True) -> ScaleReading:
        if not raw:
            return ScaleReading(ScaleState.NO_ANSWER)
        if not raw.endswith(self._proto.terminator):
            return ScaleReading(ScaleState.ERROR, raw=raw,
                                message_fr="Balance : trame incomplète (réponse interrompue)")
        return decode_frame(self._proto, raw, expect_weight=expect_weight)

    def _ask(self, payload: bytes, expect_weight: bool = True) -> ScaleReading:
        self._serial.reset_input_buffer()  # stale bytes of an earlier, late reply
        self._send(payload)
        return self._decode(self._frame(), expect_weight)

    def _poll(self, _unit_price: int | None) -> ScaleReading:
        return self._ask(self._proto.request)

    def _stream(self, _unit_price: int | None) -> ScaleReading:
        # The scale talks all the time: drop what is buffered, the first line may be cut.
        self._serial.reset_input_buffer()
        reading = ScaleReading(ScaleState.NO_ANSWER)
        for _attempt in range(3):
            reading = self._decode(self._frame())
            if reading.state is not ScaleState.ERROR:
                return reading
        return reading

    def _dialog(self, unit_price: int | None) -> ScaleReading:
        price = f"{max(unit_price or 0, 0):06d}".encode("ascii")[-6:]
        self._serial.reset_input_buffer()
        self._send(EOT + STX + b"01" + ESC + price + ESC + ETX)
        answer = self._serial.read(1)
        log.debug("scale %s RX %r", self.port, answer)
        if answer == NAK:
            return ScaleReading(ScaleState.ERROR, raw=answer, message_fr="Balance : prix unitaire refusé")
        if answer != ACK:
            return self._decode(answer + self._frame() if answer else b"")
        self._send(self._proto.request)
        reading = self._decode(self._frame())
        self._send(EOT)
        return reading


def probe(port: str, protocols: Iterable[ScaleProtocol] | None = None, *, timeout: float = 0.3,
          serial_factory: Callable[..., Any] = serial.Serial) -> ScaleProtocol | None:
    """The protocol a scale on ``port`` answers in, or None. Never claims an unknown device.

    Streaming protocols are tried first: they only listen. The others send their harmless
    status/weight request (never zero or tare).
    """
    ordered = sorted(protocols or PROTOCOLS.values(), key=lambda p: p.exchange != "stream")
    for protocol in ordered:
        if _answers(port, protocol, timeout, serial_factory):
            return protocol
    return None


def _answers(port: str, protocol: ScaleProtocol, timeout: float, factory: Callable[..., Any]) -> bool:
    try:
        link = open_port(port, protocol, timeout, factory)
    except OPEN_ERRORS:
        return False
    try:
        link.reset_input_buffer()
        if protocol.exchange != "stream":
            link.write(protocol.status_request)
        count = 2 if protocol.exchange == "stream" else 1  # a streamed first line may be cut
        frames = [link.read_until(protocol.terminator, protocol.max_frame) for _ in range(count)]
        return any(matches(protocol, frame) for frame in frames if frame)
    except LINK_ERRORS:
        return False
    finally:
        link.close()
