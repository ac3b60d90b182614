"""Scale frames built from known fields read back to them, for each protocol (Toledo 8217 is covered in
test_scale_frames.py); any bytes after a valid frame's start never make a reading that can be priced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from devices.interfaces import ScaleState
from devices.scale_protocols import CAS_CONTINUOUS, DIALOG_06, PROTOCOLS, decode_frame

FAST = settings(max_examples=300)


@FAST
@given(grams=st.integers(0, 999_999), stability=st.sampled_from(["ST", "US"]), net=st.sampled_from(["NT", "GS"]),
       negative=st.booleans(), unit=st.sampled_from(["kg", "g"]))
def test_a_cas_frame_reads_back_to_its_fields(grams, stability, net, negative, unit):
    weight = f"{grams / 1000:.3f}" if unit == "kg" else str(grams)
    frame = f"{stability},{net},{'-' if negative else '+'}{weight}{unit}\r\n".encode()
    reading = decode_frame(CAS_CONTINUOUS, frame)
    assert reading.grams == (-grams if negative else grams)
    assert (reading.stable, reading.net) == (stability == "ST", net == "NT")
    if negative:
        assert reading.state is ScaleState.UNDER_ZERO and not reading.priceable
    else:
        assert reading.state is (ScaleState.OK if stability == "ST" else ScaleState.MOTION)


@FAST
@given(decimals=st.integers(0, 3), weight=st.integers(0, 99_999), unit_price=st.integers(0, 999_999),
       total=st.integers(0, 999_999))
def test_a_dialog06_frame_reads_back_to_its_fields(decimals, weight, unit_price, total):
    frame = f"\x0202\x1b{decimals}\x1b{weight:05d}\x1b{unit_price:06d}\x1b{total:06d}\x03".encode()
    reading = decode_frame(DIALOG_06, frame)
    assert reading.grams == weight * 10 ** (3 - decimals)
    assert (reading.unit_price_cents, reading.total_cents) == (unit_price, total)


@FAST
@given(code=st.integers(0, 99))
def test_a_dialog06_status_is_never_a_weight(code):
    reading = decode_frame(DIALOG_06, f"\x0209\x1b{code:02d}\x03".encode())
    assert reading.grams is None and not reading.priceable and reading.message_fr.startswith("Balance")


@FAST
@given(name=st.sampled_from(sorted(PROTOCOLS)), noise=st.binary(max_size=200))
def test_noise_after_a_frame_start_is_never_priced(name, noise):
    reading = decode_frame(PROTOCOLS[name], b"\x02" + noise)
    assert reading.message_fr.startswith("Balance")
    if reading.priceable:
        assert reading.grams > 0 and reading.state is ScaleState.OK
