"""``gers-solidaire devices ...``: support and demo tools for the hardware (French for operators).

The group is ``devices_group``; the application CLI adds it with ``add_command``.
"""

from __future__ import annotations

import json
import sys
import tempfile

import click

from devices.cli_fr import CliError, FrenchGroup
from devices.cli_simulate import simulate
from devices.config import DeviceConfigError, printer_profile
from devices.doctor import run_doctor
from devices.evemu import parse_evemu
from devices.interfaces import ScaleState
from devices.keydecoder import KeyDecoder
from devices.keymaps import LAYOUTS, get_layout
from devices.printer import EscposPrinter
from devices.printer_transport import parse_printer_spec
from devices.receipt import Barcode, Columns, Feed, QRCode, Receipt, Separator, Text
from devices.scale_protocols import PROTOCOLS
from devices.scale_serial import DEFAULT_MIN_GRAMS, SerialScale


def show_gs(data: str) -> str:
    return data.replace("\x1d", "<GS>")


@click.group("devices", cls=FrenchGroup,
             help="Outils matériel : lecteur de codes-barres, balance et imprimante de tickets.")
def devices_group() -> None:
    """Hardware tools."""


@devices_group.command("doctor", help="Liste les lecteurs, ports série et imprimantes trouvés et teste chacun.")
@click.option("--dev", "dev_root", default="/dev", show_default=True,
              help="Dossier des périphériques à examiner.")
@click.option("--printer", "printers", multiple=True, metavar="SPEC",
              help="Imprimante à tester en plus (usb:VID:PID, serial:CHEMIN, tcp:HÔTE:PORT, file:CHEMIN).")
@click.option("--no-probe", is_flag=True, help="Ne pas interroger les ports série.")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (une ligne par appareil).")
def doctor(dev_root: str, printers: tuple[str, ...], no_probe: bool, as_json: bool) -> None:
    findings = run_doctor(dev_root=dev_root, printers=printers, probe_serial=not no_probe)
    if not findings:
        click.echo("Aucun lecteur, port série ni imprimante trouvé.")
    for finding in findings:
        if as_json:
            click.echo(json.dumps(finding.to_dict(), ensure_ascii=False))
        else:
            mark = "OK " if finding.ok else "PROBLÈME"
            click.echo(f"[{mark}] {finding.kind} {finding.path} : {finding.detail}")
    if any(not f.ok for f in findings):
        raise CliError("au moins un appareil a un problème (voir ci-dessus)")


@devices_group.command("replay", help="Décode une capture evemu-record d'un lecteur (une lecture par ligne).")
@click.argument("file", type=click.File("r", encoding="utf-8", errors="replace"))
@click.option("--layout", type=click.Choice(sorted(LAYOUTS)), default="us", show_default=True,
              help="Disposition de clavier programmée dans le lecteur.")
@click.option("--gs", "gs_substitute", default=None, metavar="CAR",
              help="Caractère que le lecteur envoie à la place du séparateur GS1.")
@click.option("--json", "as_json", is_flag=True, help="Une ligne JSON par lecture (données exactes).")
def replay(file: click.utils.LazyFile, layout: str, gs_substitute: str | None, as_json: bool) -> None:
    capture = parse_evemu(file.read())
    for error in capture.errors:
        click.echo(f"Attention : {error}", err=True)
    decoder = KeyDecoder(get_layout(layout), gs_substitute=gs_substitute, source=capture.name or "capture")
    scans = decoder.feed_all(capture.events)
    for scan in scans:
        if as_json:
            click.echo(json.dumps(scan.to_event(), ensure_ascii=False))
        else:
            click.echo(show_gs(scan.data))
        for warning in scan.warnings:
            click.echo(f"Attention : {warning}", err=True)
    if decoder.reset():
        click.echo("Attention : lecture incomplète en fin de capture (pas de touche Entrée)", err=True)
    if not scans:
        raise CliError("aucune lecture trouvée dans la capture")


@devices_group.command("read-weight", help="Lit la balance une fois et affiche la lecture en JSON.")
@click.option("--port", required=True, help="Port série de la balance (/dev/serial/by-id/...).")
@click.option("--protocol", type=click.Choice([*PROTOCOLS, "auto"]), default="toledo8217",
              show_default=True, help="Protocole de la balance.")
