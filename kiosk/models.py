"""What the beneficiaries' kiosk shows without a card, beside the opening slots of inventory/:
workshops and « accès aux droits » pages. Coordinators write them on central; every site receives
them by sync (plain SyncedRow tables travel down to every node)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gers.db import Base, SyncedRow
from gers.models import enum_column
from kiosk.enums import WORKSHOP_KIND_LABELS, WorkshopKind


class Workshop(SyncedRow, Base):
    """An atelier or a « bourse des compétences » session; site None: open to the whole network."""

    __tablename__ = "kiosk_workshop"
    __table_args__ = (CheckConstraint("places >= 0 AND places_taken >= 0", name="places_not_negative"),)

    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    kind: Mapped[WorkshopKind] = mapped_column(enum_column(WorkshopKind, "workshop_kind"))
    title: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[dt.datetime]
    place: Mapped[str] = mapped_column(String(200))
    places: Mapped[int]
    places_taken: Mapped[int] = mapped_column(default=0)
    # Withdrawn rather than deleted: an update travels to the sites like any other.
    withdrawn: Mapped[bool] = mapped_column(default=False)

    @property
    def places_left(self) -> int:
        return max(self.places - self.places_taken, 0)

    @property
    def kind_label(self) -> str:
        return WORKSHOP_KIND_LABELS[self.kind]


class RightsPage(SyncedRow, Base):
    """An « accès aux droits » page: who helps with what (CAF, CPAM, CCAS, France Services), where
    and when."""

    __tablename__ = "kiosk_rights_page"

    title: Mapped[str] = mapped_column(String(120))
    who: Mapped[str] = mapped_column(Text)  # what they help with, in short sentences
    place: Mapped[str] = mapped_column(String(200))
    hours: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    withdrawn: Mapped[bool] = mapped_column(default=False)
