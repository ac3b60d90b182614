"""What `serve` refuses on a production node: the demo's secrets, a weak secret key, instance files
that other users can read, the scan simulator. The demo itself runs with DEMO set (`demo run`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gers.auth.secrets import verify_secret
from gers.instance import exposed_paths
from gers.models import User

# Keys printed in tests and examples: anyone could forge a session cookie with them.
KNOWN_KEYS = frozenset({"test-secret", "dev", "demo", "secret", "changeme", "change-me", "gers-solidaire"})
MIN_KEY_LENGTH = 32


def startup_refusals(config: Mapping[str, Any], instance: Path, session: Session,
                     known_accounts: Iterable[tuple[str, str | None, str | None]]) -> list[str]:
    """French reasons not to serve; `known_accounts` are (username, pin, password) published by the demo."""
    if config.get("DEMO"):
        return []
    return [*_key_refusals(str(config["SECRET_KEY"])), *_file_refusals(instance, config["DATABASE_URL"]),
            *_simulator_refusals(config), *_account_refusals(session, known_accounts)]


def _key_refusals(key: str) -> list[str]:
    if not key.strip():
        return ["La clé secrète est vide : supprimez le fichier secret_key vide du dossier d'instance (une clé "
                "est alors créée) ou indiquez GERS_SECRET_KEY."]
    if key.strip() in KNOWN_KEYS:
        return ["La clé secrète est celle de la démonstration ou des tests : choisissez une clé aléatoire."]
    if len(key.strip()) < MIN_KEY_LENGTH:
        return [f"La clé secrète est trop courte (moins de {MIN_KEY_LENGTH} caractères)."]
    return []


def _file_refusals(instance: Path, database_url: str) -> list[str]:
    exposed = exposed_paths(instance, database_url)
    if not exposed:
        return []
    return [f"Fichiers d'instance accessibles à d'autres utilisateurs : {', '.join(map(str, exposed))} "
            "(dossier en 700, fichiers en 600 : « gers-solidaire db upgrade » les corrige)."]


def _simulator_refusals(config: Mapping[str, Any]) -> list[str]:
    if config.get("DEVICE_SIMULATOR"):
        return ["Le simulateur de lecture (DEVICE_SIMULATOR) est activé : il est réservé à la démonstration."]
    return []


def _account_refusals(session: Session, known: Iterable[tuple[str, str | None, str | None]]) -> list[str]:
    refusals = []
    for username, pin, password in known:
        user = session.scalar(select(User).where(User.username == username))
        if user is not None and ((pin and verify_secret(user.pin_hash, pin))
                                 or (password and verify_secret(user.password_hash, password))):
            refusals.append(f"Le compte de démonstration « {username} » a toujours son code ou mot de passe "
                            "publié : changez-le ou supprimez ce compte.")
    return refusals
