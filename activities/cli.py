"""`gers-solidaire activities …`: the computer corner's purge of card numbers (dry run by default)."""

from __future__ import annotations

from pathlib import Path

import click

from activities import computer
from gers.cli_base import INSTANCE_OPTION, FrenchGroup, load_app
from gers.clock import utcnow


@click.group("activities", cls=FrenchGroup)
def activities_group() -> None:
    """Ateliers et point informatique : purge des numéros de carte des réservations."""


@activities_group.command("purge")
@INSTANCE_OPTION
@click.option("--appliquer", "apply", is_flag=True, help="Efface vraiment (sans cette option : simulation).")
@click.option("--jours", "days", type=click.IntRange(min=0), default=None,
              help="Âge des réservations à purger (par défaut : ACTIVITIES_BOOKING_KEEP_DAYS, 30 jours).")
def purge_command(instance: Path, apply: bool, days: int | None) -> None:
    """Les réservations du point informatique plus anciennes que N jours perdent leur numéro de carte."""
    app = load_app(instance)
    with app.extensions["gers.sessionmaker"]() as session:
        report = computer.purge(session, now=utcnow(), apply=apply,
                                days=app.config["ACTIVITIES_BOOKING_KEEP_DAYS"] if days is None else days)
        session.commit()
    click.echo(report.text())
