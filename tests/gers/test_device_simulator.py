"""The scan simulator pushes scans into every open till: only the demo (or an explicit development
setting) has it; on a production node the route does not exist."""

from __future__ import annotations

import pytest

from demo import cli as demo_cli
from gers.app import create_app
from gers.config import DEFAULTS
from gers.models import Role
from tests.conftest import csrf_token


@pytest.fixture
def node_role() -> str:
    return "site"


@pytest.fixture
def auch(make_site):
    return make_site(code="AUCH")


def _simulate(client, login, make_user, auch):
    make_user(username="marie", role=Role.CASHIER, pin="2468", site_id=auch.id)
    assert login("marie", "2468").status_code == 302
    return client.post("/api/appareils/simuler-scan", json={"code": "3017620422003"},
                       headers={"X-CSRFToken": csrf_token(client, "/")})


def test_the_simulator_is_off_by_default():
    assert DEFAULTS["DEVICE_SIMULATOR"] is False


def test_a_production_node_has_no_scan_simulator(client, login, make_user, auch, device_hub):
    assert _simulate(client, login, make_user, auch).status_code == 404


@pytest.mark.parametrize("app_overrides", [{"ROLE": "site", "NODE_CODE": "AUCH", "DEVICE_SIMULATOR": True}])
def test_the_development_setting_turns_the_simulator_on(client, login, make_user, auch, device_hub):
    subscription = device_hub.subscribe()
    assert _simulate(client, login, make_user, auch).status_code == 200
    event = subscription.get(timeout=5)
    assert event["type"] == "scan" and "3017620422003" in str(event)


def test_the_demo_turns_the_simulator_on_for_its_own_nodes(tmp_path):
    environment = demo_cli.node_environment({"PATH": "/usr/bin"})
    assert environment["GERS_DEVICE_SIMULATOR"] == "1" and environment["PATH"] == "/usr/bin"
    node = demo_cli.NODES[1]
    demo_cli.write_node_config(tmp_path, node)
    assert create_app(instance_path=tmp_path, environ={}).config["DEVICE_SIMULATOR"] is True
