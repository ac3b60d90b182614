"""What the beneficiaries' kiosk shows without a card, beside the opening slots of inventory/ and
the workshops of activities/: « accès aux droits » pages. Coordinators write them on central; every
site receives them by sync (plain SyncedRow tables travel down to every node)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gers.db import Base, SyncedRow


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
