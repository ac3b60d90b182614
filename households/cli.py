"""`gers-solidaire households …`: retention purge (dry run by default) and right-of-access export."""

from __future__ import annotations

import json
from pathlib import Path

import click

from gers.cli_base import INSTANCE_OPTION, FrenchGroup, OperatorError, load_app
from gers.clock import utcnow
from households import privacy, registry
from households.documents import export_pdf
from households.enums import AuditAction, PurgeMode
from households.errors import HouseholdError


@click.group("households", cls=FrenchGroup)
def households_group() -> None:
    """Registre des foyers : purge de conservation et export (droit d'accès)."""


@households_group.command("purge")
@INSTANCE_OPTION
@click.option("--appliquer", "apply", is_flag=True,
              help="Anonymise ou supprime vraiment (sans cette option : simulation).")
@click.option("--mode", type=click.Choice([m.value for m in PurgeMode]), default=None,
              help="anonymise ou delete (par défaut : le paramètre du réseau).")
def purge_command(instance: Path, apply: bool, mode: str | None) -> None:
    """Foyers sans contact depuis la durée de conservation (2 ans par défaut) : simulation par défaut."""
    app = load_app(instance)
    with app.extensions["gers.sessionmaker"]() as session:
        report = privacy.purge(session, now=utcnow(), apply=apply, owner_node=app.config["NODE_CODE"],
                               mode=PurgeMode(mode) if mode else None)
        session.commit()
    click.echo(report.text())
    if report.failures:  # what was purged stays purged; the operator and systemd still see the failure
        raise click.exceptions.Exit(1)


@households_group.command("export")
@INSTANCE_OPTION
@click.argument("card")
@click.option("--format", "kind", type=click.Choice(["json", "pdf"]), default="json", show_default=True)
@click.option("--sortie", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Fichier à écrire (JSON : sortie standard par défaut).")
def export_command(instance: Path, card: str, kind: str, output: Path | None) -> None:
    """Tout ce qui est enregistré sur un foyer (droit d'accès RGPD), en JSON ou en PDF lisible."""
    app = load_app(instance)
    with app.extensions["gers.sessionmaker"]() as session:
        try:
            household = registry.find(session, card)
        except HouseholdError as refused:
            raise OperatorError(str(refused)) from refused
        data = privacy.export_household(session, household, purchases=app.extensions[privacy.PURCHASES],
                                          activities=app.extensions[privacy.ACTIVITIES])
        registry.record(session, household.id, None, AuditAction.EXPORTED, utcnow(), app.config["NODE_CODE"],
                        f"{kind.upper()} (ligne de commande)")
        session.commit()
    if kind == "pdf":
        target = output or Path(f"foyer-{household.card_number}.pdf")
        target.write_bytes(export_pdf(data, app.config["NETWORK_NAME"]))
        click.echo(f"Export écrit dans {target}.")
    elif output is not None:
        output.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        click.echo(f"Export écrit dans {output}.")
    else:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
