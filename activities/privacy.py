"""Right of access (RGPD art. 15): what the activities hold about one household — its workshop
registrations, its offers and asks in the bourse, its computer bookings (while they keep its card
number). The registry's export asks this through the composition root (households/ sits below)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from activities.enums import SIDE_LABELS, SKILL_LABELS, TOPIC_LABELS
from activities.models import ComputerBooking, SkillEntry, Workshop, WorkshopRegistration
from households.models import Household
from inventory.models import Site


def export_of(session: Session, household: Household) -> dict[str, list[dict[str, Any]]]:
    sites = dict(session.execute(select(Site.id, Site.name)).all())
    registrations = session.execute(
        select(WorkshopRegistration, Workshop).join(Workshop, Workshop.id == WorkshopRegistration.workshop_id)
        .where(WorkshopRegistration.household_id == household.id).order_by(Workshop.starts_at)).all()
    entries = session.scalars(select(SkillEntry).where(SkillEntry.household_id == household.id)
                              .order_by(SkillEntry.created_at))
    bookings = session.scalars(select(ComputerBooking).where(ComputerBooking.card_number == household.card_number)
                               .order_by(ComputerBooking.starts_at))
    return {
        "ateliers": [{"atelier": workshop.title, "theme": TOPIC_LABELS[workshop.topic],
                      "date": workshop.starts_at.isoformat(), "site": sites.get(workshop.site_id),
                      "annulee": registration.cancelled, "present": registration.attended,
                      "accord_projet_personnel": registration.project_consent}
                     for registration, workshop in registrations],
        "bourse_des_competences": [{"sens": SIDE_LABELS[entry.side], "competence": SKILL_LABELS[entry.skill],
                                    "detail": entry.detail, "site": sites.get(entry.site_id), "close": entry.closed}
                                   for entry in entries],
        "point_informatique": [{"creneau": booking.starts_at.isoformat(), "site": sites.get(booking.site_id),
                                "demarche": booking.procedure.name if booking.procedure else None,
                                "avec_benevole": booking.with_volunteer, "annulee": booking.cancelled}
                               for booking in bookings],
    }
