"""A real network for the sync tests: central (`gers-solidaire serve` on the suite's PostgreSQL) and
site nodes on SQLite, each with its own instance folder, enrolled by `nodes enrol`, installed by
`sync join`, and reaching central THROUGH its own fault proxy (the identity's central URL is the
proxy's). Every command a node runs is a real process (`python -m gers.cli … --instance …`).

    with open_network(tmp_path, central_database_url, ("AUCH", "CONDOM")) as net:
        net.node("AUCH").sell("GS-…", PASTA)            # in-process, through the node's own services
        net.node("AUCH").cli("sync")                   # a real process, through AUCH's proxy
        net.central.restart()                          # mid-test, same port

Clock: the servers and the node commands run on the machine's clock. When the suite runs with its
clock moved (`make test-future`), the test's own process follows the server's clock, read from its
Date header, as a real node's clock would be set; `net.clock()` is that clock.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import time_machine
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.models import Site
from pos import basket as baskets
from pos import cash, checkout
from pos.context import TillContext
from pos.enums import Shop
from pos.models import JournalEntry
from pos.payments import Method, Tender
from tests.support.faultproxy import FaultProxy
from tests.support.postgres import free_port
from warehouse import dispatching

REPO = Path(__file__).resolve().parents[2]
Clock = Callable[[], dt.datetime]


class CommandFailed(AssertionError):
    def __init__(self, command: Sequence[str], result: subprocess.CompletedProcess) -> None:
        super().__init__(f"{' '.join(command)} → code {result.returncode}\n{result.stdout}\n{result.stderr}")
        self.result = result


def gers_cli(*args: str, clock_at: dt.datetime | None = None, check: bool = True,
             timeout: float = 300) -> subprocess.CompletedProcess:
    """`gers-solidaire ARGS` as a separate process; with `clock_at`, on a clock starting there."""
    if clock_at is None:
        command = [sys.executable, "-m", "gers.cli", *args]
    else:
        command = [sys.executable, "-m", "tests.support.skewed_cli", clock_at.isoformat(), *args]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False)
    if check and result.returncode != 0:
        raise CommandFailed(command, result)
    return result


def private_instance(folder: Path, config: str) -> Path:
    """An instance folder as the systemd units create it: 0700, its gers.toml 0600 (`serve` checks)."""
    folder.mkdir(mode=0o700)
    (folder / "gers.toml").write_text(config, encoding="utf-8")
    (folder / "gers.toml").chmod(0o600)
    return folder


class _Instance:
    """What central and a node share: an instance folder, its app for in-process work, its CLI."""

    instance: Path
    _app: Flask | None = None

    def cli(self, *args: str, clock_at: dt.datetime | None = None,
            check: bool = True) -> subprocess.CompletedProcess:
        return gers_cli(*args, "--instance", str(self.instance), clock_at=clock_at, check=check)

    @property
    def app(self) -> Flask:
        """The node's own app in this process (its session factory journals what it writes)."""
        if self._app is None:
            from gers.app import create_app

            self._app = create_app(instance_path=self.instance, environ={})
        return self._app

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.app.extensions["gers.sessionmaker"]() as session_:
            yield session_

    def close(self) -> None:
        if self._app is not None:
            self._app.extensions["gers.engine"].dispose()
            self._app = None


