"""Scale frame parsing: every status bit, exact grams, and fuzzing (never an exception)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from devices.interfaces import ScaleReading, ScaleState
from devices.scale_protocols import (
    CAS_CONTINUOUS,
    DIALOG_06,
    PROTOCOLS,
    TOLEDO_8217,
    apply_minimum,
    decode_frame,
    get_protocol,
    to_grams,
)

S = ScaleState


def toledo_status(bits: int) -> bytes:
    return b"\x02?" + bytes([0x40 | bits]) + b"\r"


def test_toledo_weight_frames() -> None:
    reading = decode_frame(TOLEDO_8217, b"\x0201.234\r")
    assert (reading.state, reading.grams, reading.stable, reading.net) == (S.OK, 1234, True, False)
    assert reading.display == "01.234 kg" and reading.priceable
    net = decode_frame(TOLEDO_8217, b"\x0200.250N\r")
    assert (net.grams, net.net, net.display) == (250, True, "00.250 kg")


@pytest.mark.parametrize(("bits", "state"), [
    (0b000001, S.MOTION),
    (0b000010, S.OVER_CAPACITY),
    (0b000100, S.UNDER_ZERO),
    (0b001000, S.OUTSIDE_ZERO_RANGE),
    (0b000011, S.OVER_CAPACITY),        # over capacity wins over motion
    (0b001001, S.OUTSIDE_ZERO_RANGE),
    (0b000101, S.UNDER_ZERO),
])
def test_toledo_status_bits(bits: int, state: ScaleState) -> None:
    reading = decode_frame(TOLEDO_8217, toledo_status(bits))
    assert reading.state is state and reading.grams is None and not reading.priceable


def test_toledo_net_and_centre_of_zero_bits_are_not_errors_after_a_command() -> None:
    net = decode_frame(TOLEDO_8217, toledo_status(0b110000), expect_weight=False)
    assert (net.state, net.net) == (S.OK, True)
    centre = decode_frame(TOLEDO_8217, toledo_status(0b010000), expect_weight=False)
    assert (centre.state, centre.net) == (S.OK, False)
    # ...but a status in answer to W means no weight to show:
    assert decode_frame(TOLEDO_8217, toledo_status(0b010000)).state is S.ERROR


@pytest.mark.parametrize(("frame", "state", "grams", "net", "stable"), [
    (b"ST,GS,+  1.234kg\r\n", S.OK, 1234, False, True),
    (b"US,GS,+  1.234kg\r\n", S.MOTION, 1234, False, False),
    (b"ST,NT,+  0.500kg\r\n", S.OK, 500, True, True),
    (b"ST,GS,-  0.020kg\r\n", S.UNDER_ZERO, -20, False, True),
    (b"US,NT,-0.050kg\r\n", S.UNDER_ZERO, -50, True, False),
    (b"OL,GS,+ OL    kg\r\n", S.OVER_CAPACITY, None, False, False),
    (b"ST,GS,01,+001.230 kg\r\n", S.OK, 1230, False, True),
    (b"ST,GS,+   850 g\r\n", S.OK, 850, False, True),
])
def test_cas_frames(frame: bytes, state: ScaleState, grams: int | None, net: bool, stable: bool) -> None:
    reading = decode_frame(CAS_CONTINUOUS, frame)
    assert (reading.state, reading.grams, reading.net, reading.stable) == (state, grams, net, stable)


def test_dialog06_weight_record_carries_the_scales_prices() -> None:
    reading = decode_frame(DIALOG_06, b"\x0202\x1b3\x1b01234\x1b000250\x1b000309\x03")
    assert (reading.state, reading.grams, reading.display) == (S.OK, 1234, "01.234 kg")
    assert (reading.unit_price_cents, reading.total_cents) == (250, 309)


@pytest.mark.parametrize(("code", "state"), [
    ("20", S.MOTION), ("30", S.BELOW_MINIMUM), ("31", S.UNDER_ZERO), ("32", S.OVER_CAPACITY),
    ("01", S.ERROR), ("99", S.ERROR),
])
def test_dialog06_error_codes(code: str, state: ScaleState) -> None:
    reading = decode_frame(DIALOG_06, b"\x0209\x1b" + code.encode() + b"\x03")
    assert reading.state is state and not reading.priceable


def test_dialog06_authentication_request_is_named() -> None:
    reading = decode_frame(DIALOG_06, b"\x0211\x1b2A7\x03")
    assert reading.state is S.ERROR and "authenticité" in reading.message_fr


def test_noise_before_a_frame_is_skipped_but_kept_in_raw() -> None:
    raw = b"\x00\xff\x0200.999\r"
    reading = decode_frame(TOLEDO_8217, raw)
    assert (reading.grams, reading.raw) == (999, raw)


@pytest.mark.parametrize("raw", [b"", b"\x02", b"\x0201.2x4\r", b"\x02\x00\x00\x00\r", b"ST,GS\r\n",
                                 b"\x02?\x01\r", b"\xb0\xb1.\xb2\xb3\xb4\r"])
def test_garbage_is_an_error_reading(raw: bytes) -> None:
    reading = decode_frame(TOLEDO_8217, raw)
    assert reading.state is S.ERROR and reading.message_fr.startswith("Balance : ")


def test_minimum_weight() -> None:
    reading = apply_minimum(decode_frame(TOLEDO_8217, b"\x0200.038\r"), 40)
    assert (reading.state, reading.grams, reading.priceable) == (S.BELOW_MINIMUM, 38, False)
    assert reading.message_fr == "Balance : poids inférieur au minimum de pesée (40 g)"
    zero = apply_minimum(decode_frame(TOLEDO_8217, b"\x0200.000\r"), 40)
    assert (zero.state, zero.priceable) == (S.OK, False)  # zero: fine, just nothing to price


def test_readings_are_json_events() -> None:
    event = decode_frame(TOLEDO_8217, b"\x0201.234N\r").to_event()
    assert json.loads(json.dumps(event)) == {
        "type": "weight", "grams": 1234, "display": "01.234 kg", "stable": True, "net": True,
        "state": "ok", "priceable": True, "message": "Balance : poids stable", "raw": "\x0201.234N\r",
        "unit_price_cents": None, "total_cents": None}


def test_unknown_protocol_is_refused_in_french() -> None:
    with pytest.raises(ValueError, match="Protocole de balance inconnu"):
        get_protocol("bizerba")


@settings(max_examples=500)
@given(st.integers(0, 99999))
def test_toledo_weight_text_to_grams_is_exact(grams: int) -> None:
    text = f"{grams // 1000:02d}.{grams % 1000:03d}"
    reading = decode_frame(TOLEDO_8217, b"\x02" + text.encode() + b"\r")
    assert reading.grams == grams and reading.display == f"{text} kg"


@settings(max_examples=500)
@given(st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False))
def test_to_grams_has_no_float_error(kg: Decimal) -> None:
    assert to_grams(str(kg), "kg") == int(kg * 1000)


def test_to_grams_refuses_fractions_of_a_gram() -> None:
    assert to_grams("0.1235", "kg") is None
    assert to_grams("1.5", "g") is None
    assert to_grams("01234", "kg", decimals=3) == 1234


@settings(max_examples=2000)
@given(st.sampled_from(sorted(PROTOCOLS)), st.binary(max_size=64))
@example("toledo8217", b"\x02?\x7f\r")
@example("cas", b"ST,GS,+99999999999999999999.9kg\r\n")
@example("dialog06", b"\x0202\x1b9\x1b99999\x1b999999\x1b999999\x03")
def test_any_bytes_give_a_reading_never_an_exception(name: str, raw: bytes) -> None:
    reading = decode_frame(PROTOCOLS[name], raw)
    assert isinstance(reading, ScaleReading) and reading.message_fr.startswith("Balance : ")
    if reading.priceable:
        assert reading.state is S.OK and reading.stable and reading.grams and reading.grams > 0


@settings(max_examples=500)
@given(st.binary(max_size=20), st.integers(0, 99999), st.binary(max_size=20))
def test_toledo_valid_frame_after_noise_is_found(noise: bytes, grams: int, tail_noise: bytes) -> None:
    frame = b"\x02" + f"{grams // 1000:02d}.{grams % 1000:03d}".encode() + b"\r"
    reading = decode_frame(TOLEDO_8217, noise.replace(b"\x02", b"") + frame)
    assert reading.grams == grams
    partial = decode_frame(TOLEDO_8217, frame[: len(frame) - 1] + tail_noise.replace(b"\r", b""))
    assert partial.state is S.ERROR
