"""Test doubles for the rest of the application (till, warehouse): no thread, no port, no file.

    scale = FakeScale(grams=1250)            # a stable 1,250 kg
    scale.set(ScaleState.MOTION)             # the next reads say "instable"
    printer = FakePrinter(); printer.print(receipt); printer.receipts[-1]
    scanner = FakeScanner(["3017620422003"]) # yields the scans, then waits for close()
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from devices.escpos_render import DEFAULT_PROFILE, PrinterProfile, render
from devices.interfaces import (
    PrinterState,
    PrinterStatus,
    ScaleReading,
    ScaleState,
    Scan,
)
from devices.receipt import Receipt
from devices.scale_protocols import apply_minimum
from devices.scanner_serial import scan_from_text


class FakeScanner:
    def __init__(self, codes: Iterable[str] = (), source: str = "fake") -> None:
        self.codes = list(codes)
        self.source = source
        self._closed = threading.Event()
        self.on_state = None

    def scans(self) -> Iterator[Scan]:
        for code in self.codes:
            yield scan_from_text(code, self.source)
        self._closed.wait()

    def close(self) -> None:
        self._closed.set()


class FakeScale:
    """Returns the reading it was told to; commands are recorded."""

    def __init__(self, grams: int | None = 0, *, min_grams: int = 40) -> None:
        self.min_grams = min_grams
        self.commands: list[str] = []
        self.unit_prices: list[int | None] = []
        self.reading = ScaleReading(ScaleState.OK)
        self.set(ScaleState.OK, grams)

    def set(self, state: ScaleState, grams: int | None = None, *, stable: bool | None = None,
            net: bool = False, message_fr: str = "") -> None:
        display = None if grams is None else f"{grams / 1000:.3f} kg"
        stable = state is not ScaleState.MOTION if stable is None else stable
        self.reading = ScaleReading(state, grams=grams, stable=stable, net=net, display=display,
                                    message_fr=message_fr)

    def read(self, unit_price_cents: int | None = None) -> ScaleReading:
        self.unit_prices.append(unit_price_cents)
        return apply_minimum(self.reading, self.min_grams)

    def _command(self, name: str) -> ScaleReading:
        self.commands.append(name)
        return ScaleReading(ScaleState.OK, message_fr="Balance : commande acceptée")

    def zero(self) -> ScaleReading:
        return self._command("zero")

    def tare(self) -> ScaleReading:
        return self._command("tare")

    def clear_tare(self) -> ScaleReading:
        return self._command("clear_tare")

    def close(self) -> None:
        self.commands.append("close")


class FakePrinter:
    """Keeps receipts (and their rendered bytes, so a bad document fails like the real one)."""

    def __init__(self, profile: PrinterProfile = DEFAULT_PROFILE) -> None:
        self.profile = profile
        self.receipts: list[Receipt] = []
        self.outputs: list[bytes] = []
        self.drawer_kicks = 0
        self.state = PrinterStatus(PrinterState.OK)
        self.on_event = None

    def print(self, doc: Receipt) -> str:
        self.outputs.append(render(doc, self.profile))
        self.receipts.append(doc)
        return f"fake-{len(self.receipts)}"

    def open_drawer(self) -> None:
        self.drawer_kicks += 1

    def status(self) -> PrinterStatus:
        return self.state

    def close(self) -> None:
        pass
