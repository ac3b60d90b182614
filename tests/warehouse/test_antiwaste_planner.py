"""The anti-waste planner on small cases whose best dispatch is worked out by hand.

Day indices: a shipment leaving on day t is on the shelf on day t + 1 (lead_days = 1).
"""

from __future__ import annotations

import pytest

from tests.warehouse.plan_requests import lot, request
from warehouse.demand import Estimate, SiteHistory, days_covered, estimate, network_rates
from warehouse.plan_dispatch import PLANNER, RULE, demand_tiers, plan, rule_lines
from warehouse.plan_request import Line, RequestError, apply_answer, parse_request
from warehouse.planner import Model, Outlet, Stock, solve

SURE = 1.0  # a demand tier people certainly ask for


def outlet(site_id: str, openings: tuple[int, ...], asked: float, *, chilled: float = 200.0,
           ship_days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)) -> Outlet:
    return Outlet(site_id, ship_days, openings, {"chilled": chilled, "ambient": 500.0},
                  {(o, "laitages"): ((asked, SURE),) for o in openings})


def shipped(plan_, day=None) -> dict:
    return {key: round(kg, 3) for key, kg in plan_.shipments.items() if day is None or key[2] == day}


# --- the demand estimate ----------------------------------------------------------------------------

def test_no_history_means_the_prior_and_a_wide_spread():
    assert estimate([], 20.0) == Estimate(20.0, 10.0, 0)


def test_history_outweighs_the_prior_as_openings_come_in():
    # 3 openings at 10 kg, the prior (20 kg) counting for 3 openings: halfway, 15 kg.
    assert estimate([10.0, 10.0, 10.0], 20.0).mean_kg == pytest.approx(15.0)
    # 27 openings: the prior weighs 3 / 30.
    assert estimate([10.0] * 27, 20.0).mean_kg == pytest.approx(11.0)


def test_recent_openings_weigh_more():
    rising = estimate([10.0] * 8 + [30.0] * 8, None)
    assert 20.0 < rising.mean_kg < 30.0
    assert rising.sd_kg > 0


def test_an_opening_after_a_long_closure_covers_more_days():
    # Tuesday, Saturday, next Tuesday: 4 days covered, then 3; the first one its usual gap; a
    # fortnight's closure counts for one week.
    assert days_covered([1, 5, 8, 22]) == {1: 7, 5: 4, 8: 3, 22: 7}


def test_network_rate_per_household_and_day():
    rates = network_rates([SiteHistory(100, 10, {"pain": 50.0}), SiteHistory(50, 20, {"pain": 50.0}),
                           SiteHistory(0, 10, {"pain": 999.0})])  # no households: no say
    assert rates == {"pain": pytest.approx(100.0 / 2000)}


def test_tiers_follow_the_spread():
    tiers = demand_tiers(Estimate(10.0, 2.0, 5))
    assert [round(kg, 6) for kg, _chance in tiers] == [8.0, 2.0, 2.0, 2.0]
    assert [chance for _kg, chance in tiers] == sorted((chance for _kg, chance in tiers), reverse=True)


# --- the linear program -------------------------------------------------------------------------

def test_short_dated_yoghurts_go_to_the_site_that_opens_in_time_and_no_more_than_it_hands_out():
    # 40 kg of yoghurts usable until day 3. Auch opens on day 2 and hands out 30 kg; Condom opens on
    # day 5, too late. Best: 30 kg to Auch, leaving as soon as it can (day 0: on the shelf sooner,
    # it would meet more people if the forecast were short); the other 10 kg cannot be handed out.
    model = Model(0, 7, 1, (Stock("yoghurt", "laitages", "chilled", 40.0, 3),),
                  (outlet("AUCH", (2,), 30.0), outlet("CONDOM", (5,), 30.0)))
    result = solve(model)
    assert result.solved
    assert shipped(result) == {("yoghurt", "AUCH", 0): 30.0}


def test_demand_decides_the_shares_not_households():
    # 35 kg of dairy, both sites open on day 2: Auch hands out 30 kg, Condom 5 kg. Best: 30 and 5
    # (today's rule, with equal households, would send 17.5 kg each and waste 12.5 kg at Condom).
    model = Model(0, 7, 1, (Stock("dairy", "laitages", "chilled", 35.0, 4),),
                  (outlet("AUCH", (2,), 30.0), outlet("CONDOM", (2,), 5.0)))
    result = solve(model)
    by_site = {}
    for (_key, site, _day), kg in result.shipments.items():
        by_site[site] = by_site.get(site, 0.0) + kg
    assert by_site == pytest.approx({"AUCH": 30.0, "CONDOM": 5.0})


def test_the_fridge_takes_first_what_expires_first_and_the_rest_waits():
    # The fridge holds 20 kg. Lot A (20 kg) is usable until day 2, lot B (20 kg) until day 6; the
    # site opens on days 2 and 5 and hands out 20 kg each time. Best: A leaves first (day 0), B
    # waits at the warehouse until the day-2 opening has made room (day 2) — nothing wasted.
    model = Model(0, 7, 1, (Stock("A", "laitages", "chilled", 20.0, 2), Stock("B", "laitages", "chilled", 20.0, 6)),
                  (outlet("AUCH", (2, 5), 20.0, chilled=20.0),))
    result = solve(model)
    assert shipped(result) == {("A", "AUCH", 0): 20.0, ("B", "AUCH", 2): 20.0}


def test_stock_already_on_the_shelf_is_counted():
    # The site already holds 25 kg usable until day 3 and hands out 30 kg on day 2: it needs 5 kg.
    model = Model(0, 7, 1, (Stock("shelf", "laitages", "chilled", 25.0, 3, 0, "AUCH"),
                            Stock("dairy", "laitages", "chilled", 40.0, 3)),
                  (outlet("AUCH", (2,), 30.0),))
    assert sum(solve(model).shipments.values()) == pytest.approx(5.0)


