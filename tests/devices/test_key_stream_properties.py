"""Key streams nobody should send, but a stuck key or a hostile device can: Alt+keypad codes of any
length are read in bounded time and memory, exactly as Windows reads them (the code modulo 256)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from devices.keydecoder import EV_KEY, GS, MAX_SCAN_CHARS, KeyDecoder, decode_events
from devices.keyencoder import KeyEncoder
from devices.keymaps import KEY_ENTER, KEY_LEFTALT, KEYPAD_DIGITS, LAYOUTS

KEYPAD_KEY = {digit: code for code, digit in KEYPAD_DIGITS.items()}


def alt_code(digits: str) -> list[tuple[int, int, int]]:
    events = [(EV_KEY, KEY_LEFTALT, 1)]
    for digit in digits:
        code = KEYPAD_KEY[int(digit)]
        events += [(EV_KEY, code, 1), (EV_KEY, code, 0)]
    return events + [(EV_KEY, KEY_LEFTALT, 0), (EV_KEY, KEY_ENTER, 1), (EV_KEY, KEY_ENTER, 0)]


def windows_char(digits: str) -> str:
    value = sum(int(d) * pow(10, i, 256) for i, d in enumerate(reversed(digits))) % 256
    if value < 128:
        return chr(value)
    return bytes([value]).decode("cp1252" if digits.startswith("0") else "cp850", errors="replace")


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=12), st.sampled_from(sorted(LAYOUTS)))
@example("0" + "9" * 6000, "fr")
@example("1" * 20000, "us")
def test_alt_codes_of_any_length_give_one_character(digits, layout):
    scans = decode_events(alt_code(digits), LAYOUTS[layout])
    expected = windows_char(digits)
    if expected in ("\r", "\n", "\t"):
        return  # typed as a character: still one character in the scan
    assert [(scan.aim or "") + scan.data for scan in scans] == ([expected] if expected else [])


def test_a_huge_alt_code_keeps_the_decoder_small():
    decoder = KeyDecoder(LAYOUTS["fr"])
    empty = len(repr(vars(decoder)))
    decoder.feed_all(alt_code("7" * 50_000)[:-3])  # Alt still held: the code is still being typed
    assert len(repr(vars(decoder))) < empty + 100


def test_a_scan_without_end_stops_growing_and_says_so():
    key = KEYPAD_KEY[1]
    events = [(EV_KEY, key, 1), (EV_KEY, key, 0)] * 20_000 + [(EV_KEY, KEY_ENTER, 1)]
    [scan] = decode_events(events, LAYOUTS["us"])
    assert scan.data == "1" * MAX_SCAN_CHARS
    assert scan.warnings == (f"lecture tronquée à {MAX_SCAN_CHARS} caractères (touche bloquée ?)",)


def typeable(layout: str) -> list[str]:
    """Every character the encoder can type on ``layout``: plain keys, dead-key accents and GS."""
    encoder = KeyEncoder(LAYOUTS[layout])
    candidates = {chr(c) for c in range(0x20, 0x17F)} | {GS, "€", "²", "µ", "§"}
    found = []
    for char in sorted(candidates):
        try:
            encoder.encode(char, end=None)
        except ValueError:
            continue
        found.append(char)
    return found


ALPHABETS = {layout: typeable(layout) for layout in sorted(LAYOUTS)}


@settings(max_examples=200)
@given(st.sampled_from(sorted(LAYOUTS)).flatmap(
    lambda layout: st.tuples(st.just(layout), st.text(alphabet=ALPHABETS[layout], min_size=1, max_size=30))),
       st.sampled_from(["right", "ctrl_alt"]))
@example(("fr", "ê^^x crème brûlée"), "right")
@example(("de", "Größe ~ é"), "ctrl_alt")
def test_text_typed_by_the_encoder_decodes_to_itself(case, altgr):
    layout, text = case
    [scan] = decode_events(KeyEncoder(LAYOUTS[layout], altgr=altgr).encode(text), LAYOUTS[layout])
    assert (scan.aim or "") + scan.data == text
