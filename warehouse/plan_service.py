"""The planner fed from the database: a plan request for a shipping day, lines for one destination.

The request is the protocol's (warehouse.plan_request), day 0 being HISTORY_DAYS before the
shipping day: the lots free to leave the warehouse, each site's shelf (its stock balances) and road
(shipped, not yet received), its room per storage class, its opening days (from its weekly slots)
and what it handed out by food group and day: every food line of a till's journal, paid or free
(FSE+), writes SALE movements in the stock ledger (pos.checkout), so the ledger — which sync brings
up from the sites — is the whole record, returns taken off; the warehouse need not read the till's
journal (pos is a sibling room). A site may take a delivery any day, and it is
on its shelf the day it leaves (lead_days = 0), as the dispatch screen has always assumed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from gers.clock import paris_today
from households.models import Household
from inventory.enums import SiteKind
from inventory.expiry import ExpirySettings, last_usable_day
from inventory.fefo import Candidate, grams_for_units
from inventory.models import Category, FoodGroup, Product, Site
from inventory.stock_models import MovementKind, StockMovement
from inventory.stock_queries import LotStock, lot_stock
from warehouse import dispatching
from warehouse.demand import Estimate, days_covered, scaled
from warehouse.models import Dispatch, DispatchStatus
from warehouse.plan_dispatch import PLANNER, plan
from warehouse.plan_request import SCHEMA, Request, parse_request
from warehouse.planning import SuggestedLine

HISTORY_DAYS = 84
HORIZON_DAYS = 14


@dataclass(frozen=True)
class Advice:
    line: SuggestedLine
    stock: LotStock
    why: str = ""


@dataclass(frozen=True)
class Need:
    group: str
    per_opening: Estimate

    @property
    def text(self) -> str:
        """« Produits laitiers : 9,0 kg ± 0,9 kg » — the estimate and its spread, for staff."""
        return f"{self.group} : {_kg(self.per_opening.mean_kg)} ± {_kg(self.per_opening.sd_kg)}"


@dataclass(frozen=True)
class DispatchAdvice:
    suggestions: list[Advice]
    by_planner: bool
    note: str
    needs: list[Need]


def advise(session: Session, *, warehouse_id: uuid.UUID, to_site_id: uuid.UUID, ship_on: dt.date,
           today: dt.date, settings: ExpirySettings) -> DispatchAdvice:
    """The planner's lines for `to_site_id`, each with why; today's rule when the planner cannot say."""
    context = _Context(session, warehouse_id, ship_on, today, settings)
    request = parse_request(context.request())
    proposal = plan(request)
    site_key = str(to_site_id)
    needs = [Need(context.group_labels.get(group, group), _per_opening(request, site_key, estimate))
             for (site_id, group), estimate in sorted(proposal.needs.items()) if site_id == site_key
             and estimate.mean_kg > 0]
    if proposal.method != PLANNER:
        rule = dispatching.suggest_dispatch(session, warehouse_id=warehouse_id, to_site_id=to_site_id,
                                            ship_on=ship_on, today=today, settings=settings)
        return DispatchAdvice([Advice(s.line, s.stock) for s in rule], False, proposal.note, needs)
    advice = [context.advice(request, line.lot_id, line.kg, site_key, proposal.needs)
              for line in proposal.lines if line.site_id == site_key]
    return DispatchAdvice([a for a in advice if a is not None], True, "", needs)


def _per_opening(request: Request, site_id: str, per_day: Estimate) -> Estimate:
    site = request.sites[site_id]
    upcoming = [day for day in site.open_days if day >= request.day]
    if not upcoming:
        return per_day
    return scaled(per_day, days_covered(site.open_days)[upcoming[0]])


class _Context:
    def __init__(self, session: Session, warehouse_id: uuid.UUID, ship_on: dt.date, today: dt.date,
                 settings: ExpirySettings) -> None:
        self.session, self.warehouse_id, self.today, self.settings = session, warehouse_id, today, settings
        self.start = ship_on - dt.timedelta(days=HISTORY_DAYS)
        self.day = HISTORY_DAYS
        self.groups = dict(session.execute(select(Product.id, FoodGroup.code).join(Category, Product.category_id
                                                  == Category.id).join(FoodGroup)).all())
        self.group_labels = dict(session.execute(select(FoodGroup.code, FoodGroup.label)).all())
        self.sites = list(session.scalars(select(Site).where(Site.kind != SiteKind.WAREHOUSE)
                                          .options(selectinload(Site.opening_slots))))
        self.site_names = {str(site.id): site.name for site in self.sites}
        self.free = {f"{row.lot_id}|{row.location}": (row, units, grams)
                     for row, units, grams in dispatching.available_stock(session, warehouse_id, today, settings)}

    def index(self, day: dt.date | None) -> int | None:
        return None if day is None else (day - self.start).days

    def request(self) -> dict:
        last = self.day + HORIZON_DAYS
        households = dict(self.session.execute(select(Household.home_site_id, func.count())
                                               .group_by(Household.home_site_id)).all())
        calendar_sites = {}
        for site in self.sites:
            weekdays = {slot.weekday for slot in site.opening_slots}
            open_days = [d for d in range(last + 1) if (self.start + dt.timedelta(days=d)).weekday() in weekdays]
            calendar_sites[str(site.id)] = {"kind": _kind(site), "households": households.get(site.id, 0),
                                            "open_days": open_days, "receive_days": list(range(last + 1)),
                                            "capacity_kg": _capacity(site)}
        return {"schema": SCHEMA, "day": self.day, "warehouse_stock": self._warehouse_lots(),
                "site_states": self._states(households),
                "calendar": {"start_date": self.start.isoformat(), "days": last + 1,
                             "weekday_of_day": [(self.start + dt.timedelta(days=d)).weekday() for d in range(last + 1)],
                             "shipping_days": [d for d in range(self.day, last + 1)
                                               if (self.start + dt.timedelta(days=d)).weekday() != 6],
                             "lead_days": 0, "groups": sorted(self.group_labels),
                             "storage_classes": ["ambient", "chilled", "frozen"], "sites": calendar_sites},
                "history": {"demand": {}, "distributed": self._distributed(), "wasted": [], "received": []}}

    def _lot(self, lot_id: str, row: LotStock, grams: int) -> dict:
        return {"lot_id": lot_id, "group": self.groups.get(row.product_id, "autre"),
                "storage_class": row.storage_class.value, "kg": grams / 1000,
                "last_usable_day": self.index(row.usable_until)}

    def _warehouse_lots(self) -> list[dict]:
        return [self._lot(key, row, grams) | {"product": row.product_name}
                for key, (row, _units, grams) in self.free.items() if grams > 0]

    def _states(self, households: dict) -> list[dict]:
        shelves: dict[uuid.UUID, list[dict]] = defaultdict(list)
        for row in lot_stock(self.session, today=self.today, settings=self.settings):
            if row.site_id != self.warehouse_id and not row.blocked and row.grams > 0:
                shelves[row.site_id].append(self._lot(f"{row.lot_id}|{row.location}", row, row.grams))
        road = self._road()
        states = []
        for site in self.sites:
            shelf, transit = shelves.get(site.id, []), road.get(site.id, [])
            on_hand, in_transit = _by_class(shelf), _by_class(transit)
            states.append({"site_id": str(site.id), "kind": _kind(site), "households": households.get(site.id, 0),
                           "capacity_kg": _capacity(site), "on_hand_kg": on_hand, "in_transit_kg": in_transit,
                           "free_kg": {cls: max(cap - on_hand.get(cls, 0) - in_transit.get(cls, 0), 0)
                                       for cls, cap in _capacity(site).items()},
                           "next_open_day": None, "stock": shelf, "in_transit": transit})
        return states

    def _road(self) -> dict[uuid.UUID, list[dict]]:
        shipped = self.session.scalars(select(Dispatch).where(Dispatch.status == DispatchStatus.SHIPPED,
                                                              ~Dispatch.receipt.has()))
        road: dict[uuid.UUID, list[dict]] = defaultdict(list)
        for dispatch in shipped:
            for line in dispatch.lines:
                lot, category = line.lot, line.lot.product.category
                usable = last_usable_day(lot.date_kind, lot.expiry_date,
                                         self.settings.grace_months(category.shelf_life, category.code))
                road[dispatch.to_site_id].append({
                    "lot_id": f"{line.lot_id}|road", "group": self.groups.get(lot.product_id, "autre"),
                    "storage_class": lot.product.storage_class.value, "kg": line.grams / 1000,
                    "last_usable_day": self.index(usable), "arrives_day": self.day})
        return road

    def _distributed(self) -> dict[str, list]:
        """Kilos handed out per site, Paris day and group: SALE movements, RETURN ones taken off."""
        since = dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC)
        rows = self.session.execute(select(StockMovement.site_id, StockMovement.occurred_at, StockMovement.product_id,
                                           StockMovement.grams)
                                    .where(StockMovement.kind.in_([MovementKind.SALE, MovementKind.RETURN]),
                                           StockMovement.occurred_at >= since))
        days: dict[str, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(float)))
        for site_id, occurred_at, product_id, grams in rows:
            day = self.index(paris_today(occurred_at))
            if day is not None and 0 <= day < self.day:
                days[str(site_id)][day][self.groups.get(product_id, "autre")] -= grams / 1000
        return {site_id: [[day, dict(groups)] for day, groups in sorted(by_day.items())]
                for site_id, by_day in days.items()}

    def advice(self, request: Request, lot_key: str, kg: float, site_id: str, needs) -> Advice | None:
        row, units, grams = self.free[lot_key]
        line = _line(row, units, grams, round(kg * 1000))
        if line is None:
            return None
        return Advice(line, row, self.why(request, row, site_id, needs))

    def why(self, request: Request, row: LotStock, site_id: str, needs) -> str:
        group = self.groups.get(row.product_id, "autre")
        site = request.sites[site_id]
        upcoming = [day for day in site.open_days if day >= request.day]
        expires = _expires(row.usable_until, self.today)
        if not upcoming:
            return expires
        need = needs.get((site_id, group))
        opens = request.date_of(upcoming[0])
        text = f"{expires}, {self.site_names[site_id]} ouvre le {opens:%d/%m}"
        if need is None:
            return text
        per_opening = scaled(need, days_covered(site.open_days)[upcoming[0]])
        return f"{text} et écoule {_kg(per_opening.mean_kg)} de {self.group_labels.get(group, group).lower()} " \
               f"par ouverture"


def _line(row: LotStock, units_free: int, grams_free: int, grams: int) -> SuggestedLine | None:
    grams = min(grams, grams_free)
    if row.units <= 0:
        return SuggestedLine(row.lot_id, row.location, 0, grams) if grams > 0 else None
    unit_g = row.grams / row.units
    # Whole units, to the nearest: less than half a pack is not worth a line.
    units = min(units_free, round(grams / unit_g)) if unit_g > 0 else units_free
    if units <= 0:
        return None
    whole = Candidate(row.lot_id, row.location, row.units, row.grams, row.usable_until)
    return SuggestedLine(row.lot_id, row.location, units, grams_for_units(whole, units))


def _expires(usable_until: dt.date | None, today: dt.date) -> str:
    if usable_until is None:
        return "ne périme pas"
    if usable_until <= today + dt.timedelta(days=30):
        return f"périme le {usable_until:%d/%m}"
    return f"se garde jusqu'au {usable_until:%d/%m/%Y}"


def _kg(value: float) -> str:
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}".replace(".", ",")
    return f"{text} kg"


def _kind(site: Site) -> str:
    return "van" if site.kind is SiteKind.MOBILE_UNIT else "site"


def _capacity(site: Site) -> dict[str, float]:
    return {"ambient": float(site.capacity_ambient_kg), "chilled": float(site.capacity_chilled_kg),
            "frozen": float(site.capacity_frozen_kg)}


def _by_class(lots: list[dict]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for lot in lots:
        totals[lot["storage_class"]] += lot["kg"]
    return dict(totals)
