"""The receipt printer: spool, transports, states (paper, cover, offline) and recovery, without
ever blocking the caller."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devices.escpos_render import PrinterProfile, drawer_bytes, escpos_printer, render
from devices.interfaces import PrinterState
from devices.printer import EscposPrinter
from devices.printer_sim import TcpPrinterSimulator
from devices.printer_transport import (
    FileTransport,
    PrinterSpec,
    SerialTransport,
    TransportError,
    UsbTransport,
    parse_printer_spec,
    read_status,
)
from devices.ptypair import PtyPair
from devices.receipt import Columns, Receipt, Text
from devices.spool import Spool

RECEIPT = Receipt((Text("Épicerie solidaire", bold=True, align="center"), Columns("Pâtes", "0,12 €")))
P = PrinterState


@pytest.fixture
def printers(tmp_path: Path) -> Iterator[Callable[..., EscposPrinter]]:
    made: list[EscposPrinter] = []

    def make(spec: str, **options: object) -> EscposPrinter:
        options.setdefault("spool_dir", str(tmp_path / "spool"))
        options.setdefault("retry_interval", 0.02)
        options.setdefault("timeout", 1.0)
        made.append(EscposPrinter(spec, **options))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for printer in made:
        printer.close()


@pytest.mark.parametrize(("spec", "kind", "options"), [
    ("usb:04b8:0e15", "usb", {"vid": 0x04B8, "pid": 0x0E15}),
    ("usb:0x0416:0x5011", "usb", {"vid": 0x0416, "pid": 0x5011}),
    ("serial:/dev/ttyUSB0", "serial", {"path": "/dev/ttyUSB0", "baudrate": 9600}),
    ("serial:/dev/ttyUSB0:19200", "serial", {"path": "/dev/ttyUSB0", "baudrate": 19200}),
    ("serial:/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0", "serial",
     {"path": "/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0", "baudrate": 9600}),
    ("tcp:192.168.1.50:9100", "tcp", {"host": "192.168.1.50", "port": 9100}),
    ("tcp:imprimante.local", "tcp", {"host": "imprimante.local", "port": 9100}),
    ("tcp:[::1]:9101", "tcp", {"host": "::1", "port": 9101}),
    ("file:/dev/usb/lp0", "file", {"path": "/dev/usb/lp0"}),
])
def test_printer_specs(spec: str, kind: str, options: dict) -> None:
    parsed = parse_printer_spec(spec)
    assert (parsed.kind, parsed.options) == (kind, options)


@pytest.mark.parametrize("spec", ["", "usb:04b8", "usb:zz:01", "lpt:1", "tcp:", "file:"])
def test_bad_printer_specs_are_refused_in_french(spec: str) -> None:
    with pytest.raises(ValueError, match="Adresse d'imprimante invalide"):
        parse_printer_spec(spec)


def test_spool_is_ordered_atomic_and_keeps_recent_jobs_for_reprint(tmp_path: Path) -> None:
    spool = Spool(str(tmp_path), keep_done=2)
    ids = [spool.add(bytes([n])) for n in range(4)]
    assert spool.pending() == ids and ids == sorted(ids)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    for job in ids:
        spool.mark_done(job)
    assert spool.pending() == [] and spool.done() == ids[2:]
    again = spool.reprint()
    assert again is not None and spool.read(again) == b"\x03" and spool.pending() == [again]
    assert spool.reprint(ids[0]) is None  # pruned
    assert spool.discard(again) and not spool.discard(again)
    assert Spool(str(tmp_path), keep_done=2).done() == ids[2:]  # survives a restart


def test_print_over_the_network(printer_sim: TcpPrinterSimulator, printers: Callable[..., EscposPrinter]) -> None:
    events: list[dict] = []
    printer = printers(printer_sim.spec, on_event=events.append).start()
    job = printer.print(RECEIPT)
    assert printer_sim.wait_jobs(1) and printer.wait_idle(5)
    assert printer_sim.jobs == [render(RECEIPT)]
    assert printer.status().state is P.OK and printer.spool.done() == [job]
    assert {"type": "print_job", "job": job, "state": "printed"} in events


@pytest.mark.parametrize(("paper", "cover", "state", "message"), [
    ("out", False, P.PAPER_OUT, "Imprimante : plus de papier"),
    ("ok", True, P.COVER_OPEN, "Imprimante : capot ouvert"),
])
def test_paper_out_or_cover_open_queues_then_recovers(printer_sim: TcpPrinterSimulator,
                                                      printers: Callable[..., EscposPrinter],
                                                      paper: str, cover: bool, state: PrinterState,
                                                      message: str) -> None:
    printer_sim.paper, printer_sim.cover_open = paper, cover
    printer = printers(printer_sim.spec).start()
    job = printer.print(RECEIPT)  # returns at once: the sale goes on
    assert printer.wait_for_state({state}, 5)
    status = printer.status()
    assert (status.message_fr, status.pending_jobs) == (message, 1)
    assert printer.spool.pending() == [job] and printer_sim.jobs == [b""] * len(printer_sim.jobs)
    printer_sim.paper, printer_sim.cover_open = "ok", False
    assert printer.wait_idle(5) and printer_sim.wait_jobs(1)
    assert render(RECEIPT) in printer_sim.jobs and printer.status().state is P.OK


def test_paper_low_still_prints(printer_sim: TcpPrinterSimulator, printers: Callable[..., EscposPrinter]) -> None:
    printer_sim.paper = "low"
    printer = printers(printer_sim.spec).start()
    printer.print(RECEIPT)
    assert printer.wait_idle(5)
    assert printer.status().message_fr == "Imprimante : papier bientôt épuisé"


def test_printer_that_disappears_and_comes_back(printers: Callable[..., EscposPrinter]) -> None:
    first = TcpPrinterSimulator().start()
    port = first.port
    printer = printers(first.spec).start()
    printer.print(RECEIPT)
    assert first.wait_jobs(1)
    first.stop()  # switched off
    job = printer.print(RECEIPT)
    printer.open_drawer()
    assert printer.wait_for_state({P.OFFLINE}, 5)
    assert printer.status().message_fr.endswith("injoignable (éteinte ou débranchée ?)")
    with TcpPrinterSimulator(port) as back:  # switched on again
        assert printer.wait_idle(5) and back.wait_jobs(1)
    assert back.jobs == [drawer_bytes() + render(RECEIPT)] and printer.spool.done()[-1] == job


def test_jobs_survive_a_restart(tmp_path: Path, printer_sim: TcpPrinterSimulator,
                                printers: Callable[..., EscposPrinter]) -> None:
    offline = printers("tcp:127.0.0.1:1")  # never started: nothing listens there anyway
    offline.print(RECEIPT)
    offline.close()
    printer = printers(printer_sim.spec).start()  # same spool directory
    assert printer.wait_idle(5) and printer_sim.wait_jobs(1)
    assert printer_sim.jobs == [render(RECEIPT)]


def test_reprint_sends_the_same_bytes(printer_sim: TcpPrinterSimulator,
                                      printers: Callable[..., EscposPrinter]) -> None:
    printer = printers(printer_sim.spec).start()
    printer.print(RECEIPT)
    assert printer.wait_idle(5)
    assert printer.reprint() is not None and printer.wait_idle(5) and printer_sim.wait_jobs(2)
    assert printer_sim.jobs[0] == printer_sim.jobs[1] == render(RECEIPT)


def test_drawer_request_expires_instead_of_opening_later(printers: Callable[..., EscposPrinter]) -> None:
    events: list[dict] = []
    printer = printers("tcp:127.0.0.1:1", drawer_expiry=0.0, on_event=events.append).start()
    printer.open_drawer()
    assert printer.wait_idle(5)
    assert {"type": "drawer", "state": "failed",
            "message": "Tiroir-caisse : ouverture impossible, imprimante indisponible"} in events


def test_file_printer_appends_and_reports_a_missing_device(tmp_path: Path,
                                                           printers: Callable[..., EscposPrinter]) -> None:
    target = tmp_path / "ticket.bin"
    printer = printers(f"file:{target}", profile=PrinterProfile(columns=32)).start()
    printer.print(RECEIPT)
    printer.print(RECEIPT)
    assert printer.wait_idle(5)
    one = render(RECEIPT, PrinterProfile(columns=32))
    assert target.read_bytes() == one + one
    with pytest.raises(TransportError) as missing:
        FileTransport(str(tmp_path / "usb" / "lp0")).open()  # like /dev/usb/lp0 once unplugged
    assert missing.value.state is P.OFFLINE


def test_serial_printer_on_a_pty_answers_status(tmp_path: Path) -> None:
    with PtyPair() as pty:
        def printer_side() -> None:
            for _ in range(2):  # DLE EOT 1, then DLE EOT 4: online, paper near end
                request = os.read(pty.master, 3)
                os.write(pty.master, b"\x12" if request == b"\x10\x04\x01" else b"\x1e")

        firmware = threading.Thread(target=printer_side)
        firmware.start()
        transport = SerialTransport(pty.tty_path, 19200, timeout=1.0)
        transport.open()
        try:
            status = read_status(transport)
            transport.write(b"hello")
        finally:
            transport.close()
            firmware.join()
        assert status is not None and status.state is P.PAPER_LOW
        assert os.read(pty.master, 16) == b"hello"


def test_usb_printer_not_found_is_a_state(monkeypatch: pytest.MonkeyPatch) -> None:
    class MissingUsb:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def open(self) -> None:  # what python-escpos raises without pyusb
            raise RuntimeError("Printing with USB connection requires a usb library to be installed.")

    monkeypatch.setattr(escpos_printer(), "Usb", MissingUsb)
    with pytest.raises(TransportError) as error:
        UsbTransport(0x04B8, 0x0E15).open()
    assert (error.value.state, error.value.message_fr) == (P.OFFLINE, "Imprimante : USB 04b8:0e15 introuvable (débranchée ?)")


def test_a_bad_document_fails_at_once_not_in_the_worker(printers: Callable[..., EscposPrinter]) -> None:
    printer = printers("tcp:127.0.0.1:1", profile=PrinterProfile(codepage="CP858", escpos_profile="TM-U220"))
    with pytest.raises(ValueError, match="Page de codes"):
        printer.print(RECEIPT)
    assert printer.spool.pending() == []


def test_worker_survives_an_unexpected_error(tmp_path: Path, printers: Callable[..., EscposPrinter]) -> None:
    calls = {"n": 0}

    class Flaky(FileTransport):
        def open(self) -> None:
            calls["n"] += 1
            if calls["n"] == 1:
                raise RuntimeError("bug")
            super().open()

    target = tmp_path / "out.bin"
    printer = printers(f"file:{target}",
                       transport_factory=lambda spec, timeout: Flaky(spec.options["path"], timeout))
    printer.print(RECEIPT)
    printer.start()
    assert printer.wait_idle(5) and target.read_bytes() == render(RECEIPT)
    assert isinstance(parse_printer_spec(f"file:{target}"), PrinterSpec)


def test_usb_connection_is_kept_between_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []

    class FakeUsb:
        def __init__(self, vid: int, pid: int, timeout: int) -> None:
            self.written = b""
            self.closed = False

        def open(self) -> None:  # python-escpos resets the device here: must happen once
            opened.append(self)

        def _raw(self, data: bytes) -> None:
            if self.closed:
                raise OSError("gone")
            self.written += data

        def _read(self) -> bytes:
            return b""

        def close(self) -> None:
            self.closed = True

    monkeypatch.setattr(escpos_printer(), "Usb", FakeUsb)
    for data in (b"one", b"two"):
        transport = UsbTransport(0x0416, 0x5011)
        transport.open()
        transport.write(data)
        transport.close()
    assert len(opened) == 1 and opened[0].written == b"onetwo"  # type: ignore[attr-defined]
    opened[0].close()  # type: ignore[attr-defined]  # unplugged
    with pytest.raises(TransportError):
        transport.write(b"three")
    transport.open()  # the failure dropped it: a fresh connection
    assert len(opened) == 2
    transport.drop()
