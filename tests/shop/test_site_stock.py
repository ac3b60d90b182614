"""The site's stock screens, below the browser: stock by group and lot, losses, counts, the morning
withdrawal list by scan. Every row written carries the node's code, so sync carries it up."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from inventory.expiry import ExpirySettings
from inventory.gtin import with_check_digit
from inventory.ledger import StockError, balance_of
from inventory.stock_models import LossReason, MovementKind, StockCount, StockCountLine, StockMovement
from shop import stock
from tests.conftest import csrf_token
from tests.shop.conftest import TODAY

SETTINGS = ExpirySettings()


def test_totals_by_food_group_in_kg_and_units(session, site_stock):
    totals = {t.label: (t.lots, t.units, t.grams) for t in stock.group_totals(session, site_stock.site.id)}
    assert totals == {"Féculents": (4, 51, 21_000), "Produits laitiers": (1, 4, 2_000),
                      "Fruits et légumes": (1, 0, 12_500)}


def test_lots_filtered_by_food_group(session, site_stock):
    rows = stock.site_lots(session, site_stock.site.id, today=TODAY, settings=SETTINGS, group_code="laitiers")
    assert [(r.stock.lot_code, r.group_label) for r in rows] == [("Y-OLD", "Produits laitiers")]


def test_the_morning_list_holds_past_dlc_past_ddm_grace_and_recalled_lots_with_their_place(session, site_stock):
    rows = stock.to_withdraw(session, site_stock.site.id, today=TODAY, settings=SETTINGS)
    assert {(r.lot_code, r.location, stock.withdrawal_reason(r)) for r in rows} == {
        ("B-OLD", "", LossReason.EXPIRED), ("Y-OLD", "FRIGO", LossReason.EXPIRED),
        ("P-RAPPEL", "R2", LossReason.RECALL)}


def test_a_category_grace_setting_keeps_a_ddm_lot_on_the_shelf(session, site_stock):
    longer = ExpirySettings(category_grace_months={"biscuits": 6})
    rows = stock.to_withdraw(session, site_stock.site.id, today=TODAY, settings=longer)
    assert "B-OLD" not in {r.lot_code for r in rows}


def test_one_scan_of_a_gs1_label_withdraws_the_whole_lot_as_a_loss_owned_by_the_node(session, site_stock):
    rows = stock.to_withdraw(session, site_stock.site.id, today=TODAY, settings=SETTINGS)
    found = stock.match_scan(rows, f"01{site_stock.yoghurt.gtin.zfill(14)}10Y-OLD", TODAY)
    [movement] = stock.withdraw(session, found, now=dt.datetime(2026, 11, 28, 8, tzinfo=dt.UTC), owner_node="AUCH")
    assert (movement.kind, movement.loss_reason, movement.units, movement.grams, movement.owner_node) == (
        MovementKind.LOSS, LossReason.EXPIRED, -4, -2_000, "AUCH")
    assert balance_of(session, site_stock.past_dlc.id, site_stock.site.id, "FRIGO") == (0, 0)


def test_a_plain_gtin_is_enough_when_one_lot_of_it_is_listed_but_not_when_the_lot_may_stay(session, site_stock):
    rows = stock.to_withdraw(session, site_stock.site.id, today=TODAY, settings=SETTINGS)
    assert [r.lot_code for r in stock.match_scan(rows, site_stock.biscuits.gtin, TODAY)] == ["B-OLD"]
    assert [r.lot_code for r in stock.match_scan(rows, "p-rappel", TODAY)] == ["P-RAPPEL"]
    with pytest.raises(StockError, match="n'est pas dans la liste à retirer"):
        stock.match_scan(rows, with_check_digit("300000000099"), TODAY)


# --- through the screens, on the site node ---------------------------------------------------

@pytest.fixture
def cashier(client, login, site_stock):
    assert login("marie", "2468").status_code == 302
    return client


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/magasin/stock"), **data})


def _movements(session) -> int:
    return session.scalar(select(func.count()).select_from(StockMovement))


def test_the_stock_page_shows_the_dashboard_buckets_and_the_groups(cashier, site_stock):
    page = cashier.get("/magasin/stock").get_data(as_text=True)
    assert "Périmés (à sortir du stock)" in page and "Lots rappelés (bloqués)" in page
    assert "Féculents" in page and "21,000 kg" in page


def test_a_loss_of_minus_three_is_refused_in_french_and_nothing_is_recorded(cashier, session, site_stock):
    before = _movements(session)
    answer = _post(cashier, f"/magasin/pertes?lot={site_stock.good.id}", units="-3", reason="breakage")
    assert answer.status_code == 422
    assert "Une perte se saisit en quantités positives." in answer.get_data(as_text=True)
    assert _movements(session) == before


def test_a_theft_is_a_loss_with_its_reason(cashier, session, site_stock):
    answer = _post(cashier, f"/magasin/pertes?lot={site_stock.good.id}", units="2", reason="theft", note="rayon 3")
    assert answer.status_code == 302
    movement = session.scalar(select(StockMovement).where(StockMovement.kind == MovementKind.LOSS))
    assert (movement.loss_reason, movement.units, movement.owner_node) == (LossReason.THEFT, -2, "AUCH")


def test_a_count_of_minus_three_is_refused_in_french_and_nothing_is_recorded(cashier, session, site_stock):
    assert _post(cashier, "/magasin/inventaires", location="FRIGO").status_code == 302
    count = session.scalar(select(StockCount))
    [line] = count.lines
    answer = _post(cashier, f"/magasin/inventaires/{count.id}", **{f"units-{line.id}": "-3", "action": "close"})
    assert answer.status_code == 422
    assert "Une quantité comptée ne peut pas être négative." in answer.get_data(as_text=True)
    session.expire_all()
    line = session.get(StockCountLine, line.id)
    assert line.counted_units is None and line.count.closed_at is None
    assert count.owner_node == "AUCH"


def test_a_closed_count_posts_its_variance(cashier, session, site_stock):
    _post(cashier, "/magasin/inventaires", location="R2")
    count = session.scalar(select(StockCount))
    [line] = count.lines
    answer = _post(cashier, f"/magasin/inventaires/{count.id}",
                   **{f"units-{line.id}": "5", f"kg-{line.id}": "2,5", "action": "close"})
    assert answer.status_code == 302
    session.expire_all()
    line = session.get(StockCountLine, line.id)
    assert (line.variance_units, line.variance_grams) == (-1, -500)
    assert balance_of(session, site_stock.recalled.id, site_stock.site.id, "R2") == (5, 2_500)


def test_a_scan_that_is_not_on_the_list_records_nothing(cashier, session, site_stock):
    before = _movements(session)
    answer = _post(cashier, "/magasin/a-retirer", code="P-GOOD")
    assert answer.status_code == 422 and "ce lot peut rester en rayon" in answer.get_data(as_text=True)
    assert _movements(session) == before
