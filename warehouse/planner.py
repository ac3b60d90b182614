"""The anti-waste dispatch planner, pure: a linear program over stock × destinations × days.

Days are integers (day 0 = the first day of the horizon). The model sees:
- stock: kilos of a food group with a last usable day, either at the warehouse (from
  `available_day`, the day it arrives there) or already at a destination (on the shelf or on the
  road, usable there from `available_day`);
- outlets (sites and mobile units): the days a shipment may leave for them, their openings, their
  room per storage class, and the demand per opening and food group in tiers — the first kilos are
  near certain to be asked for, the last ones a long shot, and a kilo left unserved costs in
  proportion to that chance;
- `lead_days`: a shipment leaving on day t is on the shelf on day t + lead_days.

It decides x(b, s, t), the kilos of stock b shipped to s on day t, and y(b, s, o), the kilos of b
handed out at opening o of s, and maximises the expected kilos handed out (each weighted by its
tier's chance) plus the expected kilos saved from the bin (those of stock whose last usable day
falls within the horizon), minus a small cost per kilo shipped (stock kept at the warehouse can
still go anywhere). Stock at a
destination is a chain of inventory variables (one per event day), so the room constraint of a
day is a short sum. The same model, fed with the real demand and every future delivery, is the
perfect-foresight bound of bench/antiwaste.py; fed with the forecast, it is the rolling-horizon
planner whose first day only is carried out.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

OVERFULL_COST = 100.0


@dataclass(frozen=True)
class Stock:
    key: str
    group: str
    storage_class: str
    kg: float
    last_usable_day: int | None  # None: never expires
    available_day: int = 0
    at: str | None = None  # None: at the warehouse; else the destination holding it


@dataclass(frozen=True)
class Outlet:
    site_id: str
    ship_days: tuple[int, ...]  # days a shipment may leave for it
    openings: tuple[int, ...]
    capacity_kg: dict[str, float]
    # (opening day, group) → tiers of demand, each (kg, chance that people ask for them): the first
    # kilos are near certain, the last ones a long shot (see plan_dispatch.demand_tiers).
    demand: dict[tuple[int, str], tuple[tuple[float, float], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Weights:
    serve: float = 2.0  # a kilo handed out
    waste: float = 1.0  # a kilo that would be thrown away otherwise (expiring within the horizon)
    shipping: float = 0.01
    fefo: float = 0.001  # nudges equal choices towards the earlier expiring stock


@dataclass(frozen=True)
class Model:
    first_day: int
    last_day: int
    lead_days: int
    stock: tuple[Stock, ...]
    outlets: tuple[Outlet, ...]
    weights: Weights = Weights()


@dataclass(frozen=True)
class Plan:
    solved: bool
    shipments: dict[tuple[str, str, int], float]  # (stock key, site id, day) → kg
    handed_out: dict[tuple[str, str, int], float]  # (stock key, site id, opening) → kg
    objective: float = 0.0
    message: str = ""


class _Program:
    """Columns and rows collected as triplets, then handed to HiGHS in one go."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.upper: list[float | None] = []
        self.eq: tuple[list[int], list[int], list[float]] = ([], [], [])
        self.eq_rhs: list[float] = []
        self.ub: tuple[list[int], list[int], list[float]] = ([], [], [])
        self.ub_rhs: list[float] = []

    def var(self, cost: float, upper: float | None = None) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        return len(self.cost) - 1

    def row(self, terms: list[tuple[int, float]], rhs: float, *, equal: bool) -> None:
        rows, cols, vals = self.eq if equal else self.ub
        rhs_list = self.eq_rhs if equal else self.ub_rhs
        rows.extend([len(rhs_list)] * len(terms))
        cols.extend([col for col, _coef in terms])
        vals.extend([coef for _col, coef in terms])
        rhs_list.append(rhs)

    def solve(self, time_limit_s: float | None):
        # SciPy loads on the first plan, not when the central node starts (tests/gers/test_startup.py).
        import numpy as np
        from scipy.optimize import linprog
        from scipy.sparse import coo_matrix

        n = len(self.cost)
        options = {"presolve": True}
        if time_limit_s is not None:
            options["time_limit"] = time_limit_s

        def matrix(triplets, count):
            rows, cols, vals = triplets
            return coo_matrix((vals, (rows, cols)), shape=(count, n)).tocsr() if count else None

        return linprog(np.array(self.cost), A_ub=matrix(self.ub, len(self.ub_rhs)),
                       b_ub=np.array(self.ub_rhs) if self.ub_rhs else None,
                       A_eq=matrix(self.eq, len(self.eq_rhs)), b_eq=np.array(self.eq_rhs) if self.eq_rhs else None,
                       bounds=[(0, u) for u in self.upper], method="highs", options=options)


