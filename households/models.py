"""The household registry kept by social workers on central.

Pseudonymous by design: a card number, the composition, the home site. Names and contact details
(when a social worker needs them) live only on central and are never sent to a site.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import Base, SyncedRow
from gers.models import enum_column


class HouseholdType(enum.StrEnum):
    SINGLE = "single"
    COUPLE = "couple"
    COUPLE_WITH_CHILDREN = "couple_with_children"
    SINGLE_PARENT = "single_parent"
    OTHER = "other"


HOUSEHOLD_TYPE_LABELS = {
    HouseholdType.SINGLE: "Personne seule",
    HouseholdType.COUPLE: "Couple sans enfant",
    HouseholdType.COUPLE_WITH_CHILDREN: "Couple avec enfant(s)",
    HouseholdType.SINGLE_PARENT: "Famille monoparentale",
    HouseholdType.OTHER: "Autre",
}


class Sex(enum.StrEnum):
    FEMALE = "F"
    MALE = "M"
    UNSTATED = "X"


class Household(SyncedRow, Base):
    __tablename__ = "household"

    card_number: Mapped[str] = mapped_column(String(20), unique=True)
    home_site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    household_type: Mapped[HouseholdType] = mapped_column(enum_column(HouseholdType, "household_type"))
    commune: Mapped[str] = mapped_column(String(80), default="")
    last_contact_at: Mapped[dt.datetime | None]

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
