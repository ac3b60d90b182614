"""Text -> key events as a scanner configured for a layout would type them.

The inverse of the decoder: it builds key streams for the tests, the benchmark and the
simulated keyboard scanner. It types the way scanner firmware does: Shift or AltGr around the
key, dead key + space for a lone accent, dead key + letter for an accented letter, Ctrl+key
for control characters (GS is Ctrl+] at the US position).
"""

from __future__ import annotations

import unicodedata

from devices.keydecoder import EV_KEY, EV_SYN
from devices.keymaps import (
    DEAD,
    KEY_ENTER,
    KEY_LEFTALT,
    KEY_LEFTCTRL,
    KEY_LEFTSHIFT,
    KEY_RIGHTALT,
    KEY_SPACE,
    KEYPAD,
    LAYOUTS,
    Layout,
)

Event = tuple[int, int, int]
_ACCENTS = {"\u0302": "^", "\u0308": "¨", "\u0300": "`", "\u0301": "´", "\u0303": "~"}


class KeyEncoder:
    """Types text for ``layout``. ``altgr="ctrl_alt"`` sends AltGr as LeftCtrl+LeftAlt."""

    def __init__(self, layout: Layout, *, altgr: str = "right", keypad_digits: bool = False,
                 syn: bool = True) -> None:
        self.layout = layout
        self.syn = syn
        self._altgr = (KEY_RIGHTALT,) if altgr == "right" else (KEY_LEFTCTRL, KEY_LEFTALT)
        self._plain: dict[str, tuple[int, int]] = {}
        self._dead: dict[str, tuple[int, int]] = {}
        self._index(keypad_digits)

    def _index(self, keypad_digits: bool) -> None:
        if keypad_digits:
            for code, char in KEYPAD.items():
                self._plain.setdefault(char, (code, 0))
        for level in range(4):
            for code, levels in self.layout.keys.items():
                char = levels[level]
                if char.startswith(DEAD):
                    self._dead.setdefault(char[len(DEAD):], (code, level))
                elif char:
                    self._plain.setdefault(char, (code, level))

    def encode(self, text: str, end: int | None = KEY_ENTER) -> list[Event]:
        events: list[Event] = []
        for char in text:
            events += self._char_events(char)
        if end is not None:
            events += self._tap(end, 0)
        return events

    def _char_events(self, char: str) -> list[Event]:
        if char in self._plain:
            return self._tap(*self._plain[char])
        if ord(char) < 32:
            return self._control(char)
        if char in self._dead:
            return self._tap(*self._dead[char]) + self._tap(KEY_SPACE, 0)
        base, *marks = unicodedata.normalize("NFD", char)
        if len(marks) == 1 and _ACCENTS.get(marks[0]) in self._dead and base in self._plain:
            return self._tap(*self._dead[_ACCENTS[marks[0]]]) + self._tap(*self._plain[base])
        raise ValueError(f"Caractère impossible à taper en {self.layout.name} : {char!r}")

    def _control(self, char: str) -> list[Event]:
        target = chr(ord(char) | 0x40)
        letter = self._plain.get(target.lower())
        if target.isalpha() and letter and letter[1] == 0:
            return self._with((KEY_LEFTCTRL,), self._tap(letter[0], 0))
        for code, levels in LAYOUTS["us"].keys.items():
            if target in levels[:2]:
                mods = (KEY_LEFTCTRL, KEY_LEFTSHIFT) if levels.index(target) else (KEY_LEFTCTRL,)
                return self._with(mods, self._key(code))
        raise ValueError(f"Caractère de contrôle impossible à taper : {char!r}")

    def _tap(self, code: int, level: int) -> list[Event]:
        mods: tuple[int, ...] = ()
        if level & 2:
            mods += self._altgr
        if level & 1:
            mods += (KEY_LEFTSHIFT,)
        return self._with(mods, self._key(code))

    def _key(self, code: int) -> list[Event]:
        return self._event(code, 1) + self._event(code, 0)

    def _with(self, mods: tuple[int, ...], inner: list[Event]) -> list[Event]:
        events: list[Event] = []
        for mod in mods:
            events += self._event(mod, 1)
        events += inner
        for mod in reversed(mods):
            events += self._event(mod, 0)
        return events

    def _event(self, code: int, value: int) -> list[Event]:
        event = [(EV_KEY, code, value)]
        return event + [(EV_SYN, 0, 0)] if self.syn else event


def encode_text(text: str, layout: str, **options: object) -> list[Event]:
    return KeyEncoder(LAYOUTS[layout], **options).encode(text)  # type: ignore[arg-type]
