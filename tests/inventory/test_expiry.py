"""Expiry rules: statuses, DDM grace by shelf-life class, the expiry day itself, the 48-hour rule."""

from __future__ import annotations

import datetime as dt

import pytest

from inventory.enums import DateKind, ShelfLife
from inventory.expiry import (
    PARIS,
    ExpirySettings,
    ExpiryStatus,
    add_months,
    expiry_status,
    hours_left,
    intake_refusal,
    is_distributable,
    last_usable_day,
    paris_today,
)

TODAY = dt.date(2026, 11, 28)


def status(kind, date, grace=0, today=TODAY, soon=7):
    return expiry_status(kind, date, grace, today, soon)


def test_the_expiry_day_itself_is_still_distributable_and_the_next_day_is_not():
    """THE one rule: the printed date is included; expired from the next day."""
    assert status(DateKind.DLC, TODAY) is ExpiryStatus.SOON
    assert is_distributable(DateKind.DLC, TODAY, 0, TODAY)
    assert status(DateKind.DLC, TODAY - dt.timedelta(days=1)) is ExpiryStatus.EXPIRED
    assert not is_distributable(DateKind.DLC, TODAY - dt.timedelta(days=1), 0, TODAY)


def test_today_is_the_paris_date_not_the_utc_date():
    # 23:30 UTC on 28/11 is already 00:30 on 29/11 in Auch (winter time, UTC+1).
    assert paris_today(dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 29)
    assert paris_today(dt.datetime(2026, 7, 1, 21, 59, tzinfo=dt.UTC)) == dt.date(2026, 7, 1)
    assert paris_today(dt.datetime(2026, 7, 1, 22, 0, tzinfo=dt.UTC)) == dt.date(2026, 7, 2)


def test_dlc_has_no_grace_whatever_the_setting():
    assert last_usable_day(DateKind.DLC, TODAY, grace_months=12) == TODAY
    assert status(DateKind.DLC, TODAY - dt.timedelta(days=1), grace=12) is ExpiryStatus.EXPIRED


def test_ddm_past_within_grace_is_usable_then_expired():
    ddm = dt.date(2026, 10, 31)
    assert status(DateKind.DDM, ddm, grace=2) is ExpiryStatus.PAST_DDM_USABLE
    assert last_usable_day(DateKind.DDM, ddm, 2) == dt.date(2026, 12, 31)
    assert status(DateKind.DDM, ddm, grace=2, today=dt.date(2026, 12, 31)) is ExpiryStatus.PAST_DDM_USABLE
    assert status(DateKind.DDM, TODAY + dt.timedelta(days=2), grace=2) is ExpiryStatus.OK
    assert status(DateKind.DDM, ddm, grace=2, today=dt.date(2027, 1, 1)) is ExpiryStatus.EXPIRED


def test_short_shelf_life_ddm_has_no_grace():
    assert status(DateKind.DDM, TODAY - dt.timedelta(days=1), grace=0) is ExpiryStatus.EXPIRED


def test_ok_and_soon_thresholds():
    assert status(DateKind.DLC, TODAY + dt.timedelta(days=7)) is ExpiryStatus.SOON
    assert status(DateKind.DLC, TODAY + dt.timedelta(days=8)) is ExpiryStatus.OK
    assert status(DateKind.DLC, TODAY + dt.timedelta(days=3), soon=2) is ExpiryStatus.OK


def test_no_date_never_expires():
    assert status(DateKind.NONE, None) is ExpiryStatus.OK
    assert status(DateKind.DDM, None) is ExpiryStatus.OK
    assert last_usable_day(DateKind.NONE, TODAY, 0) is None


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 11, 15), 14) == dt.date(2028, 1, 15)


def test_default_grace_settings_follow_domain_defaults():
    settings = ExpirySettings()
    assert settings.grace_months(ShelfLife.VERY_LONG) == 12
    assert settings.grace_months(ShelfLife.LONG) == 2
    assert settings.grace_months(ShelfLife.SHORT) == 0


def test_grace_settings_from_config_per_class_and_per_category():
    settings = ExpirySettings.from_config({"STOCK_DDM_GRACE_MONTHS": {"long": 1},
                                           "STOCK_CATEGORY_GRACE_MONTHS": {"cafe": 6}, "STOCK_SOON_DAYS": 3})
    assert settings.grace_months("long") == 1
    assert settings.grace_months("very_long") == 12
    assert settings.grace_months("very_long", "cafe") == 6
    assert settings.soon_days == 3 and settings.donation_min_hours == 48


# --- intake ---------------------------------------------------------------------------------------

def at(day: dt.date, hour: int) -> dt.datetime:
    """A Paris wall-clock hour in winter (UTC+1)."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS).astimezone(dt.UTC)


def test_hours_left_runs_to_the_end_of_the_expiry_day():
    assert hours_left(dt.date(2026, 11, 30), at(TODAY, 10)) == pytest.approx(62)


def test_dlc_donation_with_48_hours_left_is_accepted():
    assert intake_refusal(DateKind.DLC, dt.date(2026, 11, 29), 0, now=at(TODAY, 0), is_donation=True) is None
    assert intake_refusal(DateKind.DLC, dt.date(2026, 11, 29), 0, now=at(TODAY, 1), is_donation=True)


def test_dlc_donation_with_less_than_48_hours_is_refused_unless_overridden():
    refusal = intake_refusal(DateKind.DLC, dt.date(2026, 11, 29), 0, now=at(TODAY, 10), is_donation=True)
    assert refusal == ("DLC du 29/11/2026 : il reste 38 h, moins des 48 h exigées pour un don "
                       "(décret 2016-1962). Refusez le lot, ou cochez « redistribution rapide » si elle "
                       "est organisée.")
    assert intake_refusal(DateKind.DLC, dt.date(2026, 11, 29), 0, now=at(TODAY, 10), is_donation=True,
                          override=True) is None


def test_48_hour_rule_is_for_donations_of_dlc_food_only():
    short = dt.date(2026, 11, 29)
    assert intake_refusal(DateKind.DLC, short, 0, now=at(TODAY, 10), is_donation=False) is None
    assert intake_refusal(DateKind.DDM, short, 0, now=at(TODAY, 10), is_donation=True) is None


def test_min_hours_is_a_setting():
    assert intake_refusal(DateKind.DLC, dt.date(2026, 11, 29), 0, now=at(TODAY, 10), is_donation=True,
                          min_hours=24) is None


def test_expired_lot_never_enters_even_with_override():
    refusal = intake_refusal(DateKind.DLC, dt.date(2026, 11, 27), 0, now=at(TODAY, 10), is_donation=True,
                             override=True)
    assert refusal == "Lot périmé (DLC du 27/11/2026) : il ne peut pas entrer en stock."
    assert intake_refusal(DateKind.DDM, dt.date(2026, 11, 27), 2, now=at(TODAY, 10), is_donation=True) is None
