"""Receipt documents, their layout on 32/42/48 columns, and golden ESC/POS bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from devices.escpos_render import PrinterProfile, drawer_bytes, ean13_bytes, render
from devices.receipt import (
    Barcode,
    Columns,
    Feed,
    QRCode,
    Receipt,
    Separator,
    Text,
    ean13_check_digit,
    layout,
    printable,
    receipt_from_dict,
    valid_ean13,
)

ESC, GS = b"\x1b", b"\x1d"
INIT = ESC + b"@"
CP858 = ESC + b"t\x13"                     # ESC t 19
NORMAL = ESC + b"!\x00"                    # ESC ! 0 (python-escpos sends it for "normal size")
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
CENTER, LEFT = ESC + b"a\x01", ESC + b"a\x00"


def test_golden_bytes_of_a_receipt_with_accents_and_euro() -> None:
    receipt = Receipt((
        Text("Épicerie", bold=True, align="center"),
        Columns("Crème fraîche", "2,50 €"),
        Separator("="),
        Text("Merci, à bientôt !"),
    ))
    expected = (
        INIT + CP858
        + NORMAL * 3 + BOLD_ON + CENTER + b"\x90picerie\n"           # É = 0x90
        + NORMAL * 3 + BOLD_OFF + LEFT
        + b"Cr\x8ame fra\x8cche" + b" " * 13 + b"2,50 \xd5\n"     # è = 0x8A, î = 0x8C, € = 0xD5
        + b"=" * 32 + b"\n"
        + b"Merci, \x85 bient\x93t !\n"                            # à = 0x85, ô = 0x93
        + ESC + b"d\x06" + GS + b"V\x01"                           # feed 6 lines, partial cut
    )
    assert render(receipt, PrinterProfile(columns=32)) == expected


def test_every_receipt_starts_with_init_and_the_code_page() -> None:
    profile = PrinterProfile(columns=42)
    first, second = render(Receipt((Text("é"),)), profile), render(Receipt((Text("é"),)), profile)
    assert first == second and first.startswith(INIT + CP858 + b"\x82\n")  # é = 0x82 in CP858


def test_french_characters_in_cp858() -> None:
    [line] = [b for b in render(Receipt((Text("àâçéèêëîïôùûü€°«»"),), cut=False)).split(b"\n") if b][:1]
    assert line == INIT + CP858 + bytes([0x85, 0x83, 0x87, 0x82, 0x8A, 0x88, 0x89, 0x8C, 0x8B, 0x93, 0x97,
                                         0x96, 0x81, 0xD5, 0xF8, 0xAE, 0xAF])


def test_characters_missing_from_the_code_page_get_a_plain_form() -> None:
    # Babel's French formatting uses narrow no-break spaces; CP858 has no œ or curly quotes.
    assert printable("1\u202f234,50\u00a0€ – cœur “bio” ’") == "1 234,50 € - coeur \"bio\" '"
    assert printable("Ÿ Ł ☃") == "Y ? ?"


def test_other_code_page_per_printer_model() -> None:
    data = render(Receipt((Text("é"),), cut=False), PrinterProfile(codepage="CP850"))
    assert data == INIT + ESC + b"t\x02" + b"\x82\n"
    with pytest.raises(ValueError, match="absente du profil"):
        render(Receipt(()), PrinterProfile(codepage="CP858", escpos_profile="TM-U220"))


def test_ean13_check_digit_is_verified_before_printing() -> None:
    assert ean13_check_digit("301762042200") == 3 and valid_ean13("3017620422003")
    with pytest.raises(ValueError, match="EAN-13 invalide"):
        Barcode("3017620422004")
    with pytest.raises(ValueError):
        Barcode("301762042200")
    data = render(Receipt((Barcode("3017620422003"),), cut=False))
    assert data == INIT + CP858 + ean13_bytes("3017620422003")
    assert GS + b"k\x023017620422003\x00" in data  # GS k m=2: EAN-13, then NUL


def test_qr_code_native_command() -> None:
    data = render(Receipt((QRCode("https://x.example", size=5),), cut=False))
    assert GS + b"(k\x03\x001C\x05" in data                      # module size 5
    assert GS + b"(k\x14\x001P0https://x.example" in data       # store the data (17 + 3 bytes)
    assert data.endswith(GS + b"(k\x03\x001Q0\n" + LEFT)          # print it, back to left


def test_double_size_and_cut_options() -> None:
    data = render(Receipt((Text("TOTAL", double=True),)), PrinterProfile(cut="full"))
    assert NORMAL + ESC + b"!0" + BOLD_OFF + LEFT + b"TOTAL\n" in data
    assert data.endswith(ESC + b"d\x06" + GS + b"V\x00")
    assert not render(Receipt((Text("x"),)), PrinterProfile(cut="none")).endswith(b"V\x00")


def test_drawer_kick_pins() -> None:
    assert drawer_bytes() == ESC + b"p\x00\x32\x32"
    assert drawer_bytes(PrinterProfile(drawer_pin=5)) == ESC + b"p\x01\x32\x32"


@pytest.mark.parametrize("columns", [32, 42, 48])
def test_two_column_lines_fit_the_paper(columns: int) -> None:
    receipt = Receipt((Columns("Lait demi-écrémé UHT, brique 1 litre, lot de six", "12,34 €"),
                       Columns("Total", "1 234,56 €", bold=True), Separator(),
                       Text("Un long texte centré qui doit passer à la ligne proprement", align="center"),
                       Text("DOUBLE LARGEUR SUR DEUX LIGNES", double=True), Feed(2)))
    laid = layout(receipt, columns)
    texts = [line for line in laid if line.kind == "text"]
    assert all(len(line.text) * (2 if line.double else 1) <= columns for line in texts)
    totals = [line.text for line in texts if line.text.endswith("€")]
    assert [len(t) for t in totals] == [columns, columns]
    assert totals[1].startswith("Total ") and texts[-1].text == ""


def test_documents_cross_the_hub_as_json() -> None:
    receipt = Receipt((Text("Épicerie", bold=True, align="center"), Columns("Pâtes", "0,12 €"),
                       Separator("="), Barcode("3017620422003"), QRCode("x"), Feed(2)), cut=False)
    assert receipt_from_dict(json.loads(json.dumps(receipt.to_dict()))) == receipt
    with pytest.raises(ValueError, match="Type de ligne"):
        receipt_from_dict({"lines": [{"kind": "image"}]})


def test_importing_escpos_leaves_no_temp_folder_and_no_root_handler(tmp_path: Path) -> None:
    script = ("import logging, devices.escpos_render as r\n"
              "from devices.receipt import Receipt, Text\n"
              "r.render(Receipt((Text('x'),)))\n"
              "print(len(logging.getLogger().handlers))\n")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    for _ in range(2):  # first run writes the capabilities cache, second reads it
        out = subprocess.run([sys.executable, "-W", "error", "-c", script], env=env, check=True,
                             capture_output=True, text=True, cwd=Path(__file__).parents[2])
        assert out.stdout.strip() == "0"
    assert [p.name for p in tmp_path.iterdir()] == [f"gers-escpos-{os.getuid()}"]
