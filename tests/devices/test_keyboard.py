"""Keyboard-mode scanners: key streams written out by hand, decoded with the scanner's layout."""

from __future__ import annotations

import pytest
from evdev import ecodes as e

from devices import keymaps
from devices.keydecoder import GS, KeyDecoder, compose, decode_events
from devices.keymaps import LAYOUTS, get_layout

NUTELLA = "3017620422003"
SHIFT, ALTGR, CTRL, LALT = e.KEY_LEFTSHIFT, e.KEY_RIGHTALT, e.KEY_LEFTCTRL, e.KEY_LEFTALT
DIGIT_KEYS = {"1": e.KEY_1, "2": e.KEY_2, "3": e.KEY_3, "4": e.KEY_4, "5": e.KEY_5, "6": e.KEY_6,
              "7": e.KEY_7, "8": e.KEY_8, "9": e.KEY_9, "0": e.KEY_0}


def press(code: int) -> list[tuple[int, int, int]]:
    return [(1, code, 1), (0, 0, 0), (1, code, 0), (0, 0, 0)]


def chord(mods: list[int], code: int) -> list[tuple[int, int, int]]:
    return [(1, m, 1) for m in mods] + press(code) + [(1, m, 0) for m in reversed(mods)]


def azerty_digits(text: str) -> list[tuple[int, int, int]]:
    """How an AZERTY scanner types digits: Shift + the digit-row key."""
    events: list[tuple[int, int, int]] = []
    for char in text:
        events += chord([SHIFT], DIGIT_KEYS[char])
    return events + press(e.KEY_ENTER)


def qwerty_digits(text: str) -> list[tuple[int, int, int]]:
    events: list[tuple[int, int, int]] = []
    for char in text:
        events += press(DIGIT_KEYS[char])
    return events + press(e.KEY_ENTER)


def test_keycode_constants_are_the_kernel_ones() -> None:
    for name in ("KEY_ENTER", "KEY_TAB", "KEY_LEFTSHIFT", "KEY_RIGHTSHIFT", "KEY_LEFTCTRL", "KEY_RIGHTCTRL",
                 "KEY_LEFTALT", "KEY_RIGHTALT", "KEY_CAPSLOCK", "KEY_NUMLOCK", "KEY_KPENTER", "KEY_SPACE",
                 "KEY_RIGHTBRACE"):
        assert getattr(keymaps, name) == getattr(e, name)
    assert keymaps.ROW_TOP[0] == e.KEY_Q and keymaps.ROW_HOME[-1] == e.KEY_BACKSLASH
    assert keymaps.ROW_BOTTOM[0] == e.KEY_102ND and keymaps.KEYPAD[e.KEY_KP7] == "7"


def test_azerty_stream_decoded_as_azerty_gives_the_gtin() -> None:
    [scan] = decode_events(azerty_digits(NUTELLA), LAYOUTS["fr"])
    assert scan.data == NUTELLA
    assert scan.symbology is None and scan.warnings == ()


def test_azerty_stream_decoded_as_us_gives_the_known_garbage() -> None:
    # DOMAIN.md: an AZERTY scanner read with the US layout types #)!&^@)$@@))#.
    [scan] = decode_events(azerty_digits(NUTELLA), LAYOUTS["us"])
    assert scan.data == "#)!&^@)$@@))#"


def test_qwerty_stream_gives_the_same_gtin() -> None:
    [scan] = decode_events(qwerty_digits(NUTELLA), LAYOUTS["us"])
    assert scan.data == NUTELLA


def test_unshifted_azerty_digit_row_is_the_accented_row() -> None:
    [scan] = decode_events(qwerty_digits("1234567890"), LAYOUTS["fr"])
    assert scan.data == "&é\"'(-è_çà"


def test_capslock_shifts_the_azerty_digit_row() -> None:
    events = press(e.KEY_CAPSLOCK) + qwerty_digits("2024")
    [scan] = decode_events(events, LAYOUTS["fr"])
    assert scan.data == "2024"


def test_capslock_inverts_shift_on_letters_only_on_qwerty() -> None:
    events = press(e.KEY_CAPSLOCK) + press(e.KEY_A) + chord([SHIFT], e.KEY_B) + press(e.KEY_1) + press(e.KEY_ENTER)
    [scan] = decode_events(events, LAYOUTS["us"])
    assert scan.data == "Ab1"


def test_gs1_128_typed_by_an_azerty_scanner_with_ctrl_dollar_as_gs() -> None:
    # ]C1 0103017620422003 10LOT42 <GS> 17261231, as a French scanner types it by hand:
    events = chord([ALTGR], e.KEY_MINUS)                    # ] is AltGr + )
    events += chord([SHIFT], e.KEY_C) + chord([SHIFT], e.KEY_1)
    for char in "0103017620422003" + "10":
        events += chord([SHIFT], DIGIT_KEYS[char])
    events += chord([SHIFT], e.KEY_L) + chord([SHIFT], e.KEY_O) + chord([SHIFT], e.KEY_T)
    events += chord([SHIFT], e.KEY_4) + chord([SHIFT], e.KEY_2)
    events += chord([CTRL], e.KEY_RIGHTBRACE)               # Ctrl + the key at US "]" = GS
    for char in "17261231":
        events += chord([SHIFT], DIGIT_KEYS[char])
    [scan] = decode_events(events + press(e.KEY_ENTER), LAYOUTS["fr"])
    assert scan.aim == "]C1" and scan.symbology == "gs1-128"
    assert scan.data == "0103017620422003" + "10LOT42" + GS + "17261231"


