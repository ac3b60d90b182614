"""The reports' settings: read from the `report_settings` row, or these defaults (DOMAIN.md)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.indicators import DEFAULT_AGE_BOUNDS, parse_age_bounds
from reports.models import ReportSettings

CODE = "network"


@dataclass(frozen=True)
class Settings:
    small_cell_min: int = 5
    age_bounds: tuple[int, ...] = DEFAULT_AGE_BOUNDS
    absent_days: int = 30
    cover_days: int = 28


def load(session: Session) -> Settings:
    row = session.scalar(select(ReportSettings).where(ReportSettings.code == CODE))
    if row is None:
        return Settings()
    return Settings(row.small_cell_min, parse_age_bounds(row.age_bounds), row.absent_days, row.cover_days)


def save(session: Session, *, small_cell_min: int | None = None, age_bounds: str | None = None,
         absent_days: int | None = None, cover_days: int | None = None) -> Settings:
    """Change some settings (None keeps the current value); ValueError with a French message."""
    current = load(session)
    values = Settings(
        small_cell_min=current.small_cell_min if small_cell_min is None else small_cell_min,
        age_bounds=current.age_bounds if age_bounds is None else parse_age_bounds(age_bounds),
        absent_days=current.absent_days if absent_days is None else absent_days,
        cover_days=current.cover_days if cover_days is None else cover_days)
    if values.small_cell_min < 2:
        raise ValueError("Le seuil du secret statistique doit être d'au moins 2 foyers.")
    if values.absent_days < 1 or values.cover_days < 1:
        raise ValueError("Les durées s'expriment en jours, au moins 1.")
    row = session.scalar(select(ReportSettings).where(ReportSettings.code == CODE))
    if row is None:
        row = ReportSettings(code=CODE)
        session.add(row)
    row.small_cell_min, row.absent_days, row.cover_days = values.small_cell_min, values.absent_days, values.cover_days
    row.age_bounds = ",".join(str(bound) for bound in values.age_bounds)
    session.flush()
    return values
