"""Configuration layers: defaults → instance file → environment, with French errors."""

from __future__ import annotations

import pytest

from gers.config import ConfigError, load_config


def test_layers_override_in_order(tmp_path):
    (tmp_path / "gers.toml").write_text('role = "site"\nnode_code = "AUCH"\nlogin_lock_minutes = 10\n')
    config = load_config(tmp_path, environ={"GERS_LOGIN_LOCK_MINUTES": "20"})
    assert config["ROLE"] == "site" and config["NODE_CODE"] == "AUCH"
    assert config["LOGIN_LOCK_MINUTES"] == 20
    assert config["LOGIN_MAX_FAILURES"] == 5
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'gers.sqlite3'}"


def test_missing_explicit_config_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="Fichier de configuration introuvable"):
        load_config(tmp_path, environ={"GERS_CONFIG": str(tmp_path / "absent.toml")})


def test_malformed_config_file_is_named(tmp_path):
    (tmp_path / "gers.toml").write_text("role = site sans guillemets\n")
    with pytest.raises(ConfigError, match="mal formé"):
        load_config(tmp_path, environ={})


def test_unreadable_config_file_is_named(tmp_path):
    (tmp_path / "gers.toml").write_bytes(b"role = \"\xff\xfe\"\n")
    with pytest.raises(ConfigError, match="illisible"):
        load_config(tmp_path, environ={})


@pytest.mark.parametrize("environ,message", [
    ({"GERS_ROLE": "caisse"}, "Rôle de nœud inconnu"),
    ({"GERS_ROLE": "site"}, "doit indiquer le code de son site"),
    ({"GERS_LOGIN_MAX_FAILURES": "cinq"}, "doit être un nombre entier"),
    ({"GERS_SESSION_IDLE_MINUTES": "0"}, "doit être positif"),
])
def test_invalid_settings_are_refused(tmp_path, environ, message):
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path, environ=environ)

