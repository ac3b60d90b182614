"""Coordinators' edits of the kiosk's content on central: checked here, French errors, flushed.
Workshops are planned in activities/ (its own screens)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from inventory.models import OpeningSlot, Site
from kiosk.models import RightsPage


class ContentError(ValueError):
    """Refused input; the message is French, for the coordinator."""


@dataclass(frozen=True)
class SlotInput:
    site_id: uuid.UUID
    weekday: int
    opens: dt.time
    closes: dt.time
    village: str = ""
    place: str = ""


@dataclass(frozen=True)
class RightsInput:
    title: str
    who: str
    place: str
    hours: str
    position: int = 0


def _site(session: Session, site_id: uuid.UUID | None) -> Site | None:
    if site_id is None:
        return None
    site = session.get(Site, site_id)
    if site is None:
        raise ContentError("Site inconnu : choisissez un site de la liste.")
    return site


def add_slot(session: Session, data: SlotInput, owner_node: str) -> OpeningSlot:
    _site(session, data.site_id)
    if not 0 <= data.weekday <= 6:
        raise ContentError("Jour inconnu : choisissez un jour de lundi à dimanche.")
    if data.opens >= data.closes:
        raise ContentError("L'heure de fermeture doit suivre l'heure d'ouverture.")
    slot = OpeningSlot(site_id=data.site_id, weekday=data.weekday, opens=data.opens, closes=data.closes,
                       village=data.village.strip() or None, place=data.place.strip() or None,
                       owner_node=owner_node)
    session.add(slot)
    session.flush()
    return slot


def add_rights_page(session: Session, data: RightsInput, owner_node: str) -> RightsPage:
    if not all(text.strip() for text in (data.title, data.who, data.place, data.hours)):
        raise ContentError("Indiquez le titre, qui aide pour quoi, le lieu et les horaires.")
    page = RightsPage(title=data.title.strip(), who=data.who.strip(), place=data.place.strip(),
                      hours=data.hours.strip(), position=data.position, owner_node=owner_node)
    session.add(page)
    session.flush()
    return page

