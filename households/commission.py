"""Requests to the commission, sessions listing files anonymously, decisions and what they open."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gers.models import User
from households import rules
from households.access import DAY, Span, plan_access
from households.access_models import AccessPeriod, AccessRequest, CommissionDecision, CommissionSession
from households.composition import composition
from households.eligibility import Assessment, Figures, assess
from households.enums import (
    AccessKind,
    AuditAction,
    EligibilityMethod,
    Outcome,
    ReferralReason,
    RequestStatus,
    store_reasons,
)
from households.errors import HouseholdError, InvalidInput
from households.grants import create_grant
from households.models import Household
from households.registry import record


@dataclass(frozen=True)
class RequestInput:
    referring_organisation: str
    referring_worker: str
    requested_months: int
    figures: Figures
    method: EligibilityMethod | None = None  # None: the home site's method
    personal_project: str = ""
    reasons: tuple[ReferralReason, ...] = ()  # at least one


def preview(session: Session, household: Household, method: EligibilityMethod | None,
            figures: Figures) -> Assessment:
    """The live result the request form shows (InvalidInput on bad figures)."""
    network = rules.network_rules(session)
    site = rules.site_settings(session, household.home_site_id, network)
    method = method or site.eligibility_method
    return assess(method, figures, site.threshold(method), network.rav_days)


def submit_request(session: Session, household: Household, data: RequestInput, *, actor: User | None,
                   now: dt.datetime, owner_node: str) -> AccessRequest:
    network = rules.network_rules(session)
    errors: dict[str, str] = {}
    if not data.referring_organisation.strip():
        errors["referring_organisation"] = "Indiquez l'organisme qui oriente le foyer."
    if not data.reasons:
        errors["referral_reasons"] = "Choisissez au moins un motif."
    if not network.access_min_months <= data.requested_months <= network.access_max_months:
        errors["requested_months"] = (f"La durée demandée doit être comprise entre {network.access_min_months} "
                                      f"et {network.access_max_months} mois.")
    if pending_request(session, household.id) is not None:
        errors["form"] = "Une demande attend déjà la commission pour ce foyer."
    try:
        result = preview(session, household, data.method, data.figures)
    except InvalidInput as refused:
        errors.update(refused.errors)
    if errors:
        raise InvalidInput(errors)
    figures = data.figures
    request = AccessRequest(
        household_id=household.id, referring_organisation=data.referring_organisation.strip(),
        referring_worker=data.referring_worker.strip(), requested_months=data.requested_months,
        personal_project=data.personal_project.strip()[:250], referral_reasons=store_reasons(data.reasons),
        method=result.method,
        monthly_resources=figures.monthly_resources, fixed_charges=figures.fixed_charges,
        persons=figures.persons, parts=figures.parts, quotient_familial=figures.quotient_familial,
        result_value=result.value, threshold=result.threshold, owner_node=owner_node,
        created_by_id=actor.id if actor else None)
    session.add(request)
    household.last_contact_at = now
    session.flush()
    record(session, household.id, actor, AuditAction.REQUESTED, now, owner_node,
           f"Demande de {data.requested_months} mois")
    return request


def pending_request(session: Session, household_id: uuid.UUID) -> AccessRequest | None:
    return session.scalar(select(AccessRequest).where(AccessRequest.household_id == household_id,
                                                      AccessRequest.status == RequestStatus.PENDING))


def requests_of(session: Session, household_id: uuid.UUID) -> list[AccessRequest]:
    return list(session.scalars(select(AccessRequest).where(AccessRequest.household_id == household_id)
                                .order_by(AccessRequest.created_at.desc())))


def open_session(session: Session, *, site_id: uuid.UUID | None, held_on: dt.date,
                 owner_node: str) -> CommissionSession:
    commission = CommissionSession(site_id=site_id, held_on=held_on, owner_node=owner_node)
    session.add(commission)
    session.flush()
    return commission


def close_session(commission: CommissionSession, now: dt.datetime) -> None:
    commission.closed_at = now


# The workshops a household attended and agreed to have noted in its personal project live in
# activities/, a room above this one: the composition root registers a reader under this key
# (household ids -> {household id: [participations]}), and the commission's agenda asks it.
PARTICIPATION = "households.participation"


@dataclass(frozen=True)
class AgendaItem:
    """One file as the commission sees it: no name, no contact, no referring worker."""

    subject: str  # "request" or "emergency"
    subject_id: uuid.UUID
    card_number: str
    household_type: str
    composition: str
    assessment: str
    requested_months: int | None
    personal_project: str
    emergency_dates: tuple[dt.date, dt.date] | None = None
    household_id: uuid.UUID | None = None


def agenda(session: Session, commission: CommissionSession, today: dt.date) -> list[AgendaItem]:
    """Pending requests and unreviewed emergency accesses of the commission's area."""
    decided_here = {d.request_id or d.emergency_period_id for d in commission.decisions}
    network = rules.network_rules(session)
    items = []
    for request in _pending_requests(session, commission.site_id):
        if request.id not in decided_here:
            items.append(_request_item(request, today, network.adult_age))
    for period, household in _emergencies_to_review(session, commission.site_id):
        if period.id not in decided_here:
            items.append(_emergency_item(period, household, today, network.adult_age))
    return items


def _area(query, site_id: uuid.UUID | None):
    return query if site_id is None else query.where(Household.home_site_id == site_id)


