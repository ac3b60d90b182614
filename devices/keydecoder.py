"""Pure decoder: keyboard events of a scanner -> scans. No device, no clock: fast and testable.

Events are (type, code, value) triples as the kernel sends them (EV_KEY: 1 press, 0 release,
2 autorepeat). Feed them one by one with ``feed`` or in bulk with ``feed_all``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from devices.interfaces import Scan
from devices.keymaps import (
    DEAD,
    KEY_CAPSLOCK,
    KEY_ENTER,
    KEY_KPENTER,
    KEY_LEFTALT,
    KEY_LEFTCTRL,
    KEY_LEFTSHIFT,
    KEY_NUMLOCK,
    KEY_RIGHTALT,
    KEY_RIGHTCTRL,
    KEY_RIGHTSHIFT,
    KEY_TAB,
    KEYPAD,
    KEYPAD_DIGITS,
    LAYOUTS,
    Layout,
)
from devices.symbology import split_aim

EV_SYN, EV_KEY = 0, 1
SYN_DROPPED = 3
GS = "\x1d"
# The longest symbol a scanner reads (a DataMatrix 144x144) holds 3116 characters: more is a stuck
# key or a hostile device, and the scan in progress stops growing.
MAX_SCAN_CHARS = 4096

_SHIFTS = frozenset({KEY_LEFTSHIFT, KEY_RIGHTSHIFT})
_CTRLS = frozenset({KEY_LEFTCTRL, KEY_RIGHTCTRL})
_META = frozenset({125, 126})  # Super keys: no character, never part of a scan
_MODIFIERS = _SHIFTS | _CTRLS | {KEY_LEFTALT, KEY_RIGHTALT} | _META
_END_KEYS = frozenset({KEY_ENTER, KEY_KPENTER, KEY_TAB})
# Windows layouts also type ESC, FS, GS positionally: Ctrl + the key at the US place of [, \, ],
# whatever the layout prints on it (Ctrl+$ on AZERTY is Ctrl+] = GS, the GS1 separator).
_US_KEYS = LAYOUTS["us"].keys
_POSITIONAL = "[\\]"
# X11's control transformation beyond @..._ (libX11 XkbToControl, which libxkbcommon copies):
# the VT100 habit of Ctrl+2..8 and Ctrl+/, through which some scanners send GS as Ctrl+5.
_CONTROL_DIGITS = {"2": "\x00", "3": "\x1b", "4": "\x1c", "5": "\x1d", "6": "\x1e", "7": "\x1f", "8": "\x7f",
                   "/": "\x1f"}
_COMBINING = {"^": "\u0302", "¨": "\u0308", "`": "\u0300", "´": "\u0301", "~": "\u0303"}


def compose(dead: str, char: str) -> str:
    """Windows dead-key rule: space gives the accent, a matching letter composes, else both."""
    if char == " ":
        return dead
    combined = unicodedata.normalize("NFC", char + _COMBINING.get(dead, ""))
    return combined if len(combined) == 1 else dead + char


def to_control(char: str) -> str | None:
    """The control character libxkbcommon types for Ctrl + a key printing ``char``, if any."""
    if len(char) != 1:
        return None
    if "@" <= char < "\x7f" or char == " ":
        return chr(ord(char) & 0x1F)
    return _CONTROL_DIGITS.get(char)


@dataclass
class _AltCode:
    """An Alt+keypad code being typed, kept as Windows reads it: the number modulo 256 and whether it
    began with 0. Bounded whatever its length (a stuck key may send thousands of digits)."""

    ansi: bool
    value: int = 0

    def add(self, digit: int) -> None:
        self.value = (self.value * 10 + digit) % 256

    def char(self) -> str:
        """A leading 0 means the ANSI code page (cp1252), else the OEM one (cp850)."""
        if self.value < 128:
            return chr(self.value)
        return bytes([self.value]).decode("cp1252" if self.ansi else "cp850", errors="replace")


class KeyDecoder:
    """Turns key events typed with ``layout`` into Scan objects, one per Enter/Tab."""

    def __init__(self, layout: Layout, *, gs_substitute: str | None = None, source: str = "scanner",
                 end_keys: Iterable[int] = _END_KEYS) -> None:
        self.layout = layout
        self.source = source
        self.gs_substitute = gs_substitute or None
        self._keys = layout.keys
        self._caps_keys = layout.caps_keys
        self._end_keys = frozenset(end_keys)
        self._down: set[int] = set()
        self._caps = False
        self.reset()

    def reset(self) -> str:
        """Drop the scan in progress (e.g. scanner unplugged mid-scan); return what was dropped."""
        dropped = "".join(getattr(self, "_buf", ()))
        self._buf: list[str] = []
        self._warnings: list[str] = []
        self._dead: str | None = None
        self._alt_code: _AltCode | None = None
        return dropped

    def release_all(self, capslock: bool = False) -> None:
        """Forget held modifiers (a replugged device starts with every key up)."""
        self._down.clear()
        self._caps = capslock

    def feed_all(self, events: Iterable[tuple[int, int, int]]) -> list[Scan]:
        feed = self.feed
        return [scan for etype, code, value in events if (scan := feed(etype, code, value)) is not None]

    def feed(self, etype: int, code: int, value: int) -> Scan | None:
        if etype != EV_KEY:
            if etype == EV_SYN and code == SYN_DROPPED:
                self._warnings.append("événements clavier perdus (lecture à vérifier)")
            return None
        if code in _MODIFIERS:
            self._modifier(code, value)
            return None
        if value != 1:  # releases, and autorepeat which a scanner never means
            return None
        if code in self._end_keys:
            return self._finish()
        self._press(code)
        return None

    def _modifier(self, code: int, value: int) -> None:
        if value == 1:
            self._down.add(code)
        elif value == 0:
            self._down.discard(code)
            if code == KEY_LEFTALT and self._alt_code is not None:
                self._emit_alt_code()

    def _press(self, code: int) -> None:
        if code == KEY_CAPSLOCK:
            self._caps = not self._caps
            return
        if code == KEY_NUMLOCK:
            return
        down = self._down
        ctrl = bool(down & _CTRLS)
        # Ctrl+LeftAlt is AltGr as Windows-minded scanners send it: that Ctrl is part of AltGr.
        windows_altgr = ctrl and KEY_LEFTALT in down
        altgr = KEY_RIGHTALT in down or windows_altgr
        if KEY_LEFTALT in down and not altgr and code in KEYPAD_DIGITS:
            digit = KEYPAD_DIGITS[code]
            if self._alt_code is None:
                self._alt_code = _AltCode(ansi=digit == 0)
            self._alt_code.add(digit)
            return
        char = self._char(code, bool(down & _SHIFTS), altgr)
        if ctrl and not windows_altgr:
            self._control(code, char)
        elif char is None:
            self._warnings.append(f"touche inconnue ignorée (code {code})")
        else:
            self._put(char)

    def _char(self, code: int, shift: bool, altgr: bool) -> str | None:
        levels = self._keys.get(code)
        if levels is None:
            if code == 83:
                return self.layout.keypad_dot
            return KEYPAD.get(code)
        if self._caps and not altgr and code in self._caps_keys:
            shift = not shift
        level = (2 if altgr else 0) + (1 if shift else 0)
        char = levels[level]
        if not char and level == 3:
            char = levels[2]
        return char or None

    def _control(self, code: int, char: str | None) -> None:
        """Ctrl + a key as libxkbcommon types it: the key's character (Shift and AltGr applied)
        through X11's control transformation (Ctrl+] and Ctrl+5 are GS on a QWERTY layout). Where
        that gives none (a dead key, "$" on AZERTY), the Windows positional rule still does."""
        control = None if char is None or char.startswith(DEAD) else to_control(char)
        if control is None and not self._down & (_SHIFTS | {KEY_RIGHTALT}):
            us = _US_KEYS.get(code, ("",))[0]
            control = to_control(us) if us and us in _POSITIONAL else None
        if control is None:
            self._warnings.append(f"combinaison Ctrl inconnue ignorée (code {code})")
        else:
            self._put(control)

    def _emit_alt_code(self) -> None:
        alt_code, self._alt_code = self._alt_code, None
        if alt_code is not None:
            self._put(alt_code.char())

    def _put(self, char: str) -> None:
        if char.startswith(DEAD):
            accent = char[len(DEAD):]
            if self._dead is None:
                self._dead = accent
            else:
                self._append(self._take_dead() + accent)
            return
        if self._dead is not None:
            char = compose(self._take_dead(), char)
        self._append(char)

    def _take_dead(self) -> str:
        dead, self._dead = self._dead or "", None
        return dead

    def _append(self, text: str) -> None:
        substitute = self.gs_substitute
        for char in text:
            if len(self._buf) >= MAX_SCAN_CHARS:
                self._too_long()
                return
            self._buf.append(GS if char == substitute else char)

    def _too_long(self) -> None:
        warning = f"lecture tronquée à {MAX_SCAN_CHARS} caractères (touche bloquée ?)"
        if warning not in self._warnings:
            self._warnings.append(warning)

    def _finish(self) -> Scan | None:
        if self._dead is not None:
            self._append(self._take_dead())
        raw = "".join(self._buf)
        warnings = tuple(self._warnings)
        self.reset()
        if not raw:
            return None
        data, symbology, aim = split_aim(raw)
        return Scan(data=data, symbology=symbology, source=self.source, aim=aim, warnings=warnings)


def decode_events(events: Iterable[tuple[int, int, int]], layout: Layout, **options: object) -> list[Scan]:
    """Decode a whole key stream in one go (replay, tests)."""
    return KeyDecoder(layout, **options).feed_all(events)  # type: ignore[arg-type]
