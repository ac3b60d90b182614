"""Receipt -> ESC/POS bytes with python-escpos, one fixed code page, INIT first, every time.

python-escpos's automatic encoding switches code pages unpredictably: we force one code page
per printer model (CP858 by default: it has € at 0xD5 and the French accents) and send INIT +
code page at the start of every receipt, on a fresh printer object (a reused object does not
re-send the code page after INIT).
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType

from devices.receipt import LaidLine, Receipt, layout, printable

_import_lock = threading.Lock()

GS = b"\x1d"
DRAWER_PINS = (2, 5)


def _cache_dir() -> str:
    configured = os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR")
    if configured and os.path.isdir(configured):
        return configured
    path = os.path.join(tempfile.gettempdir(), f"gers-escpos-{os.getuid()}")
    os.makedirs(path, exist_ok=True)
    return path


@contextlib.contextmanager
def _quiet_import(cache: str) -> Iterator[None]:
    """escpos.capabilities calls mkdtemp() even when the cache dir is set (the default argument
    is evaluated first) and logging.basicConfig() on the root logger: neutralise both, and
    serialise the pickle write between processes (pytest-xdist workers)."""
    real_mkdtemp = tempfile.mkdtemp
    root_handlers = list(logging.getLogger().handlers)
    tempfile.mkdtemp = lambda *args, **kwargs: cache  # type: ignore[assignment]
    with open(os.path.join(cache, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            tempfile.mkdtemp = real_mkdtemp
            root = logging.getLogger()
            for handler in list(root.handlers):
                if handler not in root_handlers:
                    root.removeHandler(handler)


def escpos_printer() -> ModuleType:
    """``escpos.printer``, imported once without side effects on the temp dir or logging."""
    return _escpos("escpos.printer")


def _escpos(name: str) -> ModuleType:
    with _import_lock:
        if name not in sys.modules:
            cache = _cache_dir()
            os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = cache
            with _quiet_import(cache):
                importlib.import_module(name)
        return sys.modules[name]


@dataclass(frozen=True)
class PrinterProfile:
    """What differs between printer models: width, code page, escpos capability profile."""

    columns: int = 42
    codepage: str = "CP858"
    escpos_profile: str = "default"
    cut: str = "partial"  # "full", "partial" or "none"
    drawer_pin: int = 2

    def __post_init__(self) -> None:
        if self.drawer_pin not in DRAWER_PINS:
            raise ValueError("Broche du tiroir-caisse : 2 ou 5")
        if self.cut not in ("full", "partial", "none"):
            raise ValueError("Coupe : full, partial ou none")


DEFAULT_PROFILE = PrinterProfile()


def _fresh(profile: PrinterProfile):  # type: ignore[no-untyped-def]
    """A new capture printer that has already sent INIT then the fixed code page."""
    dummy = escpos_printer().Dummy(profile=profile.escpos_profile)
    dummy.hw("INIT")
    try:
        dummy.charcode(profile.codepage)
    except (ValueError, LookupError) as exc:
        raise _codepage_missing(profile) from exc
    return dummy


def _codepage_missing(profile: PrinterProfile) -> ValueError:
    return ValueError(f"Page de codes {profile.codepage} absente du profil {profile.escpos_profile}")


def check_profile(profile: PrinterProfile) -> None:
    """Refuse what ``render`` would refuse for this profile (an unknown escpos profile, a code page
    it lacks, too few columns), asking python-escpos' capabilities the same questions as its
    printer does. The printer classes (escpos.printer: Pillow, qrcode, python-barcode, pyusb,
    pycups) load with the first receipt, not at a site's start-up."""
    capabilities, magic = _escpos("escpos.capabilities"), _escpos("escpos.magicencode")
    encoder = magic.Encoder(capabilities.get_profile(profile.escpos_profile).get_code_pages())
    try:
        encoder.get_encoding_name(profile.codepage)
    except (ValueError, LookupError) as exc:
        raise _codepage_missing(profile) from exc
    layout(Receipt(()), profile.columns)


def ean13_bytes(code: str) -> bytes:
    # Written by hand: escpos' barcode() prints to stdout, and the ESC/POS commands are short.
    return (b"\x1ba\x01" + GS + b"h\x50" + GS + b"w\x02" + GS + b"H\x02" + GS + b"f\x00"
            + GS + b"k\x02" + code.encode("ascii") + b"\x00" + b"\n\x1ba\x00")


def _text(printer, line: LaidLine, codepage: str) -> None:  # type: ignore[no-untyped-def]
    styled = line.bold or line.double or line.align != "left"
    if styled:
        printer.set(align=line.align, bold=line.bold, double_width=line.double,
                    double_height=line.double, normal_textsize=not line.double)
    printer.text(printable(line.text, codepage) + "\n")
    if styled:
        printer.set(align="left", bold=False, normal_textsize=True)


def render(receipt: Receipt, profile: PrinterProfile = DEFAULT_PROFILE) -> bytes:
    """The bytes of one receipt: ESC @, ESC t <page>, the lines, then feed and cut."""
    printer = _fresh(profile)
    out = bytearray()
    python_codec = profile.codepage.lower()
    for line in layout(receipt, profile.columns):
        if line.kind == "barcode":
            out += printer.output
            printer.clear()
            out += ean13_bytes(line.text)
            continue
        if line.kind == "qr":
            printer.set(align="center")
            printer.qr(line.text, size=line.size, native=True)
            printer.text("\n")
            printer.set(align="left")
        else:
            _text(printer, line, python_codec)
    if receipt.cut and profile.cut != "none":
        printer.cut(mode="PART" if profile.cut == "partial" else "FULL")
    out += printer.output
    return bytes(out)


def drawer_bytes(profile: PrinterProfile = DEFAULT_PROFILE) -> bytes:
    printer = escpos_printer().Dummy(profile=profile.escpos_profile)
    printer.cashdraw(profile.drawer_pin)
    return bytes(printer.output)
