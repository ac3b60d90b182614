"""What every room's command group needs from the `gers-solidaire` CLI, without importing it back.

The CLI (gers/cli.py) is a composition root like the app factory: it imports the rooms and adds
their groups. Rooms import only this module, so dependencies run one way. The app factory reaches
the commands through the Click context, put there by the root group.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

# French help and usage errors for every command group (rooms pass cls=FrenchGroup).
from devices.cli_fr import CliError, FrenchGroup
from gers.config import ConfigError

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["INSTANCE_OPTION", "FrenchGroup", "OperatorError", "load_app", "provide_app_factory"]

_APP_FACTORY = "gers.app_factory"

INSTANCE_OPTION = click.option(
    "--instance", "instance", envvar="GERS_INSTANCE", default="instance", show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Dossier d'instance du nœud (gers.toml, base SQLite, clé secrète).")


class OperatorError(CliError):
    """An error an operator can act on: French message, non-zero exit, no traceback."""


def provide_app_factory(ctx: click.Context, factory: Callable[..., Flask]) -> None:
    """The root group hands the app factory to every command of this invocation."""
    ctx.meta[_APP_FACTORY] = factory


def load_app(instance: Path) -> Flask:
    """The node's app for a command: configuration and database, never its devices."""
    ctx = click.get_current_context()
    try:
        app = ctx.meta[_APP_FACTORY](instance_path=instance)
    except ConfigError as exc:
        raise OperatorError(str(exc)) from exc
    # A command holds no database pool once it is done, whatever path it ends by.
    ctx.call_on_close(app.extensions["gers.engine"].dispose)
    return app
