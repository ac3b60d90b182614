"""Anti-waste dispatch over 90 days: today's rule, the planner and the perfect-foresight bound.

Each seed draws a network and 90 days of deliveries and demand (the generator below), then runs
the same day-by-day simulation twice — once with today's rule (warehouse.planning), once with the
planner (warehouse.plan_dispatch) — and solves one linear program that knows everything in
advance (every delivery, every opening's real demand): the least waste any planner could reach.
Each shipping day the policy receives a `gers-antiwaste-plan-request/1` built from the past only
(the history holds the days before), answers dispatch lines, and the simulation carries them out
through warehouse.plan_request.apply_answer (invalid lines dropped, the rest cut to the lot and
the free room).

Today's rule plays as the dispatch screen applies it: each shipping day, every destination that
can take a delivery gets its share of every lot (warehouse.planning.suggest_lines: shares by
households among all the destinations whose next opening comes before the lot's last usable day,
within free room); the shares of destinations that cannot take one today stay at the warehouse
and are shared again the next shipping day.

Reported per seed and as a mean: waste % of the kilos delivered to the warehouse (rule, planner,
bound), the share of the rule-to-bound gap the planner closes, unmet demand % (planner vs rule),
and planning time per shipping day (p50/p99, request parsing included; wall clock, and the CPU
time of this process, which a machine shared with other work inflates less). Targets (issue 16): gap
closed ≥ 60 % on the mean, unmet no higher than the rule's, p99 ≤ 1 s (goal 100 ms). Machines
differ, so the floor is an empty request (parse + forecast, no stock) timed in the same run.

Assumptions of the generator (all kilos; the day index is the only clock):
- Network: 15 sites (40–250 households, open 1–3 days a week between Tuesday and Saturday) and 3
  mobile units (30–80 households, 2 tour days a week). Room per household: ambient 3–6 kg, chilled
  0.6–1.2 kg, frozen 0–0.5 kg (a third of the sites have no freezer); a van 250 / 60 / 0 kg.
- The warehouse ships Monday to Friday; a delivery is on the shelf the next day (lead_days = 1)
  and a destination takes deliveries only on its opening days (a volunteer is there).
- Demand: per household and per day, bread 0.05, fruit and vegetables 0.08, dairy 0.06, meat and
  fish 0.03, frozen 0.02, groceries 0.12 kg; each site has its own taste (a log-normal factor per
  group, σ 0.35, which households served cannot tell), a drift of ±20 % over the 90 days, Saturday
  × 1.2, and each opening is drawn around its mean (gamma, CV 0.2: the kilos of a group at an opening add up the baskets of dozens of households). An opening covers the days
  since the previous one (at most 7).
- Deliveries: supermarket pickups (ramasse) Monday to Saturday — bread lasting 1–3 days, fruit and
  vegetables 2–7, dairy 2–8, meat 1–5 — each day's kilos drawn around their mean (CV 0.5), in 1 to
  3 lots; the national flows (FSE+, Banque Alimentaire) on Mondays: UHT dairy 15–40 days, frozen
  60–180 days, groceries 120–700 days. Supply is 1.3 × demand for bread (always some waste), 1.0
  for fruit and vegetables, 0.9 for dairy, 0.8 for meat, 1.0 for frozen, 1.1 for groceries.
- At an opening, each group's demand is served from the shelf first-expired-first-out; stock past
  its last usable day is thrown away at the end of the day, at the warehouse, on a shelf or on the
  road. The warehouse has no room limit.

    .venv/bin/python bench/antiwaste.py [--seeds 3] [--days 90] [--horizon 7] [--command CMD]

The default run (3 seeds × 90 days) takes about 40 s on 2 cores; `--seeds 10` for a wider look.
`--command '.venv/bin/gers-solidaire warehouse plan-dispatch --jsonl'` plays the planner's part
through the protocol over a pipe (the timings then include JSON and the pipe), and any other
command that speaks it can be judged the same way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import shlex
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warehouse.plan_dispatch import HORIZON_DAYS, plan, rule_lines  # noqa: E402
from warehouse.plan_request import SCHEMA, Line, apply_answer, parse_request  # noqa: E402
from warehouse.planner import Model, Outlet, Stock, Weights, solve  # noqa: E402

START = dt.date(2026, 1, 5)  # a Monday
GROUPS = {  # group: (storage class, kg per household per day, supply / demand)
    "pain": ("ambient", 0.05, 1.3),
    "fruits_legumes": ("ambient", 0.08, 1.0),
    "laitages": ("chilled", 0.06, 0.9),
    "viande_poisson": ("chilled", 0.03, 0.8),
    "surgeles": ("frozen", 0.02, 1.0),
    "epicerie": ("ambient", 0.12, 1.1),
}
RAMASSE_LIFE = {"pain": (1, 3), "fruits_legumes": (2, 7), "laitages": (2, 8), "viande_poisson": (1, 5)}
NATIONAL_LIFE = {"laitages": (15, 40), "surgeles": (60, 180), "epicerie": (120, 700)}
NATIONAL_SHARE = {"laitages": 0.3, "surgeles": 1.0, "epicerie": 1.0}  # of the group's supply
LEAD_DAYS = 1


@dataclass
class Site:
    site_id: str
    kind: str
    households: int
    open_days: list[int]
    capacity: dict[str, float]
    demand: dict[int, dict[str, float]] = field(default_factory=dict)  # opening day → group → kg


@dataclass
class Delivery:
    lot_id: str
    group: str
    kg: float
    day: int
    last_usable_day: int | None
    source: str

    @property
    def storage_class(self) -> str:
        return GROUPS[self.group][0]


@dataclass
class Scenario:
    days: int
    sites: list[Site]
    deliveries: list[Delivery]

    @property
    def shipping_days(self) -> list[int]:
        return [d for d in range(self.days) if (START + dt.timedelta(days=d)).weekday() < 5]


def weekday(day: int) -> int:
    return (START + dt.timedelta(days=day)).weekday()


def generate(seed: int, days: int) -> Scenario:
    rng = random.Random(seed)
    sites = [_site(rng, f"S{n:02d}", "site", days) for n in range(1, 16)]
    sites += [_site(rng, f"V{n}", "van", days) for n in range(1, 4)]
    for site in sites:
        _draw_demand(rng, site, days)
    return Scenario(days, sites, _deliveries(rng, sites, days))


def _site(rng: random.Random, site_id: str, kind: str, days: int) -> Site:
    if kind == "van":
        households, weekdays = rng.randint(30, 80), rng.sample([1, 2, 3, 4], 2)
        capacity = {"ambient": 250.0, "chilled": 60.0, "frozen": 0.0}
    else:
        households, weekdays = rng.randint(40, 250), rng.sample([1, 2, 3, 4, 5], rng.randint(1, 3))
        freezer = rng.uniform(0, 0.5) if rng.random() > 1 / 3 else 0.0
        capacity = {"ambient": households * rng.uniform(3, 6), "chilled": households * rng.uniform(0.6, 1.2),
                    "frozen": households * freezer}
    return Site(site_id, kind, households, [d for d in range(days) if weekday(d) in weekdays], capacity)


def _draw_demand(rng: random.Random, site: Site, days: int) -> None:
    taste = {group: math.exp(rng.gauss(0, 0.35)) for group in GROUPS}
    drift = rng.uniform(-0.2, 0.2)
    previous = None
    for day in site.open_days:
        gap = 7 if previous is None else min(day - previous, 7)
        previous = day
        trend = 1 + drift * day / days
        saturday = 1.2 if weekday(day) == 5 else 1.0
        site.demand[day] = {group: rng.gammavariate(1 / 0.04, 0.04) * site.households * rate * taste[group]
                            * gap * trend * saturday for group, (_cls, rate, _supply) in GROUPS.items()}


def _deliveries(rng: random.Random, sites: list[Site], days: int) -> list[Delivery]:
    # Supply follows what the network asks for, group by group (the ratios of GROUPS).
    daily = {group: supply * sum(by_group[group] for s in sites for by_group in s.demand.values()) / days
             for group, (_c, _rate, supply) in GROUPS.items()}
    deliveries: list[Delivery] = []

    def add(group: str, kg: float, day: int, life: tuple[int, int], source: str) -> None:
        pieces = rng.randint(1, 3)
        for share in _split(rng, pieces):
            lud = day + rng.randint(*life)
            deliveries.append(Delivery(f"L{len(deliveries):05d}", group, round(kg * share, 3), day, lud, source))

    for day in range(days):
        if weekday(day) <= 5:
            for group, life in RAMASSE_LIFE.items():
                mean = daily[group] * (1 - NATIONAL_SHARE.get(group, 0.0)) * 7 / 6
                add(group, rng.gammavariate(4, mean / 4), day, life, "ramasse")
        if weekday(day) == 0:
            for group, life in NATIONAL_LIFE.items():
                mean = daily[group] * NATIONAL_SHARE[group] * 7
                add(group, rng.gammavariate(8, mean / 8), day, life, "fse_plus")
    return deliveries


def _split(rng: random.Random, pieces: int) -> list[float]:
    cuts = [rng.random() + 0.2 for _ in range(pieces)]
    return [c / sum(cuts) for c in cuts]


# --- the simulation -------------------------------------------------------------------------------

@dataclass
class Piece:
    lot_id: str
    group: str
    storage_class: str
    kg: float
    last_usable_day: int | None
    arrives_day: int | None = None

    def as_json(self) -> dict:
        data = {"lot_id": self.lot_id, "group": self.group, "storage_class": self.storage_class,
                "kg": round(self.kg, 3), "last_usable_day": self.last_usable_day}
        if self.arrives_day is not None:
            data["arrives_day"] = self.arrives_day
        return data


@dataclass
class Outcome:
    delivered_kg: float = 0.0
    wasted_kg: float = 0.0
    demand_kg: float = 0.0
    unmet_kg: float = 0.0
    plan_ms: list[float] = field(default_factory=list)
    plan_cpu_ms: list[float] = field(default_factory=list)  # this process only: a busy machine shows less
    fallbacks: int = 0

    @property
    def waste_pct(self) -> float:
        return 100 * self.wasted_kg / self.delivered_kg

    @property
    def unmet_pct(self) -> float:
        return 100 * self.unmet_kg / self.demand_kg


class Simulation:
    def __init__(self, scenario: Scenario, policy) -> None:
        self.scenario, self.policy = scenario, policy
        self.warehouse: dict[str, Piece] = {}
        self.shelves: dict[str, list[Piece]] = {s.site_id: [] for s in scenario.sites}
        self.road: list[tuple[str, Piece]] = []
        self.history: dict = {"demand": {s.site_id: [] for s in scenario.sites},
                              "distributed": {s.site_id: [] for s in scenario.sites}, "wasted": [], "received": []}
        self.outcome = Outcome()
        self.calendar = self._calendar()

    def run(self) -> Outcome:
        by_day = defaultdict(list)
        for delivery in self.scenario.deliveries:
            by_day[delivery.day].append(delivery)
        shipping = set(self.scenario.shipping_days)
        for day in range(self.scenario.days):
            self._receive(day, by_day[day])
            if day in shipping:
                self._ship(day)
            for site in self.scenario.sites:
                if day in site.demand:
                    self._open(site, day)
            self._throw_away(day)
        return self.outcome

    def _receive(self, day: int, deliveries: list[Delivery]) -> None:
        received: dict[str, float] = defaultdict(float)
        for d in deliveries:
            self.warehouse[d.lot_id] = Piece(d.lot_id, d.group, d.storage_class, d.kg, d.last_usable_day)
            self.outcome.delivered_kg += d.kg
            received[d.group] += d.kg
        self._received_today = (day, dict(received))
        still = []
        for site_id, piece in self.road:
            if piece.arrives_day == day:
                piece.arrives_day = None
                self.shelves[site_id].append(piece)
            else:
                still.append((site_id, piece))
        self.road = still

    def _ship(self, day: int) -> None:
        data = self.request(day)
        started, cpu = time.perf_counter(), time.process_time()
        lines, fell_back = self.policy(data)
        self.outcome.plan_ms.append((time.perf_counter() - started) * 1000)
        self.outcome.plan_cpu_ms.append((time.process_time() - cpu) * 1000)
        self.outcome.fallbacks += fell_back
        for line in apply_answer(parse_request(data), lines):
            lot = self.warehouse[line.lot_id]
            lot.kg -= line.kg
            self.road.append((line.site_id, Piece(lot.lot_id, lot.group, lot.storage_class, line.kg,
                                                  lot.last_usable_day, day + LEAD_DAYS)))
            if lot.kg <= 1e-9:
                del self.warehouse[line.lot_id]

    def _open(self, site: Site, day: int) -> None:
        asked = site.demand[day]
        given: dict[str, float] = {}
        shelf = sorted(self.shelves[site.site_id], key=lambda p: (p.last_usable_day is None, p.last_usable_day or 0))
        for group, kg in asked.items():
            want = kg
            for piece in shelf:
                if want <= 0:
                    break
                if piece.group == group and piece.kg > 0:
                    take = min(piece.kg, want)
                    piece.kg -= take
                    want -= take
            given[group] = kg - want
            self.outcome.demand_kg += kg
            self.outcome.unmet_kg += want
        self.shelves[site.site_id] = [p for p in shelf if p.kg > 1e-9]
        self.history["demand"][site.site_id].append([day, {g: round(kg, 3) for g, kg in asked.items()}])
        self.history["distributed"][site.site_id].append([day, {g: round(kg, 3) for g, kg in given.items()}])

    def _throw_away(self, day: int) -> None:
        def expired(piece: Piece) -> bool:
            return piece.last_usable_day is not None and piece.last_usable_day <= day

        for lot_id in [lot_id for lot_id, piece in self.warehouse.items() if expired(piece)]:
            self._waste(day, "warehouse", None, self.warehouse.pop(lot_id))
        for site_id, shelf in self.shelves.items():
            for piece in [p for p in shelf if expired(p)]:
                self._waste(day, "site", site_id, piece)
            self.shelves[site_id] = [p for p in shelf if not expired(p)]
        for site_id, piece in [item for item in self.road if expired(item[1])]:
            self._waste(day, "road", site_id, piece)
        self.road = [item for item in self.road if not expired(item[1])]
        self.history["received"].append([self._received_today[0], self._received_today[1]])

    def _waste(self, day: int, place: str, site_id: str | None, piece: Piece) -> None:
        self.outcome.wasted_kg += piece.kg
        self.history["wasted"].append({"day": day, "place": place, "site_id": site_id, "group": piece.group,
                                       "kg": round(piece.kg, 3)})

    def _calendar(self) -> dict:
        scenario = self.scenario
        return {"start_date": START.isoformat(), "days": scenario.days,
                "weekday_of_day": [weekday(d) for d in range(scenario.days)],
                "shipping_days": scenario.shipping_days, "lead_days": LEAD_DAYS, "groups": list(GROUPS),
                "storage_classes": ["ambient", "chilled", "frozen"],
                "sites": {s.site_id: {"kind": s.kind, "households": s.households, "open_days": s.open_days,
                                      "receive_days": s.open_days, "capacity_kg": s.capacity}
                          for s in scenario.sites}}

    def request(self, day: int) -> dict:
        return {"schema": SCHEMA, "day": day,
                "warehouse_stock": [self._lot_json(p) for p in self.warehouse.values()],
                "site_states": [self._state(site, day) for site in self.scenario.sites],
                "calendar": self.calendar, "history": self.history}

    def _lot_json(self, piece: Piece) -> dict:
        delivery = self._deliveries[piece.lot_id]
        data = piece.as_json()
        data.update({"expiry_kind": "DLC", "expiry_day": piece.last_usable_day, "grace_months": 0,
                     "arrival_day": delivery.day, "source": delivery.source, "product": delivery.group,
                     "unit_kg": 1.0})
        return data

    @property
    def _deliveries(self) -> dict[str, Delivery]:
        if not hasattr(self, "_by_id"):
            self._by_id = {d.lot_id: d for d in self.scenario.deliveries}
        return self._by_id

    def _state(self, site: Site, day: int) -> dict:
        shelf, road = self.shelves[site.site_id], [p for s, p in self.road if s == site.site_id]
        on_hand, in_transit = _by_class(shelf), _by_class(road)
        return {"site_id": site.site_id, "kind": site.kind, "households": site.households,
                "capacity_kg": site.capacity, "on_hand_kg": on_hand, "in_transit_kg": in_transit,
                "free_kg": {c: max(cap - on_hand.get(c, 0.0) - in_transit.get(c, 0.0), 0.0)
                            for c, cap in site.capacity.items()},
                "next_open_day": next((d for d in site.open_days if d >= day), None),
                "stock": [p.as_json() for p in shelf], "in_transit": [p.as_json() for p in road]}


def _by_class(pieces: list[Piece]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for piece in pieces:
        totals[piece.storage_class] += piece.kg
    return dict(totals)


def rule_policy(data: dict) -> tuple[list[Line], bool]:
    return rule_lines(parse_request(data)), False


def command_policy(command: str):
    """Any planner speaking the protocol: one request line in, one answer line out (judged, not trusted)."""
    process = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def policy(data: dict) -> tuple[list[Line], bool]:
        process.stdin.write(json.dumps(data) + "\n")
        process.stdin.flush()
        answer = process.stdout.readline()
        if not answer:
            raise SystemExit(f"the planner command stopped answering (exit {process.wait()})")
        lines = []
        for item in json.loads(answer).get("dispatch", []):
            try:
                lines.append(Line(str(item["lot_id"]), str(item["site_id"]), float(item["kg"])))
            except (KeyError, TypeError, ValueError):
                continue  # an unreadable line is an invalid line: dropped
        return lines, False
    return policy


def planner_policy(horizon: int):
    def policy(data: dict) -> tuple[list[Line], bool]:
        proposal = plan(parse_request(data), horizon_days=horizon)
        return proposal.lines, proposal.method != "planner"
    return policy


# --- the bound ------------------------------------------------------------------------------------

def bound(scenario: Scenario) -> tuple[float, float]:
    """Least waste (kg) with every delivery and every opening's demand known from day 0, and its time."""
    last = scenario.days - 1
    buckets: dict[tuple, float] = defaultdict(float)
    for d in scenario.deliveries:
        lud = d.last_usable_day if d.last_usable_day is not None and d.last_usable_day <= last else None
        buckets[(d.group, d.storage_class, lud, d.day)] += d.kg
    stock = tuple(Stock(f"{g}|{lud}|{day}", g, cls, kg, lud, day) for (g, cls, lud, day), kg in buckets.items())
    shipping = scenario.shipping_days
    outlets = tuple(Outlet(s.site_id, tuple(t for t in shipping if t + LEAD_DAYS in set(s.open_days)),
                           tuple(s.open_days), s.capacity,
                           {(o, g): ((kg, 1.0),) for o, by_group in s.demand.items() for g, kg in by_group.items()})
                    for s in scenario.sites)
    weights = Weights(serve=1e-3, waste=1.0, shipping=0.0, fefo=0.0)
    started = time.perf_counter()
    solution = solve(Model(0, last, LEAD_DAYS, stock, outlets, weights))
    elapsed = time.perf_counter() - started
    if not solution.solved:
        raise SystemExit(f"bound not solved: {solution.message}")
    perishable = sum(s.kg for s in stock if s.last_usable_day is not None)
    handed = sum(kg for (key, _site, _day), kg in solution.handed_out.items() if key.split("|")[1] != "None")
    return perishable - handed, elapsed


