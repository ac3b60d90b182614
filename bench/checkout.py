"""Checkout speed of a site node through its HTTP API on loopback, with a year of history.

Seeds a site database (SQLite, as on a Raspberry Pi) with 10,000 products, 5,000 households with
open allowance grants and 1,000,000 past sale lines (200,000 chained journal entries), starts the
production server (waitress) and rings up sales as the till screen does: the household card, five
scans, then the payment. Reports p50/p99 of scan-to-basket and of sale completion, and the
server's resident memory.

Machines differ, so each figure is also given as a ratio to the floor it stands on, measured in
the same run and interleaved with the sales: the request floor is the health probe on the same
server and connection (HTTP, WSGI and login checks, no database); the write floor is a bare
durable write (one fsync'd SQLite insert, same folder, same pragmas). Targets (issue 9): scan
p99 ≤ 4 × the write floor's p99, completion p99 ≤ 10 × (and RSS ≤ 150 MB).

    .venv/bin/python bench/checkout.py [--sales 200] [--past-lines 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.startup import free_port, rss_mb  # noqa: E402
from gers import migrate  # noqa: E402
from gers.auth.secrets import hash_secret  # noqa: E402
from gers.db import make_engine  # noqa: E402
from gers.models import Role, User  # noqa: E402
from households.access_models import AccessPeriod  # noqa: E402
from households.enums import AccessKind, HouseholdType, PeriodKind, Sex  # noqa: E402
from households.grant_models import AllowanceGrant, GrantShare  # noqa: E402
from households.models import Household, HouseholdMember  # noqa: E402
from inventory.enums import ShelfLife, SiteKind, SoldBy  # noqa: E402
from inventory.gtin import with_check_digit  # noqa: E402
from inventory.models import Category, FoodGroup, Product, Site  # noqa: E402
from pos.enums import EntryKind, Shop  # noqa: E402
from pos.journal_chain import GENESIS, canonical, entry_hash  # noqa: E402
from pos.models import CashSession, JournalEntry, JournalLine  # noqa: E402

PRODUCTS, HOUSEHOLDS, LINES_PER_SALE = 10_000, 5_000, 5
WARMUP, SCANS_PER_SALE = 10, 5
OWNER = "AUCH"
rng = random.Random(32)


def common(now: dt.datetime) -> dict:
    return {"owner_node": OWNER, "created_at": now}


def seed(url: str, past_lines: int) -> tuple[list[str], list[str]]:
    engine = make_engine(url)
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    site_id, cashier_id, group_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with engine.begin() as db:
        db.execute(insert(Site), [{"id": site_id, "code": "AUCH", "name": "Épicerie solidaire d'Auch",
                                   "kind": SiteKind.CENTRE_BOURG, "commune": "Auch", "insee_code": "32013",
                                   "postcode": "32000", "address": "", "organisation": "", "has_epicerie": True,
                                   "has_vesti_boutique": True, "capacity_ambient_kg": 0, "capacity_chilled_kg": 0,
                                   "capacity_frozen_kg": 0, "updated_at": now, **common(now)}])
        db.execute(insert(User), [{"id": cashier_id, "username": "caisse", "display_name": "Caisse",
                                   "role": Role.CASHIER, "site_id": site_id, "pin_hash": hash_secret("1234"),
                                   "password_hash": None, "active": True, "failed_attempts": 0,
                                   "updated_at": now, **common(now)}])
        db.execute(insert(FoodGroup), [{"id": group_id, "code": "all", "label": "Tout", "updated_at": now,
                                        **common(now)}])
        categories = [{"id": uuid.uuid4(), "code": f"cat{i}", "label": f"Catégorie {i}", "food_group_id": group_id,
                       "shelf_life": ShelfLife.LONG, "storage_class": "ambient", "date_kind": "DDM",
                       "updated_at": now, **common(now)} for i in range(30)]
        db.execute(insert(Category), categories)
        products = [{"id": uuid.uuid4(), "gtin": with_check_digit(f"3{i:011d}"), "name": f"Produit {i}",
                     "category_id": categories[i % 30]["id"], "sold_by": SoldBy.PIECE,
                     "market_price": Decimal(rng.randint(50, 600)) / 100, "net_weight_g": 500,
                     "storage_class": "ambient", "date_kind": "DDM", "active": True, "updated_at": now,
                     **common(now)} for i in range(PRODUCTS)]
        db.execute(insert(Product), products)
        households = seed_households(db, site_id, now, today)
        seed_history(db, site_id, cashier_id, households, products, now, past_lines)
    engine.dispose()
    return [p["gtin"] for p in products], [h["card_number"] for h in households]


def seed_households(db, site_id, now, today) -> list[dict]:
    households, members, periods, grants, shares = [], [], [], [], []
    for i in range(1, HOUSEHOLDS + 1):
        household = {"id": uuid.uuid4(), "card_number": f"GS-{i:06d}", "home_site_id": site_id,
                     "household_type": HouseholdType.SINGLE, "commune": "Auch", "last_contact_at": now,
                     "updated_at": now, **common(now)}
        households.append(household)
        members.append({"id": uuid.uuid4(), "household_id": household["id"], "birth_year": 1970 + i % 40,
                        "sex": Sex.UNSTATED, "updated_at": now, **common(now)})
        period = {"id": uuid.uuid4(), "household_id": household["id"], "kind": AccessKind.INITIAL,
                  "starts_on": today - dt.timedelta(days=40), "ends_on": today + dt.timedelta(days=140),
                  "decision_id": None, "granted_at_site_id": None, "updated_at": now, **common(now)}
        periods.append(period)
        grant = {"id": uuid.uuid4(), "household_id": household["id"], "access_period_id": period["id"],
                 "period_kind": PeriodKind.MONTHLY, "base_value": Decimal("5000"), "value": Decimal("5000"),
                 "starts_on": period["starts_on"], "ends_on": period["ends_on"], "updated_at": now, **common(now)}
        grants.append(grant)
        shares.append({"id": uuid.uuid4(), "grant_id": grant["id"], "site_id": site_id, "percent": Decimal(100),
                       "updated_at": now, **common(now)})
    for model, rows in ((Household, households), (HouseholdMember, members), (AccessPeriod, periods),
                        (AllowanceGrant, grants), (GrantShare, shares)):
        db.execute(insert(model), rows)
    return households


def seed_history(db, site_id, cashier_id, households, products, now, past_lines) -> None:
    """A year of chained sales: 200,000 entries of five lines each (by default)."""
    session_id = uuid.uuid4()
    db.execute(insert(CashSession), [{"id": session_id, "site_id": site_id, "opened_at": now - dt.timedelta(days=365),
                                      "opened_by_id": cashier_id, "opening_float": Decimal(0),
                                      "closed_at": now - dt.timedelta(days=1), "closed_by_id": cashier_id,
                                      "counted_cash": Decimal(0), "expected_cash": Decimal(0), "updated_at": now,
                                      **common(now)}])
    previous, entries, lines = GENESIS, [], []
    count = past_lines // LINES_PER_SALE
    for sequence in range(1, count + 1):
        at = now - dt.timedelta(seconds=(count - sequence) * 150)
        entry_id = uuid.uuid4()
        household = households[rng.randrange(HOUSEHOLDS)]
        picked = [products[rng.randrange(PRODUCTS)] for _ in range(LINES_PER_SALE)]
        value = sum((p["market_price"] for p in picked), Decimal(0))
        digest = entry_hash(previous, sequence, {"seed": canonical({"n": sequence})})
        entries.append({"id": entry_id, "site_id": site_id, "sequence": sequence, "kind": EntryKind.SALE,
                        "shop": Shop.EPICERIE, "cash_session_id": session_id, "cashier_id": cashier_id,
                        "household_id": household["id"], "refers_to_id": None, "idempotency_key": None,
                        "market_value": value, "amount_paid": (value / 10).quantize(Decimal("0.01")),
                        "allowance_used": value, "allowance_left": None, "grams": 2500, "reason": "",
                        "override_by_id": None, "previous_hash": previous, "hash": digest,
                        "owner_node": OWNER, "created_at": at})
        previous = digest
        for number, product in enumerate(picked, start=1):
            lines.append({"id": uuid.uuid4(), "entry_id": entry_id, "line_no": number, "product_id": product["id"],
                          "garment_type_id": None, "category_id": product["category_id"],
                          "description": product["name"], "quantity": 1, "grams": 500,
                          "market_value": product["market_price"],
                          "price": (product["market_price"] / 10).quantize(Decimal("0.01")), "rate": Decimal("0.10"),
                          "fse_plus": False, "lot_id": None, "weight_display": "", "returns_line_id": None,
                          "owner_node": OWNER, "created_at": at})
        if len(entries) == 10_000:
            db.execute(insert(JournalEntry), entries)
            db.execute(insert(JournalLine), lines)
            entries, lines = [], []
    if entries:
        db.execute(insert(JournalEntry), entries)
        db.execute(insert(JournalLine), lines)


class Client:
    """A keep-alive HTTP client with the session cookie and the CSRF token, like the till page."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, body: dict | None = None, form: str | None = None):
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.token}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body), "application/json"
        elif form is not None:
            data, headers["Content-Type"] = form, "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";", 1)[0]
        return response.status, payload

    def login(self) -> None:
        _, page = self.request("GET", "/connexion")
        self.token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        from urllib.parse import urlencode
        self.request("POST", "/connexion", form=urlencode({"username": "caisse", "secret": "1234",
                                                          "csrf_token": self.token}))
        _, page = self.request("GET", "/caisse")
        self.token = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()


