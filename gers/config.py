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
    # Growing delays after failed logins: free failures per client address and per account, then
    # waits doubling from FIRST up to MAX seconds (answered as HTTP 429, see gers/auth/throttle.py).
    "LOGIN_THROTTLE_CLIENT_FREE": 10,
    "LOGIN_THROTTLE_ACCOUNT_FREE": 3,
    "LOGIN_THROTTLE_FIRST_SECONDS": 2,
    "LOGIN_THROTTLE_MAX_SECONDS": 300,
    # Argon2id cost of PIN and password hashes, sized for a Raspberry Pi (docs/securite.md).
    "ARGON2_TIME_COST": 2,
    "ARGON2_MEMORY_KIB": 19 * 1024,
    "ARGON2_PARALLELISM": 1,
    "SESSION_IDLE_MINUTES": 30,
    # A session ends this long after login even when in use (a till left open overnight).
    "SESSION_MAX_HOURS": 12,
    # Addresses of the TLS reverse proxy in front of this node (central: 127.0.0.1); only its
    # X-Forwarded-For / X-Forwarded-Proto headers are believed. Empty: no proxy, headers ignored.
    "PROXY_ADDRESSES": [],
    "TIMEZONE": "Europe/Paris",
    "LOCALE": "fr_FR",
    "NETWORK_NAME": "Gers Solidaire",
    # Site nodes: the [devices] table (scanner, scale, printer), see docs/materiel.md.
    "DEVICES": {},
    "POS_VESTI_USES_ALLOWANCE": False,
    # The demo network (`demo run` sets it): `serve` then accepts the demo's published secrets.
    "DEMO": False,
    # The scan simulator endpoint (demo and development only; `serve` refuses it in production).
    "DEVICE_SIMULATOR": False,
    # Sync (docs/reseau.md). Central: the URL nodes reach it at (written in their identity files),
    # the tolerated clock offset of a node. Site: seconds between two urgent pulls (recalls).
    "SYNC_CENTRAL_URL": "",
    "SYNC_CLOCK_WINDOW_HOURS": 24,
    "SYNC_URGENT_INTERVAL_S": 900,
    # The beneficiaries' kiosk (site nodes, docs/borne.md): the addresses its screens come from
    # (no login: the Pi's own window by default), typed card numbers that cost nothing before the
    # growing delays, and the idle time before it forgets the card and goes back to the welcome screen.
    "KIOSK_ADDRESSES": ["127.0.0.1", "::1"],
    "KIOSK_THROTTLE_FREE": 5,
    "KIOSK_IDLE_SECONDS": 60,
    # What `gers-solidaire kiosk` shows full screen: "borne" (beneficiaries) or "caisse" (the till).
    "KIOSK_SCREEN": "borne",
    "KIOSK_SERVER_URL": "http://127.0.0.1:5000",
    # Central's status page: hours without contact before a node is shown silent (an alert); mobile
    # units stay out on tour for days. A node's own sync_node.silence_alert_hours overrides both.
    "SYNC_SILENCE_HOURS": 48,
    "SYNC_SILENCE_HOURS_MOBILE": 120,
    # Donors (docs/donateurs.md): days before its end a donation convention is flagged « expire dans … ».
    "DONOR_CONVENTION_WARNING_DAYS": 30,
    # The computer corner (docs/activites.md): length of a booking slot, cut from the site's opening
    # hours, and the days a booking keeps its card number before `activities purge` removes it.
    "ACTIVITIES_SLOT_MINUTES": 30,
    "ACTIVITIES_BOOKING_KEEP_DAYS": 30,
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
    if isinstance(default, list):
        return [item.strip() for item in raw.split(",") if item.strip()]
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
    for key in ("LOGIN_MAX_FAILURES", "LOGIN_LOCK_MINUTES", "SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS",
                "LOGIN_THROTTLE_FIRST_SECONDS", "LOGIN_THROTTLE_MAX_SECONDS", "ARGON2_TIME_COST",
                "ARGON2_MEMORY_KIB", "ARGON2_PARALLELISM", "KIOSK_IDLE_SECONDS", "SYNC_SILENCE_HOURS",
                "SYNC_SILENCE_HOURS_MOBILE", "ACTIVITIES_SLOT_MINUTES", "ACTIVITIES_BOOKING_KEEP_DAYS"):
        if int(config[key]) <= 0:
            raise ConfigError(f"{key} doit être positif.")
    if config["KIOSK_SCREEN"] not in ("borne", "caisse"):
        raise ConfigError(f"Écran de borne inconnu « {config['KIOSK_SCREEN']} » : choisir « borne » ou « caisse ».")
