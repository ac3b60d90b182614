"""The device hub: JSON events to subscribers, state replay, scale commands, unplug/replug."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devices.config import build_hub
from devices.fakes import FakePrinter, FakeScale, FakeScanner
from devices.hub import DeviceHub, Subscription
from devices.interfaces import ScaleState
from devices.printer import EscposPrinter
from devices.receipt import Receipt, Text
from devices.scale_serial import SerialScale
from devices.scale_sim import PtyScaleSimulator
from devices.scanner_serial import QueueScanner


def next_of(sub: Subscription, kind: str, **match: object) -> dict:
    while True:
        event = sub.get(timeout=5)
        assert event is not None, f"no {kind} event"
        json.dumps(event)  # every event must be JSON as is
        if event["type"] == kind and all(event.get(k) == v for k, v in match.items()):
            return event


@pytest.fixture
def hubs() -> Iterator[Callable[..., DeviceHub]]:
    """Builder of hubs (stopped at the end); subscribe before start() to see every event."""
    started: list[DeviceHub] = []

    def make(**devices: object) -> DeviceHub:
        devices.setdefault("scale_interval", 0.01)
        started.append(DeviceHub(clock=lambda: 1700000000.25, **devices))  # type: ignore[arg-type]
        return started[-1]

    yield make
    for hub in started:
        hub.stop()


def test_scans_weights_and_printer_events(hubs: Callable[..., DeviceHub]) -> None:
    printer = FakePrinter()
    hub = hubs(scanner=FakeScanner(["]C10103017620422003"]), scale=FakeScale(1250), printer=printer)
    sub = hub.subscribe()
    hub.start()
    scan = next_of(sub, "scan")
    assert scan == {"type": "scan", "data": "0103017620422003", "symbology": "gs1-128", "source": "fake",
                    "aim": "]C1", "warnings": [], "at": "2023-11-14T22:13:20.250Z"}
    weight = next_of(sub, "weight")
    assert (weight["grams"], weight["priceable"], weight["state"]) == (1250, True, "ok")
    assert hub.print_receipt(Receipt((Text("Merci"),))) == "fake-1"
    hub.open_drawer()
    assert printer.drawer_kicks == 1 and len(printer.outputs) == 1


def test_weight_events_only_on_change_and_states_replayed(hubs: Callable[..., DeviceHub]) -> None:
    scale = FakeScale(500)
    hub = hubs(scale=scale)
    early = hub.subscribe()
    hub.start()
    assert next_of(early, "device", device="scale")["state"] == "connected"
    assert next_of(early, "weight")["grams"] == 500
    scale.set(ScaleState.MOTION, 600)
    moving = next_of(early, "weight")
    assert (moving["state"], moving["stable"], moving["priceable"], moving["message"]) == (
        "motion", False, False, "Balance : poids instable")
    late = hub.subscribe()  # a page opened later gets the current state first
    assert next_of(late, "device", device="scale")["state"] == "connected"
    assert next_of(late, "weight")["state"] == "motion"
    assert hub.last_reading() is not None and hub.last_reading().state is ScaleState.MOTION  # type: ignore[union-attr]


def test_scale_commands_go_through_the_scale_thread(hubs: Callable[..., DeviceHub]) -> None:
    scale = FakeScale(500)
    hub = hubs(scale=scale)
    sub = hub.subscribe()
    hub.start()
    hub.set_unit_price(250)
    hub.scale_command("tare")
    event = next_of(sub, "scale_command")
    assert (event["command"], event["state"]) == ("tare", "ok")
    assert "tare" in scale.commands and 250 in scale.unit_prices


def test_simulated_scanner_and_manual_scans(hubs: Callable[..., DeviceHub]) -> None:
    scanner = QueueScanner()
    hub = hubs(scanner=scanner)
    sub = hub.subscribe()
    hub.start()
    assert next_of(sub, "device", device="scanner")["message"] == "Lecteur simulé : prêt"
    scanner.push("3017620422003")
    assert next_of(sub, "scan")["data"] == "3017620422003"
    hub.simulate_scan("]E05449000000996")
    assert next_of(sub, "scan", source="simulation")["symbology"] == "ean-13"


def test_slow_subscriber_gets_an_overflow_marker(hubs: Callable[..., DeviceHub]) -> None:
    hub = hubs()
    sub = hub.subscribe(maxsize=3)
    for n in range(5):
        hub.simulate_scan(str(n))
    assert sub.get(timeout=1) == {"type": "overflow", "dropped": 2}
    assert [sub.get(timeout=1)["data"] for _ in range(3)] == ["2", "3", "4"]  # type: ignore[index]
    assert sub.get(timeout=0) is None


def test_stop_ends_iteration_of_subscriptions() -> None:
    hub = DeviceHub(scanner=FakeScanner()).start()
    sub = hub.subscribe(replay=False)
    hub.simulate_scan("1")
    hub.stop()
    assert [e["data"] for e in sub] == ["1"] and sub.closed  # drained, then the iteration ends


def test_a_failing_driver_is_contained(hubs: Callable[..., DeviceHub]) -> None:
    class BrokenScale(FakeScale):
        def read(self, unit_price_cents: int | None = None):  # type: ignore[no-untyped-def]
            raise RuntimeError("bug")

    hub = hubs(scale=BrokenScale())
    sub = hub.subscribe()
    hub.start()
    assert next_of(sub, "weight")["message"] == "Balance : erreur interne"


def test_hub_survives_a_real_scale_unplugged_and_plugged_back(tmp_path: Path, hubs: Callable[..., DeviceHub],
                                                               make_scale_sim: Callable[..., PtyScaleSimulator]) -> None:
    link = str(tmp_path / "balance")
    sim = make_scale_sim("toledo8217", link=link, gross_grams=1000)
    hub = hubs(scale=SerialScale(link, "toledo8217", timeout=0.1))
    sub = hub.subscribe()
    hub.start()
    assert next_of(sub, "weight")["grams"] == 1000
    sim.unplug()
    lost = next_of(sub, "device", device="scale")
    assert lost["state"] == "error"
    assert lost["message"].startswith("Balance : ")
    sim.replug()
    sim.update(gross_grams=1500)
    assert next_of(sub, "device", device="scale")["state"] == "connected"
    assert next_of(sub, "weight", grams=1500)["display"] == "01.500 kg"


def test_price_computing_scale_is_asked_not_polled(hubs: Callable[..., DeviceHub]) -> None:
    scale = FakeScale(800)
    hub = hubs(scale=scale, scale_poll=False)
    sub = hub.subscribe()
    hub.start()
    hub.request_weight(unit_price_cents=390)
    assert next_of(sub, "weight")["grams"] == 800
    hub.request_weight()
    assert next_of(sub, "weight")["grams"] == 800  # asked twice: answered twice
    assert scale.unit_prices == [390, 390]


def test_dialog06_configuration_turns_polling_off() -> None:
    assert not build_hub({"scale": {"port": "/tmp/x", "protocol": "dialog06"}}).scale_poll
    assert build_hub({"scale": {"port": "/tmp/x", "protocol": "toledo8217"}}).scale_poll


def test_reprint_through_the_hub(tmp_path: Path, hubs: Callable[..., DeviceHub]) -> None:
    target = tmp_path / "ticket.bin"
    printer = EscposPrinter(f"file:{target}", spool_dir=str(tmp_path / "spool"), retry_interval=0.02)
    hub = hubs(printer=printer)
    sub = hub.subscribe()
    hub.start()
    first = hub.print_receipt(Receipt((Text("Merci"),)))
    assert next_of(sub, "print_job", job=first)
    again = hub.reprint()
    assert again is not None and next_of(sub, "print_job", job=again)
    half = len(target.read_bytes()) // 2
    assert target.read_bytes()[:half] == target.read_bytes()[half:]
    assert hubs(printer=FakePrinter()).reprint() is None


def test_a_price_computing_scale_is_asked_with_the_unit_price_when_the_till_weighs(hubs) -> None:
    scale = FakeScale(grams=640)
    hub = hubs(scale=scale, scale_poll=False).start()
    assert hub.last_reading() is None  # never polled: it weighs only when asked
    reading = hub.weigh(249)
    assert reading is not None and reading.grams == 640 and reading.priceable
    assert scale.unit_prices == [249]
