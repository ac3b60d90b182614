"""Reports on a network's three years: 15 sites, about 10 million sale lines, on PostgreSQL.

Starts a throw-away PostgreSQL cluster the way the test suite does (tests/support/postgres.py; or pass
`--database-url postgresql://…` of an empty database), migrates it, loads the catalogue, 6,000
households with their members, access periods and grants, and 3 years of till journal (entries, lines,
payments; ~10 lines a basket) with COPY, plus the warehouse's intakes and the sites' receipts and losses.
Then it measures, each next to a plain full scan of the sale lines taken in the same run:
- building the summaries from nothing (`reports.summaries.rebuild`), once;
- the yearly State / FSE+ report for every scope (network, associations, 15 sites) — target ≤ 2 s and
  ≤ 0.1 × the full scan;
- a coordinator's dashboard page over HTTP (30 days, whole network) — target ≤ 300 ms;
- the incremental refresh after a night's sync of 15 sites (200 sales each, 10 lines a sale, and
  their losses), rows loaded first, refresh timed alone.
`--lines N` makes a smaller network (same shape, fewer baskets a day) on a slow machine.
Prints the figures, then ONE JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from gers import migrate  # noqa: E402
from gers.db import make_engine, make_session_factory  # noqa: E402

LINES = 10_000_000
SITES = 15
HOUSEHOLDS_PER_SITE = 400
LINES_PER_BASKET = 10
GROUPS = ("feculents", "fruits_legumes", "produits_laitiers", "viandes_poissons", "matieres_grasses",
          "sucres", "boissons", "hygiene")
PRODUCTS = 400
NOW = dt.datetime(2026, 11, 28, 6, 0, tzinfo=dt.UTC)
FIRST_DAY = dt.date(2023, 11, 29)
DAYS = (NOW.date() - FIRST_DAY).days
OWNER = "CENTRAL"
ORGS = ("Croix-Rouge", "Secours Populaire", "Secours Catholique")
rng = random.Random(20261128)
_ids = iter(range(1, 1 << 62))


def next_id() -> str:
    """Increasing UUIDs: the bulk load appends to the primary key indexes instead of splitting pages."""
    return str(uuid.UUID(int=(0x1234 << 112) | next(_ids)))


def start_database(url: str | None):
    if url:
        return url, None
    from tests.support import postgres

    server = postgres.start()
    admin = make_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE bench_reports"))
    admin.dispose()
    return server.url("bench_reports"), server


def seed_reference(session):
    from gers.auth.services import create_user
    from gers.models import Role
    from households.access_models import AccessPeriod
    from households.enums import AccessKind, HouseholdType, PeriodKind, Sex
    from households.grant_models import AllowanceGrant, GrantShare
    from households.models import Household, HouseholdMember
    from inventory.enums import DateKind, ShelfLife, SiteKind, SoldBy, StorageClass
    from inventory.models import Category, FoodGroup, Product, Site

    warehouse = Site(code="ENTREPOT", name="Entrepôt départemental", kind=SiteKind.WAREHOUSE, commune="Auch",
                     insee_code="32013", postcode="32000", organisation="Banque Alimentaire du Gers", owner_node=OWNER)
    sites = [Site(code=f"S{n:02d}", name=f"Site {n:02d}", kind=SiteKind.CENTRE_BOURG, commune=f"Commune {n}",
                  insee_code="32013", postcode="32000", organisation=ORGS[n % 3], has_epicerie=True,
                  has_vesti_boutique=True, owner_node=OWNER) for n in range(SITES)]
    groups = [FoodGroup(code=code, label=code.replace("_", " ").capitalize(), owner_node=OWNER) for code in GROUPS]
    categories = [Category(code=f"c{n}", label=f"Catégorie {n}", food_group=groups[n % len(groups)],
                           shelf_life=ShelfLife.LONG, storage_class=StorageClass.AMBIENT, date_kind=DateKind.DDM,
                           owner_node=OWNER) for n in range(32)]
    products = [Product(name=f"Produit {n}", category=categories[n % 32], sold_by=SoldBy.PIECE,
                        market_price=Decimal(rng.choice(("0.80", "1.20", "1.50", "2.40", "3.10"))),
                        net_weight_g=rng.choice((250, 500, 1000)), storage_class=StorageClass.AMBIENT,
                        date_kind=DateKind.DDM, owner_node=OWNER) for n in range(PRODUCTS)]
    session.add_all([warehouse, *sites, *groups, *categories, *products])
    session.flush()
    cashier = create_user(session, username="caisse", display_name="Caisse", role=Role.CASHIER, owner_node=OWNER,
                          pin="1234", password="motdepasse-123")
    create_user(session, username="coordination", display_name="Coordination", role=Role.COORDINATOR,
                owner_node=OWNER, password="mot-de-passe-2026")
    households = {}
    for site in sites:
        households[site.id] = []
        for n in range(HOUSEHOLDS_PER_SITE):
            household = Household(card_number=f"{site.code}-{n:05d}", home_site_id=site.id,
                                  household_type=rng.choice(list(HouseholdType)), commune=site.commune, owner_node=OWNER)
            household.members = [HouseholdMember(birth_year=rng.randint(1940, 2025), sex=rng.choice(list(Sex)),
                                                 owner_node=OWNER) for _ in range(rng.randint(1, 5))]
            session.add(household)
            households[site.id].append(household)
    session.flush()
    for site in sites:
        for household in households[site.id]:
            starts = NOW.date() - dt.timedelta(days=rng.randint(0, 150))
            period = AccessPeriod(household_id=household.id, kind=AccessKind.INITIAL, starts_on=starts,
                                  ends_on=starts + dt.timedelta(days=180), owner_node=OWNER)
            session.add(period)
            session.flush()
            grant = AllowanceGrant(household_id=household.id, access_period_id=period.id, period_kind=PeriodKind.MONTHLY,
                                   base_value=Decimal("30"), value=Decimal("30"), starts_on=period.starts_on,
                                   ends_on=period.ends_on, owner_node=OWNER)
            grant.shares = [GrantShare(site_id=site.id, percent=Decimal("100"), owner_node=OWNER)]
            session.add(grant)
    session.commit()
    return warehouse, sites, categories, products, cashier, households


class JournalWriter:
    """Text rows for COPY of journal entries, lines and tenders, site by site, in sequence order."""

    def __init__(self, products, categories, cashier_id: str, cash_sessions: dict):
        self.products = [(str(p.id), str(p.category_id), p.net_weight_g, int(p.market_price * 100)) for p in products]
        self.cashier_id, self.cash_sessions = cashier_id, cash_sessions
        self.sequences: dict = {}
        self.entries, self.lines, self.tenders = io.StringIO(), io.StringIO(), io.StringIO()
        self.count_lines = 0

    def basket(self, site, household_ids: list, at: dt.datetime, lines: int) -> None:
        """One sale; money in integer cents while generating (10 million lines: Decimal would dominate)."""
        sequence = self.sequences.get(site.id, 0) + 1
        self.sequences[site.id] = sequence
        entry_id = next_id()
        stamp = at.strftime("%Y-%m-%d %H:%M:%S")
        head = f"{site.code}\t{stamp}\t{entry_id}\t"
        vesti = rng.random() < 0.08
        household = "\\N" if vesti else str(rng.choice(household_ids))
        value_cents = paid_cents = grams_total = 0
        rows = []
        if vesti:
            value_cents = paid_cents = 200
            rows.append(f"{next_id()}\t{head}1\t\\N\t\\N\t\\N\tarticle\t1\t0\t2.00\t2.00\t100\tf\t\\N\t\t\\N\n")
        else:
            for line_no in range(1, lines + 1):
                product, category, weight, price = self.products[rng.randrange(len(self.products))]
                quantity = 1 + rng.randrange(3)
                grams, value = weight * quantity, price * quantity
                fse = rng.random() < 0.15
                paid = 0 if fse else value // 10
                value_cents, paid_cents, grams_total = value_cents + value, paid_cents + paid, grams_total + grams
                rows.append(f"{next_id()}\t{head}{line_no}\t{product}\t\\N\t{category}\tarticle\t1\t{grams}\t"
                            f"{_euros(value)}\t{_euros(paid)}\t10\t{'t' if fse else 'f'}\t\\N\t\t\\N\n")
        self.lines.write("".join(rows))
        self.count_lines += len(rows)
        shop = "vesti" if vesti else "epicerie"
        allowance = 0 if vesti else value_cents
        self.entries.write(f"{entry_id}\t{site.code}\t{stamp}\t{site.id}\t{sequence}\tsale\t{shop}\t"
                           f"{self.cash_sessions[site.id]}\t{self.cashier_id}\t{household}\t\\N\t\\N\t"
                           f"{_euros(value_cents)}\t{_euros(paid_cents)}\t{_euros(allowance)}\t\\N\t{grams_total}\t"
                           f"\t\\N\t{ZEROS}\t{ZEROS}\n")
        method = "free" if paid_cents == 0 else ("cash", "cash", "card")[rng.randrange(3)]
        paid = _euros(paid_cents)
        self.tenders.write(f"{next_id()}\t{site.code}\t{stamp}\t{entry_id}\t1\t{method}\t{paid}\t{paid}\t\n")

    def flush(self, cursor) -> None:
        for table, columns, buffer in (
                ("journal_entry", "id, owner_node, created_at, site_id, sequence, kind, shop, cash_session_id, "
                 "cashier_id, household_id, refers_to_id, idempotency_key, market_value, amount_paid, allowance_used, "
                 "allowance_left, grams, reason, override_by_id, previous_hash, hash", self.entries),
                ("journal_line", "id, owner_node, created_at, entry_id, line_no, product_id, garment_type_id, "
                 "category_id, description, quantity, grams, market_value, price, rate, fse_plus, lot_id, "
                 "weight_display, returns_line_id", self.lines),
                ("journal_tender", "id, owner_node, created_at, entry_id, position, method, amount, tendered, reference",
                 self.tenders)):
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()


ZEROS = "0" * 64


def _euros(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def paris_opening(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 0), dt.UTC) + dt.timedelta(minutes=rng.randint(0, 480))


def load_journal(engine, sites, products, categories, cashier, households, lines_total: int) -> tuple[int, float]:
    raw = engine.raw_connection()
    cursor = raw.cursor()
    sessions = {}
    for site in sites:
        sessions[site.id] = next_id()
        cursor.execute("INSERT INTO cash_session (id, owner_node, created_at, updated_at, site_id, opened_at, "
                       "opened_by_id, opening_float) VALUES (%s, %s, now(), now(), %s, now(), %s, 0)",
                       (sessions[site.id], site.code, site.id, cashier.id))
    writer = JournalWriter(products, categories, str(cashier.id), sessions)
    per_day = max(1, lines_total // (DAYS * SITES * LINES_PER_BASKET))
    household_ids = {site.id: [h.id for h in households[site.id]] for site in sites}
    everyone = [h.id for hs in households.values() for h in hs]
    started = time.perf_counter()
    for offset in range(DAYS):
        day = FIRST_DAY + dt.timedelta(days=offset)
        for site in sites:
            for _ in range(per_day):
                # One household in twenty shops at another site (moved, or closer to work).
                pool = everyone if rng.random() < 0.05 else household_ids[site.id]
                writer.basket(site, pool, paris_opening(day), rng.randint(7, 13))
        if offset % 30 == 29:
            writer.flush(cursor)
            raw.commit()
            print(f"\r  {offset + 1}/{DAYS} days, {writer.count_lines:,} lines", end="", flush=True, file=sys.stderr)
    writer.flush(cursor)
    raw.commit()
    print(file=sys.stderr)
    seconds = time.perf_counter() - started
    raw.close()
    return writer.count_lines, seconds


def load_movements(engine, warehouse, sites, products, days: range, per_day: int) -> None:
    """Intakes at the warehouse, receipts and losses at the sites (the summaries' stock side)."""
    raw = engine.raw_connection()
    cursor = raw.cursor()
    lots = []
    buffer = io.StringIO()
    for n, product in enumerate(products):
        lot_id = next_id()
        lots.append((lot_id, product))
        source = ("fse_plus", "banque_alimentaire", "ramasse", "collecte", "agricultural", "purchase")[n % 6]
        buffer.write(f"{lot_id}\t{OWNER}\t2023-11-01 00:00:00\t2023-11-01 00:00:00\t{product.id}\tL{n}\tDDM\t2027-12-31\t"
                     f"{source}\t2023-11-01 00:00:00\t{warehouse.id}\t{product.net_weight_g}\t\\N\n")
    with cursor.copy("COPY lot (id, owner_node, created_at, updated_at, product_id, lot_code, date_kind, expiry_date, "
                     "source, received_at, received_site_id, unit_weight_g, recall_id) FROM STDIN") as copy:
        copy.write(buffer.getvalue())
    buffer = io.StringIO()
    for offset in days:
        day = FIRST_DAY + dt.timedelta(days=offset)
        for _ in range(per_day):
            lot_id, product = rng.choice(lots)
            site = rng.choice(sites)
            for kind, where, units, reason in (("intake", warehouse, 40, "\\N"), ("receipt", site, 20, "\\N"),
                                               ("loss", site, -1, rng.choice(("breakage", "expired", "other")))):
                stamp = paris_opening(day).strftime("%Y-%m-%d %H:%M:%S")
                buffer.write(f"{next_id()}\t{where.code}\t{stamp}\t{kind}\t{lot_id}\t{product.id}\t{where.id}\t\t{units}\t0\t"
                             f"{stamp}\t{reason}\tbench\t\\N\t\\N\t\n")
    with cursor.copy("COPY stock_movement (id, owner_node, created_at, kind, lot_id, product_id, site_id, location, "
                     "units, grams, occurred_at, loss_reason, reference, journal_entry_id, actor_id, note) FROM STDIN") as copy:
        copy.write(buffer.getvalue())
    raw.commit()
    raw.close()


def maintenance(engine, statement: str) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(statement))


