"""What the rest of the application sees of the hardware: values and small interfaces.

Nothing here does I/O. Drivers, simulators and fakes implement the protocols below; the till only
ever talks to these types (or to the hub's JSON events).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


def _raw_text(raw: bytes) -> str:
    # latin-1 maps every byte to one code point, so the frame survives JSON unchanged.
    return raw.decode("latin-1")


@dataclass(frozen=True)
class Scan:
    """One barcode read. ``data`` has the AIM prefix removed; GS1 separators are "\\x1d"."""

    data: str
    symbology: str | None = None
    source: str = "scanner"
    aim: str | None = None
    warnings: tuple[str, ...] = ()

    def to_event(self) -> dict[str, Any]:
        return {"type": "scan", "data": self.data, "symbology": self.symbology, "source": self.source,
                "aim": self.aim, "warnings": list(self.warnings)}


class ScaleState(enum.Enum):
    OK = "ok"
    MOTION = "motion"
    OVER_CAPACITY = "over_capacity"
    UNDER_ZERO = "under_zero"
    BELOW_MINIMUM = "below_minimum"
    OUTSIDE_ZERO_RANGE = "outside_zero_range"
    NO_ANSWER = "no_answer"
    ERROR = "error"


SCALE_MESSAGES_FR: dict[ScaleState, str] = {
    ScaleState.OK: "Balance : poids stable",
    ScaleState.MOTION: "Balance : poids instable",
    ScaleState.OVER_CAPACITY: "Balance : surcharge, retirez du poids",
    ScaleState.UNDER_ZERO: "Balance : poids négatif, remettez à zéro",
    ScaleState.BELOW_MINIMUM: "Balance : poids inférieur au minimum de pesée",
    ScaleState.OUTSIDE_ZERO_RANGE: "Balance : hors plage de zéro, videz le plateau",
    ScaleState.NO_ANSWER: "Balance : ne répond pas (câble, alimentation ?)",
    ScaleState.ERROR: "Balance : erreur",
}


@dataclass(frozen=True)
class ScaleReading:
    """A reading as the scale gave it. ``display`` keeps the weight text exactly as sent.

    Legal for trade (EN 45501 / OIML R76): only ``priceable`` readings may be priced or accepted.
    """

    state: ScaleState
    grams: int | None = None
    stable: bool = False
    net: bool = False
    raw: bytes = b""
    display: str | None = None
    message_fr: str = ""
    unit_price_cents: int | None = None
    total_cents: int | None = None

    def __post_init__(self) -> None:
        if not self.message_fr:
            object.__setattr__(self, "message_fr", SCALE_MESSAGES_FR[self.state])

    @property
    def priceable(self) -> bool:
        # BELOW_MINIMUM, MOTION, UNDER_ZERO... are all states other than OK, so they never price.
        return self.state is ScaleState.OK and self.stable and self.grams is not None and self.grams > 0

    def to_dict(self) -> dict[str, Any]:
        return {"grams": self.grams, "display": self.display, "stable": self.stable, "net": self.net,
                "state": self.state.value, "priceable": self.priceable, "message": self.message_fr,
                "raw": _raw_text(self.raw), "unit_price_cents": self.unit_price_cents,
                "total_cents": self.total_cents}

    def to_event(self) -> dict[str, Any]:
        return {"type": "weight", **self.to_dict()}


class PrinterState(enum.Enum):
    OK = "ok"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    NO_ANSWER = "no_answer"
    ERROR = "error"


PRINTER_MESSAGES_FR: dict[PrinterState, str] = {
    PrinterState.OK: "Imprimante : prête",
    PrinterState.PAPER_LOW: "Imprimante : papier bientôt épuisé",
    PrinterState.PAPER_OUT: "Imprimante : plus de papier",
    PrinterState.COVER_OPEN: "Imprimante : capot ouvert",
    PrinterState.OFFLINE: "Imprimante : hors ligne ou débranchée",
    PrinterState.NO_ANSWER: "Imprimante : ne répond pas",
    PrinterState.ERROR: "Imprimante : erreur",
}

# States in which a job can still be sent (paper low still prints).
PRINTABLE_STATES = frozenset({PrinterState.OK, PrinterState.PAPER_LOW})


@dataclass(frozen=True)
class PrinterStatus:
    state: PrinterState
    message_fr: str = ""
    pending_jobs: int = 0

    def __post_init__(self) -> None:
        if not self.message_fr:
            object.__setattr__(self, "message_fr", PRINTER_MESSAGES_FR[self.state])

    @property
    def ok(self) -> bool:
        return self.state in PRINTABLE_STATES

    def to_event(self) -> dict[str, Any]:
        return {"type": "printer", "state": self.state.value, "message": self.message_fr,
                "pending_jobs": self.pending_jobs}


@dataclass(frozen=True)
class DeviceState:
    """A device's connection state, for the screens ("Lecteur : débranché")."""

    device: str
    state: str
    message_fr: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_event(self) -> dict[str, Any]:
        return {"type": "device", "device": self.device, "state": self.state,
                "message": self.message_fr, **self.details}


@runtime_checkable
class Scanner(Protocol):
    """Yields scans until ``close()``; survives unplugging (it reports states instead)."""

    def scans(self) -> Iterator[Scan]: ...

    def close(self) -> None: ...


@runtime_checkable
class Scale(Protocol):
    """Reads never raise: every failure is a ScaleReading whose state names the problem."""

    def read(self, unit_price_cents: int | None = None) -> ScaleReading: ...

    def zero(self) -> ScaleReading: ...

    def tare(self) -> ScaleReading: ...

    def clear_tare(self) -> ScaleReading: ...

    def close(self) -> None: ...


@runtime_checkable
class ReceiptPrinter(Protocol):
    """``print`` queues and returns at once: an offline printer never blocks a sale."""

    def print(self, doc: Any) -> str: ...

    def open_drawer(self) -> None: ...

    def status(self) -> PrinterStatus: ...

    def close(self) -> None: ...
