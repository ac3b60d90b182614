"""Summary tables of the reports room: derived from the journal and the stock ledger, local to central.

Plain `Base` tables without `owner_node`: they never travel (each central rebuilds them from the rows
it holds). Keys are the dimensions reports filter on (day, site, shop, food group, ...); the figures
are signed sums, so a void or a return simply adds negative amounts on the day it happened.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import BigInteger, Date, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from gers.db import Base

Sum = Numeric(14, 2, asdecimal=True)
NO_GROUP = ""  # lines without a food group (vesti-boutique garments)


class _SalesFigures:
    """The key and sums of the sales summaries, per day (SalesDay) and per year (SalesYear)."""

    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shop: Mapped[str] = mapped_column(String(16), primary_key=True)
    food_group: Mapped[str] = mapped_column(String(40), primary_key=True)
    fse_plus: Mapped[bool] = mapped_column(primary_key=True)
    lines: Mapped[int] = mapped_column(BigInteger, default=0)
    grams: Mapped[int] = mapped_column(BigInteger, default=0)
    market_value: Mapped[Decimal] = mapped_column(Sum, default=0)
    paid: Mapped[Decimal] = mapped_column(Sum, default=0)


class SalesDay(_SalesFigures, Base):
    """Journal lines summed per Paris day, site, shop, food group and FSE+ flag."""

    __tablename__ = "report_sales_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)


class EntriesDay(Base):
    """Journal entries (sales, voids, returns) per Paris day, site, shop and kind."""

    __tablename__ = "report_entries_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shop: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    entries: Mapped[int] = mapped_column(BigInteger, default=0)
    grams: Mapped[int] = mapped_column(BigInteger, default=0)
    market_value: Mapped[Decimal] = mapped_column(Sum, default=0)
    paid: Mapped[Decimal] = mapped_column(Sum, default=0)
    allowance_used: Mapped[Decimal] = mapped_column(Sum, default=0)


class TendersDay(Base):
    """Participation collected per Paris day, site, shop and payment method (refunds negative)."""

    __tablename__ = "report_tenders_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shop: Mapped[str] = mapped_column(String(16), primary_key=True)
    method: Mapped[str] = mapped_column(String(16), primary_key=True)
    tenders: Mapped[int] = mapped_column(BigInteger, default=0)
    amount: Mapped[Decimal] = mapped_column(Sum, default=0)


class HouseholdDay(Base):
    """A household's visits (sales) on a Paris day at a site: unique households over any period and
    scope are distinct household ids here, never sums of per-site counts."""

    __tablename__ = "report_household_day"
    __table_args__ = (Index("ix_report_household_day_day_site", "day", "site_id"),)

    household_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    visits: Mapped[int] = mapped_column(default=0)
    market_value: Mapped[Decimal] = mapped_column(Sum, default=0)
    allowance_used: Mapped[Decimal] = mapped_column(Sum, default=0)


class HouseholdYear(Base):
    """A household's visits in a Paris year at a site: the yearly report counts unique households and
    persons from these (one row per household and site it went to), in the database."""

    __tablename__ = "report_household_year"

    year: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # 1 January
    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    visits: Mapped[int] = mapped_column(default=0)


class HouseholdFirst(Base):
    """The day a household first came to any site: new versus returning households."""

    __tablename__ = "report_household_first"

    household_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    first_day: Mapped[dt.date] = mapped_column(Date)


class StockDay(Base):
    """Stock movements that are not the till's (intakes, receipts, losses, counts, dispatches) per Paris
    day, site, food group, kind, loss reason and lot source; kg and market value."""

    __tablename__ = "report_stock_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    food_group: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    reason: Mapped[str] = mapped_column(String(24), primary_key=True)
    source: Mapped[str] = mapped_column(String(24), primary_key=True)
    movements: Mapped[int] = mapped_column(BigInteger, default=0)
    units: Mapped[int] = mapped_column(BigInteger, default=0)
    grams: Mapped[int] = mapped_column(BigInteger, default=0)
    market_value: Mapped[Decimal] = mapped_column(Sum, default=0)


class SalesYear(_SalesFigures, Base):
    """SalesDay summed per Paris year (1 January): the yearly report reads a few hundred rows."""

    __tablename__ = "report_sales_year"

    year: Mapped[dt.date] = mapped_column(Date, primary_key=True)


class EntriesYear(Base):
    """EntriesDay summed per Paris year (1 January)."""

    __tablename__ = "report_entries_year"

    year: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shop: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    entries: Mapped[int] = mapped_column(BigInteger, default=0)
    paid: Mapped[Decimal] = mapped_column(Sum, default=0)


class StockYear(Base):
    """StockDay summed per Paris year (1 January); kept by adding the differences of the days summed
    again (see reports.summaries)."""

    __tablename__ = "report_stock_year"

    year: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    food_group: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    reason: Mapped[str] = mapped_column(String(24), primary_key=True)
    source: Mapped[str] = mapped_column(String(24), primary_key=True)
    movements: Mapped[int] = mapped_column(BigInteger, default=0)
    grams: Mapped[int] = mapped_column(BigInteger, default=0)
    market_value: Mapped[Decimal] = mapped_column(Sum, default=0)


class SummaryCursor(Base):
    """How far the summaries have read: per site, the last journal sequence summed (gapless, so exact)
    and the latest stock movement time summed (re-read with a look-back, see reports.summaries)."""

    __tablename__ = "report_cursor"

    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    journal_sequence: Mapped[int] = mapped_column(BigInteger, default=0)
    movements_until: Mapped[dt.datetime | None]


class ReportSettings(Base):
    """The reports' settings (one row, code "network"); a central without the row uses the defaults of
    reports.settings. A plain table: it stays on central, where the reports are."""

    __tablename__ = "report_settings"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    # Smallest count of households shown or exported by the veille sociale (smaller: secret).
    small_cell_min: Mapped[int]
    # Lower bounds (years) of the age bands after the first one: "3,18,30,65" -> <3, 3-17, ... >=65.
    age_bounds: Mapped[str] = mapped_column(String(60))
    # A household with access not seen for this many days is listed as "no longer coming".
    absent_days: Mapped[int]
    # Sales of the last N days give the daily pace behind the stock cover.
    cover_days: Mapped[int]
