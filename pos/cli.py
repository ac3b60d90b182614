"""`gers-solidaire journal verify`: the treasurer's and the auditor's check of the sales journal."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from gers.cli_base import INSTANCE_OPTION, FrenchGroup, OperatorError, load_app
from inventory.models import Site
from pos import journal
from pos.journal_chain import Anchor
from pos.models import JournalEntry


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
    try:
        results = _verify_sites(app, site_code, extra)
    finally:
        app.extensions["gers.engine"].dispose()  # a command holds no pool
    broken = [(code, link) for code, _count, link in results if link is not None]
    for code, count, link in results:
        if link is None:
            click.echo(f"Journal de {code} intègre : {count} écritures vérifiées, numérotation continue.")
    if not results:
        click.echo("Aucun journal de caisse ici pour l'instant.")
    if broken:
        raise OperatorError("\n".join(f"Journal de {code} altéré à l'écriture n° {link.sequence} : {link.reason}."
                                      for code, link in broken))


def _verify_sites(app, site_code: str | None, extra: list[Anchor]) -> list[tuple]:
    with app.extensions["gers.sessionmaker"]() as session:
        if site_code is None and app.config["ROLE"] == "central":
            # Central holds every site's journal as sync brought it: each chain is checked on its own.
            sites = list(session.scalars(select(Site).where(Site.id.in_(select(JournalEntry.site_id)))
                                         .order_by(Site.code)))
        else:
            code = site_code or app.config["NODE_CODE"]
            sites = list(session.scalars(select(Site).where(Site.code == code)))
            if not sites:
                raise OperatorError(f"Site « {code} » inconnu.")
        return [(site.code, *journal.verify(session, site.id, extra)) for site in sites]


def _anchor(text: str) -> Anchor:
    sequence, _, digest = (part.strip() for part in text.partition(":"))
    if not sequence.isdigit() or len(digest) < 8 or any(c not in "0123456789abcdefABCDEF" for c in digest):
        raise OperatorError(f"Ancre « {text} » illisible : attendu N:EMPREINTE, par exemple 42:3f9a1c0b.")
    return Anchor(int(sequence), digest, f"ancre fournie n° {int(sequence)}")
