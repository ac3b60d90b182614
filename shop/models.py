"""A site's own records of its cold chain and of the lots it holds back (plan de maîtrise sanitaire).

Written on the site node (owner_node = the node's code), they go up to central by sync.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gers.db import AppendOnlyRow, Base, SyncedRow
from inventory.stock_models import Lot


class ColdUnit(SyncedRow, Base):
    """A cold room, refrigerator, freezer or van of a site; `location` is the stock location of what
    it holds, `limit_class` its temperature class (a key of the COLD_CHAIN_CLASSES setting)."""

    __tablename__ = "cold_unit"
    __table_args__ = (UniqueConstraint("site_id", "code"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))  # cold_room | fridge | freezer | van
    limit_class: Mapped[str] = mapped_column(String(20))
    location: Mapped[str] = mapped_column(String(32), default="")
    active: Mapped[bool] = mapped_column(default=True)


class TemperatureReading(AppendOnlyRow, Base):
    """One reading, typed or scanned: never edited (a wrong reading is followed by a right one)."""

    __tablename__ = "temperature_reading"

    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cold_unit.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    celsius: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    limit_celsius: Mapped[Decimal] = mapped_column(Numeric(4, 1))  # the limit in force when taken
    moment: Mapped[str] = mapped_column(String(20))  # morning | evening | ramasse | arrival
    taken_at: Mapped[dt.datetime]
    out_of_range: Mapped[bool] = mapped_column(default=False)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))

    unit: Mapped[ColdUnit] = relationship()


class LotHold(SyncedRow, Base):
    """A lot put on hold (quarantine) at a site: its stock there is moved to the quarantine location,
    which neither the till nor dispatch picking ever takes, until it is released with a reason."""

    __tablename__ = "lot_hold"

    lot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lot.id"), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    from_location: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(String(300))
    held_at: Mapped[dt.datetime]
    released_at: Mapped[dt.datetime | None]
    release_reason: Mapped[str] = mapped_column(String(300), default="")
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))

    lot: Mapped[Lot] = relationship()
