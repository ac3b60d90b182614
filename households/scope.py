"""Which households a social worker of a site works on: the reach gers.scope applies to the registry.

A household is at a site when the site is its home, holds a share of its allowance or granted it an
access (an emergency), or when this worker registered it (a family met at Auch but living at Condom
stays in the file of the worker who opened it).
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, or_, select

from gers.models import User
from households.access_models import AccessPeriod
from households.enums import AuditAction
from households.grant_models import AllowanceGrant, GrantShare
from households.models import Household, HouseholdAudit


def household_at_site(site_id: uuid.UUID, user: User | None) -> ColumnElement[bool]:
    share = (select(GrantShare.id).join(AllowanceGrant, AllowanceGrant.id == GrantShare.grant_id)
             .where(AllowanceGrant.household_id == Household.id, GrantShare.site_id == site_id))
    access = select(AccessPeriod.id).where(AccessPeriod.household_id == Household.id,
                                           AccessPeriod.granted_at_site_id == site_id)
    conditions = [Household.home_site_id == site_id, share.exists(), access.exists()]
    if user is not None:
        conditions.append(select(HouseholdAudit.id).where(
            HouseholdAudit.household_id == Household.id, HouseholdAudit.action == AuditAction.CREATED,
            HouseholdAudit.user_id == user.id).exists())
    return or_(*conditions)
