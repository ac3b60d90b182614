"""`gers-solidaire nodes …` on central (enrol, list, revoke) and `gers-solidaire sync …` on a node."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask
from sqlalchemy.orm import Session

from gers.cli_base import INSTANCE_OPTION, FrenchGroup, OperatorError, load_app
from gers.clock import paris_today, utcnow
from gers.formatting import datetime_fr
from sync import keystore, rebalancing, runner, services
from sync.client import SyncClient, SyncError
from sync.identity import IdentityError


@click.group("nodes", cls=FrenchGroup)
def nodes_group() -> None:
    """Nœuds du réseau (serveur central) : enrôlement, liste, révocation."""


@nodes_group.command("enrol")
@INSTANCE_OPTION
@click.argument("code")
@click.option("--url", "central_url", help="Adresse du serveur central vue des nœuds (https://…). "
                                           "Par défaut : le paramètre SYNC_CENTRAL_URL.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier d'identité à écrire (par défaut : identites/identite-CODE.json dans l'instance).")
def enrol_command(instance: Path, code: str, central_url: str | None, out: Path | None) -> None:
    """Enrôle un site ou une unité mobile : écrit son fichier d'identité à copier sur le nœud."""
    with _central(instance) as (app, session):
        central_url = central_url or app.config.get("SYNC_CENTRAL_URL") or ""
        if not central_url:
            raise OperatorError("Indiquez l'adresse du serveur central vue des nœuds : --url https://…")
        key = keystore.central_key(Path(app.instance_path), create=True)
        try:
            node, identity = services.enrol(session, code=code, central=key, central_url=central_url,
                                            now=utcnow())
        except services.SyncError as exc:
            raise OperatorError(str(exc)) from exc
        out = out or Path(app.instance_path) / "identites" / f"identite-{node.code}.json"
        keystore.write_private(out, identity.to_json())  # before the commit: no key without its file
        session.commit()
    click.echo(f"Nœud {node.code} enrôlé. Fichier d'identité : {out}\n"
               "Il contient la clé privée du nœud : copiez-le sur le nœud par une clé USB, puis lancez-y "
               f"« gers-solidaire sync join {out.name} » et effacez les copies intermédiaires.")


@nodes_group.command("list")
@INSTANCE_OPTION
def list_command(instance: Path) -> None:
    """Liste les nœuds enrôlés : date d'enrôlement, révocation, dernier contact."""
    with _central(instance) as (_app, session):
        nodes = services.list_nodes(session)
    if not nodes:
        click.echo("Aucun nœud enrôlé.")
        return
    rows = [("Code", "Enrôlé le", "Révoqué le", "Dernier contact", "Décalage d'horloge")]
    rows += [(n.code, datetime_fr(n.enrolled_at), datetime_fr(n.revoked_at) or "—",
              datetime_fr(n.last_seen_at) or "jamais", _offset(n.clock_offset_seconds)) for n in nodes]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


@nodes_group.command("revoke")
@INSTANCE_OPTION
@click.argument("code")
def revoke_command(instance: Path, code: str) -> None:
    """Révoque l'identité d'un nœud (Pi volé, remplacé) : ses requêtes sont refusées dès maintenant."""
    with _central(instance) as (_app, session):
        try:
            node = services.revoke(session, code=code, now=utcnow())
        except services.SyncError as exc:
            raise OperatorError(str(exc)) from exc
        session.commit()
    click.echo(f"Nœud {node.code} révoqué : ses requêtes sont refusées. Pour son remplaçant : "
               f"gers-solidaire nodes enrol {node.code}")


@nodes_group.command("rebalance")
@INSTANCE_OPTION
@click.option("--reported-within", "hours", default=24, show_default=True, type=click.IntRange(1, 24 * 30),
              help="Heures : seuls les nœuds synchronisés dans ce délai voient leurs parts bouger.")
def rebalance_command(instance: Path, hours: int) -> None:
    """Rééquilibre la nuit les parts de droit d'achat entre sites, d'après ce que chaque nœud a vendu."""
    now = utcnow()
    with _central(instance) as (_app, session):
        summary = rebalancing.rebalance(session, today=paris_today(now), now=now,
                                        reported_since=now - dt.timedelta(hours=hours))
        session.commit()
        raised = rebalancing.apply_ready_increases(session, now=now)
        session.commit()
    click.echo(f"Parts rééquilibrées pour {summary.grants} droit(s) : {summary.lowered} part(s) abaissée(s), "
               f"{summary.pending} hausse(s) en attente que les nœuds concernés se synchronisent, "
               f"{raised} hausse(s) appliquée(s).")


