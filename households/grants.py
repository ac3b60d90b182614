"""Allowance grants: computed from the settings when an access opens, then shares and the household's
participation rate adjusted by coordinators."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gers.models import User
from households import rules
from households.access_models import AccessPeriod
from households.allowance import GrantTerms
from households.composition import composition
from households.enums import AuditAction, PeriodKind
from households.errors import InvalidInput
from households.grant_models import AllowanceGrant, GrantCategoryLimit, GrantShare, GrantSupplement
from households.models import Household
from households.registry import record
from households.shares import check_shares
from households.tiers import allowance_value, category_quotas
from inventory.models import Category, Site


def create_grant(session: Session, household: Household, period: AccessPeriod, *, today: dt.date,
                 owner_node: str, period_kind: PeriodKind | None = None,
                 share_site_id: uuid.UUID | None = None) -> AllowanceGrant:
    """The grant of an access period: tier + supplements, quotas, 100 % to the home site (or to the
    site that opened an emergency access)."""
    network = rules.network_rules(session)
    kind = period_kind or network.default_period_kind
    members = composition((m.birth_year for m in household.members), today, network.adult_age)
    value = allowance_value(rules.tiers(session), rules.supplement_rules(session), kind, members)
    grant = AllowanceGrant(household_id=household.id, access_period_id=period.id, period_kind=kind,
                           base_value=value.base, value=value.total, starts_on=period.starts_on,
                           ends_on=period.ends_on, owner_node=owner_node)
    grant.supplements = [GrantSupplement(code=s.code, label=s.label, count=s.count, amount=s.amount,
                                         owner_node=owner_node) for s in value.supplements]
    grant.shares = [GrantShare(site_id=share_site_id or household.home_site_id, percent=Decimal(100),
                               owner_node=owner_node)]
    grant.category_limits = [GrantCategoryLimit(category_id=category_id, quantity=quantity,
                                                owner_node=owner_node)
                             for category_id, quantity in _quotas(session, members.persons).items()]
    session.add(grant)
    session.flush()
    return grant


def _quotas(session: Session, persons: int) -> dict[uuid.UUID, int]:
    limits = {category.id: (rule.quota_base, rule.quota_per_person)
              for category, rule in rules.category_rules(session) if rule is not None}
    return category_quotas(limits, persons)


def grants_of(session: Session, household_id: uuid.UUID) -> list[AllowanceGrant]:
    return list(session.scalars(
        select(AllowanceGrant).where(AllowanceGrant.household_id == household_id)
        .options(selectinload(AllowanceGrant.shares), selectinload(AllowanceGrant.supplements),
                 selectinload(AllowanceGrant.category_limits))
        .order_by(AllowanceGrant.starts_on.desc())))


def set_shares(session: Session, grant: AllowanceGrant, shares: dict[uuid.UUID, Decimal], *,
               actor: User | None, now: dt.datetime, owner_node: str) -> None:
    """Replace the grant's site shares; they must sum to 100 % over shops of the network."""
    check_shares(shares)
    sites = {s.id: s for s in session.scalars(select(Site).where(Site.id.in_(shares)))}
    if any(site_id not in sites or not sites[site_id].has_epicerie for site_id in shares):
        raise InvalidInput({"shares": "Une part ne peut aller qu'à une épicerie ou une unité mobile du réseau."})
    existing = {share.site_id: share for share in grant.shares}
    grant.shares = [_share(existing.get(site_id), site_id, percent, owner_node)
                    for site_id, percent in shares.items()]
    session.flush()
    detail = ", ".join(f"{sites[i].code} {p.normalize():f} %" for i, p in shares.items())
    record(session, grant.household_id, actor, AuditAction.GRANT_CHANGED, now, owner_node, f"Parts : {detail}")


def _share(row: GrantShare | None, site_id: uuid.UUID, percent: Decimal, owner_node: str) -> GrantShare:
    row = row or GrantShare(site_id=site_id, owner_node=owner_node)
    row.percent = percent
    return row


def grant_terms(session: Session, grant: AllowanceGrant, site_id: uuid.UUID) -> GrantTerms | None:
    """What the pure allowance function needs for this site; None when the site has no share."""
    share = next((s for s in grant.shares if s.site_id == site_id), None)
    if share is None:
        return None
    categories = {c.id: c for c in session.scalars(select(Category).where(
        Category.id.in_([limit.category_id for limit in grant.category_limits])))}
    return GrantTerms(
        period_kind=grant.period_kind, period_value=grant.base_value, starts_on=grant.starts_on,
        ends_on=grant.ends_on, site_share_percent=share.percent,
        shares={str(s.site_id): s.percent for s in grant.shares}, site_key=str(site_id),
        supplements=tuple(s.amount for s in grant.supplements),
        category_limits={categories[limit.category_id].code: limit.quantity for limit in grant.category_limits},
        category_labels={c.code: c.label for c in categories.values()})
