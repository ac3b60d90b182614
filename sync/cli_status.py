"""`gers-solidaire nodes status` and `nodes alert-after` on central: the status page for an operator
over SSH (and a monitoring probe), and a node's own silence threshold (a mobile unit's long tour).

They join the `nodes` group of sync.cli; gers.cli loads the group from here."""

from __future__ import annotations

import click

from gers.cli_base import INSTANCE_OPTION, OperatorError
from gers.clock import utcnow
from gers.formatting import datetime_fr
from sync.cli import _central, nodes_group
from sync.network import NetworkReport, network_report, set_silence_threshold
from sync.status import Thresholds, offset_words

__all__ = ["nodes_group"]


@nodes_group.command("status")
@INSTANCE_OPTION
@click.option("--check", is_flag=True, help="Code de sortie 2 si un nœud est silencieux (pour la supervision).")
def status_command(instance, check: bool) -> None:
    """État de chaque nœud : dernière synchronisation, en attente, horloge, alertes de silence."""
    with _central(instance) as (app, session):
        thresholds = Thresholds(int(app.config["SYNC_SILENCE_HOURS"]), int(app.config["SYNC_SILENCE_HOURS_MOBILE"]))
        report = network_report(session, now=app.extensions.get("gers.clock", utcnow)(), thresholds=thresholds)
        click.echo(_report_text(report))
    if check and report.silent:
        raise click.exceptions.Exit(2)


def _report_text(report: NetworkReport) -> str:
    if not report.active:
        return "Aucun nœud enrôlé."
    rows = [("Code", "État", "Dernière synchro complète", "En attente", "Horloge", "Dernier contact")]
    for line in report.active:
        node = line.node
        rows.append((node.code, line.status.state.label, datetime_fr(line.status.last_sync_at) or "jamais",
                     "—" if node.backlog is None else str(node.backlog), offset_words(node.clock_offset_seconds),
                     datetime_fr(node.last_seen_at) or "jamais"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines += [f"ALERTE {line.node.code} silencieux : {line.status.reason}" for line in report.silent]
    return "\n".join(lines)


@nodes_group.command("alert-after")
@INSTANCE_OPTION
@click.argument("code")
@click.argument("hours", metavar="HEURES", type=click.IntRange(min=0, max=24 * 60))
def alert_after_command(instance, code: str, hours: int) -> None:
    """Seuil d'alerte de silence propre à un nœud, en heures (0 : revenir au réglage du réseau)."""
    with _central(instance) as (_app, session):
        try:
            node = set_silence_threshold(session, code=code, hours=hours or None)
        except ValueError as exc:
            raise OperatorError(str(exc)) from exc
        session.commit()
    if hours:
        click.echo(f"Nœud {node.code} : alerte après {hours} h sans contact.")
    else:
        click.echo(f"Nœud {node.code} : seuil du réseau (SYNC_SILENCE_HOURS ou SYNC_SILENCE_HOURS_MOBILE).")