def timed(client: Client, path: str, body: dict | None) -> float:
    """One request's round trip in ms: POST with a JSON body, or GET without one."""
    begin = time.perf_counter()
    status, payload = client.request("GET" if body is None else "POST", path, body)
    elapsed = (time.perf_counter() - begin) * 1000
    if status >= 300:
        raise SystemExit(f"{path} answered {status}: {payload[:300]!r}")
    return elapsed


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


class WriteFloor:
    """A bare durable write: one row inserted and committed (WAL, synchronous=FULL: an fsync)."""

    def __init__(self, folder: Path) -> None:
        self.engine: Engine = make_engine(f"sqlite:///{folder / 'floor.sqlite3'}")  # the site's pragmas
        self.connection = self.engine.raw_connection()
        self.connection.execute("CREATE TABLE floor (id INTEGER PRIMARY KEY, at TEXT NOT NULL)")
        self.connection.commit()

    def timed(self) -> float:
        begin = time.perf_counter()
        self.connection.execute("INSERT INTO floor (at) VALUES (?)", (dt.datetime.now(dt.UTC).isoformat(),))
        self.connection.commit()
        return (time.perf_counter() - begin) * 1000

    def close(self) -> None:
        self.connection.close()
        self.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sales", type=int, default=200, help="sales timed (after 10 warm-up sales)")
    parser.add_argument("--past-lines", type=int, default=1_000_000, help="sale lines of history seeded")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gers-bench-checkout-") as tmp:
        instance = Path(tmp)
        (instance / "gers.toml").write_text('role = "site"\nnode_code = "AUCH"\n')
        url = f"sqlite:///{instance / 'gers.sqlite3'}"
        begin = time.perf_counter()
        migrate.upgrade(url)
        gtins, cards = seed(url, args.past_lines)
        print(f"seeded {PRODUCTS} products, {HOUSEHOLDS} households, {args.past_lines} past sale lines "
              f"in {time.perf_counter() - begin:.0f} s")
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "gers.cli", "serve", "--instance", str(instance), "--port",
                                   str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                  env={**os.environ, "GERS_DEMO": "true"})  # a demo cashier's PIN
        floor = WriteFloor(instance)
        try:
            timings, rss = run(port, gtins, cards, server, floor, args.sales)
        finally:
            floor.close()
            server.terminate()
            server.wait()
    report(timings, rss)


