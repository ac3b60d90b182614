"""Scale protocols described as data, and the one decoder that reads frames with them.

A protocol says how to set the port, what to send, what a reply looks like (regular
expressions with named groups) and what its status bits or error codes mean. The decoder
knows the group names, never a scale brand:

- ``weight``: digits as sent; ``decimals``: how many of them are decimals (Dialog 06)
- ``sign``: "-" means under zero; ``unit``: "kg", "g"...; ``net``: non-empty means net
- ``stability``: a code looked up in ``stability_states`` (CAS "ST"/"US"/"OL")
- ``status``: one status byte whose bits are looked up in ``status_bits`` (Toledo)
- ``code``: an error code looked up in ``error_codes`` (Dialog 06)
- ``unit_price``, ``total``: cents computed by a price-computing scale
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from devices.interfaces import ScaleReading, ScaleState

STX, ETX, EOT, ENQ, ACK, NAK, ESC = b"\x02", b"\x03", b"\x04", b"\x05", b"\x06", b"\x15", b"\x1b"

UNIT_GRAMS = {"kg": 1000, "g": 1}
NET_BIT = "net"

# Most severe first: with several bits set, the reading takes the first state found.
_SEVERITY = (ScaleState.OVER_CAPACITY, ScaleState.UNDER_ZERO, ScaleState.OUTSIDE_ZERO_RANGE,
             ScaleState.MOTION, ScaleState.BELOW_MINIMUM, ScaleState.ERROR)


@dataclass(frozen=True)
class PortSettings:
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: int = 1

    def as_kwargs(self) -> dict[str, object]:
        return {"baudrate": self.baudrate, "bytesize": self.bytesize, "parity": self.parity,
                "stopbits": self.stopbits}


@dataclass(frozen=True)
class ScaleProtocol:
    name: str
    label_fr: str
    port: PortSettings
    exchange: str  # "poll": send request, read one frame; "stream": latest frame; "dialog06"
    terminator: bytes
    patterns: tuple[re.Pattern[bytes], ...]
    request: bytes = b""
    status_request: bytes = b""  # harmless request used by the probe
    commands: dict[str, bytes] = field(default_factory=dict)
    frame_start: bytes = b""  # bytes before the last frame start are line noise
    default_unit: str = "kg"
    status_bits: tuple[tuple[int, ScaleState | str], ...] = ()
    stability_states: dict[str, ScaleState] = field(default_factory=dict)
    error_codes: dict[str, tuple[ScaleState, str]] = field(default_factory=dict)
    max_frame: int = 64


TOLEDO_8217 = ScaleProtocol(
    name="toledo8217",
    label_fr="Mettler Toledo 8217",
    port=PortSettings(9600, 7, "E", 1),
    exchange="poll",
    terminator=b"\r",
    request=b"W",
    status_request=b"W",
    frame_start=STX,
    commands={"zero": b"Z", "tare": b"T", "clear_tare": b"C"},
    patterns=(
        re.compile(rb"\x02(?P<weight>\d{1,4}\.\d{1,3})(?P<net>N?)\r\Z"),
        re.compile(rb"\x02\?(?P<status>[\x40-\x7f])\r\Z"),
    ),
    status_bits=((0, ScaleState.MOTION), (1, ScaleState.OVER_CAPACITY), (2, ScaleState.UNDER_ZERO),
                 (3, ScaleState.OUTSIDE_ZERO_RANGE), (5, NET_BIT)),
    max_frame=16,
)

CAS_CONTINUOUS = ScaleProtocol(
    name="cas",
    label_fr="CAS (sortie continue)",
    port=PortSettings(9600, 8, "N", 1),
    exchange="stream",
    terminator=b"\r\n",
    patterns=(
        re.compile(rb"(?P<stability>ST|US),(?P<net>NT|GS|TR),(?:[0-9 ]{1,3},)?"
                   rb" *(?P<sign>[+-]?) *(?P<weight>\d+(?:\.\d+)?) *(?P<unit>kg|g)? *\r\n\Z"),
        re.compile(rb"(?P<stability>OL),(?:NT|GS|TR),[^\r\n]*\r\n\Z"),
    ),
    stability_states={"ST": ScaleState.OK, "US": ScaleState.MOTION, "OL": ScaleState.OVER_CAPACITY},
    max_frame=40,
)

DIALOG_06 = ScaleProtocol(
    name="dialog06",
    label_fr="Dialog 06 (balance calculatrice de prix)",
    port=PortSettings(9600, 7, "O", 1),
    exchange="dialog06",
    terminator=ETX,
    request=EOT + ENQ,
    frame_start=STX,
    status_request=EOT + STX + b"08" + ETX,
    patterns=(
        re.compile(rb"\x0202\x1b(?P<decimals>\d)\x1b(?P<weight>\d{5})\x1b(?P<unit_price>\d{6})"
                   rb"\x1b(?P<total>\d{6})\x1b?\x03\Z"),
        re.compile(rb"\x0209\x1b(?P<code>\d\d)\x03\Z"),
        re.compile(rb"\x0211\x1b(?P<challenge>[^\x03]*)\x03\Z"),
    ),
    error_codes={
        "00": (ScaleState.OK, "Balance : prête"),
        "01": (ScaleState.ERROR, "Balance : erreur générale"),
        "02": (ScaleState.ERROR, "Balance : erreur de parité ou de transmission"),
        "10": (ScaleState.ERROR, "Balance : enregistrement inconnu"),
        "11": (ScaleState.ERROR, "Balance : prix unitaire refusé"),
        "20": (ScaleState.MOTION, ""),
        "21": (ScaleState.ERROR, "Balance : pas de nouvelle pesée, retirez puis reposez l'article"),
        "30": (ScaleState.BELOW_MINIMUM, ""),
        "31": (ScaleState.UNDER_ZERO, ""),
        "32": (ScaleState.OVER_CAPACITY, ""),
    },
    max_frame=40,
)

PROTOCOLS: dict[str, ScaleProtocol] = {p.name: p for p in (TOLEDO_8217, CAS_CONTINUOUS, DIALOG_06)}


def get_protocol(name: str) -> ScaleProtocol:
    try:
        return PROTOCOLS[name.lower()]
    except KeyError:
        known = ", ".join(PROTOCOLS)
        raise ValueError(f"Protocole de balance inconnu : {name!r} (connus : {known})") from None


def to_grams(weight: str, unit: str, decimals: int | None = None) -> int | None:
    """Exact conversion of the weight text to grams (Decimal: no float error); None if not whole."""
    try:
        value = Decimal(weight)
    except InvalidOperation:
        return None
    if decimals:
        value = value.scaleb(-decimals)
    grams = value * UNIT_GRAMS[unit]
    return int(grams) if grams == grams.to_integral_value() else None


def _display(weight: str, unit: str, decimals: int | None, negative: bool) -> str:
    if decimals:
        weight = f"{weight[:-decimals]}.{weight[-decimals:]}"
    return f"{'-' if negative else ''}{weight} {unit}"


def _trim(protocol: ScaleProtocol, raw: bytes) -> bytes:
    start = raw.rfind(protocol.frame_start) if protocol.frame_start else -1
    return raw[start:] if start > 0 else raw


def matches(protocol: ScaleProtocol, raw: bytes) -> bool:
    """True if ``raw`` is a frame of this protocol (what the probe relies on)."""
    frame = _trim(protocol, raw)
    return any(pattern.match(frame) for pattern in protocol.patterns)


def decode_frame(protocol: ScaleProtocol, raw: bytes, *, expect_weight: bool = True) -> ScaleReading:
    """Read one complete frame. Garbage and unknown frames give an ERROR reading, never raise."""
    frame = _trim(protocol, raw)
    for pattern in protocol.patterns:
        match = pattern.match(frame)
        if match:
            return _from_groups(protocol, raw, _groups(match), expect_weight)
    return ScaleReading(ScaleState.ERROR, raw=raw,
                        message_fr="Balance : trame illisible (parasites, réglage du port ?)")


def _groups(match: re.Match[bytes]) -> dict[str, str]:
    return {k: v.decode("ascii") for k, v in match.groupdict().items() if v is not None}


def _from_groups(protocol: ScaleProtocol, raw: bytes, g: dict[str, str],
                 expect_weight: bool) -> ScaleReading:
    if "challenge" in g:
        return ScaleReading(ScaleState.ERROR, raw=raw, message_fr=(
            "Balance : contrôle d'authenticité Dialog 06 demandé (non pris en charge)"))
    if "code" in g:
        return _from_code(protocol, raw, g["code"])
    if "status" in g:
        return _from_status(protocol, raw, ord(g["status"]), expect_weight)
    return _from_weight(protocol, raw, g)


def _from_code(protocol: ScaleProtocol, raw: bytes, code: str) -> ScaleReading:
    state, message = protocol.error_codes.get(code, (ScaleState.ERROR, f"Balance : erreur {code}"))
    return ScaleReading(state, raw=raw, message_fr=message)


def _from_status(protocol: ScaleProtocol, raw: bytes, status: int, expect_weight: bool) -> ScaleReading:
    flags = {meaning for bit, meaning in protocol.status_bits if status & (1 << bit)}
    net = NET_BIT in flags
    for state in _SEVERITY:
        if state in flags:
            return ScaleReading(state, net=net, raw=raw)
    if expect_weight:
        return ScaleReading(ScaleState.ERROR, net=net, raw=raw,
                            message_fr="Balance : statut reçu sans poids")
    return ScaleReading(ScaleState.OK, net=net, raw=raw, message_fr="Balance : commande acceptée")


def _from_weight(protocol: ScaleProtocol, raw: bytes, g: dict[str, str]) -> ScaleReading:
    state = protocol.stability_states.get(g.get("stability", ""), ScaleState.OK)
    stable = state is not ScaleState.MOTION
    net = g.get("net", "") in ("N", "NT")
    if "weight" not in g:  # e.g. CAS overload frame: no number to show
        return ScaleReading(state, net=net, raw=raw)
    unit = g.get("unit") or protocol.default_unit
    decimals = int(g["decimals"]) if "decimals" in g else None
    negative = g.get("sign") == "-"
    grams = to_grams(g["weight"], unit, decimals)
    display = _display(g["weight"], unit, decimals, negative)
    if grams is None:
        return ScaleReading(ScaleState.ERROR, raw=raw, display=display,
                            message_fr="Balance : résolution non prise en charge")
    if negative:
        grams, state = -grams, ScaleState.UNDER_ZERO
    return ScaleReading(state, grams=grams, stable=stable, net=net, raw=raw,
                        display=display, unit_price_cents=_cents(g, "unit_price"),
                        total_cents=_cents(g, "total"))


def _cents(g: dict[str, str], key: str) -> int | None:
    return int(g[key]) if key in g else None


def apply_minimum(reading: ScaleReading, min_grams: int) -> ScaleReading:
    """A stable positive weight under the scale's Min (e.g. 20 e) must not be priced."""
    if reading.state is ScaleState.OK and reading.grams is not None and 0 < reading.grams < min_grams:
        return ScaleReading(ScaleState.BELOW_MINIMUM, grams=reading.grams, stable=reading.stable,
                            net=reading.net, raw=reading.raw, display=reading.display,
                            message_fr=f"Balance : poids inférieur au minimum de pesée ({min_grams} g)")
    return reading
