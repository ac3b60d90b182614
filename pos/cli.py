"""`gers-solidaire journal verify`: the treasurer's and the auditor's check of the sales journal."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from gers.cli_base import INSTANCE_OPTION, FrenchGroup, OperatorError, load_app
from inventory.models import Site
from pos import journal
from pos.journal_chain import Anchor


@click.group("journal", cls=FrenchGroup)
def journal_group() -> None:
    """Journal de caisse chaîné (ventes, retours, clôtures)."""


@journal_group.command("verify")
@INSTANCE_OPTION
@click.option("--site", "site_code", help="Code du site (par défaut : le site de ce poste).")
@click.option("--ancre", "anchors", multiple=True, metavar="N:EMPREINTE",
              help="Écriture n° N attestée ailleurs (ticket Z, central) avec son empreinte (8 caractères ou plus).")
def verify_command(instance: Path, site_code: str | None, anchors: tuple[str, ...]) -> None:
    """Vérifie le chaînage SHA-256, la numérotation sans trou et les ancres des clôtures Z ;
    signale la première rupture."""
    extra = [_anchor(text) for text in anchors]
    app = load_app(instance)
    code = site_code or app.config["NODE_CODE"]
    with app.extensions["gers.sessionmaker"]() as session:
        site = session.scalar(select(Site).where(Site.code == code))
        if site is None:
            raise OperatorError(f"Site « {code} » inconnu.")
        count, broken = journal.verify(session, site.id, extra)
    if broken is not None:
        raise OperatorError(f"Journal de {code} altéré à l'écriture n° {broken.sequence} : {broken.reason}.")
    click.echo(f"Journal de {code} intègre : {count} écritures vérifiées, numérotation continue.")


def _anchor(text: str) -> Anchor:
    sequence, _, digest = (part.strip() for part in text.partition(":"))
    if not sequence.isdigit() or len(digest) < 8 or any(c not in "0123456789abcdefABCDEF" for c in digest):
        raise OperatorError(f"Ancre « {text} » illisible : attendu N:EMPREINTE, par exemple 42:3f9a1c0b.")
    return Anchor(int(sequence), digest, f"ancre fournie n° {int(sequence)}")
