"""A site node (Auch) with its stock: food groups, lots in date, past their DLC, past their DDM grace,
recalled; a cashier (PIN) and a coordinator, the clock pinned."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from gers.models import Role
from inventory.enums import DateKind, ShelfLife, SoldBy
from inventory.gtin import with_check_digit
from inventory.ledger import record_movement
from inventory.models import Product, Site
from inventory.stock_models import Lot, LotSource, MovementKind, Recall
from tests.support.clock import install_clock

NOW = dt.datetime(2026, 11, 28, 7, 30, tzinfo=dt.UTC)  # 08:30 in Auch, before opening
TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def node_role() -> str:
    return "site"


@dataclass
class SiteStock:
    site: Site
    pasta: Product
    yoghurt: Product
    biscuits: Product
    apples: Product
    good: Lot
    past_dlc: Lot
    past_grace: Lot
    recalled: Lot


def make_lot(session, site, product, code, expiry, units, grams, *, location="", date_kind=None, recall=None):
    lot = Lot(product_id=product.id, lot_code=code, date_kind=date_kind or product.date_kind, expiry_date=expiry,
              source=LotSource.BANQUE_ALIMENTAIRE, received_at=NOW - dt.timedelta(days=30),
              received_site_id=site.id, unit_weight_g=product.net_weight_g, owner_node="CENTRAL",
              recall_id=recall.id if recall else None)
    session.add(lot)
    record_movement(session, kind=MovementKind.RECEIPT, site_id=site.id, now=NOW - dt.timedelta(days=30),
                    owner_node="AUCH", lot=lot, location=location, units=units, grams=grams)
    return lot


@pytest.fixture
def clock(app):
    return install_clock(app, NOW)


@pytest.fixture
def site_stock(build, session, clock) -> SiteStock:
    site = build.site(code="AUCH", name="Épicerie solidaire d'Auch")
    build.user(username="marie", display_name="Marie", role=Role.CASHIER, pin="2468", site_id=site.id)
    build.user(username="claire", display_name="Claire", role=Role.COORDINATOR, pin="1357")
    starchy = build.food_group(code="feculents", label="Féculents")
    dairy_group = build.food_group(code="laitiers", label="Produits laitiers")
    fruit_group = build.food_group(code="fruits_legumes", label="Fruits et légumes")
    groceries = build.category(code="epicerie", label="Épicerie salée", food_group=starchy,
                               shelf_life=ShelfLife.VERY_LONG)
    biscuits_cat = build.category(code="biscuits", label="Biscuits", food_group=starchy, shelf_life=ShelfLife.LONG)
    dairy = build.category(code="laitier", label="Produits laitiers", food_group=dairy_group,
                           shelf_life=ShelfLife.SHORT, date_kind=DateKind.DLC)
    produce = build.category(code="fruits", label="Fruits", food_group=fruit_group, shelf_life=ShelfLife.SHORT,
                             date_kind=DateKind.NONE)
    pasta = build.product(name="Pâtes coquillettes 500 g", gtin=with_check_digit("300000000010"),
                          market_price=Decimal("1.25"), net_weight_g=500, category=groceries)
    yoghurt = build.product(name="Yaourt nature x4", gtin=with_check_digit("300000000030"), date_kind=DateKind.DLC,
                            market_price=Decimal("1.60"), net_weight_g=500, category=dairy)
    biscuits = build.product(name="Petits beurre 200 g", gtin=with_check_digit("300000000050"),
                             market_price=Decimal("1.10"), net_weight_g=200, category=biscuits_cat)
    apples = build.product(name="Pommes (vrac)", gtin=None, sold_by=SoldBy.WEIGHT, date_kind=DateKind.NONE,
                           market_price=Decimal("2.49"), net_weight_g=1000, category=produce)
    recall = Recall(reference="2026-11-0042", title="Pâtes coquillettes", recorded_at=NOW, owner_node="CENTRAL")
    session.add(recall)
    session.flush()
    good = make_lot(session, site, pasta, "P-GOOD", TODAY + dt.timedelta(days=200), 30, 15_000)
    recalled = make_lot(session, site, pasta, "P-RAPPEL", TODAY + dt.timedelta(days=100), 6, 3_000, location="R2",
                    recall=recall)
    past_dlc = make_lot(session, site, yoghurt, "Y-OLD", TODAY - dt.timedelta(days=1), 4, 2_000, location="FRIGO")
    # DDM 31/08 + 2 months of grace (long shelf life): last day 31/10, so out of the shelves by 28/11.
    past_grace = make_lot(session, site, biscuits, "B-OLD", dt.date(2026, 8, 31), 10, 2_000)
    make_lot(session, site, biscuits, "B-NEW", TODAY + dt.timedelta(days=3), 5, 1_000)
    make_lot(session, site, apples, "", None, 0, 12_500)
    session.commit()
    return SiteStock(site, pasta, yoghurt, biscuits, apples, good, past_dlc, past_grace, recalled)
