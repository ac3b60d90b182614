"""A site account touches only its own site's objects, on central as on its site node; network staff
(coordination, administration, warehouse) see every site. One rule: gers.scope."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gers.models import Role
from inventory.ledger import balance_of
from tests.conftest import csrf_token
from tests.inventory.stock_builders import NOW, StockBuilders
from tests.warehouse.shipments import shipped_dispatch
from warehouse.models import Dispatch, DispatchReceipt


@pytest.fixture
def sites(make_site):
    return (make_site(code="AUCH", name="Auch"), make_site(code="CONDOM", name="Condom"),
            make_site(code="ENTREPOT", name="Entrepôt", kind="warehouse"))


def shipped_to(session, build, site, warehouse, number: str) -> Dispatch:
    lot = StockBuilders(session, build).lot(build.product(name=f"Riz {number}"), site=warehouse, days=300)
    dispatch = shipped_dispatch(session, lot, warehouse, site, number)
    session.commit()
    return dispatch


def test_a_cashier_on_central_sees_and_receives_only_her_sites_arrivals(client, login, make_user, session,
                                                                        build, sites, app):
    auch, condom, warehouse = sites
    for_auch = shipped_to(session, build, auch, warehouse, "EXP-2026-00001")
    for_condom = shipped_to(session, build, condom, warehouse, "EXP-2026-00002")
    make_user(username="paul", role=Role.CASHIER, password="benevole-condom", site_id=condom.id)
    app.extensions["gers.clock"] = lambda: NOW + dt.timedelta(days=1)
    assert login("paul", "benevole-condom").status_code == 302
    listing = client.get("/arrivages/").get_data(as_text=True)
    assert "EXP-2026-00002" in listing and "EXP-2026-00001" not in listing
    page = f"/arrivages/{for_auch.id}"
    assert client.get(page).status_code == 404
    assert client.post(page, data={"csrf_token": csrf_token(client, "/arrivages/")}).status_code == 404
    assert session.scalar(select(func.count()).select_from(DispatchReceipt)) == 0
    assert balance_of(session, for_auch.lines[0].lot_id, auch.id, "") == (0, 0)
    assert client.get(f"/arrivages/{for_condom.id}").status_code == 200


def test_network_staff_on_central_see_every_sites_arrivals(client, login, make_user, session, build, sites, app):
    auch, condom, warehouse = sites
    shipped_to(session, build, auch, warehouse, "EXP-2026-00001")
    for_condom = shipped_to(session, build, condom, warehouse, "EXP-2026-00002")
    make_user(username="claire", role=Role.COORDINATOR, password="coordination-2026")
    app.extensions["gers.clock"] = lambda: NOW + dt.timedelta(days=1)
    login("claire", "coordination-2026")
    listing = client.get("/arrivages/").get_data(as_text=True)
    assert "EXP-2026-00001" in listing and "EXP-2026-00002" in listing
    assert client.get(f"/arrivages/{for_condom.id}").status_code == 200


def test_a_site_account_without_a_site_touches_nothing(client, login, make_user, session, build, sites, app):
    auch, _condom, warehouse = sites
    shipped_to(session, build, auch, warehouse, "EXP-2026-00001")
    make_user(username="old", role=Role.CASHIER, password="compte-ancien-2026")  # made before --site
    app.extensions["gers.clock"] = lambda: NOW + dt.timedelta(days=1)
    login("old", "compte-ancien-2026")
    assert client.get("/arrivages/").status_code == 403


@pytest.mark.parametrize("node_role", ["site"])
def test_a_site_node_shows_only_its_own_arrivals_even_to_network_staff(client, login, make_user, session,
                                                                      build, sites, app):
    auch, condom, warehouse = sites
    shipped_to(session, build, auch, warehouse, "EXP-2026-00001")
    for_condom = shipped_to(session, build, condom, warehouse, "EXP-2026-00002")
    make_user(username="claire", role=Role.COORDINATOR, pin="1357")
    app.extensions["gers.clock"] = lambda: NOW + dt.timedelta(days=1)
    login("claire", "1357")
    listing = client.get("/arrivages/").get_data(as_text=True)
    assert "EXP-2026-00001" in listing and "EXP-2026-00002" not in listing
    assert client.get(f"/arrivages/{for_condom.id}").status_code == 404