def report(timings: dict[str, list[float]], rss: float) -> None:
    figures: dict[str, float] = {}
    for name, values in timings.items():
        figures[f"{name}_p50_ms"] = round(statistics.median(values), 2)
        figures[f"{name}_p99_ms"] = round(percentile(values, 99), 2)
    for name in ("scan", "complete"):
        for floor in ("write_floor", "request_floor"):
            for q in ("p50", "p99"):
                figures[f"{name}_{q}_vs_{floor}"] = round(figures[f"{name}_{q}_ms"] / figures[f"{floor}_{q}_ms"], 2)
    figures["rss_mb"] = round(rss, 1)
    print(f"floors: bare durable write p50 {figures['write_floor_p50_ms']} ms, p99 {figures['write_floor_p99_ms']} ms; "
          f"bare request (health probe) p50 {figures['request_floor_p50_ms']} ms, "
          f"p99 {figures['request_floor_p99_ms']} ms")
    print(f"scan to basket over {len(timings['scan'])} scans: p50 {figures['scan_p50_ms']} ms, "
          f"p99 {figures['scan_p99_ms']} ms = {figures['scan_p99_vs_write_floor']} × the write floor "
          f"(target ≤ 4 ×), {figures['scan_p99_vs_request_floor']} × the request floor")
    print(f"sale completion over {len(timings['complete'])} sales: p50 {figures['complete_p50_ms']} ms, "
          f"p99 {figures['complete_p99_ms']} ms = {figures['complete_p99_vs_write_floor']} × the write floor "
          f"(target ≤ 10 ×), {figures['complete_p99_vs_request_floor']} × the request floor")
    print(f"server RSS after the run: {figures['rss_mb']} MB (target ≤ 150 MB)")
    print(json.dumps(figures))


