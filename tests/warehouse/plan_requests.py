"""Small `gers-antiwaste-plan-request/1` requests built by hand for the planner's tests."""

from __future__ import annotations

import copy

from warehouse.plan_request import SCHEMA

# Day 0 is Monday 30 November 2026; the warehouse ships every weekday, a delivery is on the shelf
# the next day. Auch and Condom both open (and take deliveries) on Tuesdays (days 1 and 8).
TUESDAYS = [1, 8]


def lot(lot_id: str, kg: float, last_usable_day: int | None, group: str = "laitages",
        storage_class: str = "chilled") -> dict:
    return {"lot_id": lot_id, "group": group, "storage_class": storage_class, "kg": kg,
            "last_usable_day": last_usable_day, "expiry_kind": "DLC", "expiry_day": last_usable_day,
            "grace_months": 0, "arrival_day": 0, "source": "ramasse", "product": "Yaourts", "unit_kg": 0.5}


def site_state(site_id: str, free_kg: float = 200.0) -> dict:
    return {"site_id": site_id, "kind": "site", "households": 50,
            "capacity_kg": {"ambient": 500.0, "chilled": free_kg}, "on_hand_kg": {}, "in_transit_kg": {},
            "free_kg": {"ambient": 500.0, "chilled": free_kg}, "next_open_day": 1, "stock": [], "in_transit": []}


def request(lots: list[dict], asked: dict[str, float], *, day: int = 0, weeks_of_history: int = 8) -> dict:
    """Both sites serve 50 households; `asked` is the dairy each one handed out every Tuesday so far."""
    sites = {site_id: {"kind": "site", "households": 50, "open_days": TUESDAYS, "receive_days": TUESDAYS,
                       "capacity_kg": {"ambient": 500.0, "chilled": 200.0}} for site_id in asked}
    past = [7 * week - 6 for week in range(-weeks_of_history + 1, 1)]  # earlier Tuesdays: days -55 … -6
    demand = {site_id: [[d, {"laitages": kg}] for d in past] for site_id, kg in asked.items()}
    return {"schema": SCHEMA, "day": day, "warehouse_stock": lots,
            "site_states": [site_state(site_id) for site_id in asked],
            "calendar": {"start_date": "2026-11-30", "days": 14, "weekday_of_day": [d % 7 for d in range(14)],
                         "shipping_days": [0, 1, 2, 3, 4, 7, 8, 9, 10, 11], "lead_days": 1,
                         "groups": ["laitages"], "storage_classes": ["ambient", "chilled"], "sites": sites},
            "history": {"demand": demand, "distributed": copy.deepcopy(demand), "wasted": [], "received": []}}
