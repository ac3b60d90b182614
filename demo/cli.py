"""`gers-solidaire demo …`: the demo network on one laptop — central and the Auch site, on SQLite."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask

from demo.accounts import DEMO_SITE, DEMO_USERS
from demo.builder import build_demo
from demo.households_demo import build_households_demo, till_cards
from demo.kiosk_demo import build_kiosk_demo
from demo.pos_demo import build_pos_demo
from demo.tours_demo import build_tours_demo
from demo.warehouse_demo import build_warehouse_demo
from devices.cli_simulate import PtyScannerSimulator, apply_command
from devices.scale_sim import PtyScaleSimulator, ScaleModel
from gers import migrate
from gers.cli_base import FrenchGroup, OperatorError, load_app
from gers.clock import paris_today, utcnow
from sync import keystore, runner
from sync import services as sync_services
from sync.client import SyncClient, wsgi_transport


@dataclass(frozen=True)
class DemoNode:
    folder: str
    role: str
    node_code: str
    port: int
    login_kind: str

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


SCALE_LINK = "balance-simulee"
SCANNER_LINK = "lecteur-simule"
NODES = (
    DemoNode("central", "central", "CENTRAL", 5000, "mot de passe"),
    DemoNode(DEMO_SITE.lower(), "site", DEMO_SITE, 5001, "code PIN"),
)


@click.group("demo", cls=FrenchGroup)
def demo_group() -> None:
    """Réseau de démonstration (déterministe) sur SQLite."""


@demo_group.command("build")
@click.option("--dir", "directory", default="var/demo", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Dossier des nœuds de démonstration.")
def build_command(directory: Path) -> None:
    """Construit (ou réutilise) le réseau de démonstration : central et site d'Auch."""
    for node in NODES:
        _build_node(directory, node)


