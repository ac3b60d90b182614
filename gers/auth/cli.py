"""`gers-solidaire users …`: accounts of volunteers and staff."""

from __future__ import annotations

import uuid
from pathlib import Path

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from gers.auth.secrets import WeakSecret
from gers.auth.services import create_user, unlock
from gers.cli_base import INSTANCE_OPTION, FrenchGroup, OperatorError, load_app
from gers.db import Base
from gers.models import Role, User


@click.group("users", cls=FrenchGroup)
def users_group() -> None:
    """Comptes des bénévoles et des équipes (jamais des bénéficiaires)."""


@users_group.command("create")
@INSTANCE_OPTION
@click.option("--username", required=True, help="Identifiant de connexion.")
@click.option("--name", "display_name", required=True, help="Nom affiché.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True, help="Rôle.")
@click.option("--site", "site_code", help="Code du site du compte (obligatoire sauf coordination, "
              "administration et entrepôt, qui travaillent pour tout le réseau).")
@click.option("--pin", help="Code PIN (4 à 6 chiffres) pour les postes des sites.")
@click.option("--password", help="Mot de passe (10 caractères au moins) pour le serveur central et les postes non enrôlés.")
def create(instance: Path, username: str, display_name: str, role: str, site_code: str | None,
           pin: str | None, password: str | None) -> None:
    """Crée un compte."""
    if not pin and not password:
        raise OperatorError("Indiquez un code PIN, un mot de passe, ou les deux.")
    _check_site_option(Role(role), site_code)
    app = load_app(instance)
    with app.extensions["gers.sessionmaker"]() as session:
        if session.scalar(select(User).where(User.username == username.lower())):
            raise OperatorError(f"L'identifiant « {username} » existe déjà.")
        site_id = _site_id(session, site_code) if site_code else None
        try:
            create_user(session, username=username, display_name=display_name, role=Role(role),
                        owner_node=app.config["NODE_CODE"], pin=pin, password=password, site_id=site_id)
        except WeakSecret as exc:
            raise OperatorError(str(exc)) from exc
        session.commit()
    click.echo(f"Compte « {username} » créé.")


def _check_site_option(role: Role, site_code: str | None) -> None:
    """A site account works only at its site; only network staff span every site."""
    if role.spans_network and site_code:
        raise OperatorError(f"Un compte « {role.label} » travaille pour tout le réseau : retirez --site.")
    if not role.spans_network and not site_code:
        raise OperatorError(f"Un compte « {role.label} » appartient à un site : indiquez --site CODE.")


def _site_id(session: Session, code: str) -> uuid.UUID:
    site = Base.metadata.tables["site"]  # through the table: gers does not import the inventory room
    site_id = session.scalar(select(site.c.id).where(site.c.code == code.strip().upper()))
    if site_id is None:
        raise OperatorError(f"Aucun site « {code} » dans cette base (synchronisez-la d'abord ?).")
    return site_id


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
