"""The planner fed from the database: sales history by food group → lines for a destination, with why."""

from __future__ import annotations

import datetime as dt
import re

from inventory.expiry import ExpirySettings
from inventory.stock_models import MovementKind
from tests.inventory.stock_builders import NOW, TODAY
from warehouse.plan_service import advise

SETTINGS = ExpirySettings()


def sell_every_monday(stock, lot, site, units, weeks=8):
    for week in range(1, weeks + 1):
        monday = NOW - dt.timedelta(days=5 + 7 * (week - 1))  # Saturday 28/11 − 5 days = Monday 23/11
        stock.stock(lot, site, units=units, kind=MovementKind.RECEIPT, now=monday)
        stock.stock(lot, site, units=-units, kind=MovementKind.SALE, now=monday + dt.timedelta(hours=2))


def test_short_dated_yoghurts_go_where_yoghurts_are_handed_out(session, network, stock, build):
    for site in (network.auch, network.condom):
        for _ in range(3):
            build.household(home_site=site)
    sold = stock.lot(network.yoghurt, days=-30)
    sell_every_monday(stock, sold, network.auch, units=20)  # Auch: 10 kg of yoghurts every Monday
    spread = stock.lot(network.spread, days=300)
    sell_every_monday(stock, spread, network.condom, units=4)  # Condom hands out spread, no yoghurts
    yoghurts = stock.lot(network.yoghurt, days=2, lot_code="Y-SOON")  # last day: Monday 30/11
    stock.stock(yoghurts, network.warehouse, units=40, location="F-01")
    session.commit()

    def advice_for(site):
        return advise(session, warehouse_id=network.warehouse.id, to_site_id=site.id, ship_on=TODAY, today=TODAY,
                      settings=SETTINGS)

    auch, condom = advice_for(network.auch), advice_for(network.condom)
    assert auch.by_planner and condom.by_planner
    (line,) = auch.suggestions
    # Auch handed out 10 kg a Monday for 8 weeks; the prior (the network's kilos per household)
    # pulls the estimate a little down. The yoghurts are lost otherwise, so Auch gets its need and
    # its margin (up to 2 standard deviations), in whole packs of 0.5 kg — not all 20 kg.
    (need,) = [n for n in auch.needs if n.per_opening.mean_kg > 5]
    assert 8.5 < need.per_opening.mean_kg < 10
    assert line.line.lot_id == yoghurts.id
    assert need.per_opening.mean_kg <= line.line.grams / 1000 <= need.per_opening.upper_kg(2) + 0.25
    assert line.line.units == line.line.grams / 500
    assert line.why == (f"périme le 30/11, Épicerie d'Auch ouvre le 30/11 et écoule "
                        f"{need.per_opening.mean_kg:.1f} kg de {need.group.lower()} par ouverture").replace(".", ",")
    # Condom opens on Thursday, after the yoghurts' last day: none for Condom.
    assert all(s.line.lot_id != yoghurts.id for s in condom.suggestions)


def test_without_history_the_screen_keeps_today_s_rule(session, network, stock):
    yoghurts = stock.lot(network.yoghurt, days=2, lot_code="Y-SOON")
    stock.stock(yoghurts, network.warehouse, units=40, location="F-01")
    session.commit()
    advice = advise(session, warehouse_id=network.warehouse.id, to_site_id=network.auch.id, ship_on=TODAY,
                    today=TODAY, settings=SETTINGS)
    assert not advice.by_planner
    assert advice.note == "pas encore d'historique de distribution"
    assert [(s.line.lot_id, s.line.units) for s in advice.suggestions] == [(yoghurts.id, 40)]


def test_what_is_on_the_road_counts_as_on_the_shelf(session, network, stock, build):
    from warehouse import dispatching

    for _ in range(3):
        build.household(home_site=network.auch)
    sold = stock.lot(network.yoghurt, days=-30)
    sell_every_monday(stock, sold, network.auch, units=20)
    yoghurts = stock.lot(network.yoghurt, days=2, lot_code="Y-SOON")
    stock.stock(yoghurts, network.warehouse, units=80, location="F-01")
    session.commit()
    first = advise(session, warehouse_id=network.warehouse.id, to_site_id=network.auch.id, ship_on=TODAY,
                   today=TODAY, settings=SETTINGS)
    lines = [dispatching.LineInput(s.line.lot_id, s.line.location, s.line.units, s.line.grams)
             for s in first.suggestions]
    dispatch = dispatching.create_dispatch(session, from_site_id=network.warehouse.id, to_site_id=network.auch.id,
                                           lines=lines, planned_on=TODAY, now=NOW, owner_node="CENTRAL",
                                           settings=SETTINGS)
    dispatching.ship_dispatch(session, dispatch, now=NOW, settings=SETTINGS)
    session.commit()
    again = advise(session, warehouse_id=network.warehouse.id, to_site_id=network.auch.id, ship_on=TODAY,
                   today=TODAY, settings=SETTINGS)
    assert first.suggestions and again.by_planner
    assert again.suggestions == []  # Auch's Monday is covered by the van already on its way


def test_the_dispatch_screen_shows_the_planner_s_lines_with_why_and_the_needs(signed_in, session, network, stock,
                                                                             build):
    import html

    for _ in range(3):
        build.household(home_site=network.auch)
    sold = stock.lot(network.yoghurt, days=-30)
    sell_every_monday(stock, sold, network.auch, units=20)
    yoghurts = stock.lot(network.yoghurt, days=2, lot_code="Y-SOON")
    stock.stock(yoghurts, network.warehouse, units=40, location="F-01")
    session.commit()
    page = html.unescape(signed_in.get(f"/entrepot/expeditions/nouvelle?site={network.auch.id}&date=2026-11-28")
                         .get_data(as_text=True))
    assert "Lignes proposées par le planificateur anti-gaspillage" in page
    assert "Besoin estimé par ouverture" in page
    assert re.search(r"Groupe \d+ : [\d,]+ kg ± [\d,]+ kg", page)
    assert "périme le 30/11, Épicerie d'Auch ouvre le 30/11 et écoule" in page
    assert f'value="{yoghurts.id}|F-01" checked' in page  # staff can still untick or change it


def test_why_says_when_a_lot_must_go():
    from warehouse.plan_service import _expires

    assert _expires(TODAY + dt.timedelta(days=5), TODAY) == "périme le 03/12"
    assert _expires(dt.date(2027, 5, 12), TODAY) == "se garde jusqu'au 12/05/2027"
    assert _expires(None, TODAY) == "ne périme pas"
