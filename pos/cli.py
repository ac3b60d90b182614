"""`gers-solidaire journal verify`: the treasurer's and the auditor's check of the sales journal."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from gers.cli_base import INSTANCE_OPTION, FrenchGroup, OperatorError, load_app
from inventory.models import Site
from pos import journal


@click.group("journal", cls=FrenchGroup)
def journal_group() -> None:
    """Journal de caisse chaîné (ventes, retours, clôtures)."""


@journal_group.command("verify")
@INSTANCE_OPTION
@click.option("--site", "site_code", help="Code du site (par défaut : le site de ce poste).")
def verify_command(instance: Path, site_code: str | None) -> None:
    """Vérifie le chaînage SHA-256 et la numérotation sans trou ; signale la première rupture."""
    app = load_app(instance)
    code = site_code or app.config["NODE_CODE"]
    with app.extensions["gers.sessionmaker"]() as session:
        site = session.scalar(select(Site).where(Site.code == code))
        if site is None:
            raise OperatorError(f"Site « {code} » inconnu.")
        count, broken = journal.verify(session, site.id)
    if broken is not None:
        raise OperatorError(f"Journal de {code} altéré à l'écriture n° {broken.sequence} : {broken.reason}.")
    click.echo(f"Journal de {code} intègre : {count} écritures vérifiées, numérotation continue.")
