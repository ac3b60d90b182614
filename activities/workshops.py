"""Workshops: planning, registrations (counter and kiosk), attendance, figures. Services flush; the
edge commits. Places left are counted from the registration rows (one writer per row)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from activities.enums import TOPIC_LABELS, Channel, WorkshopTopic
from activities.errors import ActivityError, Reason
from activities.models import Workshop, WorkshopRegistration
from activities.people import household_here
from gers.clock import paris_midnight, paris_today
from gers.models import User
from inventory.models import Site

MAX_PLACES = 200
SHOWN = 30


@dataclass(frozen=True)
class WorkshopInput:
    site_id: uuid.UUID
    topic: WorkshopTopic
    title: str
    starts_at: dt.datetime
    place: str
    places: int
    facilitator_id: uuid.UUID | None = None
    facilitator_name: str = ""


@dataclass(frozen=True)
class WorkshopLine:
    workshop: Workshop
    taken: int

    @property
    def places_left(self) -> int:
        return max(self.workshop.places - self.taken, 0)


def _check(session: Session, data: WorkshopInput, now: dt.datetime) -> None:
    if session.get(Site, data.site_id) is None:
        raise ActivityError("Site inconnu : choisissez un site de la liste.")
    if not data.title.strip() or not data.place.strip():
        raise ActivityError("Indiquez le titre et le lieu de l'atelier.")
    if not 1 <= data.places <= MAX_PLACES:
        raise ActivityError(f"Nombre de places : indiquez un nombre entre 1 et {MAX_PLACES}.")
    if data.starts_at <= now:
        raise ActivityError("La date de l'atelier est passée : choisissez une date à venir.")
    if data.facilitator_id is not None and session.get(User, data.facilitator_id) is None:
        raise ActivityError("Animateur inconnu : choisissez dans la liste ou écrivez un nom.")


def create(session: Session, data: WorkshopInput, *, now: dt.datetime, owner_node: str) -> Workshop:
    _check(session, data, now)
    workshop = Workshop(owner_node=owner_node, **_values(data))
    session.add(workshop)
    session.flush()
    return workshop


def update(session: Session, workshop: Workshop, data: WorkshopInput, *, now: dt.datetime, node: str) -> None:
    writable(workshop, node)
    _check(session, data, now)
    if data.places < taken(session, workshop.id):
        raise ActivityError("Nombre de places : moins de places que d'inscrits. Désinscrivez d'abord.")
    for name, value in _values(data).items():
        setattr(workshop, name, value)
    session.flush()


def withdraw(session: Session, workshop: Workshop, node: str) -> None:
    writable(workshop, node)
    workshop.withdrawn = True
    session.flush()


def writable(workshop: Workshop, node: str) -> None:
    """One writer per row: a workshop is edited on the node that created it."""
    if workshop.owner_node != node:
        where = "le serveur central" if workshop.owner_node == "CENTRAL" else f"le poste du site {workshop.owner_node}"
        raise ActivityError(f"Cet atelier a été créé depuis {where} : modifiez-le là-bas.")


def _values(data: WorkshopInput) -> dict:
    return {"site_id": data.site_id, "topic": data.topic, "title": data.title.strip(), "starts_at": data.starts_at,
            "place": data.place.strip(), "places": data.places, "facilitator_id": data.facilitator_id,
            "facilitator_name": data.facilitator_name.strip()}


def taken(session: Session, workshop_id: uuid.UUID) -> int:
    return session.scalar(select(func.count()).select_from(WorkshopRegistration).where(
        WorkshopRegistration.workshop_id == workshop_id, ~WorkshopRegistration.cancelled)) or 0


def upcoming(session: Session, site_id: uuid.UUID | None, now: dt.datetime) -> list[WorkshopLine]:
    """Workshops from today on (at one site, or every site), with the places taken."""
    query = select(Workshop).where(~Workshop.withdrawn, Workshop.starts_at >= paris_midnight(paris_today(now)))
    if site_id is not None:
        query = query.where(Workshop.site_id == site_id)
    found = list(session.scalars(query.order_by(Workshop.starts_at).limit(SHOWN)))
    return _lines(session, found)


def recent(session: Session, site_id: uuid.UUID | None, now: dt.datetime, days: int = 30) -> list[WorkshopLine]:
    """Workshops of the last `days` days: their attendance is marked afterwards."""
    query = select(Workshop).where(~Workshop.withdrawn, Workshop.starts_at < now,
                                   Workshop.starts_at >= now - dt.timedelta(days=days))
    if site_id is not None:
        query = query.where(Workshop.site_id == site_id)
    return _lines(session, list(session.scalars(query.order_by(Workshop.starts_at.desc()))))


def _lines(session: Session, workshops: list[Workshop]) -> list[WorkshopLine]:
    counts = Counter(dict(session.execute(
        select(WorkshopRegistration.workshop_id, func.count()).where(
            WorkshopRegistration.workshop_id.in_([w.id for w in workshops]), ~WorkshopRegistration.cancelled)
        .group_by(WorkshopRegistration.workshop_id)).all()))
    return [WorkshopLine(w, counts[w.id]) for w in workshops]


def register(session: Session, workshop: Workshop, card: str, *, site_id: uuid.UUID, channel: Channel,
             now: dt.datetime, owner_node: str) -> WorkshopRegistration:
    """A household on the list, by its card read at this site; nothing written when refused."""
    _open_here(workshop, site_id, now)
    household = household_here(session, card, site_id)
    return register_household(session, workshop, household.id, site_id=site_id, channel=channel, now=now,
                              owner_node=owner_node)


def _open_here(workshop: Workshop, site_id: uuid.UUID, now: dt.datetime) -> None:
    if workshop.site_id != site_id or workshop.withdrawn:
        raise ActivityError("Cet atelier n'a pas lieu sur ce site.", Reason.CARD)
    if workshop.starts_at <= now:
        raise ActivityError("Cet atelier a déjà commencé : les inscriptions sont closes.", Reason.PAST)


def register_household(session: Session, workshop: Workshop, household_id: uuid.UUID, *, site_id: uuid.UUID,
                       channel: Channel, now: dt.datetime, owner_node: str) -> WorkshopRegistration:
    """A household already identified at this site (the kiosk has just read its card)."""
    _open_here(workshop, site_id, now)
    existing = session.scalar(select(WorkshopRegistration).where(
        WorkshopRegistration.workshop_id == workshop.id, WorkshopRegistration.household_id == household_id))
    if existing is not None and not existing.cancelled:
        raise ActivityError("Déjà inscrit : cette carte est déjà sur la liste de cet atelier.", Reason.ALREADY)
    if taken(session, workshop.id) >= workshop.places:
        raise ActivityError("Cet atelier est complet. D'autres dates viendront : demandez à l'accueil.", Reason.FULL)
    if existing is not None:
        if existing.owner_node != owner_node:
            raise ActivityError("Déjà inscrit ailleurs puis désinscrit : demandez à l'accueil.", Reason.ALREADY)
        existing.cancelled = False
        session.flush()
        return existing
    registration = WorkshopRegistration(workshop_id=workshop.id, site_id=site_id, household_id=household_id,
                                        channel=channel, owner_node=owner_node)
    session.add(registration)
    session.flush()
    return registration


def cancel(session: Session, registration: WorkshopRegistration, node: str) -> None:
    if registration.owner_node != node:
        raise ActivityError("Cette inscription a été prise sur un autre poste : annulez-la là-bas.")
    registration.cancelled = True
    session.flush()


def registrations(session: Session, workshop_id: uuid.UUID) -> list[WorkshopRegistration]:
    return list(session.scalars(select(WorkshopRegistration).where(
        WorkshopRegistration.workshop_id == workshop_id, ~WorkshopRegistration.cancelled)
        .order_by(WorkshopRegistration.created_at)))


@dataclass(frozen=True)
class Presence:
    registration_id: uuid.UUID
    attended: bool
    project_consent: bool = False


def mark_attendance(session: Session, workshop: Workshop, marks: list[Presence], *, now: dt.datetime,
                    node: str) -> None:
    """After the workshop: who came. A participation is noted for the commission only when the
    household agreed (the consent box), and only for someone who came."""
    if workshop.starts_at > now:
        raise ActivityError("L'atelier n'a pas encore eu lieu : notez les présences après.")
    rows = {r.id: r for r in registrations(session, workshop.id)}
    for mark in marks:
        row = rows.get(mark.registration_id)
        if row is None:
            raise ActivityError("Inscription introuvable sur la liste de cet atelier.")
        if row.owner_node != node:
            raise ActivityError("Cette inscription a été prise sur un autre poste : notez la présence là-bas.")
        row.attended = mark.attended
        row.project_consent = mark.attended and mark.project_consent
    session.flush()


@dataclass(frozen=True)
class AttendanceFigure:
    month: str  # "2026-12"
    site: str
    topic: str
    workshops: int
    registered: int
    attended: int


def attendance_figures(session: Session, site_id: uuid.UUID | None) -> list[AttendanceFigure]:
    """Counts only, per month, site and kind: no card, no household."""
    query = (select(Workshop, Site.name).join(Site, Site.id == Workshop.site_id).where(~Workshop.withdrawn))
    if site_id is not None:
        query = query.where(Workshop.site_id == site_id)
    rows = session.execute(query).all()
    marks = session.execute(select(WorkshopRegistration.workshop_id, WorkshopRegistration.attended).where(
        ~WorkshopRegistration.cancelled, WorkshopRegistration.workshop_id.in_([w.id for w, _ in rows]))).all()
    registered, attended = Counter(), Counter()
    for workshop_id, came in marks:
        registered[workshop_id] += 1
        attended[workshop_id] += bool(came)
    figures: dict[tuple[str, str, str], list[int]] = {}
    for workshop, site_name in rows:
        key = (paris_today(workshop.starts_at).strftime("%Y-%m"), site_name, TOPIC_LABELS[workshop.topic])
        sums = figures.setdefault(key, [0, 0, 0])
        sums[0] += 1
        sums[1] += registered[workshop.id]
        sums[2] += attended[workshop.id]
    return [AttendanceFigure(*key, *sums) for key, sums in sorted(figures.items())]


@dataclass(frozen=True)
class Participation:
    day: dt.date
    topic: str
    title: str


def noted_participation(session: Session, household_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Participation]]:
    """What the commission may read in a household's personal project: the workshops it attended
    and agreed to have noted. Nothing for a household that did not agree."""
    rows = session.execute(select(WorkshopRegistration.household_id, Workshop).join(
        Workshop, Workshop.id == WorkshopRegistration.workshop_id).where(
        WorkshopRegistration.household_id.in_(household_ids), WorkshopRegistration.project_consent,
        WorkshopRegistration.attended.is_(True), ~WorkshopRegistration.cancelled).order_by(Workshop.starts_at)).all()
    noted: dict[uuid.UUID, list[Participation]] = {}
    for household_id, workshop in rows:
        noted.setdefault(household_id, []).append(
            Participation(paris_today(workshop.starts_at), TOPIC_LABELS[workshop.topic], workshop.title))
    return noted