def _pending_requests(session: Session, site_id: uuid.UUID | None) -> list[AccessRequest]:
    query = (select(AccessRequest).join(Household, Household.id == AccessRequest.household_id)
             .where(AccessRequest.status == RequestStatus.PENDING).order_by(AccessRequest.created_at))
    return list(session.scalars(_area(query, site_id)))


def _emergencies_to_review(session: Session, site_id: uuid.UUID | None) -> list[tuple[AccessPeriod, Household]]:
    reviewed = (select(CommissionDecision.emergency_period_id)
                .where(CommissionDecision.emergency_period_id.is_not(None),
                       CommissionDecision.outcome != Outcome.ADJOURNED))
    query = (select(AccessPeriod, Household).join(Household, Household.id == AccessPeriod.household_id)
             .where(AccessPeriod.kind == AccessKind.EMERGENCY, AccessPeriod.id.not_in(reviewed))
             .order_by(AccessPeriod.starts_on))
    return [(p, h) for p, h in session.execute(_area(query, site_id))]


def _request_item(request: AccessRequest, today: dt.date, adult_age: int) -> AgendaItem:
    household = request.household
    members = composition((m.birth_year for m in household.members), today, adult_age)
    result = Assessment(request.method, request.result_value, request.threshold)
    return AgendaItem("request", request.id, household.card_number, household.type_label, members.summary(),
                      result.explanation(), request.requested_months, request.personal_project,
                      household_id=household.id)


def _emergency_item(period: AccessPeriod, household: Household, today: dt.date, adult_age: int) -> AgendaItem:
    members = composition((m.birth_year for m in household.members), today, adult_age)
    return AgendaItem("emergency", period.id, household.card_number, household.type_label, members.summary(),
                      "Accès d'urgence accordé par la coordination, à examiner.", None, "",
                      (period.starts_on, period.ends_on), household.id)


def first_free_day(periods: list[AccessPeriod], day: dt.date) -> dt.date:
    """The first day from `day` not covered by an existing access (a renewal follows the current one)."""
    for period in sorted(periods, key=lambda p: p.starts_on):
        if period.starts_on <= day <= period.ends_on:
            day = period.ends_on + DAY
    return day


def periods_of(session: Session, household_id: uuid.UUID) -> list[AccessPeriod]:
    return list(session.scalars(select(AccessPeriod).where(AccessPeriod.household_id == household_id)
                                .order_by(AccessPeriod.starts_on)))


def subject_household(session: Session, subject_id: uuid.UUID) -> Household | None:
    """The household a request or an emergency access on the agenda is about."""
    request = session.get(AccessRequest, subject_id)
    if request is not None:
        return request.household
    period = session.get(AccessPeriod, subject_id)
    return None if period is None else session.get(Household, period.household_id)


def decide(session: Session, commission: CommissionSession, *, subject_id: uuid.UUID, outcome: Outcome,
           duration_months: int | None, note: str, actor: User | None, now: dt.datetime,
           owner_node: str) -> CommissionDecision:
    """Record a decision; a favourable one opens an access period and its allowance grant."""
    if commission.closed_at is not None:
        raise HouseholdError("Cette commission est close : ouvrez une nouvelle séance.")
    request = session.get(AccessRequest, subject_id)
    emergency = None if request else session.get(AccessPeriod, subject_id)
    if request is None and (emergency is None or emergency.kind is not AccessKind.EMERGENCY):
        raise HouseholdError("Dossier introuvable pour cette commission.")
    household = request.household if request else session.get(Household, emergency.household_id)
    span = _plan(session, household, outcome, duration_months, commission.held_on)
    decision = CommissionDecision(
        id=uuid.uuid4(), session=commission, household_id=household.id,
        request_id=request.id if request else None, emergency_period_id=emergency.id if emergency else None,
        outcome=outcome, duration_months=duration_months if span else None, note=note.strip()[:250],
        decided_by_id=actor.id if actor else None, owner_node=owner_node, created_at=now)
    session.add(decision)
    if span is not None:
        period = AccessPeriod(household_id=household.id, kind=span.kind, starts_on=span.starts_on,
                              ends_on=span.ends_on, decision_id=decision.id, owner_node=owner_node)
        session.add(period)
        session.flush()
        create_grant(session, household, period, today=commission.held_on, owner_node=owner_node)
    if request is not None and outcome is not Outcome.ADJOURNED:
        request.status = RequestStatus.GRANTED if outcome is Outcome.FAVOURABLE else RequestStatus.REFUSED
    household.last_contact_at = now
    session.flush()
    record(session, household.id, actor, AuditAction.DECIDED, now, owner_node, decision.outcome_label)
    return decision


def _plan(session: Session, household: Household, outcome: Outcome, months: int | None,
          held_on: dt.date) -> Span | None:
    """The access a favourable decision opens, checked before anything is written."""
    if outcome is not Outcome.FAVOURABLE:
        return None
    if months is None:
        raise InvalidInput({"duration_months": "Indiquez la durée accordée (en mois)."})
    periods = periods_of(session, household.id)
    return plan_access(periods, first_free_day(periods, held_on), months,
                       rules.access_rules(rules.network_rules(session)))


def decisions_of(session: Session, household_id: uuid.UUID) -> list[CommissionDecision]:
    return list(session.scalars(select(CommissionDecision).where(CommissionDecision.household_id == household_id)
                                .order_by(CommissionDecision.created_at.desc())))
