"""Warehouse fixtures: the departmental warehouse with locations, donors, sites that open, stock builders."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from gers.models import Role
from inventory.enums import DateKind, SiteKind, StorageClass
from tests.inventory.stock_builders import NOW, StockBuilders
from warehouse.locations import create_donor, create_location
from warehouse.models import DonorKind

OWNER = "CENTRAL"


@pytest.fixture
def stock(session, build) -> StockBuilders:
    return StockBuilders(session, build)


@pytest.fixture
def network(session, build):
    """The warehouse (Auch), two sites that open on different days, a mobile unit, donors, products."""
    warehouse = build.site(code="ENTREPOT", name="Entrepôt départemental", kind=SiteKind.WAREHOUSE,
                           organisation="Banque Alimentaire du Gers", address="12 rue du Dépôt")
    locations = {code: create_location(session, site_id=warehouse.id, code=code, storage_class=cls,
                                       owner_node=OWNER)
                 for code, cls in (("A-01", StorageClass.AMBIENT), ("A-02", StorageClass.AMBIENT),
                                   ("F-01", StorageClass.CHILLED), ("S-01", StorageClass.FROZEN))}
    auch = build.site(code="AUCH", name="Épicerie d'Auch", capacity_ambient_kg=500, capacity_chilled_kg=100,
                      capacity_frozen_kg=0)
    condom = build.site(code="CONDOM", name="Épicerie de Condom", capacity_ambient_kg=500,
                        capacity_chilled_kg=100, capacity_frozen_kg=50)
    # NOW is Saturday 28/11/2026: Auch opens on Mondays (30/11), Condom on Thursdays (03/12).
    build.opening_slot(auch, weekday=0)
    build.opening_slot(condom, weekday=3)
    store = create_donor(session, name="Supermarché du Garros", kind=DonorKind.STORE, siret="12345678901234",
                         address="Avenue de l'Yser", postcode="32000", commune="Auch", owner_node=OWNER)
    farm = create_donor(session, name="EARL des Coteaux", kind=DonorKind.FARM, owner_node=OWNER)
    spread = build.product(name="Pâte à tartiner 750 g", gtin="3017620422003", net_weight_g=750)
    yoghurt = build.product(name="Yaourt nature x4", net_weight_g=500, date_kind=DateKind.DLC,
                            storage_class=StorageClass.CHILLED,
                            category=build.category(storage_class=StorageClass.CHILLED, date_kind=DateKind.DLC,
                                                    label="Produits laitiers frais"))
    session.commit()
    return SimpleNamespace(warehouse=warehouse, auch=auch, condom=condom, locations=locations, store=store,
                           farm=farm, spread=spread, yoghurt=yoghurt)


@pytest.fixture
def staff(make_user, network):
    return make_user(username="karim", display_name="Karim", role=Role.WAREHOUSE, site_id=network.warehouse.id)


@pytest.fixture
def clock(app):
    """Pin the request clock to NOW (a Saturday at 10:00 in Auch)."""
    app.extensions["gers.clock"] = lambda: NOW
    return NOW


@pytest.fixture
def signed_in(client, login, staff, clock):
    response = login("karim", "motdepasse-123")
    assert response.status_code == 302
    return client


def days(n: int) -> dt.date:
    return NOW.date() + dt.timedelta(days=n)