@click.option("--timeout", type=float, default=1.0, show_default=True, help="Attente maximale (s).")
@click.option("--min-grams", type=int, default=DEFAULT_MIN_GRAMS, show_default=True,
              help="Portée minimale de la balance (g).")
@click.option("--unit-price", type=int, default=None, help="Prix unitaire en centimes (Dialog 06).")
def read_weight(port: str, protocol: str, timeout: float, min_grams: int, unit_price: int | None) -> None:
    scale = SerialScale(port, protocol, timeout=timeout, min_grams=min_grams)
    try:
        reading = scale.read(unit_price)
    finally:
        scale.close()
    click.echo(json.dumps(reading.to_dict(), ensure_ascii=False))
    if reading.state in (ScaleState.NO_ANSWER, ScaleState.ERROR):
        raise CliError(reading.message_fr)


def build_test_page(columns: int, codepage: str) -> Receipt:
    ruler = "".join(str(i % 10) for i in range(1, columns + 1))
    return Receipt((
        Text("Gers Solidaire", bold=True, align="center", double=True),
        Text("Page de test de l'imprimante", align="center"),
        Separator("="),
        Text(f"Page de codes : {codepage}, {columns} colonnes"),
        Text(ruler),
        Text("àâäçéèêëîïôöùûü ÀÂÇÉÈÊËÎÏÔÙÛÜ"),
        Text("€ £ ° µ « » ½ – œ"),
        Separator(),
        Columns("Pâtes complètes 500 g", "0,12 €"),
        Columns("Lait demi-écrémé bio, brique de 1 litre (produit frais)", "0,09 €"),
        Columns("Total", "0,21 €", bold=True),
        Separator(),
        Text("Alignement à droite", align="right"),
        Barcode("3017620422003"),
        QRCode("https://gers-solidaire.example/test"),
        Feed(1),
        Text("Fin de la page de test", align="center"),
    ))


@devices_group.command("print-test", help="Imprime une page de test (page de codes, colonnes, codes-barres).")
@click.option("--printer", "spec", required=True, metavar="SPEC",
              help="usb:VID:PID, serial:CHEMIN[:vitesse], tcp:HÔTE:PORT ou file:CHEMIN.")
@click.option("--columns", type=click.Choice(["32", "42", "48"]), default="42", show_default=True,
              help="Largeur en caractères (58 mm : 32 ; 80 mm : 42 ou 48).")
@click.option("--codepage", default="CP858", show_default=True, help="Page de codes fixe de l'imprimante.")
@click.option("--profile", "escpos_profile", default="default", show_default=True,
              help="Profil python-escpos du modèle d'imprimante.")
@click.option("--drawer", is_flag=True, help="Ouvrir aussi le tiroir-caisse.")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Attente maximale (s).")
def print_test(spec: str, columns: str, codepage: str, escpos_profile: str, drawer: bool,
               timeout: float) -> None:
    try:
        parsed = parse_printer_spec(spec)
        profile = printer_profile({"columns": columns, "codepage": codepage,
                                   "escpos_profile": escpos_profile})
        page = build_test_page(int(columns), codepage)
    except (ValueError, DeviceConfigError) as exc:
        raise CliError(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="gers-print-test-") as spool:
        printer = EscposPrinter(parsed, profile=profile, spool_dir=spool, retry_interval=1.0,
                                timeout=min(timeout, 3.0))
        with printer:
            try:
                printer.print(page)
            except ValueError as exc:
                raise CliError(str(exc)) from None
            if drawer:
                printer.open_drawer()
            done = printer.wait_idle(timeout)
            if not done:
                printer.wait_checked(timeout + 3.0)  # so the message names the actual problem
            status = printer.status()
    if not done:
        raise CliError(f"{status.message_fr} — page de test non imprimée")
    click.echo(f"Page de test envoyée à {parsed} ({status.message_fr}).")


devices_group.add_command(simulate)


def main() -> None:  # pragma: no cover - `python -m devices.cli` for support without the app
    devices_group(prog_name="devices", args=sys.argv[1:])


if __name__ == "__main__":  # pragma: no cover
    main()
