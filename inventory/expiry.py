"""Expiry rules for lots: statuses, DDM grace, the 48-hour rule for donations. Pure: pass `today`/`now`.

THE RULE FOR THE EXPIRY DAY ITSELF (one rule, used everywhere — shelves, FEFO, dashboard, intake):
the date printed on the pack is *included*. A lot may be distributed until the end of that day, in
Paris local time; it is expired from 00:00 the next day. For a DDM the grace period is counted from
the day after the printed date (DDM 31/01 + 2 months of grace: distributable until 31/03 inclusive).
"Today" is always the Europe/Paris date of the clock (`paris_today`), never the UTC date: at 00:30 in
Auch it is already the next day, while UTC is still on the previous one.

- DLC ("à consommer jusqu'au"): never distributed after the date.
- DDM ("à consommer de préférence avant"): distributable after the date within a grace period by
  shelf-life class — settings, Belgian AFSCA defaults: very long 12 months, long 2 months, short 0.
- Donations of DLC food need at least 48 h of shelf life left when received (décret 2016-1962),
  counted from the moment of receipt to the end of the DLC day; a coordinator may override it when
  faster redistribution is shown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gers.clock import PARIS, paris_today  # paris_today: still imported from here by some modules
from inventory.enums import DateKind, ShelfLife

DEFAULT_DDM_GRACE_MONTHS = {ShelfLife.VERY_LONG.value: 12, ShelfLife.LONG.value: 2, ShelfLife.SHORT.value: 0}


class ExpiryStatus(enum.StrEnum):
    OK = "ok"
    SOON = "soon"
    PAST_DDM_USABLE = "past_ddm_usable"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    ExpiryStatus.OK: "Date correcte",
    ExpiryStatus.SOON: "Date proche",
    ExpiryStatus.PAST_DDM_USABLE: "DDM dépassée, encore distribuable",
    ExpiryStatus.EXPIRED: "Périmé",
}


@dataclass(frozen=True)
class ExpirySettings:
    """Node settings (instance file keys in brackets), DOMAIN.md defaults."""

    ddm_grace_months: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DDM_GRACE_MONTHS))
    category_grace_months: Mapping[str, int] = field(default_factory=dict)  # category code → months
    soon_days: int = 7
    donation_min_hours: int = 48

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ExpirySettings:
        """Read [STOCK_DDM_GRACE_MONTHS], [STOCK_CATEGORY_GRACE_MONTHS], [STOCK_SOON_DAYS],
        [STOCK_DONATION_MIN_HOURS]; missing keys keep the defaults."""
        grace = {**DEFAULT_DDM_GRACE_MONTHS, **dict(config.get("STOCK_DDM_GRACE_MONTHS") or {})}
        return cls(ddm_grace_months={k: int(v) for k, v in grace.items()},
                   category_grace_months={k: int(v) for k, v in
                                          dict(config.get("STOCK_CATEGORY_GRACE_MONTHS") or {}).items()},
                   soon_days=int(config.get("STOCK_SOON_DAYS", 7)),
                   donation_min_hours=int(config.get("STOCK_DONATION_MIN_HOURS", 48)))

    def grace_months(self, shelf_life: ShelfLife | str, category_code: str | None = None) -> int:
        if category_code is not None and category_code in self.category_grace_months:
            return self.category_grace_months[category_code]
        return self.ddm_grace_months[ShelfLife(shelf_life).value]


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the end of a shorter month (31/01 + 1 → 28 or 29/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_usable_day(date_kind: DateKind | str, expiry_date: dt.date | None, grace_months: int) -> dt.date | None:
    """Last day the lot may be distributed (inclusive), or None when it never expires."""
    kind = DateKind(date_kind)
    if expiry_date is None or kind is DateKind.NONE:
        return None
    if kind is DateKind.DLC:
        return expiry_date
    return add_months(expiry_date, grace_months)


def expiry_status(date_kind: DateKind | str, expiry_date: dt.date | None, grace_months: int,
                  today: dt.date, soon_days: int = 7) -> ExpiryStatus:
    usable = last_usable_day(date_kind, expiry_date, grace_months)
    if usable is None:
        return ExpiryStatus.OK
    if today > usable:
        return ExpiryStatus.EXPIRED
    if DateKind(date_kind) is DateKind.DDM and expiry_date is not None and today > expiry_date:
        return ExpiryStatus.PAST_DDM_USABLE
    if (usable - today).days <= soon_days:
        return ExpiryStatus.SOON
    return ExpiryStatus.OK


def is_distributable(date_kind: DateKind | str, expiry_date: dt.date | None, grace_months: int,
                     today: dt.date) -> bool:
    usable = last_usable_day(date_kind, expiry_date, grace_months)
    return usable is None or today <= usable


def hours_left(expiry_date: dt.date, now: dt.datetime) -> float:
    """Hours from `now` to the end of the expiry day (00:00 Paris the next day)."""
    end = dt.datetime.combine(expiry_date + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
    return (end - now).total_seconds() / 3600


def intake_refusal(date_kind: DateKind | str, expiry_date: dt.date | None, grace_months: int, *,
                   now: dt.datetime, is_donation: bool, min_hours: int = 48,
                   override: bool = False) -> str | None:
    """Why a lot may not enter stock (French), or None. An expired lot is never accepted."""
    today = paris_today(now)
    if not is_distributable(date_kind, expiry_date, grace_months, today):
        return (f"Lot périmé ({DateKind(date_kind).value} du {_fr(expiry_date)}) : il ne peut pas entrer en "
                f"stock.")
    if DateKind(date_kind) is not DateKind.DLC or not is_donation or expiry_date is None or override:
        return None
    left = hours_left(expiry_date, now)
    if left >= min_hours:
        return None
    return (f"DLC du {_fr(expiry_date)} : il reste {int(left)} h, moins des {min_hours} h exigées pour un don "
            f"(décret 2016-1962). Refusez le lot, ou cochez « redistribution rapide » si elle est organisée.")


def _fr(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "?"
