"""A site node (Auch) with a cashier, a coordinator, stocked products and a household with rights."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest

from gers.models import Role
from households import commission, registry, settings_service
from households.enums import Outcome
from households.models import Household
from inventory.barcodes import InStoreLayout
from inventory.enums import SoldBy
from inventory.gtin import with_check_digit
from inventory.ledger import record_movement
from inventory.models import Category, Product, Site
from inventory.stock_models import Lot, LotSource, MovementKind
from pos.context import TillContext
from pos.models import InStoreItem, InStoreLayoutRow
from tests.conftest import csrf_token
from tests.households.helpers import household_input, request_input

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 28)
LAYOUTS = (InStoreLayout("21", "weight_g"), InStoreLayout("23", "price_cents"))


@pytest.fixture
def node_role() -> str:
    return "site"


@dataclass
class Till:
    site: Site
    cashier_id: object
    household: Household
    pasta: Product
    milk: Product
    apples: Product
    cheese: Product
    groceries: Category
    fse_rice: Product

    def ctx(self, now: dt.datetime = NOW, **fields) -> TillContext:
        fields.setdefault("pin_login", True)  # an enrolled Pi (tests/conftest.py device_identity)
        return TillContext(site_id=self.site.id, owner_node="AUCH", cashier_id=self.cashier_id, now=now,
                           instore_layouts=LAYOUTS, **fields)


@pytest.fixture
def till(build, session) -> Till:
    site = build.site(code="AUCH", name="Épicerie solidaire d'Auch", address="3 rue Gambetta", postcode="32000")
    cashier = build.user(username="marie", display_name="Marie", role=Role.CASHIER, pin="2468", site_id=site.id)
    build.user(username="claire", display_name="Claire", role=Role.COORDINATOR, pin="1357")
    groceries = build.category(code="epicerie", label="Épicerie salée")
    dairy = build.category(code="laitier", label="Produits laitiers")
    produce = build.category(code="fruits", label="Fruits et légumes")
    cheeses = build.category(code="fromages", label="Fromages à la coupe")
    pasta = build.product(name="Pâtes coquillettes 500 g", gtin=with_check_digit("300000000010"),
                          market_price=Decimal("1.25"), net_weight_g=500, category=groceries)
    rice = build.product(name="Riz long 1 kg", gtin=with_check_digit("300000000020"), market_price=Decimal("2.10"),
                         net_weight_g=1000, category=groceries)
    milk = build.product(name="Lait demi-écrémé 1 L", gtin=with_check_digit("300000000030"),
                         market_price=Decimal("1.05"), net_weight_g=1000, category=dairy)
    apples = build.product(name="Pommes (vrac)", gtin=None, sold_by=SoldBy.WEIGHT, market_price=Decimal("2.49"),
                           net_weight_g=1000, category=produce)
    cheese = build.product(name="Comté à la coupe", gtin=with_check_digit("300000000040"), sold_by=SoldBy.WEIGHT,
                           market_price=Decimal("16.90"), net_weight_g=1000, category=cheeses)
    session.add_all([InStoreLayoutRow(site_id=site.id, prefix="21", measure="weight_g", owner_node="AUCH"),
                     InStoreItem(site_id=site.id, item_code="00042", product_id=cheese.id, owner_node="AUCH")])
    _stock(session, site, pasta, LotSource.BANQUE_ALIMENTAIRE, units=40)
    _stock(session, site, rice, LotSource.FSE_PLUS, units=20)
    settings_service.save_category_rule(session, dairy.id, rate=None, quota_base=2, quota_per_person=0,
                                        owner_node="CENTRAL")
    household = registry.register(session, household_input(site, 1980), actor=None, now=NOW,
                                  owner_node="CENTRAL", today=TODAY)
    request = commission.submit_request(session, household, request_input(), actor=None, now=NOW,
                                        owner_node="CENTRAL")
    meeting = commission.open_session(session, site_id=site.id, held_on=TODAY, owner_node="CENTRAL")
    commission.decide(session, meeting, subject_id=request.id, outcome=Outcome.FAVOURABLE, duration_months=3,
                      note="", actor=None, now=NOW, owner_node="CENTRAL")
    session.commit()
    return Till(site, cashier.id, household, pasta, milk, apples, cheese, groceries, rice)


def _stock(session, site, product, source, units):
    lot = Lot(product_id=product.id, lot_code=f"L-{product.name[:4]}", date_kind=product.date_kind,
              expiry_date=TODAY + dt.timedelta(days=200), source=source, received_at=NOW,
              received_site_id=site.id, unit_weight_g=product.net_weight_g, owner_node="CENTRAL")
    session.add(lot)
    record_movement(session, kind=MovementKind.RECEIPT, site_id=site.id, now=NOW, owner_node="AUCH", lot=lot,
                    units=units, grams=units * product.net_weight_g)
    return lot


@pytest.fixture
def till_api(app, client, login, till):
    """post(path, **json) to the till's API as the cashier Marie, at NOW, with the page's CSRF token."""
    app.extensions["gers.clock"] = lambda: NOW
    assert login("marie", "2468").status_code == 302
    token = csrf_token(client, "/caisse")

    def post(path, **body):
        return client.post(f"/api/caisse{path}", json=body, headers={"X-CSRFToken": token})
    return post


@pytest.fixture
def pay(till_api, client):
    """Complete the basket as the till screen does: with the basket version and total it shows."""
    def do_pay(tenders, key: str | None = None, mode: str = "epicerie", **extra):
        shown = client.get(f"/api/caisse/etat?mode={mode}").get_json()["basket"]
        return till_api("/valider", idempotency_key=key or str(uuid.uuid4()), tenders=tenders, mode=mode,
                        basket_version=shown["version"], expected_total=shown["to_pay"]["value"], **extra)
    return do_pay