@dataclass
class _Chain:
    """One stock at one destination: what arrives and what goes out, day by day."""

    stock: Stock
    outlet: Outlet
    initial_kg: float = 0.0
    arrivals: dict[int, list[tuple[int, float]]] = field(default_factory=lambda: defaultdict(list))
    outs: dict[int, int] = field(default_factory=dict)  # opening day → y column
    days: list[int] = field(default_factory=list)
    level: dict[int, int] = field(default_factory=dict)  # event day → inventory column (after the event)

    def after_arrivals(self, day: int) -> tuple[list[tuple[int, float]], float]:
        """Stock on `day` once deliveries are in and before the opening: terms and a constant."""
        if self.stock.last_usable_day is not None and self.stock.last_usable_day < day:
            return [], 0.0
        at = bisect.bisect_right(self.days, day) - 1
        if at < 0:
            return [], self.initial_kg
        event = self.days[at]
        terms = [(self.level[event], 1.0)]
        if event == day and day in self.outs:
            terms.append((self.outs[day], 1.0))
        return terms, 0.0


def solve(model: Model, time_limit_s: float | None = None) -> Plan:
    program = _Program()
    builder = _Builder(model, program)
    builder.build()
    if not program.cost:  # nothing can reach anyone in time: nothing to decide
        return Plan(True, {}, {}, message="empty")
    result = program.solve(time_limit_s)
    if result.status != 0 or result.x is None:
        return Plan(False, {}, {}, message=str(result.message))
    values = result.x
    shipments = {key: float(values[col]) for key, col in builder.x_cols.items() if values[col] > 1e-6}
    handed = {key: float(values[col]) for key, col in builder.y_cols.items() if values[col] > 1e-6}
    return Plan(True, shipments, handed, float(result.fun), str(result.message))


def _openings_by_group(outlet: Outlet) -> dict[str, list[int]]:
    asked: dict[str, list[int]] = defaultdict(list)
    for (day, group), tiers in outlet.demand.items():
        if day in outlet.openings and sum(kg for kg, _chance in tiers) > 0:
            asked[group].append(day)
    return {group: sorted(days) for group, days in asked.items()}


