"""Which households a social worker of a site works on: the reach gers.scope applies to the registry.

A household is at a site when the site is its home, holds a share of its allowance or granted it an
access (an emergency), when the site is a mobile unit stopping in its commune, or when this worker
registered it (a family met at Auch but living at Condom stays in the file of the worker who opened
it). The same households, bar the last, as the sync sends to the site's node.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, or_, select

from gers.models import User
from households.access_models import AccessPeriod
from households.enums import AuditAction
from households.grant_models import AllowanceGrant, GrantShare
from households.models import Household, HouseholdAudit
from inventory.models import OpeningSlot


def household_at_site(site_id: uuid.UUID, user: User | None) -> ColumnElement[bool]:
    share = (select(GrantShare.id).join(AllowanceGrant, AllowanceGrant.id == GrantShare.grant_id)
             .where(AllowanceGrant.household_id == Household.id, GrantShare.site_id == site_id))
    access = select(AccessPeriod.id).where(AccessPeriod.household_id == Household.id,
                                           AccessPeriod.granted_at_site_id == site_id)
    villages = select(OpeningSlot.village).where(OpeningSlot.site_id == site_id,  # set for mobile units only
                                                 OpeningSlot.village.is_not(None))
    conditions = [Household.home_site_id == site_id, share.exists(), access.exists(),
                  Household.commune.in_(villages)]
    if user is not None:
        conditions.append(select(HouseholdAudit.id).where(
            HouseholdAudit.household_id == Household.id, HouseholdAudit.action == AuditAction.CREATED,
            HouseholdAudit.user_id == user.id).exists())
    return or_(*conditions)
