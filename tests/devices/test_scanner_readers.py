"""Scanner readers: evdev (fake device behind a pipe) and USB-CDC serial (real pty): grab,
unplug mid-scan, replug, states in French."""

from __future__ import annotations

import errno
import os
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from evdev import InputEvent

from devices.interfaces import DeviceState, Scan
from devices.keyencoder import encode_text
from devices.ptypair import PtyPair
from devices.scanner_evdev import EvdevScanner
from devices.scanner_serial import QueueScanner, SerialScanner


class FakeInputDevice:
    """Looks like evdev.InputDevice to the reader: fileno() is a pipe, read() returns events."""

    def __init__(self) -> None:
        self.read_fd, self.write_fd = os.pipe()
        self.pending: list[InputEvent] = []
        self.grabbed = False
        self.closed = False
        self.unplugged = False
        self.grab_error: int | None = None
        self.lock = threading.Lock()

    def fileno(self) -> int:
        return self.read_fd

    def grab(self) -> None:
        if self.grab_error:
            raise OSError(self.grab_error, os.strerror(self.grab_error))
        self.grabbed = True

    def send(self, events: list[tuple[int, int, int]]) -> None:
        with self.lock:
            self.pending += [InputEvent(0, i, t, c, v) for i, (t, c, v) in enumerate(events)]
        os.write(self.write_fd, b"!")

    def unplug(self) -> None:
        self.unplugged = True
        os.write(self.write_fd, b"!")

    def read(self) -> list[InputEvent]:
        os.read(self.read_fd, 1)  # one wake-up byte per send() or unplug()
        with self.lock:
            events, self.pending = self.pending, []
        if not events and self.unplugged:  # the kernel hands over queued events first
            raise OSError(errno.ENODEV, "No such device")
        return events

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self.read_fd)
            os.close(self.write_fd)


class Harness:
    """Runs a scanner's scans() in a thread; scans and states arrive on queues."""

    def __init__(self, scanner: EvdevScanner | SerialScanner | QueueScanner) -> None:
        self.scanner = scanner
        self.scans: queue.Queue[Scan] = queue.Queue()
        self.states: queue.Queue[DeviceState] = queue.Queue()
        scanner.on_state = self.states.put
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self) -> None:
        for scan in self.scanner.scans():
            self.scans.put(scan)

    def next_scan(self) -> Scan:
        return self.scans.get(timeout=5)

    def wait_state(self, state: str, message: str | None = None) -> DeviceState:
        while True:
            current = self.states.get(timeout=5)
            if current.state == state and (message is None or current.message_fr == message):
                return current

    def stop(self) -> None:
        self.scanner.close()
        self.thread.join()


@pytest.fixture
def fake_devices() -> Iterator[list[FakeInputDevice]]:
    devices: list[FakeInputDevice] = []
    yield devices
    for device in devices:
        device.close()


def test_evdev_reader_grabs_decodes_and_survives_replug(fake_devices: list[FakeInputDevice]) -> None:
    plugged = {"now": True}

    def opener(path: str) -> FakeInputDevice:
        if not plugged["now"]:
            raise FileNotFoundError(errno.ENOENT, "No such file", path)
        fake_devices.append(FakeInputDevice())
        return fake_devices[-1]

    scanner = EvdevScanner("/x/by-id/usb-scanner-event-kbd", "fr", opener=opener, reconnect_interval=0.01)
    harness = Harness(scanner)
    try:
        assert harness.wait_state("connected").message_fr == "Lecteur : prêt"
        device = fake_devices[0]
        assert device.grabbed
        device.send(encode_text("3017620422003", "fr"))
        assert harness.next_scan().data == "3017620422003"

        device.send(encode_text("30176", "fr", syn=False)[:-2])  # Enter never comes
        plugged["now"] = False
        device.unplug()
        harness.wait_state("disconnected", "Lecteur : débranché pendant une lecture, scannez à nouveau")
        harness.wait_state("disconnected", "Lecteur : débranché (en attente de rebranchement)")

        plugged["now"] = True
        harness.wait_state("connected")
        fake_devices[-1].send(encode_text("5449000000996", "fr"))
        assert harness.next_scan().data == "5449000000996"  # the cut scan left nothing behind
    finally:
        harness.stop()
    assert all(device.closed for device in fake_devices[:-1])


