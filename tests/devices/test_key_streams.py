"""The same GTINs and GS1 strings from AZERTY, QWERTY, QWERTZ and Belgian key streams, and from
evemu-record captures; round trips fuzzed with hypothesis."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.evemu import format_evemu, parse_evemu
from devices.keydecoder import GS, KeyDecoder, decode_events
from devices.keyencoder import KeyEncoder, encode_text
from devices.keymaps import DEAD, LAYOUTS

GS1_DATA = "0103017620422003" + "10LOT42" + GS + "17261231"
GTINS = ["3017620422003", "5449000000996", "3560070976829", "0012345678905", "96385074"]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("gtin", GTINS)
def test_gtins_from_every_layout(layout: str, gtin: str) -> None:
    [scan] = decode_events(encode_text(gtin, layout), LAYOUTS[layout])
    assert scan.data == gtin


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("altgr", ["right", "ctrl_alt"])
def test_gs1_128_with_aim_prefix_from_every_layout(layout: str, altgr: str) -> None:
    events = KeyEncoder(LAYOUTS[layout], altgr=altgr).encode("]C1" + GS1_DATA)
    [scan] = decode_events(events, LAYOUTS[layout])
    assert (scan.aim, scan.symbology, scan.data) == ("]C1", "gs1-128", GS1_DATA)


def test_keypad_typed_digits() -> None:
    events = KeyEncoder(LAYOUTS["fr"], keypad_digits=True).encode("3017620422003")
    assert decode_events(events, LAYOUTS["fr"])[0].data == "3017620422003"


CAPTURES = {
    "fr_nutella.evemu": ("fr", "3017620422003", None),
    "us_nutella.evemu": ("us", "3017620422003", None),
    "fr_gs1_128.evemu": ("fr", GS1_DATA, "]C1"),
    "fr_gs1_128_ctrl_alt.evemu": ("fr", GS1_DATA, "]C1"),
    "us_gs1_128.evemu": ("us", GS1_DATA, "]C1"),
    "de_gs1_128.evemu": ("de", GS1_DATA, "]C1"),
    "be_gs1_128.evemu": ("be", GS1_DATA, "]C1"),
}


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_evemu_captures(data_dir: Path, name: str) -> None:
    layout, expected, aim = CAPTURES[name]
    capture = parse_evemu((data_dir / name).read_text(encoding="utf-8"))
    assert capture.name == "Honeywell Imaging & Mobility 1900 Keyboard"
    assert capture.errors == []
    [scan] = KeyDecoder(LAYOUTS[layout], source=capture.name).feed_all(capture.events)
    assert (scan.data, scan.aim, scan.source) == (expected, aim, capture.name)


def test_french_capture_read_as_us_is_garbage(data_dir: Path) -> None:
    capture = parse_evemu((data_dir / "fr_nutella.evemu").read_text(encoding="utf-8"))
    assert decode_events(capture.events, LAYOUTS["us"])[0].data == "#)!&^@)$@@))#"


def test_evemu_parser_skips_headers_and_reports_bad_lines() -> None:
    text = ("# EVEMU 1.3\nN: Scanner\nI: 0003 0001 0002 0100\n"
            "E: 0.000001 0001 0004 0001\t# EV_KEY / KEY_3 1\n"
            "E: nonsense\n"
            "E: 1.5 0001 0004 -001\n")
    capture = parse_evemu(text)
    assert capture.name == "Scanner"
    assert capture.events == [(1, 4, 1), (1, 4, -1)]
    assert capture.times == [0.000001, 1.000005]
    assert capture.errors == ["ligne 5 illisible : 'E: nonsense'"]


@st.composite
def layout_text(draw: st.DrawFn) -> tuple[str, str]:
    layout = draw(st.sampled_from(sorted(LAYOUTS)))
    chars = sorted({c for levels in LAYOUTS[layout].keys.values() for c in levels
                    if c and not c.startswith(DEAD)} | {GS})
    text = draw(st.text(alphabet=chars, min_size=1, max_size=40))
    return layout, text


@settings(max_examples=300, deadline=None)
@given(layout_text())
def test_any_typeable_text_round_trips(case: tuple[str, str]) -> None:
    layout, text = case
    events = encode_text(text, layout)
    [scan] = decode_events(events, LAYOUTS[layout])
    assert (scan.aim or "") + scan.data == text


@settings(max_examples=100, deadline=None)
@given(layout_text())
def test_round_trip_through_the_evemu_text_format(case: tuple[str, str]) -> None:
    layout, text = case
    capture = parse_evemu(format_evemu(encode_text(text, layout)))
    [scan] = decode_events(capture.events, LAYOUTS[layout])
    assert (scan.aim or "") + scan.data == text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 300), st.integers(-1, 3)), max_size=200),
       st.sampled_from(sorted(LAYOUTS)))
def test_random_events_never_raise(events: list[tuple[int, int, int]], layout: str) -> None:
    decoder = KeyDecoder(LAYOUTS[layout])
    for scan in decoder.feed_all(events):
        assert scan.data
    decoder.reset()
