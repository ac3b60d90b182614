"""Node configuration, layered: defaults → instance file (TOML) → environment (GERS_*).

A Raspberry Pi at a site and the central server run the same code; only this configuration tells
them apart. Errors are raised as ConfigError with a French message: the person reading it is often
a volunteer with some IT skills, not a developer.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROLES = ("site", "central")
ENV_PREFIX = "GERS_"

DEFAULTS: dict[str, Any] = {
    "ROLE": "central",
    # Owner node written on every row this node creates; a site's code, or CENTRAL.
    "NODE_CODE": "CENTRAL",
    "DATABASE_URL": "",  # empty: SQLite file in the instance folder
    "SECRET_KEY": "",
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_MINUTES": 15,
    "SESSION_IDLE_MINUTES": 30,
    "TIMEZONE": "Europe/Paris",
    "LOCALE": "fr_FR",
    "NETWORK_NAME": "Gers Solidaire",
    # Site nodes: the [devices] table (scanner, scale, printer), see docs/materiel.md.
    "DEVICES": {},
    "POS_VESTI_USES_ALLOWANCE": False,
    # Development and demo only: POST /api/appareils/simuler-scan pushes a scan into every open till.
    "DEVICE_SIMULATOR": False,
}


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says why, in French."""


def load_config(instance_path: Path, environ: Mapping[str, str] | None = None,
                overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Merge the layers and validate the result."""
    environ = os.environ if environ is None else environ
    config = dict(DEFAULTS)
    config.update(_read_instance_file(instance_path, environ))
    config.update(_read_environment(environ))
    config.update(overrides or {})
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance_path / 'gers.sqlite3'}"
    _validate(config)
    return config


def _read_instance_file(instance_path: Path, environ: Mapping[str, str]) -> dict[str, Any]:
    explicit = environ.get(ENV_PREFIX + "CONFIG")
    path = Path(explicit) if explicit else instance_path / "gers.toml"
    if not path.exists():
        if explicit:
            raise ConfigError(f"Fichier de configuration introuvable : {path}")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Fichier de configuration illisible : {path} ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Fichier de configuration mal formé : {path} ({exc})") from exc
    return {key.upper(): value for key, value in data.items()}


def _read_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or name == ENV_PREFIX + "CONFIG":
            continue
        key = name[len(ENV_PREFIX):]
        values[key] = _coerce(key, raw)
    return values


def _coerce(key: str, raw: str) -> Any:
    """Environment values are strings; give them the type of the default."""
    default = DEFAULTS.get(key)
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "oui", "on"}
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError as exc:
            raise ConfigError(f"{ENV_PREFIX}{key} doit être un nombre entier, pas « {raw} »") from exc
    return raw


def _validate(config: dict[str, Any]) -> None:
    if config["ROLE"] not in ROLES:
        raise ConfigError(f"Rôle de nœud inconnu « {config['ROLE']} » : choisir « site » ou « central ».")
    if config["ROLE"] == "site" and config["NODE_CODE"] == "CENTRAL":
        raise ConfigError("Un nœud « site » doit indiquer le code de son site (GERS_NODE_CODE).")
    for key in ("LOGIN_MAX_FAILURES", "LOGIN_LOCK_MINUTES", "SESSION_IDLE_MINUTES"):
        if int(config[key]) <= 0:
            raise ConfigError(f"{key} doit être positif.")
