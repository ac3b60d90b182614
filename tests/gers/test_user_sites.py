"""Accounts belong to a site, except the network's roles: `users create --site`, and the login of
a site node refuses a site account of another site."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from gers import migrate
from gers.cli import build_cli
from gers.db import make_engine, make_session_factory
from gers.models import NETWORK_ROLES, Role, User
from tests.support.builders import Builders


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    folder = tmp_path / "central"
    folder.mkdir()
    migrate.upgrade(f"sqlite:///{folder / 'gers.sqlite3'}")
    engine = make_engine(f"sqlite:///{folder / 'gers.sqlite3'}")
    with make_session_factory(engine)() as session:
        Builders(session).site(code="AUCH", name="Auch")
        session.commit()
    engine.dispose()
    return folder


def _create(instance: Path, role: str, *site: str):
    return CliRunner().invoke(build_cli(), ["users", "create", "--instance", str(instance), "--username", "u",
                                            "--name", "U", "--role", role, "--pin", "2468", *site])


def _site_id_of(instance: Path, username: str):
    engine = make_engine(f"sqlite:///{instance / 'gers.sqlite3'}")
    with make_session_factory(engine)() as session:
        site_id = session.scalar(select(User.site_id).where(User.username == username))
    engine.dispose()
    return site_id


def test_network_roles_are_coordination_administration_and_the_warehouse():
    assert {Role.COORDINATOR, Role.ADMIN, Role.WAREHOUSE} == NETWORK_ROLES


@pytest.mark.parametrize("role", ["cashier", "social_worker"])
def test_a_site_account_needs_its_site(instance, role):
    refused = _create(instance, role)
    assert refused.exit_code != 0 and "--site" in refused.output and "Traceback" not in refused.output
    created = _create(instance, role, "--site", "auch")
    assert created.exit_code == 0, created.output
    assert _site_id_of(instance, "u") is not None


@pytest.mark.parametrize("role", ["coordinator", "admin", "warehouse"])
def test_a_network_account_has_no_site(instance, role):
    refused = _create(instance, role, "--site", "AUCH")
    assert refused.exit_code != 0 and "tout le réseau" in refused.output
    assert _create(instance, role).exit_code == 0


def test_an_unknown_site_is_named(instance):
    refused = _create(instance, "cashier", "--site", "NOPE")
    assert refused.exit_code != 0 and "Aucun site « NOPE »" in refused.output


@pytest.mark.parametrize("node_role", ["site"])
def test_a_site_node_refuses_a_site_account_without_its_site(client, login, make_site, make_user):
    make_site(code="AUCH")
    make_user(username="marie", role=Role.CASHIER, pin="2468")  # made before accounts had a site
    refused = login("marie", "2468")
    assert refused.status_code == 401 and "autre site" in refused.get_data(as_text=True)


@pytest.mark.parametrize("node_role", ["site"])
def test_network_staff_log_in_at_every_site(client, login, make_site, make_user):
    make_site(code="AUCH")
    condom = make_site(code="CONDOM")
    make_user(username="karim", role=Role.WAREHOUSE, pin="2468", site_id=condom.id)
    assert login("karim", "2468").status_code == 302
