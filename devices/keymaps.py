"""Keyboard layouts a scanner in keyboard mode can be configured for: us, fr, be, de.

A scanner "types" its data as key presses for the layout it was configured with: an AZERTY
scanner sends Shift+3 for "3". We therefore decode keycodes with the scanner's layout, never
with the host's. Tables follow the Windows layouts (kbdus, kbdfr, kbdbe, kbdgr) because scanner
firmware targets them: CapsLock also shifts the digit row on AZERTY, dead keys compose as on
Windows. Keycodes are the Linux input ABI (include/uapi/linux/input-event-codes.h).
"""

from __future__ import annotations

from dataclasses import dataclass

# Linux keycodes (stable kernel ABI); checked against evdev.ecodes by the tests.
KEY_ESC, KEY_TAB, KEY_ENTER, KEY_SPACE = 1, 15, 28, 57
KEY_LEFTCTRL, KEY_RIGHTCTRL = 29, 97
KEY_LEFTSHIFT, KEY_RIGHTSHIFT = 42, 54
KEY_LEFTALT, KEY_RIGHTALT = 56, 100
KEY_CAPSLOCK, KEY_NUMLOCK = 58, 69
KEY_KPENTER = 96
KEY_RIGHTBRACE = 27

# Physical rows, left to right, as keycodes.
ROW_DIGITS = (41, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)
ROW_TOP = (16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27)
ROW_HOME = (30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 43)
ROW_BOTTOM = (86, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53)

# Keypad keys type the same on every layout we support (NumLock assumed on, as scanners expect).
KEYPAD = {71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+", 79: "1",
          80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/"}
KEYPAD_DIGITS = {71: 7, 72: 8, 73: 9, 75: 4, 76: 5, 77: 6, 79: 1, 80: 2, 81: 3, 82: 0}

# Prefix marking a dead key in the tables below ("^" then "e" gives "ê").
DEAD = "dead:"


def _row(keys: tuple[int, ...], plain: str, shifted: str) -> dict[int, list[str]]:
    """Pair a row of keycodes with its unshifted and shifted characters (one char per key)."""
    if not (len(keys) == len(plain) == len(shifted)):
        raise ValueError("row length mismatch")
    return {k: [p.strip(), s.strip(), "", ""] for k, p, s in zip(keys, plain, shifted, strict=True)}


def _table(rows: list[tuple[tuple[int, ...], str, str]], altgr: dict[int, str],
           dead: dict[tuple[int, int], str]) -> dict[int, tuple[str, ...]]:
    table: dict[int, list[str]] = {}
    for keys, plain, shifted in rows:
        table.update(_row(keys, plain, shifted))
    for code, char in altgr.items():
        table[code][2] = char
    for (code, level), char in dead.items():
        table[code][level] = DEAD + char
    table[KEY_SPACE] = [" ", " ", "", ""]
    return {code: tuple(levels) for code, levels in table.items()}


@dataclass(frozen=True)
class Layout:
    """Characters per keycode at levels (plain, Shift, AltGr, Shift+AltGr)."""

    name: str
    keys: dict[int, tuple[str, ...]]
    caps_keys: frozenset[int]  # keys whose Shift level CapsLock inverts
    keypad_dot: str = "."


_US = _table(
    [(ROW_DIGITS, "`1234567890-=", "~!@#$%^&*()_+"),
     (ROW_TOP, "qwertyuiop[]", "QWERTYUIOP{}"),
     (ROW_HOME, "asdfghjkl;'\\", 'ASDFGHJKL:"|'),
     (ROW_BOTTOM, "\\zxcvbnm,./", "|ZXCVBNM<>?")],
    altgr={}, dead={})

_FR = _table(
    [(ROW_DIGITS, "²&é\"'(-è_çà)=", " 1234567890°+"),
     (ROW_TOP, "azertyuiop $", "AZERTYUIOP £"),
     (ROW_HOME, "qsdfghjklmù*", "QSDFGHJKLM%µ"),
     (ROW_BOTTOM, "<wxcvbn,;:!", ">WXCVBN?./§")],
    altgr={3: "~", 4: "#", 5: "{", 6: "[", 7: "|", 8: "`", 9: "\\", 10: "^", 11: "@", 12: "]",
           13: "}", 18: "€", 27: "¤"},
    dead={(26, 0): "^", (26, 1): "¨", (3, 2): "~", (8, 2): "`"})

_BE = _table(
    [(ROW_DIGITS, "²&é\"'(§è!çà)-", "³1234567890°_"),
     (ROW_TOP, "azertyuiop $", "AZERTYUIOP *"),
     (ROW_HOME, "qsdfghjklmùµ", "QSDFGHJKLM%£"),
     (ROW_BOTTOM, "<wxcvbn,;:=", ">WXCVBN?./+")],
    altgr={2: "|", 3: "@", 4: "#", 7: "^", 10: "{", 11: "}", 18: "€", 26: "[", 27: "]", 86: "\\"},
    dead={(26, 0): "^", (26, 1): "¨", (40, 2): "´", (43, 2): "`", (53, 2): "~"})

_DE = _table(
    [(ROW_DIGITS, " 1234567890ß ", "°!\"§$%&/()=? "),
     (ROW_TOP, "qwertzuiopü+", "QWERTZUIOPÜ*"),
     (ROW_HOME, "asdfghjklöä#", "ASDFGHJKLÖÄ'"),
     (ROW_BOTTOM, "<yxcvbnm,.-", ">YXCVBNM;:_")],
    altgr={3: "²", 4: "³", 8: "{", 9: "[", 10: "]", 11: "}", 12: "\\", 16: "@", 18: "€", 27: "~",
           50: "µ", 86: "|"},
    dead={(41, 0): "^", (13, 0): "´", (13, 1): "`"})


def _letter_keys(table: dict[int, tuple[str, ...]]) -> frozenset[int]:
    return frozenset(code for code, levels in table.items()
                     if levels[0].isalpha() and len(levels[0]) == 1 and levels[1] == levels[0].upper()
                     and levels[0] != levels[1])


# Windows AZERTY layouts shift the digit row with CapsLock (CAPLOK in kbdfr/kbdbe).
_AZERTY_DIGITS = frozenset(range(2, 12))

LAYOUTS: dict[str, Layout] = {
    "us": Layout("us", _US, _letter_keys(_US)),
    "fr": Layout("fr", _FR, _letter_keys(_FR) | _AZERTY_DIGITS),
    "be": Layout("be", _BE, _letter_keys(_BE) | _AZERTY_DIGITS),
    "de": Layout("de", _DE, _letter_keys(_DE), keypad_dot=","),
}


def get_layout(name: str) -> Layout:
    """The layout called ``name`` (us, fr, be, de); ValueError with a French message otherwise."""
    try:
        return LAYOUTS[name.lower()]
    except KeyError:
        known = ", ".join(sorted(LAYOUTS))
        raise ValueError(f"Disposition de clavier inconnue : {name!r} (connues : {known})") from None