@demo_group.command("run")
@click.option("--dir", "directory", default="var/demo", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Dossier des nœuds de démonstration.")
def run_command(directory: Path) -> None:
    """Construit le réseau si besoin, affiche les accès et sert les deux nœuds."""
    cards = [card for node in NODES for card in _build_node(directory, node)]
    click.echo(_logins_text(cards))
    _serve_all(directory)


def _build_node(directory: Path, node: DemoNode) -> list[str]:
    """Build (or reuse) a node; on the site, return a few household cards its till accepts today.

    Central is built from the demo data. The site starts empty and gets everything by sync, as a new
    Pi does: it is enrolled at central and its first exchange runs in this process (the requests are
    the signed ones of the network, handed to central's app without a socket).
    """
    instance = directory / node.folder
    instance.mkdir(parents=True, exist_ok=True)
    if not (instance / "gers.toml").exists():
        write_node_config(instance, node)
    app = load_app(instance)
    migrate.upgrade(app.config["DATABASE_URL"])
    today = paris_today(utcnow())
    if node.role == "central":
        with app.extensions["gers.sessionmaker"]() as session:
            summary = build_demo(session, scope_site=None, reference_year=today.year)
            build_households_demo(session, scope_site=None, today=today)
            build_warehouse_demo(session, scope_site=None, today=today)
            build_pos_demo(session, scope_site=None)
            build_kiosk_demo(session, today=today)
            build_tours_demo(session, today=today)
            session.commit()
        state = "construit" if summary.built else "réutilisé"
        click.echo(f"Nœud {node.node_code} {state} : {summary.sites} sites, {summary.products} produits, "
                   f"{summary.households} foyers, {summary.users} comptes.")
        app.extensions["gers.engine"].dispose()
        return []
    central = load_app(directory / NODES[0].folder)
    try:
        first = join_network(central, app, NODES[0].url())
        with app.extensions["gers.sessionmaker"]() as session:
            cards = till_cards(session, node.node_code, today)
    finally:
        central.extensions["gers.engine"].dispose()
        app.extensions["gers.engine"].dispose()
    click.echo(f"Nœud {node.node_code} " + ("enrôlé et synchronisé" if first else "réutilisé") + ".")
    return cards


def join_network(central: Flask, site: Flask, central_url: str) -> bool:
    """Enrol the site at central and run its first exchange, unless it holds an identity already."""
    instance = Path(site.instance_path)
    if (instance / keystore.IDENTITY_FILE).exists():
        return False
    key = keystore.central_key(Path(central.instance_path), create=True)
    with central.extensions["gers.sessionmaker"]() as session:
        _node, identity = sync_services.enrol(session, code=site.config["NODE_CODE"], central=key,
                                              central_url=central_url, now=utcnow())
        keystore.write_private(instance / keystore.IDENTITY_FILE, identity.to_json())
        session.commit()
    client = SyncClient(identity, transport=wsgi_transport(central))
    runner.run(site.extensions["gers.sessionmaker"], client, node_code=site.config["NODE_CODE"])
    return True


def write_node_config(instance: Path, node: DemoNode) -> None:
    """The demo's own nodes have the scan simulator; a production node never does."""
    text = f'role = "{node.role}"\nnode_code = "{node.node_code}"\ndevice_simulator = true\n'
    if node.role == "site":
        text += _simulated_devices(instance.resolve())
    (instance / "gers.toml").write_text(text, encoding="utf-8")


def node_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment of a demo server: the simulator on even in a demo folder built before it existed."""
    return {**environ, "GERS_DEVICE_SIMULATOR": "1"}


def _simulated_devices(instance: Path) -> str:
    """The site's devices in the demo: a scale and a scanner simulated on pseudo-terminals (stable
    links in the instance folder, created by `demo run`) and receipts written to a file."""
    return (f'\n[devices.scale]\nkind = "serial"\nport = "{instance / SCALE_LINK}"\nprotocol = "toledo8217"\n'
            f'\n[devices.scanner]\nkind = "serial"\nport = "{instance / SCANNER_LINK}"\n'
            f'\n[devices.printer]\nspec = "file:{instance / "tickets.bin"}"\ncolumns = 42\n')


def _logins_text(cards: list[str]) -> str:
    lines = ["", "Réseau de démonstration Gers Solidaire"]
    for node in NODES:
        title = "Serveur central" if node.role == "central" else f"Site {node.node_code} (caisse)"
        lines.append(f"  {title} : {node.url()}  — connexion par {node.login_kind}")
        for user in DEMO_USERS:
            secret = user.pin if node.role == "site" else user.password
            if secret and (node.role == "central" or user.site_code in (None, node.node_code)):
                lines.append(f"    {user.username:<14} {user.role.label:<22} {secret}")
    if cards:
        lines.append(f"  Cartes de foyers acceptées aujourd'hui à la caisse d'Auch : {', '.join(cards)}")
    lines.append(f"  Borne des bénéficiaires d'Auch (sans connexion) : {NODES[1].url()}/borne")
    lines.append("  Balance et lecteur simulés : tapez ici « poids 1250 », « instable », « scan 3004172079199 »,")
    lines.append("  « aide » pour la liste. Les tickets s'écrivent dans var/demo/auch/tickets.bin.")
    lines.append("  « sync » synchronise le site d'Auch avec le serveur central (comme chaque nuit) ;")
    lines.append("  l'état du réseau : http://127.0.0.1:5000/synchronisation/ (compte coordination).")
    lines.append("  Ctrl+C arrête la démonstration.")
    return "\n".join(lines)


def _serve_all(directory: Path) -> None:
    """One WSGI server process per node, as on the real network; Ctrl+C stops them all."""
    site = directory / DEMO_SITE.lower()
    scale = PtyScaleSimulator("toledo8217", ScaleModel(gross_grams=1250), link=str(site / SCALE_LINK)).start()
    scanner = PtyScannerSimulator(str(site / SCANNER_LINK))
    # DEMO: `serve` accepts the demo's published passwords and PINs (a production node refuses them).
    environ = {**os.environ, "GERS_DEMO": "true"}
    processes = [subprocess.Popen([sys.executable, "-m", "gers.cli", "serve", "--instance",
                                   str(directory / node.folder), "--port", str(node.port), "--threads", "8"],
                                  env=node_environment(environ))
                 for node in NODES]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    threading.Thread(target=_first_sync, args=(directory, environ), daemon=True).start()
    threading.Thread(target=_operator_commands, args=(scale, scanner, directory, environ), daemon=True).start()
    try:
        while all(p.poll() is None for p in processes):
            try:
                processes[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                continue
        if any(p.returncode for p in processes):
            raise OperatorError("Un serveur de démonstration s'est arrêté (port 5000 ou 5001 occupé ?).")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()
        scanner.close()
        scale.stop()


def _operator_commands(scale: PtyScaleSimulator, scanner: PtyScannerSimulator, directory: Path,
                       environ: Mapping[str, str]) -> None:
    """The demo's terminal drives the simulated scale and scanner, and syncs the site on demand
    (end of input: keep serving)."""
    for line in sys.stdin:
        if line.strip().lower() in SYNC_COMMANDS:
            _sync_site(directory, environ)
            continue
        try:
            answer = apply_command(scale, scanner, line)
        except ValueError as exc:
            click.echo(f"Erreur : {exc}", err=True)
            continue
        if answer:
            click.echo(answer)


SYNC_COMMANDS = ("sync", "synchro", "synchroniser")


def _first_sync(directory: Path, environ: Mapping[str, str]) -> None:
    """Once central listens, the site syncs over HTTP as it will every night."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", NODES[0].port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    _sync_site(directory, environ)


def _sync_site(directory: Path, environ: Mapping[str, str]) -> None:
    """`gers-solidaire sync` on the demo site, as the nightly timer runs it; its summary printed here."""
    command = [sys.executable, "-m", "gers.cli", "sync", "--instance", str(directory / NODES[1].folder)]
    done = subprocess.run(command, env=dict(environ), capture_output=True, text=True, check=False)
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip() not in ("", "Synchronisation")]
    click.echo("\n".join(f"[synchronisation {NODES[1].node_code}] {line}" for line in lines))
