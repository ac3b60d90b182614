"""Regenerate xkb_ctrl.json: what libxkbcommon types for every Ctrl chord of our layouts (by hand).

    apt-get install libxkbcommon-dev && .venv/bin/pip install xkbcommon
    .venv/bin/python tests/devices/data/xkb_ctrl.py

For each layout (us, fr, be, de) and each key of our tables, the string libxkbcommon gives with
Ctrl, Ctrl+Shift, Ctrl+AltGr and Ctrl+Shift+AltGr held (its Ctrl transformation included: Ctrl+5
is GS, Ctrl+/ is US...), and without Ctrl. tests/devices/test_keyboard_ctrl.py holds our own decoder to this table,
so the runtime needs neither the library nor its keymap files.
"""

from __future__ import annotations

import json
from pathlib import Path

from xkbcommon import xkb
from xkbcommon._ffi import ffi, lib

from devices.keymaps import KEY_LEFTCTRL, KEY_LEFTSHIFT, KEY_RIGHTALT, LAYOUTS

HERE = Path(__file__).parent
EVDEV_OFFSET = 8  # xkb keycodes are the kernel's plus 8
CHORDS = {"ctrl": (KEY_LEFTCTRL,), "ctrl+shift": (KEY_LEFTCTRL, KEY_LEFTSHIFT),
          "ctrl+altgr": (KEY_LEFTCTRL, KEY_RIGHTALT), "ctrl+shift+altgr": (KEY_LEFTCTRL, KEY_LEFTSHIFT, KEY_RIGHTALT),
          # Without Ctrl, to tell a Ctrl difference from a difference of the layout tables.
          "plain": (), "shift": (KEY_LEFTSHIFT,), "altgr": (KEY_RIGHTALT,), "shift+altgr": (KEY_LEFTSHIFT, KEY_RIGHTALT)}


def typed(keymap, modifiers: tuple[int, ...], code: int) -> str:
    state = keymap.state_new()
    for modifier in modifiers:
        state.update_key(modifier + EVDEV_OFFSET, xkb.XKB_KEY_DOWN)
    # The library's own utf8 call with its length: key_get_string would cut Ctrl+2 (NUL) to "".
    buffer = ffi.new("char[64]")
    length = lib.xkb_state_key_get_utf8(state._state, code + EVDEV_OFFSET, buffer, len(buffer))
    return ffi.unpack(buffer, length).decode()


def table() -> dict[str, dict[str, dict[str, str]]]:
    context = xkb.Context()
    result: dict[str, dict[str, dict[str, str]]] = {}
    for name, layout in LAYOUTS.items():
        keymap = context.keymap_new_from_names(layout=name)
        result[name] = {chord: {str(code): typed(keymap, modifiers, code) for code in sorted(layout.keys)}
                        for chord, modifiers in CHORDS.items()}
    return result


if __name__ == "__main__":
    (HERE / "xkb_ctrl.json").write_text(json.dumps(table(), indent=1, ensure_ascii=False) + "\n")
