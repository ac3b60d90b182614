"""Pure rules of a donation convention (loi Garot): its dates and whether it runs out soon.

No I/O, no clock: `today` is passed in. Messages are French, by form field.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from inventory.expiry import add_months

MAX_DURATION_MONTHS = 120  # conventions run for a year or three; ten years is already a typing error
PLAUSIBLE_YEARS = (2000, 2100)  # a date outside is a typing error (and keeps date arithmetic in range)


class ConventionState(enum.StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    EXPIRING = "expiring"
    EXPIRED = "expired"


@dataclass(frozen=True)
class ConventionDates:
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    duration_months: int | None


def convention_dates(*, signed_on: dt.date | None, starts_on: dt.date | None, duration_months: int | None,
                     ends_on: dt.date | None) -> tuple[ConventionDates | None, dict[str, str]]:
    """The convention's dates from what was typed: a duration in months or an end date (not both
    needed; the end date wins when both are given and agree). French errors by field otherwise."""
    errors: dict[str, str] = {}
    for name, day in (("signed_on", signed_on), ("starts_on", starts_on), ("ends_on", ends_on)):
        if day is not None and not PLAUSIBLE_YEARS[0] <= day.year <= PLAUSIBLE_YEARS[1]:
            errors[name] = f"Date invraisemblable : {day:%d/%m/%Y}."
    if errors:
        return None, errors
    if signed_on is None:
        errors["signed_on"] = "Indiquez la date de signature."
    starts_on = starts_on or signed_on
    if duration_months is not None and not 1 <= duration_months <= MAX_DURATION_MONTHS:
        errors["duration_months"] = f"Durée : entre 1 et {MAX_DURATION_MONTHS} mois."
    elif duration_months is None and ends_on is None:
        errors["ends_on"] = "Indiquez la durée (en mois) ou la date de fin."
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = (f"La fin ({ends_on:%d/%m/%Y}) précède le début ({starts_on:%d/%m/%Y}) de la "
                             "convention.")
    if errors or starts_on is None or signed_on is None:
        return None, errors
    if ends_on is None:
        assert duration_months is not None
        ends_on = add_months(starts_on, duration_months) - dt.timedelta(days=1)
    return ConventionDates(signed_on, starts_on, ends_on, duration_months), {}


def convention_state(starts_on: dt.date, ends_on: dt.date, today: dt.date, warning_days: int) -> ConventionState:
    if today < starts_on:
        return ConventionState.NOT_STARTED
    if today > ends_on:
        return ConventionState.EXPIRED
    if (ends_on - today).days <= warning_days:
        return ConventionState.EXPIRING
    return ConventionState.RUNNING


def state_label(state: ConventionState, ends_on: dt.date, today: dt.date) -> str:
    """« expire dans 30 jours », « expirée depuis le 31/12/2026 »…"""
    if state is ConventionState.NOT_STARTED:
        return "pas encore en vigueur"
    if state is ConventionState.EXPIRED:
        return f"expirée depuis le {ends_on:%d/%m/%Y}"
    left = (ends_on - today).days
    if state is ConventionState.EXPIRING:
        return "expire aujourd'hui" if left == 0 else f"expire dans {left} jour{'s' if left > 1 else ''}"
    return f"en vigueur jusqu'au {ends_on:%d/%m/%Y}"
