"""Build the devices of a site from a plain dict (the site's configuration).

    {"scanner": {"kind": "evdev", "path": "/dev/input/by-id/usb-...-event-kbd", "layout": "fr"},
     "scale": {"kind": "serial", "port": "/dev/serial/by-id/usb-...", "protocol": "toledo8217"},
     "printer": {"spec": "usb:04b8:0e15", "columns": 42, "codepage": "CP858"}}

Scanner kinds: evdev, serial (USB-CDC), simulated, fake, none. Scale kinds: serial (protocol
toledo8217, cas, dialog06 or auto), fake, none. Printer: a ``spec`` (usb:, serial:, tcp:,
file:) or ``kind`` fake/none. A missing section means "no such device".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from devices.escpos_render import PrinterProfile, check_profile
from devices.fakes import FakePrinter, FakeScale, FakeScanner
from devices.hub import DeviceHub
from devices.interfaces import ReceiptPrinter, Scale, Scanner
from devices.keymaps import get_layout
from devices.printer import EscposPrinter
from devices.printer_transport import parse_printer_spec
from devices.scale_protocols import get_protocol
from devices.scale_serial import DEFAULT_MIN_GRAMS, SerialScale
from devices.scanner_evdev import EvdevScanner
from devices.scanner_serial import QueueScanner, SerialScanner

Section = Mapping[str, Any]


class DeviceConfigError(ValueError):
    """A configuration mistake, in French, naming the section at fault."""


def _require(section: Section, key: str, where: str) -> Any:
    if not section.get(key):
        raise DeviceConfigError(f"Configuration {where} : « {key} » manquant")
    return section[key]


def _kind(section: Section | None, default: str) -> str:
    return str((section or {}).get("kind", default)).lower()


def build_scanner(section: Section | None) -> Scanner | None:
    kind = _kind(section, "none")
    section = section or {}
    gs = section.get("gs_substitute")
    if kind == "evdev":
        try:
            get_layout(section.get("layout", "us"))  # fail now, not in the reader thread
        except ValueError as exc:
            raise DeviceConfigError(f"Configuration lecteur : {exc}") from None
        return EvdevScanner(_require(section, "path", "lecteur"), section.get("layout", "us"),
                            gs_substitute=gs, grab=section.get("grab", True),
                            reconnect_interval=section.get("reconnect_interval", 1.0))
    if kind == "serial":
        return SerialScanner(_require(section, "port", "lecteur"), baudrate=section.get("baudrate", 9600),
                             gs_substitute=gs, reconnect_interval=section.get("reconnect_interval", 1.0))
    if kind == "simulated":
        return QueueScanner(gs_substitute=gs)
    if kind == "fake":
        return FakeScanner(section.get("codes", ()))
    if kind == "none":
        return None
    raise DeviceConfigError(f"Configuration lecteur : type inconnu {kind!r} (evdev, serial, simulated)")


def build_scale(section: Section | None) -> Scale | None:
    kind = _kind(section, "serial" if section else "none")
    section = section or {}
    min_grams = int(section.get("min_grams", DEFAULT_MIN_GRAMS))
    if kind == "serial":
        protocol = section.get("protocol", "toledo8217")
        if protocol != "auto":
            try:
                get_protocol(protocol)
            except ValueError as exc:
                raise DeviceConfigError(str(exc)) from None
        return SerialScale(_require(section, "port", "balance"), protocol,
                           timeout=float(section.get("timeout", 0.5)), min_grams=min_grams)
    if kind == "fake":
        return FakeScale(section.get("grams", 0), min_grams=min_grams)
    if kind == "none":
        return None
    raise DeviceConfigError(f"Configuration balance : type inconnu {kind!r} (serial, fake)")


def printer_profile(section: Section) -> PrinterProfile:
    try:
        return PrinterProfile(columns=int(section.get("columns", 42)),
                              codepage=section.get("codepage", "CP858"),
                              escpos_profile=section.get("escpos_profile", "default"),
                              cut=section.get("cut", "partial"),
                              drawer_pin=int(section.get("drawer_pin", 2)))
    except ValueError as exc:
        raise DeviceConfigError(f"Configuration imprimante : {exc}") from None


def build_printer(section: Section | None) -> ReceiptPrinter | None:
    kind = _kind(section, "escpos" if section else "none")
    section = section or {}
    if kind == "none":
        return None
    profile = printer_profile(section)
    if kind == "fake":
        return FakePrinter(profile)
    if kind != "escpos":
        raise DeviceConfigError(f"Configuration imprimante : type inconnu {kind!r} (escpos, fake)")
    try:
        spec = parse_printer_spec(_require(section, "spec", "imprimante"))
        check_profile(profile)  # an unknown code page fails here, not at the first sale
    except ValueError as exc:
        raise DeviceConfigError(str(exc)) from None
    return EscposPrinter(spec, profile=profile, spool_dir=section.get("spool_dir"),
                         retry_interval=float(section.get("retry_interval", 5.0)),
                         timeout=float(section.get("timeout", 3.0)))


def build_hub(config: Mapping[str, Any]) -> DeviceHub:
    """The hub with every configured device (not started: call ``start()``)."""
    scale_section = config.get("scale") or {}
    # A price-computing scale weighs once per article: the till asks (hub.request_weight).
    poll = scale_section.get("poll", scale_section.get("protocol") != "dialog06")
    return DeviceHub(scanner=build_scanner(config.get("scanner")), scale=build_scale(config.get("scale")),
                     printer=build_printer(config.get("printer")),
                     scale_interval=float(config.get("scale_interval", 0.25)), scale_poll=bool(poll))
