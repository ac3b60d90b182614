"""What the kiosk shows for a card: only what its holder needs, never a name, never income.

A card that this site cannot serve (not one of ours, unknown, purged, or a household of another site)
gives one and the same calm answer: the screen says nothing about whether such a household exists.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from gers.clock import paris_today
from households import registry
from households.access import AccessStatus
from households.allowance import remaining
from households.errors import HouseholdError
from households.services import counter_lookup
from pos.enums import EntryKind
from pos.models import JournalEntry
from pos.spending import household_spending

VISITS_SHOWN = 5


class CardOutcome(enum.Enum):
    OPEN = "open"  # access open: allowance, quotas, dates
    CLOSED = "closed"  # a household of this site whose access is not open today
    NOT_HERE = "not_here"  # not a card this site can read: unknown, foreign, purged, another site


@dataclass(frozen=True)
class QuotaLeft:
    label: str
    left: int
    limit: int


@dataclass(frozen=True)
class CardView:
    outcome: CardOutcome
    allowance_left: Decimal | None = None
    allowance_value: Decimal | None = None
    period_ends_on: dt.date | None = None
    renews_on: dt.date | None = None  # None when the access ends before a new period starts
    quotas: tuple[QuotaLeft, ...] = ()
    access_ends_on: dt.date | None = None
    renewal_soon: bool = False  # the access ends soon: book the renewal appointment
    visits: tuple[dt.date, ...] = ()
    household_id: uuid.UUID | None = None  # never shown: the sign-up forms carry it signed (views.py)


NOT_HERE = CardView(CardOutcome.NOT_HERE)
CLOSED = CardView(CardOutcome.CLOSED)


def read_card(session: Session, raw: str, site_id: uuid.UUID, now: dt.datetime) -> CardView:
    today = paris_today(now)
    try:
        household = registry.find(session, raw)
    except HouseholdError:
        return NOT_HERE
    if household.anonymised_at is not None:
        return NOT_HERE
    seen = counter_lookup(session, household.card_number, site_id, today)
    if seen.grant is None:
        # Another site's household learns nothing here, not even that its access is open.
        open_now = seen.access_status in (AccessStatus.ACTIVE, AccessStatus.EXPIRING)
        return CLOSED if household.home_site_id == site_id and not open_now else NOT_HERE
    if not seen.may_shop:
        return CLOSED
    grant = seen.grant
    spent = household_spending(session, household.id, site_id, grant.period_starts_on, grant.period_ends_on)
    left = remaining(grant.terms, spent, today)
    next_period = left.period_ends_on + dt.timedelta(days=1)
    quotas = tuple(QuotaLeft(left.labels.get(code, code), left.quotas[code], limit)
                   for code, limit in sorted(left.limits.items(), key=lambda item: left.labels.get(item[0], "")))
    return CardView(CardOutcome.OPEN, allowance_left=left.allowance, allowance_value=left.site_value,
                    period_ends_on=left.period_ends_on,
                    renews_on=next_period if seen.access_ends_on and next_period <= seen.access_ends_on else None,
                    quotas=quotas, access_ends_on=seen.access_ends_on,
                    renewal_soon=seen.access_status is AccessStatus.EXPIRING,
                    visits=last_visits(session, household.id, site_id), household_id=household.id)


def last_visits(session: Session, household_id: uuid.UUID, site_id: uuid.UUID) -> tuple[dt.date, ...]:
    """The Paris days of the household's last purchases at this site, newest first."""
    stamps = session.scalars(select(JournalEntry.created_at).where(
        JournalEntry.household_id == household_id, JournalEntry.site_id == site_id,
        JournalEntry.kind == EntryKind.SALE).order_by(JournalEntry.created_at.desc()).limit(50))
    days: list[dt.date] = []
    for stamp in stamps:
        day = paris_today(stamp)
        if day not in days:
            days.append(day)
    return tuple(days[:VISITS_SHOWN])
