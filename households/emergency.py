"""Emergency access opened by a coordinator at a site (or on central): short, flagged for the next
commission. Works offline on a site node: the period and its grant are owned by that site."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gers.models import Role, User
from households import registry, rules
from households.access import emergencies_in_year, plan_emergency
from households.access_models import AccessPeriod
from households.commission import periods_of
from households.enums import AuditAction
from households.errors import HouseholdError, InvalidInput
from households.grants import create_grant
from households.models import Household
from households.registry import HouseholdInput, record


def grant_emergency(session: Session, household: Household, *, site_id: uuid.UUID, actor: User | None,
                    today: dt.date, now: dt.datetime, owner_node: str, override_reason: str = "") -> AccessPeriod:
    """A short access now. Beyond the yearly maximum, only a coordinator giving a reason (logged)."""
    access = rules.access_rules(rules.network_rules(session))
    periods = periods_of(session, household.id)
    over_limit = (emergencies_in_year(periods, today) >= access.emergency_max_per_year
                  and _may_exceed(actor, override_reason))
    span = plan_emergency(periods, today, access, over_limit=over_limit)
    period = AccessPeriod(household_id=household.id, kind=span.kind, starts_on=span.starts_on,
                          ends_on=span.ends_on, granted_at_site_id=site_id, owner_node=owner_node)
    session.add(period)
    session.flush()
    create_grant(session, household, period, today=today, owner_node=owner_node, share_site_id=site_id)
    household.last_contact_at = now
    detail = f"Urgence jusqu'au {span.ends_on.isoformat()}"
    if over_limit:
        detail += f" ; maximum annuel dépassé par la coordination : {override_reason.strip()}"
    record(session, household.id, actor, AuditAction.EMERGENCY, now, owner_node, detail)
    return period


def _may_exceed(actor: User | None, reason: str) -> bool:
    """A reason counts only from a coordinator: the maximum is theirs to exceed, and it is logged."""
    if not reason.strip():
        return False
    if actor is None or actor.role not in (Role.COORDINATOR, Role.ADMIN):
        raise InvalidInput({"override_reason": "Seule la coordination peut dépasser le maximum d'accès "
                                               "d'urgence."})
    return True


def next_emergency_card(session: Session, site_id: uuid.UUID) -> str:
    """The next card of the block of serials lent to this site (it may be offline for days)."""
    settings = rules.site_settings(session, site_id)
    if settings.emergency_card_first is None or settings.emergency_card_last is None:
        raise HouseholdError("Ce site n'a pas de plage de numéros de carte d'urgence : demandez-en une "
                             "à la coordination.")
    cards = rules.card_format(rules.network_rules(session))
    first, last = cards.format(settings.emergency_card_first), cards.format(settings.emergency_card_last)
    highest = session.scalar(select(func.max(Household.card_number)).where(
        Household.card_number >= first, Household.card_number <= last))
    serial = cards.serial(highest) + 1 if highest else settings.emergency_card_first
    if serial > settings.emergency_card_last:
        raise HouseholdError("La plage de cartes d'urgence de ce site est épuisée : demandez-en une nouvelle.")
    return cards.format(serial)


def register_in_emergency(session: Session, data: HouseholdInput, *, site_id: uuid.UUID,
                          actor: User | None, today: dt.date, now: dt.datetime,
                          owner_node: str, override_reason: str = "") -> tuple[Household, AccessPeriod]:
    """A household unknown here: a card from the site's block, then the emergency access."""
    data = HouseholdInput(home_site_id=data.home_site_id or site_id, household_type=data.household_type,
                          members=data.members, commune=data.commune,
                          card_number=next_emergency_card(session, site_id))
    household = registry.register(session, data, actor=actor, now=now, owner_node=owner_node, today=today)
    return household, grant_emergency(session, household, site_id=site_id, actor=actor, today=today,
                                      now=now, owner_node=owner_node, override_reason=override_reason)