def test_altgr_sent_as_ctrl_alt_is_altgr() -> None:
    events = chord([CTRL, LALT], e.KEY_0) + chord([CTRL, LALT], e.KEY_E) + press(e.KEY_TAB)
    [scan] = decode_events(events, LAYOUTS["fr"])
    assert scan.data == "@€"


def test_gs_substitute_character_becomes_gs() -> None:
    events = qwerty_digits("10")[:-4] + chord([SHIFT], e.KEY_GRAVE) + qwerty_digits("17")
    [scan] = decode_events(events, LAYOUTS["us"], gs_substitute="~")
    assert scan.data == "10" + GS + "17"


def test_dead_keys_compose_as_on_windows() -> None:
    circumflex = press(e.KEY_LEFTBRACE)  # dead ^ on AZERTY
    events = circumflex + press(e.KEY_E) + circumflex + press(e.KEY_SPACE) + circumflex + press(e.KEY_X)
    [scan] = decode_events(events + press(e.KEY_ENTER), LAYOUTS["fr"])
    assert scan.data == "ê^^x"
    assert compose("¨", "u") == "ü" and compose("~", " ") == "~" and compose("´", "q") == "´q"


def test_alt_keypad_codes_are_layout_independent() -> None:
    events = [(1, LALT, 1)] + press(e.KEY_KP2) + press(e.KEY_KP9) + [(1, LALT, 0)]  # Alt+29 = GS
    events += [(1, LALT, 1)] + press(e.KEY_KP0) + press(e.KEY_KP1) + press(e.KEY_KP2) + press(e.KEY_KP8)
    events += [(1, LALT, 0)] + press(e.KEY_ENTER)  # Alt+0128 = € in cp1252
    [scan] = decode_events(events, LAYOUTS["de"])
    assert scan.data == GS + "€"


def test_keypad_digits_and_german_keypad_comma() -> None:
    events = press(e.KEY_KP3) + press(e.KEY_KP0) + press(e.KEY_KPDOT) + press(e.KEY_KPENTER)
    assert decode_events(events, LAYOUTS["de"])[0].data == "30,"
    assert decode_events(events, LAYOUTS["us"])[0].data == "30."


def test_qwertz_swaps_y_and_z() -> None:
    events = press(e.KEY_Y) + press(e.KEY_Z) + chord([ALTGR], e.KEY_Q) + press(e.KEY_ENTER)
    assert decode_events(events, LAYOUTS["de"])[0].data == "zy@"


def test_belgian_altgr_characters() -> None:
    events = chord([ALTGR], e.KEY_2) + chord([ALTGR], e.KEY_LEFTBRACE) + chord([ALTGR], e.KEY_RIGHTBRACE)
    assert decode_events(events + press(e.KEY_ENTER), LAYOUTS["be"])[0].data == "@[]"


def test_unknown_keys_and_lost_events_are_reported_not_fatal() -> None:
    events = press(e.KEY_1) + press(e.KEY_F5) + [(0, 3, 0)] + press(e.KEY_2) + press(e.KEY_ENTER)
    [scan] = decode_events(events, LAYOUTS["us"])
    assert scan.data == "12"
    assert scan.warnings == ("touche inconnue ignorée (code 63)", "événements clavier perdus (lecture à vérifier)")


def test_autorepeat_and_empty_scans_are_ignored() -> None:
    events = [(1, e.KEY_5, 1), (1, e.KEY_5, 2), (1, e.KEY_5, 2), (1, e.KEY_5, 0)]
    events += press(e.KEY_ENTER) + press(e.KEY_ENTER)
    assert [s.data for s in decode_events(events, LAYOUTS["us"])] == ["5"]


def test_reset_drops_a_scan_cut_by_an_unplug() -> None:
    decoder = KeyDecoder(LAYOUTS["us"])
    decoder.feed_all(press(e.KEY_4) + press(e.KEY_2))
    assert decoder.reset() == "42"
    assert [s.data for s in decoder.feed_all(qwerty_digits("7"))] == ["7"]


def test_several_scans_in_one_stream_with_tab_and_enter() -> None:
    events = qwerty_digits("1")[:-4] + press(e.KEY_TAB) + qwerty_digits("22")
    assert [s.data for s in decode_events(events, LAYOUTS["us"])] == ["1", "22"]


def test_unknown_layout_is_refused_in_french() -> None:
    with pytest.raises(ValueError, match="Disposition de clavier inconnue"):
        get_layout("dvorak")
