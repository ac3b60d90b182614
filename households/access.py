"""Access periods (pure): status at a date, renewal, waiting period ("carence"), emergency access.

A chain is an initial period followed by its renewals. It ends only after a real break: the
household went `chain_break_months` (by default as long as the carence) without access, or served
the carence. A shorter gap (a commission meeting late, a file sent back) continues the chain, so it
cannot reset the renewals and skip the carence. Once a chain has used its renewals, a new access may
start only after the waiting period. Emergency accesses sit outside chains: they answer an urgent
need (even during a waiting period), the next commission reviews them, and there are at most
`emergency_max_per_year` in any 12 months unless a coordinator gives a reason to exceed it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from gers.formatting import date_fr
from households.enums import AccessKind
from households.errors import InvalidInput

DAY = dt.timedelta(days=1)


class PeriodLike(Protocol):
    kind: AccessKind
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class Span:
    kind: AccessKind
    starts_on: dt.date
    ends_on: dt.date


class AccessStatus(enum.StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"
    ENDED = "ended"
    WAITING = "waiting"
    NONE = "none"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {AccessStatus.ACTIVE: "Accès en cours", AccessStatus.EXPIRING: "Accès bientôt échu",
                 AccessStatus.ENDED: "Accès terminé", AccessStatus.WAITING: "Délai de carence",
                 AccessStatus.NONE: "Sans accès"}


@dataclass(frozen=True)
class AccessRules:
    min_months: int = 3
    max_months: int = 6
    max_renewals: int = 1
    waiting_months: int = 3
    chain_break_months: int = 3  # the network's default is the carence's duration
    expiring_days: int = 15
    emergency_days: int = 14
    emergency_max_per_year: int = 2


class EmergencyLimitReached(InvalidInput):
    """The household already had the maximum of emergency accesses in the last 12 months."""


@dataclass(frozen=True)
class AccessState:
    status: AccessStatus
    ends_on: dt.date | None  # end of the current access (renewals already granted included)
    waiting_until: dt.date | None  # last day of the waiting period, when one applies
    next_starts_on: dt.date | None  # a granted access that has not started yet
    current_kind: AccessKind | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's end (31 January + 1 month = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(starts_on: dt.date, months: int) -> dt.date:
    """Last day of a period of `months` starting on `starts_on` (1 March + 3 months → 31 May)."""
    return add_months(starts_on, months) - DAY


def _sorted(periods: Iterable[PeriodLike]) -> list[PeriodLike]:
    return sorted(periods, key=lambda p: p.starts_on)


def _break_end(chain: Sequence[PeriodLike], rules: AccessRules) -> dt.date:
    """Last day of the gap after the chain that still continues it."""
    return period_end(chain[-1].ends_on + DAY, rules.chain_break_months)


def _starts_new_chain(chain: Sequence[PeriodLike], starts_on: dt.date, rules: AccessRules) -> bool:
    waiting = waiting_until(chain, rules)
    return starts_on > _break_end(chain, rules) or (waiting is not None and starts_on > waiting)


def last_chain(periods: Iterable[PeriodLike], before: dt.date, rules: AccessRules) -> list[PeriodLike]:
    """The ordinary periods of the latest chain that started before `before`."""
    chain: list[PeriodLike] = []
    for period in _sorted(p for p in periods if p.kind is not AccessKind.EMERGENCY):
        if period.starts_on >= before:
            break
        if chain and _starts_new_chain(chain, period.starts_on, rules):
            chain = []
        chain.append(period)
    return chain


def waiting_until(chain: Sequence[PeriodLike], rules: AccessRules) -> dt.date | None:
    """Last day of the waiting period after an exhausted chain, None when renewals remain."""
    if not chain or len(chain) - 1 < rules.max_renewals or rules.waiting_months <= 0:
        return None
    return period_end(chain[-1].ends_on + DAY, rules.waiting_months)


def _contiguous_end(periods: list[PeriodLike], current: PeriodLike) -> dt.date:
    end = current.ends_on
    for period in periods:
        if period.starts_on <= end + DAY and period.ends_on > end:
            end = period.ends_on
    return end


def access_state(periods: Iterable[PeriodLike], today: dt.date, rules: AccessRules) -> AccessState:
    ordered = _sorted(periods)
    upcoming = next((p.starts_on for p in ordered if p.starts_on > today), None)
    current = next((p for p in ordered if p.starts_on <= today <= p.ends_on), None)
    if current is not None:
        end = _contiguous_end(ordered, current)
        status = AccessStatus.EXPIRING if (end - today).days <= rules.expiring_days else AccessStatus.ACTIVE
        return AccessState(status, end, None, upcoming, current.kind)
    past = [p for p in ordered if p.ends_on < today]
    if not past:
        return AccessState(AccessStatus.NONE, None, None, upcoming)
    waiting = waiting_until(last_chain(ordered, today, rules), rules)
    if waiting is not None and today <= waiting:
        return AccessState(AccessStatus.WAITING, past[-1].ends_on, waiting, upcoming)
    return AccessState(AccessStatus.ENDED, past[-1].ends_on, None, upcoming)


def _overlap(periods: Iterable[PeriodLike], starts_on: dt.date, ends_on: dt.date) -> PeriodLike | None:
    return next((p for p in _sorted(periods) if p.starts_on <= ends_on and starts_on <= p.ends_on), None)


def _refuse_overlap(periods: Iterable[PeriodLike], starts_on: dt.date, ends_on: dt.date) -> None:
    clash = _overlap(periods, starts_on, ends_on)
    if clash is not None:
        raise InvalidInput({"starts_on": f"Cette période chevauche un accès existant "
                                         f"(du {date_fr(clash.starts_on)} au {date_fr(clash.ends_on)})."})


def plan_access(periods: Sequence[PeriodLike], starts_on: dt.date, months: int, rules: AccessRules) -> Span:
    """The ordinary period a favourable decision opens: initial or renewal, or a French refusal."""
    if not rules.min_months <= months <= rules.max_months:
        raise InvalidInput({"duration_months": f"La durée doit être comprise entre {rules.min_months} "
                                               f"et {rules.max_months} mois."})
    ends_on = period_end(starts_on, months)
    _refuse_overlap(periods, starts_on, ends_on)
    chain = last_chain(periods, starts_on, rules)
    waiting = waiting_until(chain, rules)
    if chain and waiting is None and not _starts_new_chain(chain, starts_on, rules):
        return Span(AccessKind.RENEWAL, starts_on, ends_on)
    if waiting is not None and starts_on <= waiting:
        renewals = len(chain) - 1
        raise InvalidInput({"starts_on": (
            f"Délai de carence jusqu'au {date_fr(waiting)} : le foyer a déjà eu {renewals} "
            f"renouvellement{'s' if renewals > 1 else ''} (maximum {rules.max_renewals}). "
            "Un accès d'urgence reste possible.")})
    return Span(AccessKind.INITIAL, starts_on, ends_on)


def emergencies_in_year(periods: Iterable[PeriodLike], starts_on: dt.date) -> int:
    """Emergency accesses that started in the 12 months before `starts_on`."""
    since = add_months(starts_on, -12)
    return sum(1 for p in periods if p.kind is AccessKind.EMERGENCY and since < p.starts_on <= starts_on)


def plan_emergency(periods: Sequence[PeriodLike], starts_on: dt.date, rules: AccessRules, *,
                   over_limit: bool = False) -> Span:
    """A short access; beyond the yearly maximum only when a coordinator exceeds it (`over_limit`)."""
    ends_on = starts_on + dt.timedelta(days=rules.emergency_days - 1)
    _refuse_overlap(periods, starts_on, ends_on)
    count = emergencies_in_year(periods, starts_on)
    if count >= rules.emergency_max_per_year and not over_limit:
        raise EmergencyLimitReached({"override_reason": (
            f"Déjà {count} accès d'urgence sur les 12 derniers mois (maximum {rules.emergency_max_per_year}) : "
            "la coordination peut en accorder un de plus en indiquant le motif du dépassement.")})
    return Span(AccessKind.EMERGENCY, starts_on, ends_on)


def check_span(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise InvalidInput({"ends_on": "La fin de la période doit suivre son début."})