def run(port: int, gtins: list[str], cards: list[str], server: subprocess.Popen, floor: WriteFloor,
        sales: int) -> tuple[dict[str, list[float]], float]:
    """Ring up sales; beside each scan, one health probe and one bare write (same noise, same moment)."""
    client = Client(port)
    for _ in range(200):  # wait for the server to listen
        try:
            client.login()
            break
        except (ConnectionError, OSError):
            client = Client(port)
            time.sleep(0.05)
    timed(client, "/api/caisse/session", {"opening_float": "50"})
    timings: dict[str, list[float]] = {"scan": [], "complete": [], "request_floor": [], "write_floor": []}
    for sale in range(WARMUP + sales):
        timed(client, "/api/caisse/foyer", {"card_number": rng.choice(cards)})
        sale_scans, probes, writes = [], [], []
        for _ in range(SCANS_PER_SALE):
            sale_scans.append(timed(client, "/api/caisse/scan", {"code": rng.choice(gtins)}))
            probes.append(timed(client, "/sante", None))
            writes.append(floor.timed())
        shown = json.loads(client.request("GET", "/api/caisse/etat")[1])["basket"]  # what the screen shows
        done = timed(client, "/api/caisse/valider", {"idempotency_key": str(uuid.uuid4()),
                                                      "basket_version": shown["version"],
                                                      "expected_total": shown["to_pay"]["value"],
                                                      "tenders": [{"method": "cash", "amount": "100"}]})
        if sale >= WARMUP:
            timings["scan"] += sale_scans
            timings["complete"].append(done)
            timings["request_floor"] += probes
            timings["write_floor"] += writes
    return timings, rss_mb(server.pid)


if __name__ == "__main__":
    main()
