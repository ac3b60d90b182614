"""A van's dated stops, and which stop each of its sales or free distributions happened at.

Coordinators write the stops on central: they go down to every node (each site's kiosk shows the
vans' week). The van's node writes the visits (one per journal entry, owner its own code): they go up
to central with the journal, for the figures per stop.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import AppendOnlyRow, Base, SyncedRow
from inventory.models import Site


class TourStop(SyncedRow, Base):
    """One stop of a van on one day: generated from its weekly slots, then edited or cancelled."""

    __tablename__ = "tour_stop"
    __table_args__ = (
        CheckConstraint("opens < closes", name="opens_before_closes"),
        UniqueConstraint("site_id", "day", "opens", name="site_day_opens"),
    )

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)
    commune: Mapped[str] = mapped_column(String(80))
    insee_code: Mapped[str] = mapped_column(String(5), default="")
    place: Mapped[str] = mapped_column(String(120), default="")
    # A cancelled stop stays (the kiosk stops showing it, the calendar says why).
    cancelled: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(200), default="")

    site: Mapped[Site] = relationship()


class StopVisit(AppendOnlyRow, Base):
    """A journal entry of a van (sale, free distribution, void) attached to the stop it happened at."""

    __tablename__ = "tour_stop_visit"

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entry.id"), unique=True)
    stop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tour_stop.id"), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