@click.group("sync", cls=FrenchGroup, invoke_without_command=True)
@INSTANCE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Résumé en une ligne JSON (pour les scripts).")
@click.pass_context
def sync_group(ctx: click.Context, instance: Path, as_json: bool) -> None:
    """Synchronisation avec le serveur central (sur un site ou une unité mobile).

    Sans sous-commande : envoie ce que ce nœud a écrit, reçoit ce qui le concerne.
    """
    if ctx.invoked_subcommand is not None:
        return
    app = load_app(instance)
    if app.config["ROLE"] != "site":
        raise OperatorError("Ce nœud est le serveur central : la synchronisation se lance depuis un site.")
    try:
        identity = keystore.load_identity(Path(app.instance_path))
    except IdentityError as exc:
        raise OperatorError(str(exc)) from exc
    with click.progressbar(length=0, label="Synchronisation", show_pos=True, file=_progress_stream(as_json)) as bar:
        def progress(phase: str, rows: int) -> None:
            bar.label = f"Synchronisation ({phase})"
            bar.length = (bar.length or 0) + rows
            bar.update(rows)
        try:
            summary = runner.run_node(app, SyncClient(identity), progress=progress)
        except SyncError as exc:
            raise OperatorError(f"Synchronisation interrompue : {exc}") from exc
        finally:
            app.extensions["gers.engine"].dispose()
    click.echo(json.dumps(summary.as_json(), ensure_ascii=False) if as_json else _summary_text(summary))


def _progress_stream(quiet: bool):
    return open(os.devnull, "w") if quiet else None  # noqa: SIM115 (closed with the process)


def _summary_text(summary: runner.Summary) -> str:
    def kinds(counter) -> str:
        return ", ".join(f"{name} {count}" for name, count in sorted(counter.items()) if count) or "rien"
    lines = [f"Envoyé : {kinds(summary.up)} ({summary.unchanged} déjà présentes au central).",
             f"Reçu : {kinds(summary.down)}" + (f" ; {summary.deleted} suppression(s)." if summary.deleted else ".")]
    if summary.restored:
        lines.insert(0, f"Base restaurée détectée : repris du serveur central {kinds(summary.recovered)}.")
    lines.append(f"Décalage d'horloge : {_offset(summary.clock_offset_seconds)}.")
    return "\n".join(lines)


@sync_group.command("join")
@INSTANCE_OPTION
@click.argument("identity_file", metavar="FICHIER", type=click.Path(dir_okay=False, path_type=Path))
def join_command(instance: Path, identity_file: Path) -> None:
    """Installe sur ce nœud le fichier d'identité émis par « nodes enrol » sur le serveur central."""
    app = load_app(instance)
    if app.config["ROLE"] != "site":
        raise OperatorError("Ce nœud est le serveur central : le fichier d'identité s'installe sur un site.")
    try:
        identity = keystore.install_identity(Path(app.instance_path), identity_file, app.config["NODE_CODE"])
    except IdentityError as exc:
        raise OperatorError(str(exc)) from exc
    click.echo(f"Identité du nœud {identity.node} installée (serveur central : {identity.central_url}). "
               f"Vous pouvez effacer {identity_file}.")


@sync_group.command("hello")
@INSTANCE_OPTION
def hello_command(instance: Path) -> None:
    """Vérifie la liaison avec le serveur central et mesure le décalage de l'horloge."""
    app = load_app(instance)
    try:
        identity = keystore.load_identity(Path(app.instance_path))
        answer = SyncClient(identity).hello()
    except (IdentityError, SyncError) as exc:
        raise OperatorError(str(exc)) from exc
    click.echo(f"Serveur central joint ({identity.central_url}). "
               f"Décalage d'horloge : {_offset(answer.clock_offset_seconds)}.")


@contextmanager
def _central(instance: Path) -> Iterator[tuple[Flask, Session]]:
    """Central's app and one session; the engine is closed with it (a command holds no pool)."""
    app = load_app(instance)
    if app.config["ROLE"] != "central":
        raise OperatorError("Commande du serveur central : ce nœud est un site.")
    try:
        with app.extensions["gers.sessionmaker"]() as session:
            yield app, session
    finally:
        app.extensions["gers.engine"].dispose()


def _offset(seconds: int | None) -> str:
    """Central's clock minus the node's, for a person."""
    if seconds is None:
        return "—"
    if abs(seconds) < 60:
        return "à l'heure"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"nœud {'en retard' if seconds > 0 else 'en avance'} de {hours} h {minutes:02d}"
