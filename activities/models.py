"""Workshops and their registrations, the « bourse des compétences », the computer corner.

Rows follow the sync convention (gers/db.py): a row with a `site_id` written on central goes down to
that site's node only; a row a site node writes (owner_node = its code) goes up to central. Each row
has one writer: a workshop is edited where it was created, a registration (and its attendance) by
the node that took it; places left are counted from the registration rows, never stored, so two
nodes never write the same figure.

No name anywhere: a household is its random id (the counter reads its card), a volunteer of the
bourse a pseudonym. Bookings of the computer keep a card number for a few days only (`activities
purge`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from activities.enums import SIDE_LABELS, SKILL_LABELS, TOPIC_LABELS, Channel, Side, Skill, WorkshopTopic
from gers.db import Base, SyncedRow
from gers.models import enum_column


class Workshop(SyncedRow, Base):
    """An atelier at one site: the coordination (central) or the site's coordinator plans it."""

    __tablename__ = "workshop"
    __table_args__ = (CheckConstraint("places >= 0", name="places_not_negative"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    topic: Mapped[WorkshopTopic] = mapped_column(enum_column(WorkshopTopic, "workshop_topic"))
    title: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[dt.datetime]
    place: Mapped[str] = mapped_column(String(200))
    places: Mapped[int]
    # A volunteer or social worker with an account, or a free name (« Mme Dupont, diététicienne »).
    facilitator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    facilitator_name: Mapped[str] = mapped_column(String(120), default="")
    # Withdrawn rather than deleted: an update travels to the sites like any other.
    withdrawn: Mapped[bool] = mapped_column(default=False)

    registrations: Mapped[list[WorkshopRegistration]] = relationship(back_populates="workshop")

    @property
    def topic_label(self) -> str:
        return TOPIC_LABELS[self.topic]


class WorkshopRegistration(SyncedRow, Base):
    """A household on a workshop's list, written by the site node that took it (counter or kiosk);
    attendance is marked on the same row by the same node after the workshop."""

    __tablename__ = "workshop_registration"
    __table_args__ = (UniqueConstraint("workshop_id", "household_id"),)

    workshop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    # SET NULL: a purged household leaves an anonymous place that still counts in the figures.
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id", ondelete="SET NULL"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "registration_channel"))
    cancelled: Mapped[bool] = mapped_column(default=False)
    attended: Mapped[bool | None]  # None until marked after the workshop
    # The household agreed that its participation be noted in its personal project for the commission.
    project_consent: Mapped[bool] = mapped_column(default=False)

    workshop: Mapped[Workshop] = relationship(back_populates="registrations")


class SkillEntry(SyncedRow, Base):
    """One offer or ask of the bourse: a skill, a short detail, and who — a card's household or a
    volunteer's pseudonym, never a contact: the site puts people in touch."""

    __tablename__ = "skill_entry"

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    side: Mapped[Side] = mapped_column(enum_column(Side, "skill_side"))
    skill: Mapped[Skill] = mapped_column(enum_column(Skill, "skill"))
    detail: Mapped[str] = mapped_column(String(200), default="")
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id", ondelete="SET NULL"))
    pseudonym: Mapped[str] = mapped_column(String(60), default="")
    closed: Mapped[bool] = mapped_column(default=False)

    @property
    def skill_label(self) -> str:
        return SKILL_LABELS[self.skill]

    @property
    def side_label(self) -> str:
        return SIDE_LABELS[self.side]


class SkillExchange(SyncedRow, Base):
    """An offer met an ask: recorded by a coordinator once the people have met (date, hours)."""

    __tablename__ = "skill_exchange"
    __table_args__ = (CheckConstraint("hours > 0", name="hours_positive"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skill_entry.id", ondelete="CASCADE"), index=True)
    ask_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skill_entry.id", ondelete="CASCADE"), index=True)
    skill: Mapped[Skill] = mapped_column(enum_column(Skill, "exchange_skill"))
    exchanged_on: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2, asdecimal=True))

    @property
    def skill_label(self) -> str:
        return SKILL_LABELS[self.skill]


class RightsProcedure(SyncedRow, Base):
    """A procedure people come to the computer corner for (CAF, CPAM, France Travail, impots.gouv,
    ANTS): the steps and the documents to bring. Written on central, read at every site."""

    __tablename__ = "rights_procedure"

    name: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(String(200))
    steps: Mapped[str] = mapped_column(Text)  # one step a line
    documents: Mapped[str] = mapped_column(Text)  # one document a line
    position: Mapped[int] = mapped_column(default=0)
    withdrawn: Mapped[bool] = mapped_column(default=False)

    @property
    def step_lines(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def document_lines(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class ComputerBooking(SyncedRow, Base):
    """A slot of the site's computer. Nothing about the person but a card number (or none), which
    the purge removes after a few days: the figures need only the slot and the procedure."""

    __tablename__ = "computer_booking"

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    procedure_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rights_procedure.id"))
    with_volunteer: Mapped[bool] = mapped_column(default=False)
    card_number: Mapped[str | None] = mapped_column(String(40))
    cancelled: Mapped[bool] = mapped_column(default=False)

    procedure: Mapped[RightsProcedure | None] = relationship()
