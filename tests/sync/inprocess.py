"""Central and site nodes as Flask apps in one process, the node's client reaching central through a
WSGI transport (the live tests run real servers over TCP). Central is built from the demo network;
a node starts from an empty migrated database and gets everything by sync, as a new Pi does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from demo.builder import build_demo
from demo.households_demo import build_households_demo
from demo.pos_demo import build_pos_demo
from demo.warehouse_demo import build_warehouse_demo
from gers.app import create_app
from gers.clock import paris_today
from sync import keystore, runner, services
from sync.client import SyncClient, wsgi_transport
from sync.identity import NodeIdentity

NOW = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)  # a Friday morning in Paris


def make_app(database_url: str, instance: Path, role: str, code: str, clock: Callable[[], dt.datetime]) -> Flask:
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "TESTING": True, "ROLE": role,
                      "NODE_CODE": code}, instance_path=instance, environ={})
    app.extensions["gers.clock"] = clock
    return app


def build_central_demo(app: Flask, now: dt.datetime) -> None:
    today = paris_today(now)
    with app.extensions["gers.sessionmaker"]() as session:
        build_demo(session, scope_site=None, reference_year=today.year)
        build_households_demo(session, scope_site=None, today=today)
        build_warehouse_demo(session, scope_site=None, today=today)
        build_pos_demo(session, scope_site=None)
        session.commit()


@dataclass
class Node:
    app: Flask
    identity: NodeIdentity
    client: SyncClient
    clock: Callable[[], dt.datetime]

    @property
    def code(self) -> str:
        return self.app.config["NODE_CODE"]

    def session(self) -> Session:
        return self.app.extensions["gers.sessionmaker"]()

    def sync(self) -> runner.Summary:
        return runner.run_node(self.app, self.client, clock=self.clock)


def enrol_node(central: Flask, node_app: Flask, clock: Callable[[], dt.datetime]) -> Node:
    code = node_app.config["NODE_CODE"]
    key = keystore.central_key(Path(central.instance_path), create=True)
    with central.extensions["gers.sessionmaker"]() as session:
        _row, identity = services.enrol(session, code=code, central=key, central_url="http://central", now=clock())
        session.commit()
    keystore.write_private(Path(node_app.instance_path) / keystore.IDENTITY_FILE, identity.to_json())
    client = SyncClient(identity, clock=clock, transport=wsgi_transport(central))
    return Node(node_app, identity, client, clock)


# --- fixtures (imported by the test modules that use them) ---------------------------------------

@pytest.fixture
def clock():
    return lambda: NOW


@pytest.fixture(scope="session")
def central_demo_databases(tmp_path_factory) -> dict[str, str]:
    """The demo network is built once per backend (per test process), then copied for each test."""
    return {}


@pytest.fixture
def central(request, backend: str, tmp_path: Path, central_demo_databases, clock):
    """Central on the demo network (copied from a template built once), its clock pinned."""
    databases = request.getfixturevalue(f"{backend}_databases")
    if backend not in central_demo_databases:
        folder = tmp_path.parent / f"central-demo-{backend}"
        folder.mkdir(exist_ok=True)
        template = databases.fresh(folder)
        demo = make_app(template, folder / "instance", "central", "CENTRAL", lambda: NOW)
        build_central_demo(demo, NOW)
        demo.extensions["gers.engine"].dispose()
        central_demo_databases[backend] = template
    url = databases.clone(central_demo_databases[backend], tmp_path)
    app = make_app(url, tmp_path / "central", "central", "CENTRAL", clock)
    yield app
    app.extensions["gers.engine"].dispose()
    databases.drop(url)


@pytest.fixture
def central_session(central):
    with central.extensions["gers.sessionmaker"]() as session:
        yield session


@pytest.fixture
def make_node(central, sqlite_databases, tmp_path: Path, clock):
    """make_node("CODE"): a new site node on an empty SQLite database, enrolled at central."""
    apps = []

    def make(code: str) -> Node:
        folder = tmp_path / code.lower()
        folder.mkdir()
        node_app = make_app(sqlite_databases.fresh(folder), folder / "instance", "site", code, clock)
        apps.append(node_app)
        return enrol_node(central, node_app, clock)
    yield make
    for node_app in apps:
        node_app.extensions["gers.engine"].dispose()


@pytest.fixture
def auch(make_node) -> Node:
    return make_node("AUCH")
