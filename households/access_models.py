"""Requests to the commission, its sessions and decisions (central only), and the access periods
that follow (sent to the sites: the counter checks the dates)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import CENTRAL_ONLY, AppendOnlyRow, Base, SyncedRow
from gers.models import enum_column
from households.enums import (
    ACCESS_KIND_LABELS,
    NO_REASON_LABEL,
    OUTCOME_LABELS,
    REFERRAL_REASON_LABELS,
    AccessKind,
    EligibilityMethod,
    Outcome,
    ReferralReason,
    RequestStatus,
    parse_reasons,
)

if TYPE_CHECKING:
    from households.models import Household


class AccessRequest(SyncedRow, Base):
    """CENTRAL ONLY. A referral by a social worker with the eligibility assessment it rests on."""

    __tablename__ = "access_request"
    __table_args__ = (
        CheckConstraint("monthly_resources >= 0 AND fixed_charges >= 0", name="money_not_negative"),
        CheckConstraint("persons >= 1", name="persons_positive"),
        {"info": CENTRAL_ONLY},
    )

    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"),
                                                    index=True)
    referring_organisation: Mapped[str] = mapped_column(String(120))
    referring_worker: Mapped[str] = mapped_column(String(120))
    requested_months: Mapped[int]
    # A short statement of the personal project (e.g. "solder une dette d'énergie"); nothing medical.
    personal_project: Mapped[str] = mapped_column(String(250), default="")
    # Referral reasons chosen in a fixed list (households.enums.ReferralReason codes, comma-separated):
    # the veille sociale counts them. Empty on requests made before the list existed.
    referral_reasons: Mapped[str] = mapped_column(String(200), default="", server_default="")
    method: Mapped[EligibilityMethod] = mapped_column(enum_column(EligibilityMethod, "eligibility_method"))
    monthly_resources: Mapped[Decimal]
    fixed_charges: Mapped[Decimal]
    persons: Mapped[int]
    parts: Mapped[Decimal | None] = mapped_column(Numeric(5, 2, asdecimal=True))
    quotient_familial: Mapped[Decimal | None]
    result_value: Mapped[Decimal]
    threshold: Mapped[Decimal]
    status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus, "request_status"),
                                                  default=RequestStatus.PENDING)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))

    household: Mapped[Household] = relationship()

    @property
    def below_threshold(self) -> bool:
        return self.result_value <= self.threshold

    @property
    def reasons(self) -> list[ReferralReason]:
        return parse_reasons(self.referral_reasons)

    @property
    def reasons_label(self) -> str:
        return ", ".join(REFERRAL_REASON_LABELS[reason] for reason in self.reasons) or NO_REASON_LABEL


class CommissionSession(SyncedRow, Base):
    """CENTRAL ONLY. A meeting of a local commission (or the departmental one when site is None)."""

    __tablename__ = "commission_session"
    __table_args__ = {"info": CENTRAL_ONLY}

    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("site.id"))
    held_on: Mapped[dt.date]
    closed_at: Mapped[dt.datetime | None]

    decisions: Mapped[list[CommissionDecision]] = relationship(
        back_populates="session", order_by="CommissionDecision.created_at")


class CommissionDecision(AppendOnlyRow, Base):
    """CENTRAL ONLY. History of decisions: never edited; an adjourned file gets a new decision later.
    It rules on a request or on an emergency access granted since the previous session."""

    __tablename__ = "commission_decision"
    __table_args__ = (
        CheckConstraint("(request_id IS NULL) <> (emergency_period_id IS NULL)", name="one_subject"),
        {"info": CENTRAL_ONLY},
    )

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("commission_session.id"), index=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"),
                                                    index=True)
    request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("access_request.id",
                                                                    ondelete="CASCADE"))
    emergency_period_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("access_period.id", ondelete="CASCADE"))
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome, "outcome"))
    duration_months: Mapped[int | None]
    note: Mapped[str] = mapped_column(String(250), default="")
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))

    session: Mapped[CommissionSession] = relationship(back_populates="decisions")

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


class AccessPeriod(SyncedRow, Base):
    """The dates a household may shop. Owned by central, or by the site that granted an emergency.
    No foreign key to the decision: sites receive periods but never the central-only decisions."""

    __tablename__ = "access_period"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="starts_before_ends"),)

    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"),
                                                    index=True)
    kind: Mapped[AccessKind] = mapped_column(enum_column(AccessKind, "access_kind"))
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    decision_id: Mapped[uuid.UUID | None]
    granted_at_site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("site.id"))

    @property
    def kind_label(self) -> str:
        return ACCESS_KIND_LABELS[self.kind]
