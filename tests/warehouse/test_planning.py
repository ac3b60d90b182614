"""Anti-waste planning rules, pure: who can distribute a lot in time, fair shares, free room."""

from __future__ import annotations

import datetime as dt
import uuid

from warehouse.planning import AvailableLot, Destination, next_opening, suggest_lines

SATURDAY = dt.date(2026, 11, 28)


def site(opening: int | None, households: int = 10, ambient_kg: int = 500, chilled_kg: int = 100) -> Destination:
    day = None if opening is None else SATURDAY + dt.timedelta(days=opening)
    return Destination(uuid.uuid4(), day, households, {"ambient": ambient_kg * 1000, "chilled": chilled_kg * 1000,
                                                       "frozen": 0})


def lot(days: int | None, units: int = 100, grams: int = 50_000, storage: str = "ambient") -> AvailableLot:
    until = None if days is None else SATURDAY + dt.timedelta(days=days)
    return AvailableLot(uuid.uuid4(), "A-01", storage, units, grams, until)


def test_next_opening_from_weekdays():
    assert next_opening([0], SATURDAY) == dt.date(2026, 11, 30)  # Monday
    assert next_opening([5], SATURDAY) == SATURDAY  # open today
    assert next_opening([3, 0], SATURDAY) == dt.date(2026, 11, 30)
    assert next_opening([], SATURDAY) is None


def test_short_dated_lot_goes_only_to_the_site_that_opens_in_time():
    monday, thursday = site(2), site(5)
    short = lot(3)  # last usable day Tuesday
    assert [line.units for line in suggest_lines([short], monday, [monday, thursday])] == [100]
    assert suggest_lines([short], thursday, [monday, thursday]) == []


def test_long_life_lot_is_shared_by_households_served():
    big, small = site(2, households=30), site(5, households=10)
    tins = lot(300, units=100, grams=40_000)
    (line,) = suggest_lines([tins], big, [big, small])
    assert (line.units, line.grams) == (75, 30_000)
    (line,) = suggest_lines([tins], small, [big, small])
    assert line.units == 25


def test_lots_come_fefo_and_stop_at_the_free_room():
    tight = site(2, ambient_kg=30)
    first, second = lot(10, units=40, grams=20_000), lot(20, units=40, grams=20_000)
    lines = suggest_lines([second, first], tight, [tight])
    assert [(line.lot_id, line.units, line.grams) for line in lines] == [(first.lot_id, 40, 20_000),
                                                                         (second.lot_id, 20, 10_000)]


def test_no_room_for_a_storage_class_means_no_such_lots():
    no_freezer = site(2)
    assert suggest_lines([lot(30, storage="frozen")], no_freezer, [no_freezer]) == []


def test_site_without_openings_receives_nothing():
    closed = site(None)
    assert suggest_lines([lot(30)], closed, [closed]) == []


def test_loose_produce_is_shared_in_grams():
    a, b = site(2), site(2)
    apples = lot(12, units=0, grams=9_000)
    (line,) = suggest_lines([apples], a, [a, b])
    assert (line.units, line.grams) == (0, 4_500)


def test_undated_goods_go_last():
    only = site(2)
    dated, undated = lot(40), lot(None)
    assert [line.lot_id for line in suggest_lines([undated, dated], only, [only])] == [dated.lot_id,
                                                                                     undated.lot_id]
