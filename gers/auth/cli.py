"""`gers-solidaire users …`: accounts of volunteers and staff."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from gers.auth.secrets import WeakSecret
from gers.auth.services import create_user, unlock
from gers.cli_base import INSTANCE_OPTION, FrenchGroup, OperatorError, load_app
from gers.models import Role, User


@click.group("users", cls=FrenchGroup)
def users_group() -> None:
    """Comptes des bénévoles et des équipes (jamais des bénéficiaires)."""


@users_group.command("create")
@INSTANCE_OPTION
@click.option("--username", required=True, help="Identifiant de connexion.")
@click.option("--name", "display_name", required=True, help="Nom affiché.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True, help="Rôle.")
@click.option("--pin", help="Code PIN (4 à 6 chiffres) pour les postes des sites.")
@click.option("--password", help="Mot de passe (10 caractères au moins) pour le serveur central.")
def create(instance: Path, username: str, display_name: str, role: str, pin: str | None,
           password: str | None) -> None:
    """Crée un compte."""
    if not pin and not password:
        raise OperatorError("Indiquez un code PIN, un mot de passe, ou les deux.")
    app = load_app(instance)
    with app.extensions["gers.sessionmaker"]() as session:
        if session.scalar(select(User).where(User.username == username.lower())):
            raise OperatorError(f"L'identifiant « {username} » existe déjà.")
        try:
            create_user(session, username=username, display_name=display_name, role=Role(role),
                        owner_node=app.config["NODE_CODE"], pin=pin, password=password)
        except WeakSecret as exc:
            raise OperatorError(str(exc)) from exc
        session.commit()
    click.echo(f"Compte « {username} » créé.")


@users_group.command("unlock")
@INSTANCE_OPTION
@click.argument("username")
def unlock_command(instance: Path, username: str) -> None:
    """Débloque un compte verrouillé après des essais erronés."""
    app = load_app(instance)
    with app.extensions["gers.sessionmaker"]() as session:
        user = session.scalar(select(User).where(User.username == username.lower()))
        if user is None:
            raise OperatorError(f"Aucun compte « {username} ».")
        unlock(user)
        session.commit()
    click.echo(f"Compte « {username} » débloqué.")
