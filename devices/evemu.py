"""Read and write the text format of ``evemu-record`` (what support asks a site to capture).

Only the event lines matter: ``E: <sec>.<usec> <type hex> <code hex> <value>``. Header lines
(``# ...``, ``N:``, ``I:``, ``P:``, ``B:``, ``A:``, ``L:``, ``S:``) are skipped; the device name
(``N:``) is kept for the report. A line that cannot be read is reported, never fatal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

Event = tuple[int, int, int]


@dataclass
class EvemuCapture:
    name: str | None = None
    events: list[Event] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _parse_event(rest: str) -> tuple[float, Event]:
    fields = rest.split("#", 1)[0].split()
    if len(fields) != 4:
        raise ValueError("4 champs attendus")
    stamp, etype, code, value = fields
    sec, _, usec = stamp.partition(".")
    return int(sec) + int(usec or 0) / 1_000_000, (int(etype, 16), int(code, 16), int(value))


def parse_evemu(text: str) -> EvemuCapture:
    capture = EvemuCapture()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("N:") and capture.name is None:
            capture.name = stripped[2:].strip()
        if not stripped.startswith("E:"):
            continue
        try:
            stamp, event = _parse_event(stripped[2:])
        except ValueError:
            capture.errors.append(f"ligne {number} illisible : {stripped[:60]!r}")
            continue
        capture.times.append(stamp)
        capture.events.append(event)
    return capture


def format_evemu(events: Iterable[Event], *, name: str = "Lecteur code-barres",
                 step_us: int = 1000) -> str:
    """Write events as an evemu-record file (timestamps advance ``step_us`` per key event)."""
    lines = ["# EVEMU 1.3", f"N: {name}", "I: 0003 0c2e 0b61 0110",
             "################################", "#      Waiting for events      #",
             "################################"]
    micros = 0
    for etype, code, value in events:
        if etype == 1:
            micros += step_us
        sec, usec = divmod(micros, 1_000_000)
        lines.append(f"E: {sec}.{usec:06d} {etype:04x} {code:04x} {value:04d}")
    return "\n".join(lines) + "\n"
