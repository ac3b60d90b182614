"""Central sits behind a local TLS reverse proxy: cookies are Secure and HSTS is sent over https only,
and only the local proxy is believed when it says the request came over https."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


@pytest.fixture
def app_overrides(node_role):
    return {"ROLE": node_role, "NODE_CODE": "CENTRAL", "PROXY_ADDRESSES": ["127.0.0.1", "::1"]}


def login_page(client, remote: str, headers: dict | None = None):
    return client.get("/connexion", headers=headers or {}, environ_base={"REMOTE_ADDR": remote})


def session_cookie(response) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_through_the_local_proxy_over_https_cookies_are_secure_with_hsts(client):
    response = login_page(client, "127.0.0.1", HTTPS)
    assert "; Secure" in session_cookie(response)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_plain_local_http_has_no_secure_cookie_and_no_hsts(client):
    response = login_page(client, "127.0.0.1")
    assert "Secure" not in session_cookie(response)
    assert "Strict-Transport-Security" not in response.headers


def test_forwarded_headers_from_anyone_but_the_proxy_are_ignored(client):
    response = login_page(client, "192.168.1.50", HTTPS)
    assert "Secure" not in session_cookie(response)
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("app_overrides", [{"ROLE": "central", "NODE_CODE": "CENTRAL"}])
def test_without_a_configured_proxy_no_forwarded_header_is_believed(client):
    response = login_page(client, "127.0.0.1", HTTPS)
    assert "Secure" not in session_cookie(response)


def test_the_proxy_passes_the_client_address_for_throttling(app, client):
    seen = {}

    @app.get("/_test_remote")
    def remote():
        from flask import request
        seen["addr"] = request.remote_addr
        return ""
    remote.allowed_roles = frozenset({"public"})
    client.get("/_test_remote", headers=HTTPS, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert seen["addr"] == "203.0.113.7"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "systemd" / name)
    return parser


def test_central_listens_on_loopback_only_and_trusts_that_proxy():
    service = unit("gers-solidaire-central.service")["Service"]
    assert "--host 127.0.0.1 " in service["ExecStart"]
    assert "0.0.0.0" not in (ROOT / "systemd" / "gers-solidaire-central.service").read_text()
    assert "GERS_PROXY_ADDRESSES=127.0.0.1" in service["Environment"]


def test_a_tls_reverse_proxy_configuration_is_shipped():
    text = (ROOT / "systemd" / "nginx-gers-solidaire-central.conf").read_text()
    assert "listen 443 ssl" in text and "proxy_pass http://127.0.0.1:8000" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme" in text
    assert "return 301 https://" in text


def test_the_proxy_addresses_come_from_the_environment(tmp_path):
    from gers.config import load_config

    config = load_config(tmp_path, environ={"GERS_PROXY_ADDRESSES": "127.0.0.1, ::1"})
    assert config["PROXY_ADDRESSES"] == ["127.0.0.1", "::1"]
