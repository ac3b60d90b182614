"""The kiosk's screens without a card: opening hours, the vans' dated stops (tours), rights pages (the
workshops and the bourse come from activities/); and the coordinators' edits of them on central
(services flush, the view commits)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inventory.enums import SiteKind
from inventory.models import Site
from kiosk.models import RightsPage
from tours.services import stops_between


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
    """The dated stops of every mobile unit from `today` over the next `days` days, in order; a
    cancelled stop is not shown (the coordinators' calendar keeps it, with its reason)."""
    stops = stops_between(session, today, today + dt.timedelta(days=days - 1), with_cancelled=False)
    return [VanStop(stop.day, stop.commune, stop.place, stop.opens, stop.closes, stop.site.name) for stop in stops]


def rights_pages(session: Session) -> list[RightsPage]:
    return list(session.scalars(select(RightsPage).where(~RightsPage.withdrawn).order_by(RightsPage.position, RightsPage.title)))
