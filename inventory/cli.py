"""`gers-solidaire catalog`: upkeep of central's catalogue."""

from __future__ import annotations

from pathlib import Path

import click

from gers.cli_base import INSTANCE_OPTION, FrenchGroup, OperatorError, load_app
from gers.clock import paris_today, utcnow


@click.group("catalog", cls=FrenchGroup)
def catalog_group() -> None:
    """Catalogue : prix en vigueur."""


@catalog_group.command("apply-prices")
@INSTANCE_OPTION
def apply_prices_command(instance: Path) -> None:
    """Met au prix du jour les produits et vêtements dont un nouveau prix prend effet (central, chaque nuit
    avant la synchronisation) : les lectures sans date (valorisations, exports) voient le prix en vigueur."""
    from inventory.prices import apply_due_prices

    app = load_app(instance)
    if app.config["ROLE"] != "central":
        raise OperatorError("Seul le serveur central modifie le catalogue : les sites reçoivent les prix par la "
                            "synchronisation.")
    with app.extensions["gers.sessionmaker"]() as session:
        changed = apply_due_prices(session, paris_today(utcnow()))
        session.commit()
    click.echo(f"Prix en vigueur appliqués : {changed} article(s) changé(s).")
