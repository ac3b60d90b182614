"""Control characters typed with Ctrl by a keyboard-mode scanner, held to libxkbcommon.

data/xkb_ctrl.json is what libxkbcommon types for every Ctrl chord of our four layouts (regenerate
it with data/xkb_ctrl.py). Our decoder must type every control character it types; where it types
one more, that is the Windows positional rule (Ctrl + the key at the US place of [ \\ ] gives
ESC, FS, GS whatever the layout prints there), kept for scanners set up for Windows and listed here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evdev import ecodes as e

from devices.keydecoder import GS, decode_events, to_control
from devices.keymaps import DEAD, LAYOUTS

XKB = json.loads((Path(__file__).parent / "data" / "xkb_ctrl.json").read_text())
CTRL, SHIFT, ALTGR = e.KEY_LEFTCTRL, e.KEY_LEFTSHIFT, e.KEY_RIGHTALT
CHORDS = {"ctrl": (CTRL,), "ctrl+shift": (CTRL, SHIFT), "ctrl+altgr": (CTRL, ALTGR),
          "ctrl+shift+altgr": (CTRL, SHIFT, ALTGR)}
ESC, FS = "\x1b", "\x1c"
# Control characters we type and libxkbcommon does not: Windows' positional Ctrl+[ \ ] (dead ^
# or "ü", "$" or "+", "*"/"µ"/"#", and "<" which is the second "\" key on US), kept for scanners
# set up for Windows.
WINDOWS_ONLY = {
    "us": {},
    "fr": {("ctrl", e.KEY_LEFTBRACE): ESC, ("ctrl", e.KEY_RIGHTBRACE): GS, ("ctrl", e.KEY_BACKSLASH): FS,
           ("ctrl", e.KEY_102ND): FS},
    "be": {("ctrl", e.KEY_LEFTBRACE): ESC, ("ctrl", e.KEY_RIGHTBRACE): GS, ("ctrl", e.KEY_BACKSLASH): FS,
           ("ctrl", e.KEY_102ND): FS},
    "de": {("ctrl", e.KEY_LEFTBRACE): ESC, ("ctrl", e.KEY_RIGHTBRACE): GS, ("ctrl", e.KEY_BACKSLASH): FS,
           ("ctrl", e.KEY_102ND): FS},
}


def is_control(text: str) -> bool:
    return len(text) == 1 and (text < " " or text == "\x7f")


def typed(layout: str, modifiers: tuple[int, ...], code: int) -> str:
    events = [(1, m, 1) for m in modifiers] + [(1, code, 1), (1, code, 0)]
    events += [(1, m, 0) for m in reversed(modifiers)] + [(1, e.KEY_ENTER, 1), (1, e.KEY_ENTER, 0)]
    scans = decode_events(events, LAYOUTS[layout])
    return scans[0].data if scans else ""


def compared(layout: str) -> dict[str, list[int]]:
    """The keys compared, per chord: those printing the same character (or a dead key) in our
    Windows tables and in xkb's at that level; elsewhere the tables differ, not the Ctrl rule.
    xkb's "us" has no AltGr (right Alt is a plain Alt there), nor has our US table."""
    keys = LAYOUTS[layout].keys
    levels = [(0, "plain"), (1, "shift")] + ([] if layout == "us" else [(2, "altgr"), (3, "shift+altgr")])
    return {f"ctrl+{name}".replace("+plain", ""): [code for code in sorted(keys)
                                                   if same(keys[code][level], XKB[layout][name][str(code)])]
            for level, name in levels}


def same(ours: str, theirs: str) -> bool:
    return ours.startswith(DEAD) and theirs == "" if ours.startswith(DEAD) else bool(ours) and ours == theirs


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_ctrl_chords_type_the_control_characters_libxkbcommon_types(layout):
    theirs, ours = {}, {}
    for name, codes in compared(layout).items():
        for code in codes:
            if is_control(text := XKB[layout][name][str(code)]):
                theirs[(name, code)] = text
            if is_control(mine := typed(layout, CHORDS[name], code)):
                ours[(name, code)] = mine
    assert {chord: ours.get(chord) for chord in theirs} == theirs
    assert {chord: text for chord, text in ours.items() if chord not in theirs} == WINDOWS_ONLY[layout]


@pytest.mark.parametrize("layout,five", [("us", ()), ("fr", (SHIFT,)), ("be", (SHIFT,)), ("de", ())])
def test_gs1_separator_sent_as_ctrl_5(layout, five):
    """Some scanners send GS as Ctrl+5 (the VT100 habit), the digit typed as the layout types it."""
    assert typed(layout, (CTRL, *five), e.KEY_5) == GS


def test_ctrl_transformation_of_digits_and_slash():
    assert [to_control(c) for c in "2345678/"] == ["\x00", ESC, FS, GS, "\x1e", "\x1f", "\x7f", "\x1f"]
    assert to_control("]") == GS and to_control("a") == "\x01" and to_control("9") is None
    assert to_control("é") is None