class _Builder:
    def __init__(self, model: Model, program: _Program) -> None:
        self.model, self.p = model, program
        self.x_cols: dict[tuple[str, str, int], int] = {}
        self.y_cols: dict[tuple[str, str, int], int] = {}
        self.chains: list[_Chain] = []
        self.shipped_cols: dict[str, list[int]] = defaultdict(list)
        self.idle: dict[str, list[Stock]] = defaultdict(list)  # stock on a shelf nobody will ask for
        # (site, day, group, expires within the horizon) → y columns
        self.served: dict[tuple[str, int, str, bool], list[int]] = defaultdict(list)
        self.by_site = {outlet.site_id: (outlet,) for outlet in model.outlets}
        self.asked: dict[str, dict[str, list[int]]] = {  # site → group → openings that ask for it
            outlet.site_id: _openings_by_group(outlet) for outlet in model.outlets}

    def build(self) -> None:
        for stock in self.model.stock:
            if stock.kg > 0:
                self._stock(stock)
        for chain in self.chains:
            self._balance(chain)
        for outlet in self.model.outlets:
            self._demand(outlet)
            self._room(outlet)

    def _usable_until(self, stock: Stock) -> int:
        lud = stock.last_usable_day
        return self.model.last_day if lud is None else min(lud, self.model.last_day)

    def _perishable(self, stock: Stock) -> bool:
        return stock.last_usable_day is not None and stock.last_usable_day <= self.model.last_day

    def _y_cost(self, stock: Stock) -> float:
        lud = stock.last_usable_day
        span = (lud if lud is not None else self.model.last_day + 365) - self.model.first_day
        return -self.model.weights.fefo / (1 + max(span, 0))

    def _stock(self, stock: Stock) -> None:
        outlets = self.model.outlets if stock.at is None else self.by_site.get(stock.at, ())
        for outlet in outlets:
            openings = self._openings_for(stock, outlet)
            if not openings:
                if stock.at is not None:
                    self.idle[outlet.site_id].append(stock)
                continue
            chain = _Chain(stock, outlet)
            if stock.at is None:
                self._shipments(chain, openings)
                if not chain.arrivals:
                    continue
                first_arrival = min(chain.arrivals)
                openings = [o for o in openings if o >= first_arrival]
            else:
                chain.initial_kg = stock.kg
            cost = self._y_cost(stock)
            for day in openings:
                chain.outs[day] = self.y_cols[(stock.key, outlet.site_id, day)] = self.p.var(cost)
                self.served[(outlet.site_id, day, stock.group, self._perishable(stock))].append(chain.outs[day])
            self.chains.append(chain)
        if self.shipped_cols[stock.key]:
            self.p.row([(col, 1.0) for col in self.shipped_cols[stock.key]], stock.kg, equal=False)

    def _openings_for(self, stock: Stock, outlet: Outlet) -> list[int]:
        until = self._usable_until(stock)
        start = max(stock.available_day, self.model.first_day)
        if stock.at is None:
            start += self.model.lead_days
        openings = self.asked[outlet.site_id].get(stock.group, [])
        return openings[bisect.bisect_left(openings, start):bisect.bisect_right(openings, until)]

    def _shipments(self, chain: _Chain, openings: list[int]) -> None:
        stock, outlet, lead = chain.stock, chain.outlet, self.model.lead_days
        last_opening = openings[-1]
        if outlet.capacity_kg.get(stock.storage_class, 0) <= 0:
            return
        for day in outlet.ship_days:
            if day < max(stock.available_day, self.model.first_day) or day + lead > last_opening:
                continue
            # Ties go to the earlier departure: on the shelf sooner, it meets more openings if the
            # forecast was short (measured: deferring ties wastes more, bench/antiwaste.py).
            col = self.p.var(self.model.weights.shipping * (1 + 0.01 * (day - self.model.first_day)))
            self.x_cols[(stock.key, outlet.site_id, day)] = col
            self.shipped_cols[stock.key].append(col)
            chain.arrivals[day + lead].append((col, 1.0))

    def _balance(self, chain: _Chain) -> None:
        """level(e) = level(previous event) + arrivals(e) − handed out(e), never negative."""
        chain.days = sorted(set(chain.arrivals) | set(chain.outs))
        previous: int | None = None
        for day in chain.days:
            level = self.p.var(0.0)
            chain.level[day] = level
            terms = [(level, 1.0)] + [(col, -1.0) for col, _ in chain.arrivals.get(day, [])]
            if day in chain.outs:
                terms.append((chain.outs[day], 1.0))
            if previous is not None:
                terms.append((previous, -1.0))
            self.p.row(terms, chain.initial_kg if previous is None else 0.0, equal=True)
            previous = level

    def _demand(self, outlet: Outlet) -> None:
        """What an opening hands out fills the tiers from the most certain up, perishables first
        (the shelf is worked first-expired-first-out): a kilo in a tier is worth its chance times the
        value of serving, plus the waste it avoids when it is a perishable kilo."""
        w = self.model.weights
        for (day, group), tiers in outlet.demand.items():
            if not self.model.first_day <= day <= self.model.last_day:
                continue
            short = self.served.get((outlet.site_id, day, group, True), [])
            long = self.served.get((outlet.site_id, day, group, False), [])
            short_tiers, long_tiers = [], []
            for kg, chance in tiers:
                if kg <= 0:
                    continue
                q = self.p.var(-chance * (w.serve + w.waste), kg) if short else None
                r = self.p.var(-chance * w.serve, kg) if long else None
                if q is not None and r is not None:
                    self.p.row([(q, 1.0), (r, 1.0)], kg, equal=False)
                short_tiers += [q] if q is not None else []
                long_tiers += [r] if r is not None else []
            for columns, tier_columns in ((short, short_tiers), (long, long_tiers)):
                if columns:
                    self.p.row([(c, 1.0) for c in columns] + [(t, -1.0) for t in tier_columns], 0.0, equal=True)

    def _room(self, outlet: Outlet) -> None:
        """On every delivery day, what is on the shelf once the delivery is in fits the room.

        A shelf may already hold more than its room (a count, a generous delivery): that excess is
        excused, at a cost no kilo saved can pay for, so the model stays feasible and sends nothing more.
        """
        chains = [c for c in self.chains if c.outlet is outlet]
        delivery_days = sorted({day for c in chains for day in c.arrivals})
        by_class: dict[str, list[_Chain]] = defaultdict(list)
        for chain in chains:
            by_class[chain.stock.storage_class].append(chain)
        for storage_class, members in by_class.items():
            capacity = outlet.capacity_kg.get(storage_class, 0.0)
            for day in delivery_days:
                if not any(day in c.arrivals for c in members):
                    continue
                terms, constant = [], 0.0
                for chain in members:
                    chain_terms, chain_constant = chain.after_arrivals(day)
                    terms += chain_terms
                    constant += chain_constant
                for stock in self.idle[outlet.site_id]:
                    alive = stock.last_usable_day is None or stock.last_usable_day >= day
                    constant += stock.kg if alive and stock.storage_class == storage_class else 0.0
                already = sum(c.initial_kg for c in members) + sum(
                    s.kg for s in self.idle[outlet.site_id] if s.storage_class == storage_class)
                if already > 0:
                    terms.append((self.p.var(OVERFULL_COST, already), -1.0))
                self.p.row(terms, capacity - constant, equal=False)