def test_evdev_reader_says_when_another_program_holds_the_scanner(fake_devices: list[FakeInputDevice]) -> None:
    def opener(path: str) -> FakeInputDevice:
        fake_devices.append(FakeInputDevice())
        fake_devices[-1].grab_error = errno.EBUSY
        return fake_devices[-1]

    harness = Harness(EvdevScanner("/x/scanner", "us", opener=opener))
    try:
        state = harness.wait_state("connected")
        assert "accès exclusif refusé" in state.message_fr
        fake_devices[0].send(encode_text("42", "us"))
        assert harness.next_scan().data == "42"
    finally:
        harness.stop()


def test_evdev_reader_reports_permission_problems() -> None:
    def opener(path: str) -> FakeInputDevice:
        raise PermissionError(errno.EACCES, "Permission denied", path)

    harness = Harness(EvdevScanner("/x/scanner", "us", opener=opener, reconnect_interval=0.01))
    try:
        state = harness.wait_state("error")
        assert state.message_fr == "Lecteur : accès refusé (ajoutez l'utilisateur au groupe input)"
    finally:
        harness.stop()


def test_evdev_reader_drops_a_scan_left_unfinished(fake_devices: list[FakeInputDevice]) -> None:
    def opener(path: str) -> FakeInputDevice:
        fake_devices.append(FakeInputDevice())
        return fake_devices[-1]

    scanner = EvdevScanner("/x/scanner", "us", opener=opener, scan_timeout=0.05)
    harness = Harness(scanner)
    try:
        harness.wait_state("connected")
        fake_devices[0].send(encode_text("123", "us")[:-4])
        harness.wait_state("connected", "Lecteur : lecture incomplète ignorée, scannez à nouveau")
        fake_devices[0].send(encode_text("456", "us"))
        assert harness.next_scan().data == "456"
    finally:
        harness.stop()


def test_serial_scanner_over_a_pty_with_replug(tmp_path: Path) -> None:
    link = str(tmp_path / "usb-scanner-if00")
    pty = PtyPair(link)
    harness = Harness(SerialScanner(link, reconnect_interval=0.01))
    try:
        harness.wait_state("connected")
        os.write(pty.master, b"]C1010301762042200310LOT42\x1d17261231\r\n3017620422003\r")
        first, second = harness.next_scan(), harness.next_scan()
        assert (first.symbology, first.data) == ("gs1-128", "010301762042200310LOT42\x1d17261231")
        assert second.data == "3017620422003" and second.source == link

        pty.close(keep_link=True)  # unplugged
        harness.wait_state("disconnected")
        pty = PtyPair(link)        # plugged again, same stable name
        harness.wait_state("connected")
        os.write(pty.master, "Crème\n".encode())
        assert harness.next_scan().data == "Crème"
    finally:
        harness.stop()
        pty.close()


def test_queue_scanner_is_the_simulated_one() -> None:
    scanner = QueueScanner(gs_substitute="|")
    harness = Harness(scanner)
    try:
        assert scanner.push_lines(["10ABC|17261231\n", "\n", "]E03017620422003"]) == 2
        assert harness.next_scan().data == "10ABC\x1d17261231"
        scan = harness.next_scan()
        assert (scan.symbology, scan.data) == ("ean-13", "3017620422003")
    finally:
        harness.stop()


def test_evdev_reader_starts_from_the_capslock_led(fake_devices: list[FakeInputDevice]) -> None:
    class CapsOnDevice(FakeInputDevice):
        def leds(self) -> list[int]:
            return [1]  # LED_CAPSL

    def opener(path: str) -> FakeInputDevice:
        fake_devices.append(CapsOnDevice())
        return fake_devices[-1]

    harness = Harness(EvdevScanner("/x/scanner", "fr", opener=opener))
    try:
        harness.wait_state("connected")
        fake_devices[0].send(encode_text("é&a", "fr"))  # typed without CapsLock...
        assert harness.next_scan().data == "21A"        # ...read with it on, as the host would
    finally:
        harness.stop()