def floor_ms(scenario: Scenario) -> float:
    """An empty shipping day (parse + forecast, no stock to place), the same machine, the same run."""
    simulation = Simulation(scenario, rule_policy)
    data = simulation.request(0)
    times = []
    for _ in range(20):
        started = time.perf_counter()
        plan(parse_request(data))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_seed(seed: int, days: int, horizon: int, command: str | None = None) -> dict:
    scenario = generate(seed, days)
    rule = Simulation(scenario, rule_policy).run()
    policy = command_policy(command) if command else planner_policy(horizon)
    planner = Simulation(scenario, policy).run()
    if command:
        planner.plan_ms = planner.plan_ms[1:]  # the command's start-up is not planning time
        planner.plan_cpu_ms = planner.plan_cpu_ms[1:]
    bound_kg, bound_s = bound(scenario)
    bound_pct = 100 * bound_kg / rule.delivered_kg
    gap = rule.waste_pct - bound_pct
    closed = 100 * (rule.waste_pct - planner.waste_pct) / gap if gap > 0 else 100.0
    result = {"seed": seed, "rule_waste_pct": round(rule.waste_pct, 2), "planner_waste_pct": round(planner.waste_pct, 2),
              "bound_waste_pct": round(bound_pct, 2), "gap_closed_pct": round(closed, 1),
              "rule_unmet_pct": round(rule.unmet_pct, 2), "planner_unmet_pct": round(planner.unmet_pct, 2),
              "plan_p50_ms": round(percentile(planner.plan_ms, 0.5), 1),
              "plan_p99_ms": round(percentile(planner.plan_ms, 0.99), 1),
              "plan_cpu_p50_ms": round(percentile(planner.plan_cpu_ms, 0.5), 1),
              "plan_cpu_p99_ms": round(percentile(planner.plan_cpu_ms, 0.99), 1),
              "rule_p50_ms": round(percentile(rule.plan_ms, 0.5), 1), "fallbacks": planner.fallbacks,
              "bound_solve_s": round(bound_s, 2), "delivered_t": round(rule.delivered_kg / 1000, 1)}
    print(f"seed {seed}: waste rule {result['rule_waste_pct']} %, planner {result['planner_waste_pct']} %, "
          f"bound {result['bound_waste_pct']} % → gap closed {result['gap_closed_pct']} %; unmet rule "
          f"{result['rule_unmet_pct']} %, planner {result['planner_unmet_pct']} %; planning p50 "
          f"{result['plan_p50_ms']} ms, p99 {result['plan_p99_ms']} ms (CPU {result['plan_cpu_p50_ms']} / "
          f"{result['plan_cpu_p99_ms']} ms; {planner.fallbacks} fallbacks); "
          f"bound solved in {result['bound_solve_s']} s; {result['delivered_t']} t delivered", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=3, help="number of seeded scenarios (1, 2, 3, …)")
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--horizon", type=int, default=HORIZON_DAYS, help="days the planner looks ahead")
    parser.add_argument("--command", default=None,
                        help="judge a planner command speaking gers-antiwaste-plan-request/1 over a pipe instead, "
                             "e.g. '.venv/bin/gers-solidaire warehouse plan-dispatch --jsonl'")
    args = parser.parse_args()
    results = [run_seed(seed, args.days, args.horizon, args.command) for seed in range(1, args.seeds + 1)]
    floor = floor_ms(generate(1, args.days))
    all_p99 = max(r["plan_p99_ms"] for r in results)
    figures = {
        "seeds": args.seeds, "days": args.days,
        "rule_waste_pct": _mean(results, "rule_waste_pct"), "planner_waste_pct": _mean(results, "planner_waste_pct"),
        "bound_waste_pct": _mean(results, "bound_waste_pct"), "gap_closed_pct": _mean(results, "gap_closed_pct"),
        "gap_closed_min_pct": min(r["gap_closed_pct"] for r in results),
        "rule_unmet_pct": _mean(results, "rule_unmet_pct"), "planner_unmet_pct": _mean(results, "planner_unmet_pct"),
        "plan_p50_ms": _mean(results, "plan_p50_ms"), "plan_p99_ms": all_p99,
        "plan_cpu_p50_ms": _mean(results, "plan_cpu_p50_ms"),
        "plan_cpu_p99_ms": max(r["plan_cpu_p99_ms"] for r in results),
        "floor_empty_request_ms": round(floor, 2), "plan_p99_vs_floor": round(all_p99 / floor, 1) if floor else None,
        "fallbacks": sum(r["fallbacks"] for r in results),
    }
    print(f"mean over {args.seeds} seeds: waste rule {figures['rule_waste_pct']} %, planner "
          f"{figures['planner_waste_pct']} %, bound {figures['bound_waste_pct']} %; gap closed "
          f"{figures['gap_closed_pct']} % (target ≥ 60 %); unmet rule {figures['rule_unmet_pct']} %, planner "
          f"{figures['planner_unmet_pct']} %; planning p99 {all_p99} ms (target ≤ 1000 ms)")
    print(json.dumps(figures))


def _mean(results: list[dict], key: str) -> float:
    return round(statistics.fmean(r[key] for r in results), 2)


if __name__ == "__main__":
    main()
