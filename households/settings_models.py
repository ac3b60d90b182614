"""Settings of the registry: data with DOMAIN.md defaults (seeded by the migration), edited by
coordinators, never constants in code. Central owns them; sites receive them (they price the till).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gers.db import Base, SyncedRow
from gers.models import enum_column
from households.columns import Percent
from households.enums import EligibilityMethod, PeriodKind, PurgeMode


class NetworkRules(SyncedRow, Base):
    """The network-wide rules: one row (code "network"). Site rules fall back on its defaults."""

    __tablename__ = "household_network_rules"
    __table_args__ = (
        CheckConstraint("access_min_months >= 1 AND access_min_months <= access_max_months",
                        name="access_months_ordered"),
        CheckConstraint("participation_min >= 0 AND participation_min <= participation_max "
                        "AND participation_max <= 100", name="participation_bounds"),
    )

    code: Mapped[str] = mapped_column(String(20), unique=True)
    access_min_months: Mapped[int]
    access_max_months: Mapped[int]
    access_default_months: Mapped[int]
    max_renewals: Mapped[int]
    waiting_months: Mapped[int]
    # A chain of accesses ends only after this long without access (default: the carence), so a
    # short gap cannot reset the renewals and skip the carence.
    chain_break_months: Mapped[int]
    expiring_days: Mapped[int]
    emergency_days: Mapped[int]
    # Beyond this many emergency accesses in 12 months, only a coordinator with a logged reason.
    emergency_max_per_year: Mapped[int]
    retention_months: Mapped[int]
    purge_mode: Mapped[PurgeMode] = mapped_column(enum_column(PurgeMode, "purge_mode"))
    # ANDES charter: the participation is 10 % to 30 % of the market price.
    participation_min: Mapped[Decimal] = mapped_column(Percent)
    participation_max: Mapped[Decimal] = mapped_column(Percent)
    default_participation_rate: Mapped[Decimal] = mapped_column(Percent)
    default_rav_threshold: Mapped[Decimal]
    default_qf_threshold: Mapped[Decimal]
    default_eligibility_method: Mapped[EligibilityMethod] = mapped_column(
        enum_column(EligibilityMethod, "eligibility_method"))
    default_period_kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind, "period_kind"))
    rav_days: Mapped[int]  # RAV = (resources − charges) / persons / rav_days
    adult_age: Mapped[int]
    # CAF parts: 2 for the parent(s), 0.5 for each of the first two children, 1 from the third.
    parts_adults: Mapped[Decimal]
    parts_first_children: Mapped[Decimal]
    parts_first_children_count: Mapped[int]
    parts_next_children: Mapped[Decimal]
    card_prefix: Mapped[str] = mapped_column(String(8))
    card_digits: Mapped[int]
    # Central issues serials up to this one; blocks above are lent to sites for emergency cards.
    central_card_last: Mapped[int]


class SiteRules(SyncedRow, Base):
    """A site's own thresholds and default participation (a site without a row uses the network's)."""

    __tablename__ = "household_site_rules"
    __table_args__ = (
        CheckConstraint("rav_threshold >= 0", name="rav_threshold_not_negative"),
        CheckConstraint("qf_threshold >= 0", name="qf_threshold_not_negative"),
        CheckConstraint("emergency_card_first <= emergency_card_last", name="card_block_ordered"),
    )

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), unique=True)
    eligibility_method: Mapped[EligibilityMethod] = mapped_column(
        enum_column(EligibilityMethod, "eligibility_method"))
    rav_threshold: Mapped[Decimal]
    qf_threshold: Mapped[Decimal]
    participation_rate: Mapped[Decimal] = mapped_column(Percent)
    # Serials this site may give to households it registers in an emergency (offline, no central).
    emergency_card_first: Mapped[int | None]
    emergency_card_last: Mapped[int | None]


class AllowanceTier(SyncedRow, Base):
    """Allowance by composition: base for the tier's adults, plus each further adult and each child,
    capped. The tier with the most adults not above the household's adults applies. An adult counts
    at least as much as a child (a 19-year-old never lowers what a 17-year-old brought)."""

    __tablename__ = "allowance_tier"
    __table_args__ = (
        UniqueConstraint("period_kind", "adults"),
        CheckConstraint("adults >= 1", name="adults_positive"),
        CheckConstraint("base_amount >= 0 AND per_child_amount >= 0", name="amounts_not_negative"),
        CheckConstraint("per_adult_amount >= per_child_amount", name="adult_counts_as_a_child"),
    )

    period_kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind, "period_kind"))
    adults: Mapped[int]
    base_amount: Mapped[Decimal]
    per_adult_amount: Mapped[Decimal]
    per_child_amount: Mapped[Decimal]
    cap_amount: Mapped[Decimal | None]


class SupplementRule(SyncedRow, Base):
    """A supplement per member younger than `under_age` (e.g. infants under 3: milk, nappies)."""

    __tablename__ = "allowance_supplement_rule"
    __table_args__ = (
        UniqueConstraint("code", "period_kind"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    period_kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind, "period_kind"))
    under_age: Mapped[int]
    amount: Mapped[Decimal]
    active: Mapped[bool] = mapped_column(default=True)


class CategoryRule(SyncedRow, Base):
    """Per category: a participation rate beating the site's, and a quantity limit per period
    (`quota_base` + `quota_per_person` × persons; no limit when quota_base is None)."""

    __tablename__ = "household_category_rule"
    __table_args__ = (CheckConstraint("quota_base >= 0 AND quota_per_person >= 0",
                                      name="quota_not_negative"),)

    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"),
                                                   unique=True)
    participation_rate: Mapped[Decimal | None] = mapped_column(Percent)
    quota_base: Mapped[int | None]
    quota_per_person: Mapped[int] = mapped_column(default=0)


class AgeBand(SyncedRow, Base):
    """Reporting age bands (<3, 3–17, 18–29, 30–64, ≥65): data, partners may change them."""

    __tablename__ = "age_band"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    label: Mapped[str] = mapped_column(String(40))
    min_age: Mapped[int]
    max_age: Mapped[int | None]  # inclusive; None = no upper bound
