"""One shipping day, planned: forecast each destination's needs, solve the horizon, keep today. Pure.

`plan(request)` answers a `gers-antiwaste-plan-request/1` (warehouse.plan_request): it estimates
what every destination will be asked per opening and food group (warehouse.demand), looks
`horizon_days` ahead with the linear program of warehouse.planner (demand in tiers around the
estimate, each worth its chance of being asked for; the deliveries the warehouse usually gets on
the days ahead, from `history.received`), and carries out only what leaves today. When there is
no history to estimate from, or HiGHS does not finish within the time limit, the answer is today's
rule (warehouse.planning: shares by households served among the sites that open in time), so the
warehouse always gets a proposal.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from warehouse.demand import (
    Estimate,
    SiteHistory,
    days_covered,
    estimate,
    network_rates,
    prior_per_day,
    scaled,
)
from warehouse.plan_request import Line, Lot, Request
from warehouse.planner import Model, Outlet, Stock, solve
from warehouse.planning import AvailableLot, Destination, suggest_lines

HORIZON_DAYS = 7  # measured on bench/antiwaste.py: 7 days wasted less than 10 or 14, and solves faster
TIME_LIMIT_S = 0.8
# Deliveries to come, from the last SUPPLY_DAYS of history, weekday by weekday; the model counts
# on SUPPLY_SHARE of them only, so that a thin week does not leave the sites short.
SUPPLY_DAYS = 28
SUPPLY_SHARE = 0.7
# Demand tiers (in standard deviations around the estimate) and the chance that people ask for a
# kilo of that tier (normal law, taken at the tier's middle): the expected kilos handed out grow
# ever slower with the kilos on the shelf, as a newsvendor's do.
TIERS = ((-1.0, 0.93), (0.0, 0.69), (1.0, 0.31), (2.0, 0.07))
PLANNER, RULE = "planner", "rule"

Needs = dict[tuple[str, str], Estimate]  # (site id, group) → kilos asked per day an opening covers


@dataclass(frozen=True)
class Proposal:
    lines: list[Line]
    method: str  # PLANNER or RULE
    needs: Needs
    note: str = ""  # why today's rule was used, for people


def plan(request: Request, *, time_limit_s: float | None = TIME_LIMIT_S,
         horizon_days: int = HORIZON_DAYS) -> Proposal:
    needs = forecast(request)
    if not needs:
        return Proposal(rule_lines(request), RULE, needs, "pas encore d'historique de distribution")
    if not any(request.can_receive(site_id) for site_id in request.sites) or not request.lots:
        return Proposal([], PLANNER, needs)
    model = build_model(request, needs, horizon_days=horizon_days)
    solution = solve(model, time_limit_s=time_limit_s)
    if not solution.solved:
        return Proposal(rule_lines(request), RULE, needs, "le calcul n'a pas abouti à temps")
    shipped = {(key, site_id): kg for (key, site_id, day), kg in solution.shipments.items() if day == request.day}
    return Proposal(_lines_from_buckets(request, shipped, model.last_day), PLANNER, needs)


def forecast(request: Request) -> Needs:
    """Kilos asked per day covered, for every destination and group; empty when nobody has a history."""
    series = {site_id: request.demand.get(site_id) or request.distributed.get(site_id) or []
              for site_id in request.sites}
    covered = {site_id: days_covered(site.open_days + tuple(day for day, _ in series[site_id]))
               for site_id, site in request.sites.items()}
    rates = network_rates([_site_history(request.sites[site_id].households, rows, covered[site_id])
                           for site_id, rows in series.items() if rows])
    if not rates:
        return {}
    needs = {}
    for site_id, site in request.sites.items():
        for group in request.groups:
            history = [by_group.get(group, 0.0) / covered[site_id].get(day, 7) for day, by_group in series[site_id]]
            needs[(site_id, group)] = estimate(history, prior_per_day(rates.get(group, 0.0), site.households))
    return needs


def _site_history(households: int, rows: list[tuple[int, dict[str, float]]], covered: dict[int, int]) -> SiteHistory:
    asked: dict[str, float] = defaultdict(float)
    for _day, by_group in rows:
        for group, kg in by_group.items():
            asked[group] += kg
    return SiteHistory(households, sum(covered.get(day, 7) for day, _ in rows), asked)


def demand_tiers(need: Estimate) -> tuple[tuple[float, float], ...]:
    """Kilos of each tier and the chance that they are asked for."""
    tiers, below = [], 0.0
    for z, chance in TIERS:
        top = max(need.mean_kg + z * need.sd_kg, 0.0)
        if top > below:
            tiers.append((top - below, chance))
            below = top
    return tuple(tiers)


def build_model(request: Request, needs: Needs, *, horizon_days: int) -> Model:
    first, last = request.day, request.day + horizon_days
    stock = [_bucket(lots, None, first, last) for lots in _buckets(request.lots, last).values()]
    stock += expected_supply(request, first, last)
    outlets = []
    for site_id in request.sites:
        state = request.states.get(site_id)
        held = state.stock if state else ()
        stock += [_bucket(lots, site_id, first, last) for lots in _buckets(held, last).values()]
        outlets.append(_outlet(request, site_id, needs, held, first, last))
    return Model(first, last, request.lead_days, tuple(stock), tuple(outlets))


def expected_supply(request: Request, first: int, last: int) -> list[Stock]:
    """What the warehouse usually receives on the days ahead, for the perishable groups: the same
    weekdays of the last weeks, with the usual life of the group's lots (median, from the lots seen)."""
    lives: dict[str, list[int]] = defaultdict(list)
    storage: dict[str, str] = {}
    for lot in request.lots:
        if lot.last_usable_day is not None and lot.arrival_day is not None:
            lives[lot.group].append(lot.last_usable_day - lot.arrival_day)
            storage[lot.group] = lot.storage_class
    usual: dict[tuple[int, str], float] = defaultdict(float)
    for day, by_group in request.received:
        if first - SUPPLY_DAYS <= day < first:
            for group, kg in by_group.items():
                usual[(request.date_of(day).weekday(), group)] += kg * 7 / SUPPLY_DAYS
    supply = []
    for day in range(first + 1, last + 1):
        weekday = request.date_of(day).weekday()
        for group, seen in lives.items():
            kg = SUPPLY_SHARE * usual.get((weekday, group), 0.0)
            if kg > 0:
                lud = day + sorted(seen)[len(seen) // 2]
                supply.append(Stock(f"~|{group}|{day}", group, storage[group], kg, lud if lud <= last else None, day))
    return supply


def _outlet(request: Request, site_id: str, needs: Needs, held: tuple[Lot, ...], first: int,
            last: int) -> Outlet:
    site, state = request.sites[site_id], request.states.get(site_id)
    ship_days = tuple(t for t in sorted(request.shipping_days)
                      if first <= t <= last and t + request.lead_days in site.receive_days)
    openings = tuple(o for o in site.open_days if first <= o <= last)
    covered = days_covered(site.open_days)
    demand = {}
    for o in openings:
        for group in request.groups:
            need = needs.get((site_id, group))
            if need is not None and need.mean_kg > 0:
                demand[(o, group)] = demand_tiers(scaled(need, covered[o]))
    # Room as the model counts it: today's free room plus what the shelf and the road hold now.
    on_shelf: dict[str, float] = defaultdict(float)
    for lot in held:
        on_shelf[lot.storage_class] += lot.kg
    free = state.free_kg if state else {}
    room = {cls: max(free.get(cls, 0.0), 0.0) + on_shelf.get(cls, 0.0) for cls in set(free) | set(on_shelf)}
    return Outlet(site_id, ship_days if state else (), openings, room, demand)


def _within(lot: Lot, last: int) -> int | None:
    """The last usable day as the model sees it: beyond the horizon, all lots are alike."""
    lud = lot.last_usable_day
    return lud if lud is not None and lud <= last else None


def _buckets(lots: tuple[Lot, ...], last: int) -> dict[tuple, list[Lot]]:
    """Lots alike for the model (group, storage, last usable day, day on the shelf) share a column,
    earliest expiring first so the bucket's kilos leave FEFO."""
    groups: dict[tuple, list[Lot]] = defaultdict(list)
    for lot in sorted(lots, key=lambda lot: (lot.last_usable_day is None, lot.last_usable_day or 0, lot.lot_id)):
        if lot.kg > 0:
            groups[(lot.group, lot.storage_class, _within(lot, last), lot.arrives_day)].append(lot)
    return groups


def _bucket(lots: list[Lot], at: str | None, first: int, last: int) -> Stock:
    lot = lots[0]
    lud = _within(lot, last)
    key = f"{at or '@'}|{lot.group}|{lot.storage_class}|{lud}|{lot.arrives_day}"
    available = first if lot.arrives_day is None else lot.arrives_day
    return Stock(key, lot.group, lot.storage_class, sum(item.kg for item in lots), lud, available, at)


def _lines_from_buckets(request: Request, shipped: Mapping[tuple[str, str], float], last: int) -> list[Line]:
    """Kilos per bucket and destination, spread back over the bucket's lots."""
    left = {lot.lot_id: lot.kg for lot in request.lots}
    by_key = {_bucket(lots, None, request.day, last).key: lots for lots in _buckets(request.lots, last).values()}
    lines = []
    for (key, site_id), kg in sorted(shipped.items()):
        for lot in by_key.get(key, []):
            take = round(min(kg, left[lot.lot_id]), 3)
            if take <= 0:
                continue
            lines.append(Line(lot.lot_id, site_id, take))
            left[lot.lot_id] -= take
            kg -= take
    return lines


def rule_lines(request: Request) -> list[Line]:
    """Today's rule (warehouse.planning), for every destination that can take a delivery today."""
    ids = {lot.lot_id: uuid.uuid5(uuid.NAMESPACE_URL, lot.lot_id) for lot in request.lots}
    back = {value: key for key, value in ids.items()}
    available = [AvailableLot(ids[lot.lot_id], "", lot.storage_class, 0, round(lot.kg * 1000),
                              None if lot.last_usable_day is None else request.date_of(lot.last_usable_day))
                 for lot in request.lots if lot.kg > 0]
    everyone = {site_id: _destination(request, site_id) for site_id in request.sites}
    lines = []
    for site_id, destination in everyone.items():
        if request.can_receive(site_id):
            lines += [Line(back[line.lot_id], site_id, line.grams / 1000)
                      for line in suggest_lines(available, destination, list(everyone.values()))]
    return lines


def _destination(request: Request, site_id: str) -> Destination:
    site, state = request.sites[site_id], request.states.get(site_id)
    first = request.day + request.lead_days
    upcoming = next((day for day in site.open_days if day >= first), None)
    return Destination(uuid.uuid5(uuid.NAMESPACE_URL, site_id),
                       None if upcoming is None else request.date_of(upcoming), site.households,
                       {cls: round(kg * 1000) for cls, kg in (state.free_kg if state else {}).items()})
