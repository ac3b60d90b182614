"""`gers-solidaire demo …`: the demo network on one laptop — central and the Auch site, on SQLite."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from demo.builder import DEMO_SITE, DEMO_USERS, build_demo
from gers import migrate
from gers.cli import FrenchGroup, OperatorError, load_app


@dataclass(frozen=True)
class DemoNode:
    folder: str
    role: str
    node_code: str
    port: int
    login_kind: str

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


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
    for node in NODES:
        _build_node(directory, node)
    click.echo(_logins_text())
    _serve_all(directory)


def _build_node(directory: Path, node: DemoNode) -> None:
    instance = directory / node.folder
    instance.mkdir(parents=True, exist_ok=True)
    config_file = instance / "gers.toml"
    if not config_file.exists():
        config_file.write_text(f'role = "{node.role}"\nnode_code = "{node.node_code}"\n', encoding="utf-8")
    app = load_app(instance)
    migrate.upgrade(app.config["DATABASE_URL"])
    with app.extensions["gers.sessionmaker"]() as session:
        summary = build_demo(session, scope_site=node.node_code if node.role == "site" else None,
                             reference_year=dt.date.today().year)
        session.commit()
    app.extensions["gers.engine"].dispose()
    state = "construit" if summary.built else "réutilisé"
    click.echo(f"Nœud {node.node_code} {state} : {summary.sites} sites, {summary.products} produits, "
               f"{summary.households} foyers, {summary.users} comptes.")


def _logins_text() -> str:
    lines = ["", "Réseau de démonstration Gers Solidaire"]
    for node in NODES:
        title = "Serveur central" if node.role == "central" else f"Site {node.node_code} (caisse)"
        lines.append(f"  {title} : {node.url()}  — connexion par {node.login_kind}")
        for user in DEMO_USERS:
            secret = user.pin if node.role == "site" else user.password
            if secret and (node.role == "central" or user.site_code in (None, node.node_code)):
                lines.append(f"    {user.username:<14} {user.role.label:<22} {secret}")
    lines.append("  Ctrl+C arrête la démonstration.")
    return "\n".join(lines)


def _serve_all(directory: Path) -> None:
    """One WSGI server process per node, as on the real network; Ctrl+C stops them all."""
    processes = [subprocess.Popen([sys.executable, "-m", "gers.cli", "serve", "--instance",
                                   str(directory / node.folder), "--port", str(node.port)])
                 for node in NODES]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(p.poll() is None for p in processes):
            try:
                processes[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                continue
        failed = [p.returncode for p in processes if p.returncode]
        if failed:
            raise OperatorError("Un serveur de démonstration s'est arrêté (port 5000 ou 5001 occupé ?).")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()
