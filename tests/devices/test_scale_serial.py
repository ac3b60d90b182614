"""The scale driver over a real pseudo-terminal against the simulator: every state, no answer,
garbage, parity errors, unplug and replug, the probe."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devices.interfaces import ScaleState
from devices.ptypair import PtyPair
from devices.scale_protocols import CAS_CONTINUOUS, DIALOG_06, TOLEDO_8217
from devices.scale_serial import SerialScale, probe
from devices.scale_sim import PtyScaleSimulator

S = ScaleState
MakeSim = Callable[..., PtyScaleSimulator]


@pytest.fixture
def scales() -> Iterator[Callable[..., SerialScale]]:
    opened: list[SerialScale] = []

    def make(port: str, protocol: str = "toledo8217", **options: object) -> SerialScale:
        opened.append(SerialScale(port, protocol, timeout=options.pop("timeout", 0.3), **options))  # type: ignore[arg-type]
        return opened[-1]

    yield make
    for scale in opened:
        scale.close()


TOLEDO_STATES = [
    ({"motion": True}, S.MOTION, 0x41),
    ({"over": True}, S.OVER_CAPACITY, 0x42),
    ({"under": True}, S.UNDER_ZERO, 0x44),
    ({"outside_zero": True}, S.OUTSIDE_ZERO_RANGE, 0x48),
    ({"gross_grams": 20000}, S.OVER_CAPACITY, 0x42),
]


def test_toledo_stable_weight(make_scale_sim: MakeSim, scales: Callable[..., SerialScale]) -> None:
    sim = make_scale_sim("toledo8217", gross_grams=1234)
    reading = scales(sim.path).read()
    assert (reading.state, reading.grams, reading.stable, reading.net) == (S.OK, 1234, True, False)
    assert reading.raw == b"\x0201.234\r" and reading.priceable
    assert bytes(sim.received) == b"W"


@pytest.mark.parametrize(("change", "state", "status"), TOLEDO_STATES)
def test_toledo_status_bits_over_the_wire(make_scale_sim: MakeSim, scales: Callable[..., SerialScale],
                                          change: dict, state: ScaleState, status: int) -> None:
    sim = make_scale_sim("toledo8217", **{"gross_grams": 1234, **change})
    reading = scales(sim.path).read()
    assert reading.state is state and reading.grams is None and not reading.priceable
    assert reading.raw == b"\x02?" + bytes([status]) + b"\r"


def test_toledo_zero_tare_and_clear(make_scale_sim: MakeSim, scales: Callable[..., SerialScale]) -> None:
    sim = make_scale_sim("toledo8217", gross_grams=300)
    scale = scales(sim.path)
    tare = scale.tare()
    assert tare.state is S.OK and tare.net and tare.raw == b"\x02?p\r"  # bits 4 (zero) and 5 (net)
    reading = scale.read()
    assert (reading.grams, reading.net, reading.raw) == (0, True, b"\x0200.000N\r")
    sim.update(gross_grams=1300)
    assert (scale.read().grams, scale.read().net) == (1000, True)
    assert not scale.clear_tare().net
    assert scale.read().grams == 1300
    sim.update(gross_grams=1310)
    assert scale.zero().state is S.OK and scale.read().grams == 0
    assert bytes(sim.received) == b"TWWWCWZW"


def test_below_minimum_is_never_priceable(make_scale_sim: MakeSim, scales: Callable[..., SerialScale]) -> None:
    sim = make_scale_sim("toledo8217", gross_grams=30)
    reading = scales(sim.path, min_grams=40).read()
    assert (reading.state, reading.grams, reading.priceable) == (S.BELOW_MINIMUM, 30, False)


def test_no_answer_then_recovery(make_scale_sim: MakeSim, scales: Callable[..., SerialScale]) -> None:
    sim = make_scale_sim("toledo8217", gross_grams=500, silent=True)
    scale = scales(sim.path, timeout=0.1)
    reading = scale.read()
    assert reading.state is S.NO_ANSWER
    assert reading.message_fr == "Balance : ne répond pas (câble, alimentation ?)"
    sim.update(silent=False)
    assert scale.read().grams == 500


def test_garbage_on_the_line_then_recovery(make_scale_sim: MakeSim, scales: Callable[..., SerialScale]) -> None:
    sim = make_scale_sim("toledo8217", gross_grams=500)
    scale = scales(sim.path)
    sim.send_garbage(b"\x00\xff#?~\x9f")
    first = scale.read()
    # Noise before STX is skipped: the frame that follows is still read.
    assert first.grams == 500 and first.raw.endswith(b"\x0200.500\r")
    sim.send_garbage(b"\x02\xb0\xb1")  # a frame start, then bytes mangled by a parity error
    assert scale.read().state is S.OK  # the next frame restarts after the last STX
    assert scale.read().grams == 500


def test_parity_errors_give_an_unreadable_frame(make_scale_sim: MakeSim, scales: Callable[..., SerialScale]) -> None:
    sim = make_scale_sim("toledo8217", gross_grams=500, silent=True)
    scale = scales(sim.path, timeout=0.1)
    assert sim._pty is not None
    # What Linux hands over for characters received with bad parity (INPCK off): mangled bytes.
    os.write(sim._pty.master, b"\x02\xb0\x30.5\xb0\xb0\r")
    reading = scale.read()
    assert reading.state is S.NO_ANSWER  # stale bytes are flushed before each request
    sim.update(silent=False)
    sim.send_garbage(b"\x02\xb0\x30.5\xb0\xb0\r")
    bad = scale.read()
    assert bad.state is S.ERROR and bad.message_fr.startswith("Balance : trame illisible")


def test_scale_that_stops_mid_frame(scales: Callable[..., SerialScale]) -> None:
    with PtyPair() as pty:
        def answer_half() -> None:
            assert os.read(pty.master, 16) == b"W"
            os.write(pty.master, b"\x0201.2")  # ...and the cable is pulled

        responder = threading.Thread(target=answer_half)
        responder.start()
        reading = scales(pty.tty_path, timeout=0.1).read()
        responder.join()
    assert (reading.state, reading.raw) == (S.ERROR, b"\x0201.2")
    assert reading.message_fr == "Balance : trame incomplète (réponse interrompue)"


def test_unplug_and_replug_on_a_stable_name(tmp_path: Path, make_scale_sim: MakeSim,
                                           scales: Callable[..., SerialScale]) -> None:
    link = str(tmp_path / "usb-Mettler_Toledo-if00")
    sim = make_scale_sim("toledo8217", link=link, gross_grams=800)
    scale = scales(link)
    assert scale.read().grams == 800
    sim.unplug()
    lost = scale.read()
    assert lost.state is S.ERROR and "débranchée" in lost.message_fr
    sim.replug()
    sim.update(gross_grams=900)
    assert scale.read().grams == 900


def test_missing_port_is_an_error_reading(tmp_path: Path, scales: Callable[..., SerialScale]) -> None:
    reading = scales(str(tmp_path / "absent"), "cas").read()
    assert reading.state is S.ERROR
    assert reading.message_fr == f"Balance : port {tmp_path / 'absent'} introuvable (débranchée ?)"


@pytest.mark.parametrize(("change", "state", "grams"), [
    ({}, S.OK, 1234), ({"motion": True}, S.MOTION, 1234), ({"over": True}, S.OVER_CAPACITY, None),
    ({"under": True}, S.UNDER_ZERO, -1234), ({"tare_grams": 234}, S.OK, 1000),
])
def test_cas_continuous_output(make_scale_sim: MakeSim, scales: Callable[..., SerialScale],
                               change: dict, state: ScaleState, grams: int | None) -> None:
    sim = make_scale_sim("cas", gross_grams=1234, **change)
    reading = scales(sim.path, "cas").read()
    assert (reading.state, reading.grams) == (state, grams)
    assert reading.net == ("tare_grams" in change)


def test_cas_silent_scale(make_scale_sim: MakeSim, scales: Callable[..., SerialScale]) -> None:
    sim = make_scale_sim("cas", silent=True)
    assert scales(sim.path, "cas", timeout=0.05).read().state is S.NO_ANSWER
    assert scales(sim.path, "cas").tare().state is S.ERROR  # no commands in continuous mode


def test_dialog06_price_computing_exchange(make_scale_sim: MakeSim, scales: Callable[..., SerialScale]) -> None:
    sim = make_scale_sim("dialog06", gross_grams=1234)
    scale = scales(sim.path, "dialog06")
    reading = scale.read(unit_price_cents=250)
    assert (reading.state, reading.grams, reading.unit_price_cents, reading.total_cents) == (S.OK, 1234, 250, 309)
    scale.read(unit_price_cents=99)  # the simulator has surely seen the first exchange's EOT by now
    first = b"\x04\x0201\x1b000250\x1b\x03" + b"\x04\x05" + b"\x04"
    assert bytes(sim.received).startswith(first + b"\x04\x0201\x1b000099")


@pytest.mark.parametrize(("change", "state"), [
    ({"motion": True}, S.MOTION), ({"gross_grams": 10}, S.BELOW_MINIMUM),
    ({"under": True}, S.UNDER_ZERO), ({"over": True}, S.OVER_CAPACITY),
])
def test_dialog06_errors_over_the_wire(make_scale_sim: MakeSim, scales: Callable[..., SerialScale],
                                       change: dict, state: ScaleState) -> None:
    sim = make_scale_sim("dialog06", **{"gross_grams": 1234, **change})
    assert scales(sim.path, "dialog06").read(unit_price_cents=100).state is state


@pytest.mark.parametrize("protocol", ["toledo8217", "cas", "dialog06"])
def test_probe_recognises_each_simulated_scale(make_scale_sim: MakeSim, protocol: str) -> None:
    sim = make_scale_sim(protocol, gross_grams=500)
    assert probe(sim.path, timeout=0.2) is {"toledo8217": TOLEDO_8217, "cas": CAS_CONTINUOUS,
                                            "dialog06": DIALOG_06}[protocol]


def test_probe_never_claims_a_silent_or_unknown_device(make_scale_sim: MakeSim) -> None:
    with PtyPair() as quiet:
        assert probe(quiet.tty_path, timeout=0.05) is None
    sim = make_scale_sim("toledo8217", silent=True)
    sim.send_garbage(b"3017620422003\r\n")  # a scanner in serial mode, say
    assert probe(sim.path, timeout=0.05) is None


def test_auto_protocol_probes_once_then_reads(make_scale_sim: MakeSim, scales: Callable[..., SerialScale]) -> None:
    sim = make_scale_sim("dialog06", gross_grams=700)
    scale = scales(sim.path, "auto")
    assert scale.read(100).grams == 700
    assert scale.protocol is DIALOG_06