def test_an_overfull_shelf_keeps_the_model_solvable():
    model = Model(0, 7, 1, (Stock("shelf", "laitages", "chilled", 50.0, 9, 0, "AUCH"),
                            Stock("dairy", "laitages", "chilled", 40.0, 3)),
                  (outlet("AUCH", (2,), 30.0, chilled=20.0),))
    result = solve(model)
    assert result.solved and result.shipments == {}


# --- a whole request ------------------------------------------------------------------------------

def test_the_planner_follows_what_each_site_hands_out():
    # Auch has handed out 30 kg of dairy every Tuesday for 8 weeks, Condom 5 kg; same households, so
    # the network's prior is 17.5 kg per opening for each, counting for 3 openings against 8:
    # Auch's need 30 − 12.5 × 3/11 = 26.59 kg, Condom's 5 + 12.5 × 3/11 = 8.41 kg. 35 kg of
    # yoghurts usable until Tuesday: best, each site gets its need — together, exactly the lot.
    data = request([lot("Y1", 35.0, 1)], {"AUCH": 30.0, "CONDOM": 5.0})
    proposal = plan(parse_request(data))
    assert proposal.method == PLANNER
    assert proposal.needs[("AUCH", "laitages")].mean_kg * 7 == pytest.approx(30 - 12.5 * 3 / 11)
    by_site = {line.site_id: line.kg for line in proposal.lines}
    assert by_site == pytest.approx({"AUCH": 26.591, "CONDOM": 8.409}, abs=0.002)
    rule = {line.site_id: line.kg for line in rule_lines(parse_request(data))}
    assert rule == {"AUCH": 17.5, "CONDOM": 17.5}  # today's rule: by households


def test_without_any_history_today_s_rule_answers():
    data = request([lot("Y1", 35.0, 1)], {"AUCH": 30.0, "CONDOM": 5.0}, weeks_of_history=0)
    proposal = plan(parse_request(data))
    assert proposal.method == RULE
    assert sorted((line.site_id, line.kg) for line in proposal.lines) == [("AUCH", 17.5), ("CONDOM", 17.5)]


def test_when_the_solver_runs_out_of_time_today_s_rule_answers():
    data = request([lot("Y1", 35.0, 1)], {"AUCH": 30.0, "CONDOM": 5.0})
    proposal = plan(parse_request(data), time_limit_s=0.0)
    assert proposal.method == RULE
    assert proposal.lines == rule_lines(parse_request(data))


def test_answers_are_checked_and_cut():
    data = request([lot("Y1", 35.0, 1), lot("Y2", 10.0, 9)], {"AUCH": 30.0, "CONDOM": 5.0})
    data["site_states"][1]["free_kg"]["chilled"] = 8.0
    lines = [Line("Y1", "AUCH", 30.0), Line("Y1", "AUCH", 30.0),  # the lot holds 35 kg: cut to 5
             Line("Y2", "CONDOM", 10.0),  # 8 kg of room left: cut
             Line("NOPE", "AUCH", 1.0), Line("Y2", "NOWHERE", 1.0), Line("Y2", "AUCH", 0.0)]  # invalid
    assert apply_answer(parse_request(data), lines) == [Line("Y1", "AUCH", 30.0), Line("Y1", "AUCH", 5.0),
                                                         Line("Y2", "CONDOM", 8.0)]
    data["day"] = 1  # Tuesday + 1 day = Wednesday: nobody takes deliveries
    assert apply_answer(parse_request(data), [Line("Y2", "AUCH", 1.0)]) == []


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(schema="autre/2"), "Schéma inconnu : « autre/2 »"),
    (lambda d: d.pop("calendar"), "Champ manquant : « calendar »"),
    (lambda d: d["warehouse_stock"][0].pop("kg"), "Champ manquant : « warehouse_stock[0].kg »"),
    (lambda d: d["warehouse_stock"][0].update(kg=-3), "« warehouse_stock[0].kg » : un nombre positif"),
    (lambda d: d.update(day="lundi"), "Champ « day » : un nombre entier attendu."),
])
def test_bad_requests_get_a_french_message(change, message):
    data = request([lot("Y1", 35.0, 1)], {"AUCH": 30.0})
    change(data)
    with pytest.raises(RequestError) as refused:
        parse_request(data)
    assert message in str(refused.value)


def test_nothing_that_can_reach_anyone_in_time_is_an_empty_plan():
    model = Model(0, 7, 1, (Stock("old", "laitages", "chilled", 40.0, 0),), (outlet("AUCH", (2,), 30.0),))
    assert solve(model).solved and solve(model).shipments == {}


def test_the_planner_expects_the_usual_deliveries():
    # Day 0 is a Monday. 10 kg of dairy came in on each of the last four Mondays and the dairy seen
    # lasts 5 days from its arrival: the model counts on 70 % of it next Monday (day 7), usable until
    # day 12 — beyond a 10-day horizon, so the model treats it as lasting.
    from warehouse.plan_dispatch import expected_supply

    data = request([lot("Y1", 35.0, 5)], {"AUCH": 30.0})
    data["history"]["received"] = [[day, {"laitages": 10.0}] for day in (-28, -21, -14, -7)]
    parsed = parse_request(data)
    assert [(s.available_day, s.kg, s.last_usable_day) for s in expected_supply(parsed, 0, 10)] == [(7, 7.0, None)]
    assert [(s.available_day, s.last_usable_day) for s in expected_supply(parsed, 0, 14)] == [(7, 12), (14, None)]
