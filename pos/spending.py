"""What a household has already taken at this site in the current allowance period.

Read from the journal: sales count positive, voids and returns negative, so a return re-credits
the allowance and the quotas exactly — in the period of the sale it gives back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from gers.clock import paris_midnight
from households.allowance import Spending
from inventory.models import Category
from pos.enums import Shop
from pos.models import JournalEntry, JournalLine


def utc_range(first_day: dt.date, last_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Paris calendar days as a half-open UTC interval."""
    return paris_midnight(first_day), paris_midnight(last_day + dt.timedelta(days=1))


def household_spending(session: Session, household_id: uuid.UUID, site_id: uuid.UUID,
                       first_day: dt.date, last_day: dt.date) -> Spending:
    start, end = utc_range(first_day, last_day)
    # A void or a return gives back to the period of the sale it refers to: brought back next month,
    # it must not add to next month's allowance (there is no rollover).
    sale = aliased(JournalEntry)
    counted_at = func.coalesce(sale.created_at, JournalEntry.created_at)
    in_period = (JournalEntry.household_id == household_id, JournalEntry.site_id == site_id,
                 counted_at >= start, counted_at < end)
    spent = session.scalar(select(func.coalesce(func.sum(JournalEntry.allowance_used), 0))
                           .select_from(JournalEntry).outerjoin(sale, JournalEntry.refers_to_id == sale.id)
                           .where(*in_period))
    # The free FSE+ line takes nothing from the quotas of the allowance.
    rows = session.execute(select(Category.code, func.sum(JournalLine.quantity))
                           .join(JournalEntry, JournalLine.entry_id == JournalEntry.id)
                           .outerjoin(sale, JournalEntry.refers_to_id == sale.id)
                           .join(Category, JournalLine.category_id == Category.id)
                           .where(*in_period, JournalEntry.shop != Shop.FSE).group_by(Category.code))
    quantities: dict[str, int] = defaultdict(int)
    for code, quantity in rows:
        quantities[code] += int(quantity)
    return Spending(Decimal(spent).quantize(Decimal("0.01")), dict(quantities))
