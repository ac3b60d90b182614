"""Warehouse performance with 50,000 lots: FEFO pick, expiry dashboard, intake of 10,000 scanned cartons.

Builds a migrated SQLite database in a temporary folder (the demo and small centrals run SQLite;
`--database-url postgresql://…` runs the same on an empty PostgreSQL database), loads 300 products
and 50,000 lots spread over the warehouse and 15 sites with dates from 10 days ago to a year ahead,
then measures:
- FEFO pick: `pick_plan` for a random product at the warehouse (the dispatch and the till path),
  and `sell_from_stock` at a site (plan + ledger rows + balance), 500 each — target ≤ 10 ms per pick;
- the expiry dashboard over the whole network — target ≤ 200 ms;
- the intake of 10,000 cartons (250 pallets of 40 cartons of one lot) through the same services as
  the screens (parse the GS1 code, find the product, check location, recall and dates, record the
  line): one scan and one request per pallet with its carton count, as the screen's « Nombre de
  colis » does — target ≤ 30 s; and the scan-every-carton path (one request and commit per carton)
  over 1,000 cartons.
Machines differ, so each figure comes with the floor it stands on, measured in the same run on the
same database, and its ratio (`*_vs_*` keys): a bare `SELECT 1` round trip for the pick, a bare
durable write (one-row INSERT + COMMIT) for each committed request, and a raw bulk load (COPY on
PostgreSQL, executemany on SQLite) of 10,000 rows for the whole intake.
Prints the figures, then ONE JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from gers import migrate  # noqa: E402
from gers.db import make_engine, make_session_factory  # noqa: E402
from inventory.barcodes import parse_code  # noqa: E402
from inventory.enums import DateKind, ShelfLife, SiteKind, SoldBy, StorageClass  # noqa: E402
from inventory.expiry import ExpirySettings  # noqa: E402
from inventory.gtin import with_check_digit  # noqa: E402
from inventory.models import Category, FoodGroup, Product, Site  # noqa: E402
from inventory.selling import sell_from_stock  # noqa: E402
from inventory.stock_models import Lot, LotSource, MovementKind, StockBalance, StockMovement  # noqa: E402
from inventory.stock_queries import pick_plan  # noqa: E402
from warehouse import intake  # noqa: E402
from warehouse.dashboard import expiry_dashboard  # noqa: E402
from warehouse.locations import create_location  # noqa: E402
from warehouse.models import Delivery  # noqa: E402

LOTS = 50_000
PRODUCTS = 300
SITES = 15
PICKS = 500
CARTONS = 10_000
PALLET = 40
SCANNED_ONE_BY_ONE = 1_000
FLOOR_WRITES = 300
NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
OWNER = "CENTRAL"
SETTINGS = ExpirySettings()
CLASSES = (StorageClass.AMBIENT, StorageClass.CHILLED, StorageClass.FROZEN)
rng = random.Random(20261128)


def build_network(session) -> tuple[Site, list[Site], list[Product], list[str]]:
    warehouse = Site(code="ENTREPOT", name="Entrepôt", kind=SiteKind.WAREHOUSE, commune="Auch", insee_code="32013",
                     postcode="32000", owner_node=OWNER)
    sites = [Site(code=f"S{n:02d}", name=f"Site {n}", kind=SiteKind.CENTRE_BOURG, commune="Auch",
                  insee_code="32013", postcode="32000", capacity_ambient_kg=2000, capacity_chilled_kg=300,
                  owner_node=OWNER) for n in range(SITES)]
    group = FoodGroup(code="all", label="Tout", owner_node=OWNER)
    categories = [Category(code=f"c{n}", label=f"Catégorie {n}", food_group=group, shelf_life=list(ShelfLife)[n % 3],
                           storage_class=CLASSES[n % 3], date_kind=(DateKind.DLC, DateKind.DDM)[n % 2],
                           owner_node=OWNER) for n in range(12)]
    products = [Product(gtin=with_check_digit(f"3{n:011d}"), name=f"Produit {n}", category=categories[n % 12],
                        sold_by=SoldBy.PIECE, market_price=Decimal("1.50"), net_weight_g=500,
                        storage_class=categories[n % 12].storage_class, date_kind=categories[n % 12].date_kind,
                        owner_node=OWNER) for n in range(PRODUCTS)]
    session.add_all([warehouse, *sites, *products])
    session.flush()
    codes = []
    for n in range(60):
        storage = CLASSES[n % 3]
        codes.append(create_location(session, site_id=warehouse.id, code=f"{storage.value[0].upper()}-{n:02d}",
                                     storage_class=storage, owner_node=OWNER).code)
    session.commit()
    return warehouse, sites, products, codes


def load_lots(session, warehouse: Site, sites: list[Site], products: list[Product], locations: list[str]) -> None:
    """50,000 lots with their intake movement and balance row, inserted in bulk."""
    by_class = {cls: [code for code in locations if code[0] == cls.value[0].upper()] for cls in CLASSES}
    lots, movements, balances = [], [], []
    for n in range(LOTS):
        product = products[n % PRODUCTS]
        at_warehouse = n % 5 != 0
        site = warehouse if at_warehouse else sites[n % SITES]
        location = rng.choice(by_class[product.storage_class]) if at_warehouse else ""
        expiry = TODAY + dt.timedelta(days=rng.randint(-10, 365))
        lot_id, units = uuid.uuid4(), rng.randint(1, 200)
        lots.append(dict(id=lot_id, product_id=product.id, lot_code=f"L{n}", date_kind=product.date_kind,
                         expiry_date=expiry, source=LotSource.BANQUE_ALIMENTAIRE, received_at=NOW,
                         received_site_id=warehouse.id, unit_weight_g=500, owner_node=OWNER))
        movements.append(dict(id=uuid.uuid4(), kind=MovementKind.INTAKE, lot_id=lot_id, product_id=product.id,
                              site_id=site.id, location=location, units=units, grams=units * 500, occurred_at=NOW,
                              reference="bench", note="", owner_node=OWNER))
        balances.append(dict(lot_id=lot_id, site_id=site.id, location=location, product_id=product.id,
                             expiry_date=expiry, units=units, grams=units * 500))
    for model, rows in ((Lot, lots), (StockMovement, movements), (StockBalance, balances)):
        for start in range(0, len(rows), 5000):
            session.execute(insert(model), rows[start:start + 5000])
    session.commit()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure_picks(session, warehouse: Site, sites: list[Site], products: list[Product]) -> dict:
    plans, sales = [], []
    for _ in range(PICKS):
        product = rng.choice(products)
        begin = time.perf_counter()
        pick_plan(session, warehouse.id, product.id, today=TODAY, settings=SETTINGS, units=rng.randint(1, 300))
        plans.append((time.perf_counter() - begin) * 1000)
    sessions = make_session_factory(session.get_bind())
    for _ in range(PICKS):
        site_id, product_id = rng.choice(sites).id, rng.choice(products).id
        begin = time.perf_counter()
        with sessions() as till:  # one request of the till: its own session and commit
            sell_from_stock(till, site_id, product_id, units=rng.randint(1, 3), now=NOW, owner_node="S00",
                            settings=SETTINGS)
            till.commit()
        sales.append((time.perf_counter() - begin) * 1000)
    return {"fefo_pick_p50_ms": round(statistics.median(plans), 2), "fefo_pick_p99_ms": round(percentile(plans, .99), 2),
            "sale_p50_ms": round(statistics.median(sales), 2), "sale_p99_ms": round(percentile(sales, .99), 2)}


def measure_dashboard(session) -> dict:
    runs = []
    for _ in range(5):
        begin = time.perf_counter()
        board = expiry_dashboard(session, today=TODAY, settings=SETTINGS)
        runs.append((time.perf_counter() - begin) * 1000)
    lots_shown = sum(len(bucket.lots) for bucket in board.buckets)
    return {"dashboard_ms": round(statistics.median(runs), 1), "dashboard_max_ms": round(max(runs), 1),
            "dashboard_lots": lots_shown}


def scanned_cartons(products: list[Product], cartons: int = CARTONS, lot_prefix: str = "B") -> list[str]:
    """Cartons come by pallets of 40 of one product and lot, as trucks deliver them."""
    codes = []
    for n in range(cartons):
        pallet = n // PALLET
        product = products[(pallet * 7) % PRODUCTS]
        ai = "17" if product.date_kind is DateKind.DLC else "15"
        expiry = TODAY + dt.timedelta(days=30 + pallet % 200)
        codes.append(f"]C101{product.gtin.zfill(14)}{ai}{expiry:%y%m%d}10{lot_prefix}{pallet:05d}\x1d3712")
    return codes


LOCATION_OF = {cls: f"{cls.value[0].upper()}-{index:02d}" for index, cls in enumerate(CLASSES)}


def _record_scan(sessions, delivery_id: uuid.UUID, raw: str, cartons: int) -> None:
    """One intake request: a fresh session, the delivery loaded, one line, one commit."""
    with sessions() as session:
        delivery = session.get(Delivery, delivery_id)
        code = parse_code(raw, today=TODAY)
        product = intake.find_product(session, code)
        intake.record_intake(session, delivery, intake.IntakeInput(
            product_id=product.id, cartons=cartons, location=LOCATION_OF[product.storage_class], lot_code=code.lot,
            expiry_date=code.expiry_date, date_kind=DateKind(code.date_kind), units_per_carton=code.count,
            scanned_code=raw), now=NOW, owner_node=OWNER, settings=SETTINGS)
        session.commit()


def _open_delivery(sessions, warehouse_id: uuid.UUID, note: str) -> uuid.UUID:
    with sessions() as session:
        delivery_id = intake.open_delivery(session, site_id=warehouse_id,
                                           source=LotSource.BANQUE_ALIMENTAIRE, now=NOW, owner_node=OWNER,
                                           delivery_note=note).id
        session.commit()
        return delivery_id


def measure_intake(sessions, warehouse_id: uuid.UUID) -> dict:
    """10,000 cartons by pallets (one request per pallet), then 1,000 scanned one request each."""
    with sessions() as session:
        products = list(session.scalars(select(Product).order_by(Product.gtin)).all())
    codes = scanned_cartons(products)
    begin = time.perf_counter()
    delivery_id = None
    for pallet_start in range(0, CARTONS, PALLET):
        if pallet_start % 500 == 0:
            delivery_id = _open_delivery(sessions, warehouse_id, f"BL-P{pallet_start}")
        _record_scan(sessions, delivery_id, codes[pallet_start], PALLET)
    pallets_s = time.perf_counter() - begin
    one_by_one = scanned_cartons(products, SCANNED_ONE_BY_ONE, lot_prefix="C")  # other lots, same products
    begin = time.perf_counter()
    for n, raw in enumerate(one_by_one):
        if n % 500 == 0:
            delivery_id = _open_delivery(sessions, warehouse_id, f"BL-C{n}")
        _record_scan(sessions, delivery_id, raw, 1)
    per_carton_ms = (time.perf_counter() - begin) * 1000 / SCANNED_ONE_BY_ONE
    return {"intake_10k_s": round(pallets_s, 2), "intake_per_carton_ms": round(per_carton_ms, 2)}


def measure_floors(engine) -> dict:
    """What the hardware and the database give for nothing: a round trip, a durable write, a bulk load."""
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE bench_floor (id CHAR(36) PRIMARY KEY, n INTEGER NOT NULL, "
                                "payload VARCHAR(200) NOT NULL)"))
    round_trips, writes = [], []
    with engine.connect() as connection:
        for _ in range(PICKS):
            begin = time.perf_counter()
            connection.execute(text("SELECT 1")).scalar()
            round_trips.append((time.perf_counter() - begin) * 1000)
        for n in range(FLOOR_WRITES):
            begin = time.perf_counter()
            connection.execute(text("INSERT INTO bench_floor VALUES (:id, :n, :payload)"),
                               {"id": str(uuid.uuid4()), "n": n, "payload": "x" * 120})
            connection.commit()
            writes.append((time.perf_counter() - begin) * 1000)
    rows = [(str(uuid.uuid4()), n, "y" * 120) for n in range(CARTONS)]
    begin = time.perf_counter()
    _bulk_load(engine, rows)
    bulk_s = time.perf_counter() - begin
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE bench_floor"))
    return {"select_p50_ms": round(statistics.median(round_trips), 3),
            "select_p99_ms": round(percentile(round_trips, .99), 3),
            "durable_write_p50_ms": round(statistics.median(writes), 3),
            "durable_write_p99_ms": round(percentile(writes, .99), 3), "copy_10k_s": round(bulk_s, 3)}


def _bulk_load(engine, rows: list[tuple]) -> None:
    """COPY on PostgreSQL, executemany on SQLite: the fastest way each has to take the rows, committed."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            with cursor.copy("COPY bench_floor (id, n, payload) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany("INSERT INTO bench_floor VALUES (?, ?, ?)", rows)
        raw.commit()
    finally:
        raw.close()


