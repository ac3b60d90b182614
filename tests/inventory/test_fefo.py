"""FEFO picking: first expired first out, never an expired or recalled lot, integer quantities."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inventory.fefo import Candidate, fefo_order, grams_for_units, plan_pick, without_reserved

TODAY = dt.date(2026, 11, 28)


def lot(days: int | None, units: int = 10, grams: int = 5000, location: str = "A1", blocked: bool = False,
        received: int = 0) -> Candidate:
    usable = None if days is None else TODAY + dt.timedelta(days=days)
    return Candidate(lot_id=uuid.uuid4(), location=location, units=units, grams=grams, usable_until=usable,
                     expiry_date=usable, blocked=blocked,
                     received_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(days=received))


def test_soonest_usable_lot_goes_first_and_undated_last():
    late, soon, undated = lot(30), lot(2), lot(None)
    assert fefo_order([late, undated, soon], TODAY) == [soon, late, undated]


def test_usable_date_not_printed_date_decides_the_order():
    """A DDM lot printed earlier but usable two months longer goes after a DLC lot printed later."""
    ddm = Candidate(lot_id=uuid.uuid4(), location="A1", units=10, grams=5000, expiry_date=TODAY + dt.timedelta(days=3),
                    usable_until=TODAY + dt.timedelta(days=64))
    dlc = Candidate(lot_id=uuid.uuid4(), location="A1", units=10, grams=5000, expiry_date=TODAY + dt.timedelta(days=10),
                    usable_until=TODAY + dt.timedelta(days=10))
    assert fefo_order([ddm, dlc], TODAY) == [dlc, ddm]
    plan = plan_pick([ddm, dlc], today=TODAY, units=12)
    assert [(p.lot_id, p.units) for p in plan.picks] == [(dlc.lot_id, 10), (ddm.lot_id, 2)]


def test_expired_recalled_and_empty_lots_are_never_proposed():
    expired, recalled, empty, good = lot(-1), lot(1, blocked=True), lot(1, units=0, grams=0), lot(5)
    assert fefo_order([expired, recalled, empty, good], TODAY) == [good]


def test_lot_expiring_today_is_still_picked():
    today = lot(0)
    assert plan_pick([today], today=TODAY, units=1).picks[0].lot_id == today.lot_id


def test_ties_go_to_the_oldest_arrival():
    first, second = lot(5, received=1), lot(5, received=2)
    assert fefo_order([second, first], TODAY) == [first, second]


def test_pick_spans_lots_and_carries_proportional_grams():
    a, b = lot(1, units=3, grams=1500), lot(9, units=10, grams=5000)
    plan = plan_pick([b, a], today=TODAY, units=5)
    assert [(p.lot_id, p.units, p.grams) for p in plan.picks] == [(a.lot_id, 3, 1500), (b.lot_id, 2, 1000)]
    assert plan.complete


def test_shortfall_is_reported_not_invented():
    plan = plan_pick([lot(1, units=2)], today=TODAY, units=5)
    assert plan.missing_units == 3 and not plan.complete


def test_pick_by_weight_for_loose_produce():
    apples_old, apples_new = lot(2, units=0, grams=3000), lot(6, units=0, grams=10000)
    plan = plan_pick([apples_new, apples_old], today=TODAY, grams=4200)
    assert [(p.lot_id, p.units, p.grams) for p in plan.picks] == [(apples_old.lot_id, 0, 3000),
                                                                  (apples_new.lot_id, 0, 1200)]


def test_negative_quantities_are_a_programming_error():
    with pytest.raises(ValueError):
        plan_pick([lot(1)], today=TODAY, units=-1)


def test_last_unit_takes_the_remaining_grams():
    candidate = lot(1, units=3, grams=1000)
    assert grams_for_units(candidate, 1) == 333
    assert grams_for_units(candidate, 3) == 1000


@given(st.lists(st.tuples(st.integers(-5, 40), st.integers(0, 20), st.booleans()), max_size=12),
       st.integers(1, 60))
def test_plan_never_takes_more_than_stocked_nor_a_blocked_lot(lots, wanted):
    candidates = [lot(days, units=units, grams=units * 100, blocked=blocked) for days, units, blocked in lots]
    plan = plan_pick(candidates, today=TODAY, units=wanted)
    by_id = {c.lot_id: c for c in candidates}
    for pick in plan.picks:
        source = by_id[pick.lot_id]
        assert not source.blocked and source.usable_until >= TODAY and 0 < pick.units <= source.units
    assert sum(p.units for p in plan.picks) + plan.missing_units == wanted
    usable = sum(c.units for c in candidates if not c.blocked and c.usable_until >= TODAY)
    assert plan.missing_units == max(0, wanted - usable)


def test_what_a_basket_holds_is_not_proposed_again():
    first, second = lot(2, units=1, grams=500), lot(9, units=5, grams=2500)
    left = without_reserved([first, second], {first.lot_id: 1, second.lot_id: 2}, by_units=True)
    assert [(c.units, c.grams) for c in left] == [(0, 0), (3, 1500)]
    plan = plan_pick(left, today=TODAY, units=2)
    assert [(p.lot_id, p.units) for p in plan.picks] == [(second.lot_id, 2)]
    by_weight = without_reserved([lot(3, units=0, grams=800)], {}, by_units=False)
    assert by_weight[0].grams == 800
