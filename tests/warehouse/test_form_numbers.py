"""Numbers typed in the warehouse and arrival forms: exponents, foreign digits and sizes a column cannot
hold get a French message on the page, never a 500 and never a half-written receipt or line."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gers.models import Role
from inventory.ledger import balance_of
from inventory.stock_models import StockCount
from tests.conftest import csrf_token
from tests.inventory.stock_builders import NOW
from tests.warehouse.shipments import shipped_dispatch
from tests.warehouse.test_views import field_error, open_delivery, text
from warehouse.models import Dispatch, IntakeLine

HOSTILE = ["1e999999", "1e30", "99999999999999999999", "٣", "²²", "1_000"]


@pytest.mark.parametrize("node_role", ["site"])
def test_a_receipt_with_an_impossible_weight_is_refused_in_french(client, login, make_user, make_site, session,
                                                                  build, stock, app):
    auch = make_site(code="AUCH", name="Épicerie d'Auch")
    warehouse = make_site(code="ENTREPOT", name="Entrepôt", kind="warehouse")
    lot = stock.lot(build.product(name="Riz 1 kg", net_weight_g=1000), site=warehouse, days=300, lot_code="R-7")
    dispatch = shipped_dispatch(session, lot, warehouse, auch, "EXP-2026-00009")
    session.commit()
    make_user(username="marie", role=Role.CASHIER, site_id=auch.id)
    app.extensions["gers.clock"] = lambda: NOW + dt.timedelta(days=2)
    login("marie", "1234")
    page, line = f"/arrivages/{dispatch.id}", dispatch.lines[0]
    token = csrf_token(client, page)
    for kg in HOSTILE:
        for field in (f"kg-{line.id}", f"units-{line.id}"):
            response = client.post(page, data={"csrf_token": token, field: kg})
            assert response.status_code == 422, (field, kg)
            assert f"« {kg}" in text(response)
    session.expire_all()
    assert balance_of(session, lot.id, auch.id, "") == (0, 0)
    assert session.get(Dispatch, dispatch.id).receipt is None


def test_intake_numbers_a_column_cannot_hold_are_refused_on_their_field(signed_in, network, session):
    page = open_delivery(signed_in, network)
    token = csrf_token(signed_in, page)
    for typed in HOSTILE:
        form = {"csrf_token": token, "product_id": str(network.spread.id), "cartons": typed,
                "units_per_carton": typed, "carton_weight_kg": typed, "unit_value": typed, "lot_code": "S1",
                "date_kind": "DDM", "expiry_date": "2027-10-31", "location": "A-01"}
        response = signed_in.post(f"{page}/lignes", data=form)
        assert response.status_code == 422
        html = text(response)
        for name in ("cartons", "units_per_carton", "carton_weight_kg", "unit_value"):
            assert field_error(html, name), (name, typed)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(IntakeLine)) == 0


def test_loss_and_count_refuse_impossible_weights(signed_in, network, stock, session):
    kg = "1e999999"
    lot = stock.lot(network.spread, days=200)
    stock.stock(lot, network.warehouse, units=5, location="A-01")
    session.commit()
    before = balance_of(session, lot.id, network.warehouse.id, "A-01")
    page = f"/entrepot/pertes?lot={lot.id}&emplacement=A-01"
    response = signed_in.post(page, data={"csrf_token": csrf_token(signed_in, page), "units": "1", "kg": kg,
                                          "reason": "breakage", "action": "loss"})
    assert response.status_code == 422
    response = signed_in.post("/entrepot/inventaires", data={
        "csrf_token": csrf_token(signed_in, "/entrepot/inventaires"), "location": "A-01"})
    count_page = response.headers["Location"]
    count_line = session.scalar(select(StockCount)).lines[0]
    response = signed_in.post(count_page, data={"csrf_token": csrf_token(signed_in, count_page),
                                                f"units-{count_line.id}": "4", f"kg-{count_line.id}": kg})
    assert response.status_code == 422
    session.expire_all()
    assert balance_of(session, lot.id, network.warehouse.id, "A-01") == before


def test_forged_choices_in_the_intake_form_are_refused(signed_in, network, session, build):
    category = build.category(label="Conserves")
    session.commit()
    page = open_delivery(signed_in, network)
    token = csrf_token(signed_in, page)
    form = {"csrf_token": token, "product_id": str(network.spread.id), "cartons": "1", "units_per_carton": "1",
            "lot_code": "S1", "date_kind": "bientôt", "expiry_date": "2027-10-31", "location": "A-01"}
    assert signed_in.post(f"{page}/lignes", data=form).status_code == 422
    new = dict(form, product_id="", date_kind="DDM", new_name="Haricots", new_category=str(category.id),
               new_sold_by="au litre")
    assert signed_in.post(f"{page}/lignes", data=new).status_code == 422
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(IntakeLine)) == 0
