"""Central and site nodes as Flask apps in one process, the node's client reaching central through a
WSGI transport (the live tests run real servers over TCP). Central is built from the demo network;
a node starts from an empty migrated database and gets everything by sync, as a new Pi does."""

from __future__ import annotations

import datetime as dt
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session

from demo.builder import build_demo
from demo.households_demo import build_households_demo
from demo.pos_demo import build_pos_demo
from demo.warehouse_demo import build_warehouse_demo
from gers.app import create_app
from gers.clock import paris_today
from sync import keystore, runner, services
from sync.client import SyncClient
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


def wsgi_transport(central: Flask):
    client = central.test_client()

    def send(request: urllib.request.Request, _timeout: float):
        path = urllib.parse.urlsplit(request.full_url).path
        response = client.post(path, data=request.data, headers=dict(request.header_items()))
        return response.status_code, response.headers, response.get_data()
    return send


@dataclass
class Node:
    app: Flask
    identity: NodeIdentity
    client: SyncClient

    @property
    def code(self) -> str:
        return self.app.config["NODE_CODE"]

    def session(self) -> Session:
        return self.app.extensions["gers.sessionmaker"]()

    def sync(self) -> runner.Summary:
        return runner.run(self.app.extensions["gers.sessionmaker"], self.client, node_code=self.code)


def enrol_node(central: Flask, node_app: Flask, clock: Callable[[], dt.datetime]) -> Node:
    code = node_app.config["NODE_CODE"]
    key = keystore.central_key(Path(central.instance_path), create=True)
    with central.extensions["gers.sessionmaker"]() as session:
        _row, identity = services.enrol(session, code=code, central=key, central_url="http://central", now=clock())
        session.commit()
    keystore.write_private(Path(node_app.instance_path) / keystore.IDENTITY_FILE, identity.to_json())
    client = SyncClient(identity, clock=clock, transport=wsgi_transport(central))
    return Node(node_app, identity, client)
