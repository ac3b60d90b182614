"""Sync performance: a busy site's 30 days pushed to a real central on PostgreSQL, a night, a replay, 50 nodes.

Central is a real server process (`python -m gers.cli serve`) on a private PostgreSQL cluster started
for the run (as tests/support/postgres.py does); nodes are real SQLite files, enrolled with the sync
services, that pull the catalog from central once and then push what their tills wrote. A node's days
are written straight into its SQLite with Core (journal entries with a hash chain, their lines and
tenders, the sale movements of the stock ledger, one cash session a day) and journalled in its outbox
with `gers.changes.write`, one outbox batch per sale, as the till does.
Measured, each through `sync.runner.run` (hello, pull, push) over HTTP on loopback:
- a busy site's 30 days (6,000 sales, 120,000 lines, 120,000 movements, ~7,500 tenders) pushed and
  applied — target ≤ 10× the floor and ≤ 30 s; the floor is a raw `COPY` of the same rows into scratch
  copies of the same tables (same indexes) on the same server, in the same run;
- the same 30 days replayed (the node's push position reset to "0:0": every row a duplicate, and the
  node goes through the recovery a restored node does) — target ≤ the first push;
- a normal night's delta (200 sales) — target ≤ 2 s;
- 50 nodes pushing their night at once against the one central — no error, total time reported.
After each push central's rows are counted against the node's: nothing lost, nothing doubled.
Each sync also reports the CPU seconds of each side (`*_cpu_node_s`, `*_cpu_central_s`,
`*_cpu_postgresql_s`): unlike wall time they hold when other jobs share the machine.
`--quick` runs a smaller network (1/5 of the days, 10 nodes); `--profile DIR` writes a cProfile of the
node side and, if py-spy is installed, central's sampled stacks for each timed sync.
Prints the figures, then ONE JSON line; exits non-zero if a node's push failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

import gers.app  # noqa: E402,F401  (every room's models, so that sync sees every travelling table)
from gers import changes, migrate  # noqa: E402
from gers.auth.services import create_user  # noqa: E402
from gers.clock import utcnow  # noqa: E402
from gers.db import make_engine, make_session_factory  # noqa: E402
from gers.models import Role, User  # noqa: E402
from inventory.enums import DateKind, ShelfLife, SiteKind, SoldBy, StorageClass  # noqa: E402
from inventory.gtin import with_check_digit  # noqa: E402
from inventory.models import Category, FoodGroup, Product, Site  # noqa: E402
from inventory.stock_models import Lot, LotSource, MovementKind, StockMovement  # noqa: E402
from pos.enums import EntryKind, Shop  # noqa: E402
from pos.models import CashSession, JournalEntry, JournalLine, JournalTender  # noqa: E402
from pos.payments import Method  # noqa: E402
from sync import keystore, node, runner, services  # noqa: E402
from sync.client import SyncClient  # noqa: E402
from sync.identity import NodeIdentity  # noqa: E402
from tests.support import postgres  # noqa: E402

BUSY = "AUCH"
DAYS, SALES_PER_DAY, LINES_PER_SALE = 30, 200, 20
NIGHT_SALES = 200
NODES = 50
PRODUCTS, LOTS_PER_SITE = 200, 100
rng = random.Random(20261129)
# The tables a till writes, parents first, as the COPY floor loads them.
PUSHED = (CashSession.__table__, JournalEntry.__table__, JournalLine.__table__, JournalTender.__table__,
          StockMovement.__table__)


# --- central -----------------------------------------------------------------------------------

@dataclass
class Central:
    url: str
    engine: Engine
    instance: Path
    port: int
    server: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def build_central(database_url: str, codes: list[str]) -> dict[str, list[dict]]:
    """Sites, one network-wide cashier, the catalog, and lots received at each site (what its sales
    take from). Returns, per site code, its lots with their product (the node learns them by pulling)."""
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        sites = [Site(code=code, name=f"Site {code}", kind=SiteKind.CENTRE_BOURG, commune="Auch", insee_code="32013",
                      postcode="32000", has_epicerie=True, owner_node="CENTRAL") for code in codes]
        group = FoodGroup(code="all", label="Tout", owner_node="CENTRAL")
        category = Category(code="epicerie", label="Épicerie", food_group=group, shelf_life=ShelfLife.LONG,
                            storage_class=StorageClass.AMBIENT, date_kind=DateKind.DDM, owner_node="CENTRAL")
        products = [Product(gtin=with_check_digit(f"3{n:011d}"), name=f"Produit {n}", category=category,
                            sold_by=SoldBy.PIECE, market_price=Decimal("1.50") + n % 7, net_weight_g=500,
                            storage_class=StorageClass.AMBIENT, date_kind=DateKind.DDM, owner_node="CENTRAL")
                    for n in range(PRODUCTS)]
        session.add_all([*sites, *products])
        create_user(session, username="bench-caisse", display_name="Caisse", role=Role.CASHIER, owner_node="CENTRAL",
                    pin="8264", password="banc-de-mesure-2026")
        session.flush()
        today = utcnow().date()
        lots = [dict(id=uuid.uuid4(), product_id=products[n % PRODUCTS].id, lot_code=f"{site.code}-{n}",
                     date_kind=DateKind.DDM, expiry_date=today + dt.timedelta(days=200), source=LotSource.COLLECTE,
                     received_at=utcnow(), received_site_id=site.id, unit_weight_g=500, owner_node="CENTRAL")
                for site in sites for n in range(LOTS_PER_SITE)]
        session.execute(insert(Lot), lots)
        session.commit()
        by_site = {site.id: site.code for site in sites}
        result: dict[str, list[dict]] = {code: [] for code in codes}
        for lot in lots:
            result[by_site[lot["received_site_id"]]].append(lot)
    engine.dispose()
    return result


def write_instance(folder: Path, database_url: str) -> None:
    """As the systemd units make it: `serve` refuses an instance others can read."""
    folder.mkdir(mode=0o700)
    config = folder / "gers.toml"
    config.write_text(f'role = "central"\ndatabase_url = "{database_url}"\n', encoding="utf-8")
    config.chmod(0o600)


def enrol(central: Central, codes: list[str]) -> dict[str, NodeIdentity]:
    key = keystore.central_key(central.instance, create=True)
    identities = {}
    with make_session_factory(central.engine)() as session:
        for code in codes:
            _row, identities[code] = services.enrol(session, code=code, central=key, central_url=central.base_url,
                                                    now=utcnow())
        session.commit()
    return identities


@contextmanager
def serving(central: Central) -> Iterator[None]:
    command = [sys.executable, "-m", "gers.cli", "serve", "--instance", str(central.instance),
               "--port", str(central.port)]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as server:
        central.server = server
        try:
            deadline = time.monotonic() + 60
            while True:  # readiness: poll until the server accepts connections (or dies)
                if server.poll() is not None:
                    raise RuntimeError(f"serve stopped: {server.stderr.read().decode()[-2000:]}")
                try:
                    socket.create_connection(("127.0.0.1", central.port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("serve did not listen within 60 s") from None
                    time.sleep(0.1)
            yield
        finally:
            server.terminate()
            server.wait(timeout=30)


# --- nodes -------------------------------------------------------------------------------------

@dataclass
class Node:
    code: str
    engine: Engine
    sessions: sessionmaker[Session]
    client: SyncClient
    lots: list[dict]
    site_id: uuid.UUID | None = None
    cashier_id: uuid.UUID | None = None
    sequence: int = 0
    previous_hash: str = "0" * 64
    written: dict[str, int] = field(default_factory=dict)

    def sync(self) -> runner.Summary:
        return runner.run(self.sessions, self.client, node_code=self.code)


def open_node(folder: Path, template: Path, code: str, identity: NodeIdentity, lots: list[dict]) -> Node:
    """A new Pi: a migrated SQLite (copied from a template, migrating 50 files would dominate the run),
    its identity installed, and a first sync that brings the catalog, the site and its lots."""
    path = folder / f"{code.lower()}.sqlite3"
    shutil.copyfile(template, path)
    engine = make_engine(f"sqlite:///{path}")
    result = Node(code, engine, make_session_factory(engine), SyncClient(identity, timeout=600), lots)
    result.sync()
    with result.sessions() as session:
        result.site_id = session.scalar(select(Site.id).where(Site.code == code))
        result.cashier_id = session.scalar(select(User.id).where(User.username == "bench-caisse"))
        if session.scalar(select(func.count()).select_from(Lot)) != len(lots):
            raise RuntimeError(f"{code}: the first pull did not bring the site's lots")
    return result


def write_days(target: Node, start: dt.datetime, days: int, sales_per_day: int) -> dict[str, list[dict]]:
    """What the till writes over `days` days from `start`, straight into the node's database, each sale
    journalled in the outbox as one transaction. Returns the rows, table by table (the COPY floor's input)."""
    rows: dict[str, list[dict]] = {table.name: [] for table in PUSHED}
    outbox: list[list[list[str]]] = []
    for day in range(days):
        opened = start + dt.timedelta(days=day, hours=8)
        cash_id = uuid.uuid4()
        rows["cash_session"].append(dict(
            id=cash_id, site_id=target.site_id, opened_at=opened, opened_by_id=target.cashier_id,
            opening_float=Decimal("50.00"), closed_at=opened + dt.timedelta(hours=9), closed_by_id=target.cashier_id,
            counted_cash=Decimal("50.00"), expected_cash=Decimal("50.00"), last_sequence=None, last_hash=None,
            owner_node=target.code, created_at=opened, updated_at=opened + dt.timedelta(hours=9)))
        outbox.append([["cash_session", str(cash_id), "i"]])
        for n in range(sales_per_day):
            at = opened + dt.timedelta(seconds=60 + n * (8 * 3600 // sales_per_day))
            outbox.append(_sale(target, rows, cash_id, at))
    tables = {table.name: table for table in PUSHED}
    with target.engine.begin() as connection:
        for name, table_rows in rows.items():
            for chunk in range(0, len(table_rows), 20_000):
                connection.execute(insert(tables[name]), table_rows[chunk:chunk + 20_000])
        for entries in outbox:
            changes.write(connection, entries)
    for name, table_rows in rows.items():
        target.written[name] = target.written.get(name, 0) + len(table_rows)
    return rows


def _sale(target: Node, rows: dict[str, list[dict]], cash_id: uuid.UUID, at: dt.datetime) -> list[list[str]]:
    entry_id = uuid.uuid4()
    target.sequence += 1
    picked = [target.lots[rng.randrange(len(target.lots))] for _ in range(LINES_PER_SALE)]
    value = Decimal("1.50") * LINES_PER_SALE
    paid = (value / 10).quantize(Decimal("0.01"))
    digest = hashlib.sha256(f"{target.previous_hash}|{target.sequence}|{entry_id}".encode()).hexdigest()
    common = dict(owner_node=target.code, created_at=at)
    rows["journal_entry"].append(dict(
        id=entry_id, site_id=target.site_id, sequence=target.sequence, kind=EntryKind.SALE, shop=Shop.EPICERIE,
        cash_session_id=cash_id, cashier_id=target.cashier_id, household_id=uuid.uuid4(), refers_to_id=None,
        idempotency_key=entry_id.hex, market_value=value, amount_paid=paid, allowance_used=value,
        allowance_left=Decimal("40.00"), grams=500 * LINES_PER_SALE, reason="", override_by_id=None,
        previous_hash=target.previous_hash, hash=digest, **common))
    target.previous_hash = digest
    written = [["journal_entry", str(entry_id), "i"]]
    for number, lot in enumerate(picked, start=1):
        line_id, movement_id = uuid.uuid4(), uuid.uuid4()
        rows["journal_line"].append(dict(
            id=line_id, entry_id=entry_id, line_no=number, product_id=lot["product_id"], garment_type_id=None,
            category_id=None, description=f"Produit {number}", quantity=1, grams=500, market_value=Decimal("1.50"),
            price=Decimal("0.15"), rate=Decimal("10.00"), fse_plus=False, lot_id=lot["id"], weight_display="",
            returns_line_id=None, **common))
        rows["stock_movement"].append(dict(
            id=movement_id, kind=MovementKind.SALE, lot_id=lot["id"], product_id=lot["product_id"],
            site_id=target.site_id, location="", units=-1, grams=-500, occurred_at=at, loss_reason=None,
            reference=f"V{target.sequence}", journal_entry_id=entry_id, actor_id=target.cashier_id, note="", **common))
        written += [["journal_line", str(line_id), "i"], ["stock_movement", str(movement_id), "i"]]
    tenders = [(Method.CASH, paid)] if target.sequence % 4 else [(Method.CASH, paid - 1), (Method.CARD, Decimal(1))]
    for position, (method, amount) in enumerate(tenders, start=1):
        tender_id = uuid.uuid4()
        rows["journal_tender"].append(dict(id=tender_id, entry_id=entry_id, position=position, method=method,
                                           amount=amount, tendered=amount, reference="", **common))
        written.append(["journal_tender", str(tender_id), "i"])
    return written


def central_counts(central: Central, code: str) -> dict[str, int]:
    """The node's rows as central has them (what must equal what the node wrote)."""
    with central.engine.connect() as connection:
        return {table.name: connection.scalar(select(func.count()).select_from(table)
                                              .where(table.c.owner_node == code)) for table in PUSHED}


def check_totals(central: Central, target: Node) -> None:
    found = central_counts(central, target.code)
    if found != target.written:
        raise RuntimeError(f"{target.code}: central has {found}, the node wrote {target.written}")


@dataclass
class Cpu:
    """CPU seconds spent by each side: the node (this process), central's server, PostgreSQL's
    processes. Unlike wall time, they do not grow when other jobs share the machine."""

    server: subprocess.Popen
    pg_data: Path

    def sample(self) -> dict[str, float]:
        return {"node": time.process_time(), "central": _cpu_of(self.server.pid),
                "postgresql": sum(_cpu_of(pid) for pid in self._postgres_pids())}

    def _postgres_pids(self) -> list[int]:
        master = int((self.pg_data / "postmaster.pid").read_text().split()[0])
        pids = [-master]  # with the backends that ended (their time is counted in their parent's)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == master:
                        pids.append(int(entry.name))
                except (OSError, IndexError, ValueError):
                    continue
        return pids


def _cpu_of(pid: int) -> float:
    """User + system time of a process; a negative pid: with its children that ended."""
    try:
        fields = Path(f"/proc/{abs(pid)}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0  # a backend that ended meanwhile
    ticks = sum(int(value) for value in fields[11:15 if pid < 0 else 13])
    return ticks / os.sysconf("SC_CLK_TCK")


CPU: Cpu | None = None
PROFILE: Path | None = None


def timed_sync(target: Node, figures: dict, label: str) -> runner.Summary:
    """One sync: its wall time and its CPU per side (`<label>_cpu_<side>_s`) into the figures; under
    --profile, the node side in cProfile and central's server sampled by py-spy."""
    spy, profiler = _start_profiles(label)
    before = CPU.sample() if CPU else {}
    begin = time.perf_counter()
    summary = target.sync()
    figures[f"{label}_s"] = time.perf_counter() - begin
    _stop_profiles(label, spy, profiler)
    record_cpu(figures, label, before)
    return summary


def record_cpu(figures: dict, label: str, before: dict[str, float]) -> None:
    if CPU:
        after = CPU.sample()
        for side in after:
            figures[f"{label}_cpu_{side}_s"] = round(after[side] - before[side], 2)
        print(f"  cpu of {label}: " + ", ".join(f"{side} {after[side] - before[side]:.1f} s" for side in after))


def _start_profiles(label: str):
    if PROFILE is None or not label or CPU is None:
        return None, None
    spy = None
    py_spy = shutil.which("py-spy", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if py_spy:
        spy = subprocess.Popen([py_spy, "record", "--nonblocking", "--rate", "50", "--format", "raw", "-p",
                                str(CPU.server.pid), "-o", str(PROFILE / f"central-{label}.txt")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)  # py-spy attaches before the first request
    else:
        print("  (py-spy absent: central is not profiled)")
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return spy, profiler


def _stop_profiles(label: str, spy, profiler) -> None:
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(PROFILE / f"node-{label}.prof")
    if spy is not None:
        spy.send_signal(2)  # SIGINT: py-spy writes what it sampled
        spy.wait(timeout=60)


# --- the floor ---------------------------------------------------------------------------------

def copy_floor(central: Central, rows: dict[str, list[dict]]) -> float:
    """The same rows COPYed into scratch copies of the same tables (same indexes, no foreign keys),
    on the same server, committed: what the server takes for the rows alone."""
    tables = {table.name: table for table in PUSHED}
    with central.engine.begin() as connection:
        for name in tables:
            connection.execute(text(f"CREATE TABLE bench_{name} (LIKE {name} INCLUDING ALL)"))
    prepared = {name: [tuple(_plain(row[column.name]) for column in tables[name].columns) for row in table_rows]
                for name, table_rows in rows.items()}
    raw = central.engine.raw_connection()
    try:
        cursor = raw.cursor()
        begin = time.perf_counter()
        for name, table_rows in prepared.items():
            columns = ", ".join(column.name for column in tables[name].columns)
            with cursor.copy(f"COPY bench_{name} ({columns}) FROM STDIN") as copy:
                for row in table_rows:
                    copy.write_row(row)
        raw.commit()
        elapsed = time.perf_counter() - begin
    finally:
        raw.close()
    with central.engine.begin() as connection:
        for name in tables:
            connection.execute(text(f"DROP TABLE bench_{name}"))
    return elapsed


def _plain(value):
    """Enums by value, as the columns store them (psycopg would dump a plain Enum by its name)."""
    return value.value if isinstance(value, Method | EntryKind | Shop | MovementKind) else value


# --- the run -----------------------------------------------------------------------------------

def many_nodes_at_once(nodes: list[Node]) -> tuple[float, list[float], list[str]]:
    """Every node runs its sync in its own thread, all released together."""
    gate = threading.Barrier(len(nodes))
    durations: list[float] = [0.0] * len(nodes)
    errors: list[str] = []

    def one(index: int, target: Node) -> None:
        gate.wait()
        begin = time.perf_counter()
        try:
            target.sync()
        except Exception as error:  # noqa: BLE001 (every failure is a figure of this bench)
            errors.append(f"{target.code}: {error}")
        durations[index] = time.perf_counter() - begin

    threads = [threading.Thread(target=one, args=(index, target)) for index, target in enumerate(nodes)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - begin, durations, errors


def total_rows(summary: runner.Summary) -> int:
    return sum(summary.up.values())


def run(days: int, nodes_count: int, tmp: Path) -> dict:
    global CPU
    server = postgres.start()
    try:
        admin = make_engine(server.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE central"))
        admin.dispose()
        url = server.url("central")
        night_codes = [f"N{n:02d}" for n in range(1, nodes_count + 1)]
        begin = time.perf_counter()
        lots = build_central(url, [BUSY, *night_codes])
        central = Central(url, make_engine(url), tmp / "central", postgres.free_port())
        write_instance(central.instance, url)
        identities = enrol(central, [BUSY, *night_codes])
        template = tmp / "template.sqlite3"
        migrate.upgrade(f"sqlite:///{template}")
        print(f"central on PostgreSQL {server.port} and {nodes_count + 1} enrolled sites built in "
              f"{time.perf_counter() - begin:.1f} s")
        with serving(central):
            CPU = Cpu(central.server, server.data_dir)
            return measure(central, tmp, template, identities, lots, days, night_codes)
    finally:
        server.stop()


def measure(central: Central, tmp: Path, template: Path, identities: dict[str, NodeIdentity],
            lots: dict[str, list[dict]], days: int, night_codes: list[str]) -> dict:
    begin = time.perf_counter()
    # Every node joins before any pushes: a node joining later would get the other sites' journal lines
    # in its first pull (see the report of this bench), which is not what is measured here.
    busy = open_node(tmp, template, BUSY, identities[BUSY], lots[BUSY])
    nodes = [open_node(tmp, template, code, identities[code], lots[code]) for code in night_codes]
    print(f"{len(nodes) + 1} nodes joined (first sync: catalog, site, lots) in {time.perf_counter() - begin:.1f} s")
    start = dt.datetime.combine(utcnow().date() - dt.timedelta(days=days + 1), dt.time(), dt.UTC)
    begin = time.perf_counter()
    rows = write_days(busy, start, days, SALES_PER_DAY)
    counts = {name: len(table_rows) for name, table_rows in rows.items()}
    print(f"{BUSY}: {days} days written in {time.perf_counter() - begin:.1f} s: "
          + ", ".join(f"{n} {name}" for name, n in counts.items()))
    figures: dict = {"sales": counts["journal_entry"], "sale_lines": counts["journal_line"],
                     "rows_pushed": sum(counts.values())}

    summary = timed_sync(busy, figures, "push_30_days")
    check_totals(central, busy)
    print(f"push of {days} days ({total_rows(summary)} rows): {figures['push_30_days_s']:.2f} s (target ≤ 30 s)")
    figures["copy_30_days_s"] = copy_floor(central, rows)
    print(f"floor: COPY of the same {figures['rows_pushed']} rows into scratch copies of the tables: "
          f"{figures['copy_30_days_s']:.2f} s")

    with busy.sessions() as session:
        node.set_state(session, node.PUSH_POSITION, "0:0")
        session.commit()
    summary = timed_sync(busy, figures, "replay_30_days")
    check_totals(central, busy)
    figures["replay_unchanged_rows"] = summary.unchanged
    print(f"replay of the same {days} days (all duplicates, {summary.unchanged} rows unchanged, "
          f"{sum(summary.recovered.values())} recovered): {figures['replay_30_days_s']:.2f} s (target ≤ first push)")

    night_start = start + dt.timedelta(days=days)
    night = write_days(busy, night_start, 1, NIGHT_SALES)
    summary = timed_sync(busy, figures, "night")
    check_totals(central, busy)
    print(f"a night's delta ({NIGHT_SALES} sales, {total_rows(summary)} rows): {figures['night_s']:.2f} s "
          "(target ≤ 2 s)")
    figures["copy_night_s"] = copy_floor(central, night)
    print(f"floor: COPY of the same night's rows: {figures['copy_night_s']:.2f} s")

    begin = time.perf_counter()
    for target in nodes:
        write_days(target, night_start, 1, NIGHT_SALES)
    print(f"{len(nodes)} nodes given their night in {time.perf_counter() - begin:.1f} s")
    figures["nodes"] = len(nodes)
    before = CPU.sample() if CPU else {}
    figures["nodes_at_once_s"], durations, errors = many_nodes_at_once(nodes)
    record_cpu(figures, "nodes_at_once", before)
    for target in nodes:
        try:
            check_totals(central, target)
        except RuntimeError as error:
            errors.append(str(error))
    figures["nodes_at_once_errors"] = len(errors)
    figures["nodes_at_once_slowest_s"] = round(max(durations), 2)
    print(f"{len(nodes)} nodes pushing their night at once: {figures['nodes_at_once_s']:.2f} s in all, slowest node "
          f"{figures['nodes_at_once_slowest_s']} s, {len(errors)} error(s)")
    for error in errors[:5]:
        print(f"  {error}")
    for target in [busy, *nodes]:
        target.engine.dispose()
    return figures


def ratios(figures: dict) -> dict:
    def ratio(value: str, floor: str) -> float:
        return round(figures[value] / figures[floor], 1) if figures[floor] else float("inf")

    return {"push_30_days_vs_copy": ratio("push_30_days_s", "copy_30_days_s"),
            "replay_vs_push_30_days": ratio("replay_30_days_s", "push_30_days_s"),
            "night_vs_copy": ratio("night_s", "copy_night_s")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="6 days and 10 nodes instead of 30 days and 50 nodes")
    parser.add_argument("--profile", type=Path, help="folder for profiles of the pushes: node side (cProfile "
                        ".prof) and central's server (py-spy collapsed stacks, if py-spy is installed)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # the figures as they come: the full run takes minutes
    global PROFILE
    if args.profile:
        PROFILE = args.profile.resolve()
        PROFILE.mkdir(parents=True, exist_ok=True)
    days, nodes_count = (6, 10) if args.quick else (DAYS, NODES)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", tempfile.gettempdir())
    with tempfile.TemporaryDirectory(prefix="gers-bench-sync-") as tmp:
        figures = run(days, nodes_count, Path(tmp))
    for key in ("push_30_days_s", "copy_30_days_s", "replay_30_days_s", "night_s", "copy_night_s", "nodes_at_once_s"):
        figures[key] = round(figures[key], 3)
    figures |= ratios(figures)
    print("ratios: " + ", ".join(f"{key} {value}" for key, value in figures.items() if "_vs_" in key))
    print(json.dumps(figures))
    if figures["nodes_at_once_errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