def ratios(figures: dict) -> dict:
    def ratio(value: str, floor: str) -> float:
        return round(figures[value] / figures[floor], 1) if figures[floor] else float("inf")

    # Floors by their median: a floor's own tail is the neighbours' noise, not the database's cost.
    return {"fefo_pick_p99_vs_select": ratio("fefo_pick_p99_ms", "select_p50_ms"),
            "sale_p99_vs_durable_write": ratio("sale_p99_ms", "durable_write_p50_ms"),
            "intake_10k_vs_copy": ratio("intake_10k_s", "copy_10k_s"),
            "intake_per_carton_vs_durable_write": ratio("intake_per_carton_ms", "durable_write_p50_ms")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an EMPTY database to migrate and fill (default: temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gers-bench-warehouse-") as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        migrate.upgrade(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        with sessions() as session:
            begin = time.perf_counter()
            warehouse, sites, products, locations = build_network(session)
            load_lots(session, warehouse, sites, products, locations)
            print(f"loaded {LOTS} lots over {PRODUCTS} products and {SITES + 1} sites in "
                  f"{time.perf_counter() - begin:.1f} s ({engine.dialect.name})")
            figures = measure_picks(session, warehouse, sites, products)
            print(f"FEFO pick at the warehouse over {PICKS} picks: p50 {figures['fefo_pick_p50_ms']} ms, "
                  f"p99 {figures['fefo_pick_p99_ms']} ms (target ≤ 10 ms)")
            print(f"sale at a site (FEFO + ledger + balance + commit): p50 {figures['sale_p50_ms']} ms, "
                  f"p99 {figures['sale_p99_ms']} ms")
            figures |= measure_dashboard(session)
            print(f"expiry dashboard, whole network ({figures['dashboard_lots']} lots in the buckets): median "
                  f"{figures['dashboard_ms']} ms, max {figures['dashboard_max_ms']} ms (target ≤ 200 ms)")
            warehouse_id = warehouse.id
        figures |= measure_intake(sessions, warehouse_id)
        print(f"intake of {CARTONS} cartons, one scan and request per pallet of {PALLET}: {figures['intake_10k_s']} s "
              f"(target ≤ 30 s); every carton scanned, one request and commit each: "
              f"{figures['intake_per_carton_ms']} ms per carton over {SCANNED_ONE_BY_ONE}")
        figures |= measure_floors(engine)
        print(f"floors on the same database: SELECT 1 p50 {figures['select_p50_ms']} ms, p99 "
              f"{figures['select_p99_ms']} ms; durable write (INSERT + COMMIT) p50 {figures['durable_write_p50_ms']} "
              f"ms, p99 {figures['durable_write_p99_ms']} ms; bulk load of {CARTONS} rows {figures['copy_10k_s']} s")
        figures |= ratios(figures)
        print("ratios: " + ", ".join(f"{key} {value}" for key, value in figures.items() if "_vs_" in key))
        engine.dispose()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
