"""The household registry kept by social workers on central.

Pseudonymous by design: a card number, the composition, the home site. Names and contact details
(when a social worker needs them) live only on central and are never sent to a site.

Tables marked `info={"central_only": True}` never leave central (the sync must skip them; a test
checks that every table holding contact details, resources or decisions carries the mark). The
other tables of this room are what a site needs at the counter: card, composition, access dates,
allowance grants and the settings that price them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import CENTRAL_ONLY, AppendOnlyRow, Base, SyncedRow
from gers.models import enum_column
from households.columns import Percent
from households.enums import AUDIT_LABELS, HOUSEHOLD_TYPE_LABELS, AuditAction, HouseholdType, Sex


class Household(SyncedRow, Base):
    __tablename__ = "household"

    card_number: Mapped[str] = mapped_column(String(20), unique=True)
    home_site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    household_type: Mapped[HouseholdType] = mapped_column(enum_column(HouseholdType, "household_type"))
    commune: Mapped[str] = mapped_column(String(80), default="")
    last_contact_at: Mapped[dt.datetime | None]
    # Percent of the market price paid, when the commission set one for this household (beats the
    # category and site rates); None = follow the usual rates.
    participation_rate: Mapped[Decimal | None] = mapped_column(Percent)
    # Set by the retention purge: the card number is replaced and nothing links the row to a person.
    anonymised_at: Mapped[dt.datetime | None]

    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="household", cascade="all, delete-orphan", order_by="HouseholdMember.birth_year")

    @property
    def type_label(self) -> str:
        return HOUSEHOLD_TYPE_LABELS[self.household_type]


class HouseholdMember(SyncedRow, Base):
    """A person of the household: birth year and sex only (age bands for reporting), no name."""

    __tablename__ = "household_member"
    __table_args__ = (CheckConstraint("birth_year >= 1900", name="birth_year_plausible"),)

    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True)
    birth_year: Mapped[int]
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, "sex"))

    household: Mapped[Household] = relationship(back_populates="members")


class HouseholdContact(SyncedRow, Base):
    """CENTRAL ONLY. How the social worker reaches the household; never sent to a site, never shown
    at the counter. Every field is optional (collect the minimum: CNIL 2021-028)."""

    __tablename__ = "household_contact"
    __table_args__ = {"info": CENTRAL_ONLY}

    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), unique=True)
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    postal_address: Mapped[str] = mapped_column(String(250), default="")


class HouseholdAudit(AppendOnlyRow, Base):
    """CENTRAL ONLY. Who viewed or changed a household file. The household id carries no foreign
    key on purpose: a purged household leaves its audit trail intact but pointing at nothing."""

    __tablename__ = "household_audit"
    __table_args__ = {"info": CENTRAL_ONLY}

    household_id: Mapped[uuid.UUID] = mapped_column(index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "audit_action"))
    detail: Mapped[str] = mapped_column(String(250), default="")

    @property
    def action_label(self) -> str:
        return AUDIT_LABELS[self.action]


# The other tables of the room register on the same metadata when this module is imported.
from households import access_models, grant_models, settings_models  # noqa: E402, F401
