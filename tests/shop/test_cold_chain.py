"""Cold chain and quarantine at a site: readings, the out-of-range alert, lots on hold blocked for sale
and dispatch until released with a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from inventory.expiry import ExpirySettings
from inventory.ledger import StockError, balance_of
from inventory.recalls import HOLD_LOCATION
from inventory.selling import LotNotSellable, sell_from_stock
from inventory.stock_models import LossReason, StockMovement
from inventory.stock_queries import pick_plan
from shop import cold
from shop.coldchain import ColdChainError, ColdSettings, read_celsius
from shop.models import LotHold, TemperatureReading
from tests.conftest import csrf_token
from tests.shop.conftest import NOW, TODAY, make_lot

SETTINGS = ColdSettings()


@pytest.fixture
def fridge(session, site_stock):
    unit = cold.create_unit(session, site_id=site_stock.site.id, code="frigo", label="Frigo laitages",
                            kind="fridge", limit_class="le8", location="FRIGO", settings=SETTINGS, owner_node="AUCH")
    session.commit()
    return unit


def test_typed_temperatures_and_the_impossible_ones():
    assert read_celsius("3,5") == Decimal("3.5") and read_celsius("−18") == Decimal("-18.0")
    for raw in ("900", "abc", "", "nan"):
        with pytest.raises(ColdChainError):
            read_celsius(raw)


def test_a_category_class_tightens_the_limit_of_the_unit_holding_it(session, site_stock, fridge):
    dairy = ColdSettings(category_classes={"laitier": "le4"})
    reading = cold.record_reading(session, fridge, celsius=Decimal("6"), moment="morning", now=NOW, settings=dairy,
                                  owner_node="AUCH")
    assert (reading.limit_celsius, reading.out_of_range, reading.owner_node) == (Decimal("4"), True, "AUCH")
    assert not cold.record_reading(session, fridge, celsius=Decimal("6"), moment="evening", now=NOW,
                                   settings=SETTINGS, owner_node="AUCH").out_of_range


def test_a_held_lot_is_neither_picked_nor_sold_until_released(session, site_stock, fridge):
    site = site_stock.site.id
    lot = make_lot(session, site_stock.site, site_stock.yoghurt, "Y-NEW", TODAY + dt.timedelta(days=5), 4, 2_000,
               location="FRIGO")  # in date: only the hold blocks it
    hold = cold.hold_lot(session, lot=lot, site_id=site, location="FRIGO", reason="Frigo à 12 °C", now=NOW,
                         owner_node="AUCH")
    assert balance_of(session, lot.id, site, HOLD_LOCATION) == (4, 2_000)
    assert pick_plan(session, site, site_stock.yoghurt.id, today=TODAY, settings=ExpirySettings(), units=1).picks == ()
    with pytest.raises(LotNotSellable, match="en quarantaine"):
        sell_from_stock(session, site, site_stock.yoghurt.id, now=NOW, owner_node="AUCH", units=1, lot_id=lot.id,
                        settings=ExpirySettings())
    with pytest.raises(StockError, match="Indiquez pourquoi"):
        cold.release_hold(session, hold, reason="  ", now=NOW, owner_node="AUCH")
    cold.release_hold(session, hold, reason="Sonde défaillante, produits à 3 °C", now=NOW, owner_node="AUCH")
    assert balance_of(session, lot.id, site, "FRIGO") == (4, 2_000)
    assert len(pick_plan(session, site, site_stock.yoghurt.id, today=TODAY, settings=ExpirySettings(),
                         units=1).picks) == 1


@pytest.fixture
def cashier(client, login, site_stock):
    assert login("marie", "2468").status_code == 302
    return client


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/magasin/froid"), **data})


def test_900_degrees_is_refused_in_french_and_nothing_is_recorded(cashier, session, fridge):
    answer = _post(cashier, "/magasin/froid", what="reading", unit=str(fridge.id), celsius="900", moment="morning")
    assert answer.status_code == 422
    assert "Température impossible : 900 °C." in answer.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(TemperatureReading)) == 0


def test_an_out_of_range_reading_proposes_the_loss_of_the_lots_stored_there(cashier, session, site_stock, fridge):
    answer = _post(cashier, "/magasin/froid", what="reading", unit=str(fridge.id), celsius="11,5", moment="morning")
    reading = session.scalar(select(TemperatureReading))
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/magasin/froid/releves/{reading.id}")
    assert "Yaourt nature x4" in cashier.get(answer.headers["Location"]).get_data(as_text=True)
    assert _post(cashier, f"/magasin/froid/releves/{reading.id}", action="loss").status_code == 302
    loss = session.scalar(select(StockMovement).where(StockMovement.kind == "loss"))
    assert (loss.loss_reason, loss.units, loss.owner_node) == (LossReason.COLD_CHAIN, -4, "AUCH")


def test_a_release_without_reason_is_refused_and_the_lot_stays_held(cashier, session, site_stock, fridge):
    _post(cashier, f"/magasin/quarantaine?lot={site_stock.past_dlc.id}&emplacement=FRIGO", reason="Emballage abîmé")
    hold = session.scalar(select(LotHold))
    answer = _post(cashier, f"/magasin/quarantaine/{hold.id}", action="release", reason="")
    assert answer.status_code == 422 and "Indiquez pourquoi le lot peut être remis en rayon" in answer.get_data(
        as_text=True)
    session.expire_all()
    assert session.get(LotHold, hold.id).released_at is None
    assert balance_of(session, site_stock.past_dlc.id, site_stock.site.id, HOLD_LOCATION) == (4, 2_000)
