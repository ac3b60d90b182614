"""Devices chosen from the site's plain configuration dict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from devices.config import DeviceConfigError, build_hub, build_printer, build_scale, build_scanner
from devices.fakes import FakePrinter, FakeScale, FakeScanner
from devices.interfaces import ReceiptPrinter, Scale, Scanner
from devices.printer import EscposPrinter
from devices.scale_protocols import CAS_CONTINUOUS
from devices.scale_serial import SerialScale
from devices.scanner_evdev import EvdevScanner
from devices.scanner_serial import QueueScanner, SerialScanner


def test_a_full_site_configuration(tmp_path: Path) -> None:
    hub = build_hub({
        "scanner": {"kind": "evdev", "path": "/dev/input/by-id/usb-scanner-event-kbd", "layout": "fr",
                    "gs_substitute": "~"},
        "scale": {"kind": "serial", "port": "/dev/serial/by-id/usb-cas", "protocol": "cas", "min_grams": 100},
        "printer": {"spec": "tcp:192.168.1.50:9100", "columns": 48, "codepage": "CP858",
                    "spool_dir": str(tmp_path / "spool"), "drawer_pin": 5},
        "scale_interval": 0.5,
    })
    assert isinstance(hub.scanner, EvdevScanner) and hub.scanner.decoder.layout.name == "fr"
    assert hub.scanner.decoder.gs_substitute == "~"
    assert isinstance(hub.scale, SerialScale) and hub.scale.protocol is CAS_CONTINUOUS
    assert hub.scale.min_grams == 100
    assert isinstance(hub.printer, EscposPrinter) and hub.printer.profile.columns == 48
    assert hub.printer.profile.drawer_pin == 5 and hub.scale_interval == 0.5
    for device, interface in ((hub.scanner, Scanner), (hub.scale, Scale), (hub.printer, ReceiptPrinter)):
        assert isinstance(device, interface)
    assert (tmp_path / "spool" / "pending").is_dir()  # the queue exists before the first sale


def test_demo_and_test_kinds() -> None:
    assert isinstance(build_scanner({"kind": "serial", "port": "/tmp/scanner"}), SerialScanner)
    assert isinstance(build_scanner({"kind": "simulated"}), QueueScanner)
    assert isinstance(build_scanner({"kind": "fake", "codes": ["1"]}), FakeScanner)
    assert isinstance(build_scale({"kind": "fake", "grams": 12}), FakeScale)
    assert isinstance(build_printer({"kind": "fake", "columns": 32}), FakePrinter)
    assert build_scanner(None) is None and build_scale(None) is None and build_printer(None) is None
    assert build_scale({"port": "/tmp/x", "protocol": "auto"}).protocol is None  # type: ignore[union-attr]


@pytest.mark.parametrize(("builder", "section", "message"), [
    (build_scanner, {"kind": "evdev"}, "Configuration lecteur : « path » manquant"),
    (build_scanner, {"kind": "evdev", "path": "/x", "layout": "dvorak"}, "Disposition de clavier inconnue"),
    (build_scanner, {"kind": "hid"}, "Configuration lecteur : type inconnu 'hid'"),
    (build_scale, {"port": "/x", "protocol": "bizerba"}, "Protocole de balance inconnu"),
    (build_scale, {"kind": "serial"}, "Configuration balance : « port » manquant"),
    (build_printer, {"spec": "lpt:1"}, "Adresse d'imprimante invalide"),
    (build_printer, {"spec": "file:/tmp/x", "codepage": "CP999"}, "Page de codes CP999 absente"),
    (build_printer, {"spec": "file:/tmp/x", "escpos_profile": "TM-U220"}, "Page de codes CP858 absente du profil TM-U220"),
    (build_printer, {"spec": "file:/tmp/x", "columns": 12}, "Largeur de ticket trop petite"),
    (build_printer, {"spec": "file:/tmp/x", "drawer_pin": 3}, "Broche du tiroir-caisse"),
    (build_printer, {"kind": "cups"}, "Configuration imprimante : type inconnu"),
])
def test_configuration_mistakes_are_named_in_french(builder, section, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        builder(section)
    with pytest.raises(DeviceConfigError):
        builder(section)


def test_the_printer_is_checked_without_loading_its_drivers(tmp_path: Path) -> None:
    """The code page is refused at start-up, yet python-escpos' printer classes (Pillow, qrcode,
    pyusb, pycups: 50 ms of CPU on a 2-core PC) load with the first receipt."""
    script = ("import json, sys\n"
              "from devices.config import build_printer\n"
              f"build_printer({{'spec': 'file:{tmp_path / 'tickets.bin'}'}})\n"
              "print(json.dumps(sorted(m for m in ('escpos.printer', 'escpos.escpos', 'PIL', 'qrcode', 'usb')"
              " if m in sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True,
                         cwd=Path(__file__).parents[2])
    assert json.loads(out.stdout) == []