def timed(function, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def full_scan(engine) -> float:
    with engine.connect() as connection:
        seconds, _ = timed(lambda: connection.execute(text(
            "SELECT count(*), sum(grams), sum(market_value), sum(price) FROM journal_line")).one(), repeat=3)
    return seconds


def dashboard_page(url: str, instance: Path) -> float:
    from gers.app import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "ROLE": "central"}, instance_path=instance,
                     environ={})
    app.extensions["gers.clock"] = lambda: NOW
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/connexion").get_data(as_text=True)).group(1)
    assert client.post("/connexion", data={"username": "coordination", "secret": "mot-de-passe-2026",
                                           "csrf_token": token}).status_code == 302
    client.get("/rapports/")  # warm: templates compiled, connections open

    def page():
        response = client.get("/rapports/")
        assert response.status_code == 200, response.status_code
    seconds, _ = timed(page, repeat=5)
    app.extensions["gers.engine"].dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=LINES, help="sale lines to load (default 10,000,000)")
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database (default: own cluster)")
    args = parser.parse_args()
    url, server = start_database(args.database_url)
    try:
        run(url, args.lines)
    finally:
        if server is not None:
            server.stop()


def run(url: str, lines_total: int) -> None:
    from reports import settings, summaries
    from reports.state import yearly_report

    migrate.upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions() as session:
        warehouse, sites, categories, products, cashier, households = seed_reference(session)
    print(f"Loading {lines_total:,} sale lines of {SITES} sites over {DAYS} days with COPY…")
    lines, load_s = load_journal(engine, sites, products, categories, cashier, households, lines_total)
    load_movements(engine, warehouse, sites, products, range(DAYS), per_day=60)
    maintenance(engine, "VACUUM ANALYZE")
    # The seeding's ORM objects stay alive in this process (a server would not hold them): frozen, the
    # garbage collector stops re-scanning them during the timed reports.
    gc.collect()
    gc.freeze()
    scan_s = full_scan(engine)
    with sessions() as session:
        build_s, _ = timed(lambda: summaries.rebuild(session))
        session.commit()
        maintenance(engine, "ANALYZE")
        year_s, figures = timed(lambda: yearly_report(session, 2025, settings.load(session)), repeat=3)
    with tempfile.TemporaryDirectory() as instance:
        page_s = dashboard_page(url, Path(instance))
    # A night: 200 sales of 10 lines at each of the 15 sites, and their losses and receipts, arrive.
    with sessions() as session:
        night_writer_lines = night(engine, sites, products, categories, cashier, households)
        refresh_s, result = timed(lambda: summaries.refresh(session))
        session.commit()
    network = figures[0]
    print(f"sale lines: {lines:,} (loaded in {load_s:.1f} s); full scan of the sale lines: {scan_s * 1000:.0f} ms")
    print(f"summaries built from nothing: {build_s:.1f} s")
    print(f"yearly report 2025, {len(figures)} scopes: {year_s * 1000:.0f} ms "
          f"({year_s / scan_s:.3f} × the full scan; network: {network.households} households, "
          f"{network.total.grams / 1e6:.1f} t)")
    print(f"dashboard page (30 days, network): {page_s * 1000:.0f} ms")
    print(f"night of {SITES} sites ({night_writer_lines:,} lines, {result.entries} sales) refreshed in "
          f"{refresh_s * 1000:.0f} ms ({refresh_s / scan_s:.3f} × the full scan)")
    print(json.dumps({"sale_lines": lines, "full_scan_ms": round(scan_s * 1000, 1),
                      "summaries_build_s": round(build_s, 1), "yearly_report_ms": round(year_s * 1000, 1),
                      "yearly_report_vs_full_scan": round(year_s / scan_s, 4),
                      "dashboard_page_ms": round(page_s * 1000, 1),
                      "night_refresh_ms": round(refresh_s * 1000, 1),
                      "night_refresh_vs_full_scan": round(refresh_s / scan_s, 4)}))


def night(engine, sites, products, categories, cashier, households) -> int:
    """The next night's rows, loaded as the sync would leave them (not timed)."""
    global FIRST_DAY
    raw = engine.raw_connection()
    cursor = raw.cursor()
    cursor.execute("SELECT site_id, max(sequence), min(cash_session_id::text) FROM journal_entry GROUP BY site_id")
    state = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    writer = JournalWriter(products, categories, str(cashier.id), {s: v[1] for s, v in state.items()})
    writer.sequences = {s: v[0] for s, v in state.items()}
    for site in sites:
        for _ in range(200):
            writer.basket(site, [h.id for h in households[site.id]], paris_opening(NOW.date()), LINES_PER_BASKET)
    writer.flush(cursor)
    raw.commit()
    raw.close()
    first_day, FIRST_DAY = FIRST_DAY, NOW.date()
    warehouse = sites[0]
    load_movements(engine, warehouse, sites, products, range(1), per_day=30)
    FIRST_DAY = first_day
    return writer.count_lines


if __name__ == "__main__":
    main()
