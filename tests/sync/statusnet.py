"""A small network for the status pages: central (demo network) and site nodes in one process, on a
clock the test moves (tests/sync/inprocess.py builds the apps)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sync import runner
from tests.conftest import csrf_token
from tests.sync.inprocess import NOW, Node, enrol_node, make_app


class MovableClock:
    """One clock for central and its nodes: a node synced « three days ago » is one synced at NOW - 3 days."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def site_node(central, sqlite_databases, tmp_path: Path, clock, code: str) -> Node:
    folder = tmp_path / code.lower()
    folder.mkdir()
    node_app = make_app(sqlite_databases.fresh(folder), folder / "instance", "site", code, clock)
    return enrol_node(central, node_app, clock)


def sync(node: Node, clock: MovableClock) -> runner.Summary:
    """A node's full run on the test's clock (its « Synchronisé le … » too)."""
    return runner.run(node.app.extensions["gers.sessionmaker"], node.client, node_code=node.code, clock=clock)


def sync_at(node: Node, clock: MovableClock, moment: dt.datetime) -> runner.Summary:
    clock.now = moment
    try:
        return sync(node, clock)
    finally:
        clock.now = NOW


def signed_in(app, username: str, secret: str):
    client = app.test_client()
    answer = client.post("/connexion", data={"username": username, "secret": secret, "csrf_token": csrf_token(client)})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:400]
    return client
