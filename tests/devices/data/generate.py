"""Regenerate the synthetic evemu-record captures of this folder (run by hand, not by pytest).

    .venv/bin/python tests/devices/data/generate.py

They are written the way evemu-record writes them (header, EV_MSC events with synthetic scan
codes, EV_SYN reports, a comment per event) from key streams typed by devices.keyencoder. The
tests check them against the expected text, written out by hand, so a regression in the encoder
cannot hide one in the decoder.
"""

from __future__ import annotations

from pathlib import Path

from evdev import ecodes

from devices.keyencoder import KeyEncoder
from devices.keymaps import LAYOUTS

HERE = Path(__file__).parent
GS1 = "]C10103017620422003" + "10LOT42\x1d17261231"

CAPTURES = {
    "fr_nutella.evemu": ("fr", "3017620422003", {}),
    "us_nutella.evemu": ("us", "3017620422003", {}),
    "fr_gs1_128.evemu": ("fr", GS1, {}),
    "fr_gs1_128_ctrl_alt.evemu": ("fr", GS1, {"altgr": "ctrl_alt"}),
    "us_gs1_128.evemu": ("us", GS1, {}),
    "de_gs1_128.evemu": ("de", GS1, {}),
    "be_gs1_128.evemu": ("be", GS1, {}),
}

HEADER = """# EVEMU 1.3
# Kernel: 6.1.0-rpi7-rpi-v8
# DMI: dmi:bvnRaspberryPi
# Input device name: "Honeywell Imaging & Mobility 1900 Keyboard"
# Input device ID: bus 0x03 vendor 0xc2e product 0xb61 version 0x110
# Supported events:
#   Event type 0 (EV_SYN)
#   Event type 1 (EV_KEY)
#   Event type 4 (EV_MSC)
N: Honeywell Imaging & Mobility 1900 Keyboard
I: 0003 0c2e 0b61 0110
P: 00 00 00 00 00 00 00 00
B: 00 0b 00 00 00 00 00 00 00
B: 01 fe ff ff ff ff ff ff ff
B: 04 10 00 00 00 00 00 00 00
################################
#      Waiting for events      #
################################
"""


def _line(micros: int, etype: int, code: int, value: int) -> str:
    sec, usec = divmod(micros, 1_000_000)
    if etype == ecodes.EV_SYN:
        comment = "------------ SYN_REPORT (0) ---------- +1ms"
    else:
        kind = ecodes.EV[etype]
        name = ecodes.KEY.get(code, code) if etype == ecodes.EV_KEY else "MSC_SCAN"
        name = name[0] if isinstance(name, list) else name
        comment = f"{kind} / {name:<20} {value}"
    return f"E: {sec}.{usec:06d} {etype:04x} {code:04x} {value:04d}\t# {comment}"


def capture(layout: str, text: str, options: dict) -> str:
    events = KeyEncoder(LAYOUTS[layout], syn=False, **options).encode(text)
    lines, micros = [], 0
    for etype, code, value in events:
        micros += 1000
        lines.append(_line(micros, ecodes.EV_MSC, ecodes.MSC_SCAN, 458752 + code))
        lines.append(_line(micros, etype, code, value))
        lines.append(_line(micros, ecodes.EV_SYN, 0, 0))
    return HEADER + "\n".join(lines) + "\n"


def main() -> None:
    for name, (layout, text, options) in CAPTURES.items():
        (HERE / name).write_text(capture(layout, text, options), encoding="utf-8")


if __name__ == "__main__":
    main()
