"""The kiosk's screens without a card: opening hours, the van's stops, rights pages (the workshops and
the bourse come from activities/); and the coordinators' edits of them on central (services flush,
the view commits)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inventory.enums import SiteKind
from inventory.models import OpeningSlot, Site
from kiosk.models import RightsPage


@dataclass(frozen=True)
class VanStop:
    day: dt.date
    commune: str
    place: str
    opens: dt.time
    closes: dt.time
    unit: str


def opening_hours(session: Session) -> list[Site]:
    """Every fixed site that opens, with its slots (a mobile unit's slots are its stops)."""
    sites = session.scalars(select(Site).where(Site.kind != SiteKind.MOBILE_UNIT)
                            .options(selectinload(Site.opening_slots)).order_by(Site.name))
    return [site for site in sites if any(slot.village is None for slot in site.opening_slots)]


def van_stops(session: Session, today: dt.date, days: int = 7) -> list[VanStop]:
    """The stops of every mobile unit from `today` over the next `days` days, in order."""
    slots = session.scalars(select(OpeningSlot).where(OpeningSlot.village.is_not(None))
                            .options(selectinload(OpeningSlot.site)))
    by_weekday: dict[int, list[OpeningSlot]] = {}
    for slot in slots:
        by_weekday.setdefault(slot.weekday, []).append(slot)
    stops = []
    for offset in range(days):
        day = today + dt.timedelta(days=offset)
        for slot in by_weekday.get(day.weekday(), ()):
            stops.append(VanStop(day, slot.village or "", slot.place or "", slot.opens, slot.closes, slot.site.name))
    return sorted(stops, key=lambda stop: (stop.day, stop.opens, stop.commune))


def rights_pages(session: Session) -> list[RightsPage]:
    return list(session.scalars(select(RightsPage).where(~RightsPage.withdrawn).order_by(RightsPage.position, RightsPage.title)))
