"""`gers-solidaire backup` (run nightly by systemd/gers-solidaire-backup.timer) and `restore`."""

from __future__ import annotations

from pathlib import Path

import click

from gers.backup import BackupError, backup, mark_restored, restore
from gers.cli_base import INSTANCE_OPTION, OperatorError
from gers.clock import utcnow
from gers.config import ConfigError, load_config

FOLDER_OPTION = click.option(
    "--dossier", "folder", default="/var/backups/gers-solidaire", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Dossier des sauvegardes.")


def _config(instance: Path) -> dict:
    try:
        return load_config(instance)
    except ConfigError as exc:
        raise OperatorError(str(exc)) from exc


def _database_url(instance: Path) -> str:
    return _config(instance)["DATABASE_URL"]


@click.command("backup")
@INSTANCE_OPTION
@FOLDER_OPTION
@click.option("--garder", "keep", default=14, show_default=True, type=int,
              help="Nombre de sauvegardes gardées (les plus récentes).")
def backup_command(instance: Path, folder: Path, keep: int) -> None:
    """Sauvegarde la base du nœud (à chaud, pendant que la caisse tourne)."""
    try:
        made = backup(_database_url(instance), folder, utcnow(), keep)
    except BackupError as exc:
        raise OperatorError(str(exc)) from exc
    click.echo(f"Sauvegarde faite : {made}")


@click.command("restore")
@INSTANCE_OPTION
@click.argument("backup_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--oui", "confirmed", is_flag=True, help="Confirme le remplacement de la base actuelle.")
def restore_command(instance: Path, backup_file: Path, confirmed: bool) -> None:
    """Remet la base du nœud dans l'état d'une sauvegarde. Arrêtez d'abord le service."""
    if not confirmed:
        raise OperatorError("La restauration remplace la base actuelle : arrêtez le service "
                            "(systemctl stop gers-solidaire-site) puis relancez avec --oui.")
    config = _config(instance)
    try:
        kept = restore(backup_file, config["DATABASE_URL"], utcnow())
    except BackupError as exc:
        raise OperatorError(str(exc)) from exc
    if kept is not None:
        click.echo(f"Base précédente gardée dans {kept}")
    if config["ROLE"] == "site":
        mark_restored(instance)
        click.echo(f"Base restaurée depuis {backup_file}. La caisse reste fermée jusqu'à la première "
                   "synchronisation : au redémarrage du service, faites « Synchroniser maintenant ».")
    else:
        click.echo(f"Base restaurée depuis {backup_file}. Au redémarrage, le service applique les migrations.")
