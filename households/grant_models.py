"""Allowance grants: a value in market euros per period for an access period, its supplements,
its split into site shares and its per-category quantity limits. Central owns them (a site owns
the grant of an emergency access it opened); sites receive them: the till spends its share only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import Base, SyncedRow
from gers.models import enum_column
from households.columns import Percent
from households.enums import PeriodKind


class AllowanceGrant(SyncedRow, Base):
    __tablename__ = "allowance_grant"
    __table_args__ = (
        CheckConstraint("base_value >= 0 AND value >= 0", name="values_not_negative"),
        CheckConstraint("starts_on <= ends_on", name="starts_before_ends"),
    )

    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"),
                                                    index=True)
    access_period_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("access_period.id", ondelete="CASCADE"), unique=True)
    period_kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind, "period_kind"))
    base_value: Mapped[Decimal]  # from the tier table
    value: Mapped[Decimal]  # base + supplements, per period, for all sites together
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]

    supplements: Mapped[list[GrantSupplement]] = relationship(
        cascade="all, delete-orphan", order_by="GrantSupplement.code")
    shares: Mapped[list[GrantShare]] = relationship(cascade="all, delete-orphan",
                                                    order_by="GrantShare.percent.desc()")
    category_limits: Mapped[list[GrantCategoryLimit]] = relationship(cascade="all, delete-orphan")


class GrantSupplement(SyncedRow, Base):
    """A supplement as granted (copied from the rule, so later rule changes do not alter it)."""

    __tablename__ = "allowance_grant_supplement"
    __table_args__ = (CheckConstraint("amount >= 0 AND count >= 1", name="amount_and_count_valid"),)

    grant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allowance_grant.id", ondelete="CASCADE"),
                                                index=True)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    count: Mapped[int]  # eligible members
    amount: Mapped[Decimal]  # total per period for this supplement


class GrantShare(SyncedRow, Base):
    """Part of the allowance a site may spend: two offline nodes can never overspend together."""

    __tablename__ = "allowance_grant_share"
    __table_args__ = (
        UniqueConstraint("grant_id", "site_id"),
        CheckConstraint("percent > 0 AND percent <= 100", name="percent_range"),
    )

    grant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allowance_grant.id", ondelete="CASCADE"),
                                                index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    percent: Mapped[Decimal] = mapped_column(Percent)


class GrantCategoryLimit(SyncedRow, Base):
    """Quantity (pieces) of a category the whole household may take per period."""

    __tablename__ = "allowance_grant_category_limit"
    __table_args__ = (
        UniqueConstraint("grant_id", "category_id"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    )

    grant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allowance_grant.id", ondelete="CASCADE"),
                                                index=True)
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("category.id"))
    quantity: Mapped[int]
