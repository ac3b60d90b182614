"""``devices doctor``: find the scanners, serial ports and printers of this machine, test each.

Only harmless actions: an input device is opened but not grabbed, a serial port gets the
protocols' weight/status requests (never zero or tare), a printer is asked its status.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from devices.printer_transport import TransportError, make_transport, parse_printer_spec, read_status
from devices.scale_serial import probe
from devices.scanner_evdev import open_input_device

KEY_ENTER = 28


@dataclass(frozen=True)
class Finding:
    kind: str  # "lecteur", "port série", "imprimante"
    path: str
    ok: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def discover(dev_root: str = "/dev") -> dict[str, list[str]]:
    """Candidate device paths, stable names first (by-id survives replugging)."""
    def found(*patterns: str) -> list[str]:
        paths: dict[str, str] = {}  # real device -> first (most stable) name
        for pattern in patterns:
            for path in sorted(glob.glob(os.path.join(dev_root, pattern))):
                paths.setdefault(os.path.realpath(path), path)
        return list(paths.values())

    return {"input": found("input/by-id/*-event-kbd"),
            "serial": found("serial/by-id/*", "ttyACM*", "ttyUSB*"),
            "printer": found("usb/lp*")}


def check_input(path: str, opener: Callable[[str], Any] = open_input_device) -> Finding:
    try:
        device = opener(path)
    except OSError as exc:
        return Finding("lecteur", path, False, f"ouverture impossible ({exc.strerror or exc})")
    try:
        keys = device.capabilities().get(1, [])
        name = getattr(device, "name", "?")
    finally:
        device.close()
    if KEY_ENTER not in keys:
        return Finding("lecteur", path, False, f"« {name} » n'a pas de touche Entrée : pas un lecteur")
    return Finding("lecteur", path, True, f"« {name} » : clavier (lecteur possible)")


def check_serial(path: str, timeout: float = 0.3) -> Finding:
    protocol = probe(path, timeout=timeout)
    if protocol is None:
        return Finding("port série", path, True,
                       "aucune balance reconnue (lecteur en mode série ou autre appareil ?)")
    return Finding("port série", path, True, f"balance {protocol.label_fr} détectée")


def check_printer(spec: str, timeout: float = 2.0) -> Finding:
    try:
        transport = make_transport(parse_printer_spec(spec), timeout)
    except ValueError as exc:
        return Finding("imprimante", spec, False, str(exc))
    try:
        transport.open()
        status = read_status(transport, timeout=min(timeout, 0.5))
    except TransportError as exc:
        return Finding("imprimante", spec, False, exc.message_fr)
    finally:
        transport.close()
    if status is None:
        return Finding("imprimante", spec, True, "joignable (pas d'état papier disponible)")
    return Finding("imprimante", spec, status.ok, status.message_fr)


def run_doctor(*, dev_root: str = "/dev", printers: Iterable[str] = (), probe_serial: bool = True,
               opener: Callable[[str], Any] = open_input_device) -> list[Finding]:
    paths = discover(dev_root)
    findings = [check_input(path, opener) for path in paths["input"]]
    for path in paths["serial"]:
        findings.append(check_serial(path) if probe_serial else
                        Finding("port série", path, True, "présent (non testé)"))
    specs = [f"file:{path}" for path in paths["printer"]] + list(printers)
    findings += [check_printer(spec) for spec in specs]
    return findings
