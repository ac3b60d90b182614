"""``devices simulate``: a scale on a pseudo-terminal and a serial scanner fed from stdin or a file.

The till then runs its real drivers against them (``make run`` on a laptop):
scale ``{"kind": "serial", "port": <scale path>, "protocol": ...}`` and scanner
``{"kind": "serial", "port": <scanner path>}``.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable

import click

from devices.cli_fr import CliError, FrenchCommand
from devices.ptypair import PtyPair
from devices.scale_protocols import PROTOCOLS
from devices.scale_sim import PtyScaleSimulator, ScaleModel

HELP_FR = ("Commandes : poids 1250 | instable | stable | surcharge | négatif | hors-zéro | normal | "
           "zéro | tare | sans-tare | muet | parle | parasites | scan CODE | état | quitter")


class PtyScannerSimulator:
    """A USB-CDC scanner: each scan is written as one CR LF terminated line."""

    def __init__(self, link: str | None = None) -> None:
        self.pty = PtyPair(link)
        self._lock = threading.Lock()

    @property
    def path(self) -> str:
        return self.pty.path

    def scan(self, text: str) -> None:
        data = text.replace("<GS>", "\x1d").replace("\\x1d", "\x1d")
        with self._lock:
            os.write(self.pty.master, data.encode("utf-8") + b"\r\n")

    def close(self) -> None:
        self.pty.close()


def _plain(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


def _weight(sim: PtyScaleSimulator, value: str) -> str:
    grams = value.lower().removesuffix("g").strip()
    if not grams.lstrip("-").isdigit():
        raise ValueError(f"Poids invalide : {value!r} (en grammes, ex. « poids 1250 »)")
    sim.update(gross_grams=int(grams))
    return f"Poids posé : {int(grams)} g"


def _model_text(model: ScaleModel) -> str:
    return (f"brut {model.gross_grams} g, affiché {model.displayed} g, tare {model.tare_grams} g, "
            f"instable={model.motion}, surcharge={model.overloaded}, négatif={model.negative}, "
            f"hors-zéro={model.outside_zero}, muet={model.silent}")


def _switches(sim: PtyScaleSimulator) -> dict[str, Callable[[], object]]:
    m = sim.model
    return {
        "instable": lambda: sim.update(motion=True), "stable": lambda: sim.update(motion=False),
        "surcharge": lambda: sim.update(over=True), "negatif": lambda: sim.update(under=True),
        "sous-zero": lambda: sim.update(under=True), "hors-zero": lambda: sim.update(outside_zero=True),
        "normal": lambda: sim.update(motion=False, over=False, under=False, outside_zero=False,
                                     silent=False),
        "zero": lambda: sim.update(zero_offset=m.gross_grams, tare_grams=0),
        "tare": lambda: sim.update(tare_grams=m.gross_grams - m.zero_offset),
        "sans-tare": lambda: sim.update(tare_grams=0),
        "muet": lambda: sim.update(silent=True), "parle": lambda: sim.update(silent=False),
        "parasites": sim.send_garbage,
    }


def apply_command(sim: PtyScaleSimulator, scanner: PtyScannerSimulator | None, line: str) -> str | None:
    """Apply one operator command; the French answer, or None to stop."""
    word, _, rest = line.strip().partition(" ")
    key = _plain(word)
    if key in ("quitter", "fin", "exit", "quit"):
        return None
    if key == "scan":
        if scanner is None or not rest.strip():
            raise ValueError("Pas de lecteur simulé, ou code manquant (« scan 3017620422003 »)")
        scanner.scan(rest.strip())
        return f"Lecture envoyée : {rest.strip()}"
    if key == "poids":
        return _weight(sim, rest)
    if key.lstrip("-").removesuffix("g").isdigit():
        return _weight(sim, word)
    if key in ("etat", "aide", ""):
        return _model_text(sim.model) if key == "etat" else HELP_FR
    action = _switches(sim).get(key)
    if action is None:
        raise ValueError(f"Commande inconnue : {word!r} (tapez « aide »)")
    action()
    return f"OK ({_model_text(sim.model)})"


def _run_commands(sim: PtyScaleSimulator, scanner: PtyScannerSimulator | None, lines: Iterable[str]) -> bool:
    """False when the operator asked to quit."""
    for line in lines:
        try:
            answer = apply_command(sim, scanner, line)
        except ValueError as exc:
            click.echo(f"Erreur : {exc}", err=True)
            continue
        if answer is None:
            return False
        click.echo(answer)
    return True


@click.command("simulate", cls=FrenchCommand,
               help="Balance simulée sur un pseudo-terminal et lecteur simulé (mode série), pilotés "
                    "par des commandes sur l'entrée standard. " + HELP_FR)
@click.option("--protocol", type=click.Choice(sorted(PROTOCOLS)), default="toledo8217",
              show_default=True, help="Protocole de la balance simulée.")
@click.option("--weight", "grams", type=int, default=0, show_default=True, help="Poids initial (g).")
@click.option("--scale-link", default=None, metavar="CHEMIN",
              help="Lien symbolique stable vers le port de la balance (ex. var/demo/balance).")
@click.option("--scanner/--no-scanner", "with_scanner", default=True, show_default=True,
              help="Simuler aussi un lecteur de codes-barres en mode série.")
@click.option("--scanner-link", default=None, metavar="CHEMIN",
              help="Lien symbolique stable vers le port du lecteur.")
@click.option("--scans", "scans_file", type=click.File("r", encoding="utf-8"), default=None,
              help="Fichier de codes à « scanner » au démarrage (un par ligne).")
@click.option("--forever", is_flag=True,
              help="Continuer après la fin de l'entrée standard (arrêt par Ctrl+C).")
@click.option("--json", "as_json", is_flag=True, help="Afficher d'abord les ports en JSON.")
def simulate(protocol: str, grams: int, scale_link: str | None, with_scanner: bool,
             scanner_link: str | None, scans_file: click.utils.LazyFile | None, forever: bool,
             as_json: bool) -> None:
    sim = PtyScaleSimulator(protocol, ScaleModel(gross_grams=grams), link=scale_link)
    try:
        sim.start()
        scanner = PtyScannerSimulator(scanner_link) if with_scanner else None
    except OSError as exc:
        sim.stop()
        raise CliError(f"impossible de créer le pseudo-terminal ({exc.strerror or exc})") from None
    try:
        _announce(sim, scanner, as_json)
        if scans_file is not None and scanner is not None:
            for line in scans_file:
                if line.strip():
                    scanner.scan(line.strip())
        if _run_commands(sim, scanner, sys.stdin) and forever:
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        if scanner is not None:
            scanner.close()
        sim.stop()
        click.echo("Simulateur arrêté.")


def _announce(sim: PtyScaleSimulator, scanner: PtyScannerSimulator | None, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"scale_port": sim.path, "protocol": sim.protocol.name,
                               "scanner_port": scanner.path if scanner else None}))
    click.echo(f"Balance simulée ({sim.protocol.label_fr}) : {sim.path}")
    if scanner is not None:
        click.echo(f"Lecteur simulé (mode série) : {scanner.path}")
    click.echo(HELP_FR)