class Central(_Instance):
    def __init__(self, instance: Path, database_url: str) -> None:
        self.instance = private_instance(instance, f'role = "central"\ndatabase_url = "{database_url}"\n')
        self.database_url = database_url
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = instance / "serve.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "gers.cli", "serve", "--instance", str(self.instance),
                   "--port", str(self.port)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        self._wait_listening()

    def stop(self, kill: bool = False) -> None:
        """SIGTERM (a clean stop) or SIGKILL (a crash, the power cut)."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        self.process.wait(60)
        self.process = None

    def restart(self, kill: bool = False) -> None:
        self.stop(kill=kill)
        self.start()

    def server_time(self) -> dt.datetime:
        with urllib.request.urlopen(f"{self.url}/sante", timeout=30) as response:
            return email.utils.parsedate_to_datetime(response.headers["Date"])

    def enrol(self, code: str, url: str, out: Path) -> Path:
        self.cli("nodes", "enrol", code, "--url", url, "--out", str(out))
        return out

    def _wait_listening(self) -> None:
        """Readiness, not timing: poll until the server accepts connections (or dies)."""
        assert self.process is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve stopped: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("serve did not listen within 60 s")


class Node(_Instance):
    def __init__(self, code: str, instance: Path, proxy: FaultProxy) -> None:
        self.code = code
        self.instance = private_instance(instance, f'role = "site"\nnode_code = "{code}"\n')
        self.proxy = proxy
        self.database = instance / "gers.sqlite3"

    def sync(self, *args: str, clock_at: dt.datetime | None = None,
             check: bool = True) -> subprocess.CompletedProcess:
        """`gers-solidaire sync` on this node, a real process, through its proxy (`clock_at`: the node's
        own clock, e.g. the network's clock drifted by hours)."""
        return self.cli("sync", *args, clock_at=clock_at, check=check)

    def backup(self, target: Path) -> Path:
        """A consistent copy of the live database (SQLite's online backup), as a nightly backup is."""
        with closing(sqlite3.connect(self.database)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        return target

    def restore(self, backup: Path) -> None:
        """The node's disk replaced by yesterday's backup (the app and its pool are let go first)."""
        self.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(backup, self.database)

    # --- the till, in-process, on the node's own database ------------------------------------------

    def site_id(self, session: Session) -> uuid.UUID:
        return session.scalar(select(Site.id).where(Site.code == self.code))

    def receive_dispatches(self, now: dt.datetime, short: int = 0) -> int:
        """The site confirms the dispatches on their way to it (pulled from central), `short` units
        missing on each first line; the receipts and their stock movements are the node's own rows."""
        with self.session() as session:
            site_id = self.site_id(session)
            waiting = dispatching.awaiting_receipt(session, site_id)
            for dispatch in waiting:
                first = dispatch.lines[0]
                received = {first.id: (first.units - short, (first.units - short) * (first.lot.unit_weight_g or 0))}
                dispatching.receive_dispatch(session, dispatch, site_id=site_id, received=received, now=now,
                                             owner_node=self.code)
            session.commit()
            return len(waiting)

    def sell(self, card: str, *gtins: str, now: dt.datetime, cashier: str | None = None,
             method: Method = Method.CASH) -> uuid.UUID:
        """One sale at the épicerie, paid exactly; its journal entry's id."""
        with self.session() as session:
            ctx = self._till(session, now, cashier)
            cash_session = cash.open_session(session, ctx, Decimal("20.00"))
            basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
            baskets.attach_household(session, ctx, basket, card)
            for gtin in gtins:
                baskets.scan(session, ctx, basket, gtin)
            total = sum((line.price for line in basket.lines), Decimal("0.00"))
            done = checkout.complete_sale(session, ctx, basket, [Tender(method, total)], uuid.uuid4().hex)
            session.commit()
            return done.entry.id

    def void(self, sale_id: uuid.UUID, now: dt.datetime, cashier: str | None = None) -> uuid.UUID:
        with self.session() as session:
            entry = checkout.void_sale(session, self._till(session, now, cashier), sale_id, "Erreur de saisie")
            session.commit()
            return entry.id

    def close_till(self, now: dt.datetime, cashier: str | None = None) -> JournalEntry:
        """The Z report of the open cash session, counted right."""
        with self.session() as session:
            ctx = self._till(session, now, cashier)
            cash_session = cash.current_session(session, ctx.site_id)
            assert cash_session is not None, f"no open cash session at {self.code}"
            expected = cash.z_figures(session, cash_session, Decimal("0")).expected_cash
            entry = cash.close_session(session, ctx, cash_session, expected)
            session.commit()
            return entry

    def _till(self, session: Session, now: dt.datetime, cashier: str | None) -> TillContext:
        from gers.models import User

        username = cashier or cashier_name(self.code)
        cashier_id = session.scalar(select(User.id).where(User.username == username))
        assert cashier_id is not None, f"cashier {username} unknown at {self.code}: pulled yet?"
        return TillContext(site_id=self.site_id(session), owner_node=self.code, cashier_id=cashier_id, now=now)


def cashier_name(code: str) -> str:
    return f"caisse-{code.lower()}"


@dataclass
class Network:
    central: Central
    nodes: dict[str, Node]
    clock: Clock
    root: Path

    def node(self, code: str) -> Node:
        return self.nodes[code]


ReferenceBuilder = Callable[[Session, dt.datetime, Sequence[str]], None]


@contextmanager
def open_network(root: Path, central_database_url: str, node_codes: Sequence[str],
                 reference: ReferenceBuilder | None = None) -> Iterator[Network]:
    """Central serving, its reference data built, each node migrated, enrolled and installed."""
    root.mkdir(parents=True, exist_ok=True)
    central = Central(root / "central", central_database_url)
    with ExitStack() as exits:
        exits.callback(central.close)
        exits.callback(central.stop)
        central.start()
        # The server is a real process on the machine's clock; this process follows it (see above).
        traveller = exits.enter_context(time_machine.travel(central.server_time(), tick=True))

        def clock() -> dt.datetime:
            return dt.datetime.fromtimestamp(traveller.time_ns() / 1e9, dt.UTC)

        if reference is not None:
            with central.session() as session:
                reference(session, clock(), node_codes)
                session.commit()
        nodes = {code: _node(root, code, central, exits) for code in node_codes}
        _install(root, central, list(nodes.values()))
        yield Network(central, nodes, clock, root)


def _node(root: Path, code: str, central: Central, exits: ExitStack) -> Node:
    proxy = FaultProxy(central.port).start()
    exits.callback(proxy.stop)
    node = Node(code, root / code.lower(), proxy)
    exits.callback(node.close)
    return node


def _install(root: Path, central: Central, nodes: list[Node]) -> None:
    """Each node migrated by `db upgrade` (in parallel), enrolled at central with its proxy's URL as
    central's address (one after the other: the first enrolment makes central's key), and installed."""
    with ThreadPoolExecutor(max_workers=max(len(nodes), 1)) as pool:
        upgrades = [pool.submit(node.cli, "db", "upgrade") for node in nodes]
        issued = [central.enrol(node.code, node.proxy.url, root / f"identite-{node.code}.json") for node in nodes]
        for upgrade in upgrades:
            upgrade.result()
        joins = [pool.submit(node.cli, "sync", "join", str(path)) for node, path in zip(nodes, issued, strict=True)]
        for join in joins:
            join.result()

