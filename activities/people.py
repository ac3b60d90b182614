"""Who takes part, as the activities know them: a household by its card, at this site only."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from activities.errors import ActivityError, Reason
from households import registry
from households.errors import HouseholdError
from households.models import Household
from households.scope import household_at_site

CARD_REFUSED = ("Cette carte n'est pas connue de ce site : vérifiez le numéro, "
                "ou demandez au site où le foyer est suivi.")


def household_here(session: Session, raw: str, site_id: uuid.UUID) -> Household:
    """The household of a card read at this site; one calm refusal for unknown, purged, random or
    another site's cards (the answer says nothing about whether such a household exists)."""
    try:
        household = registry.find(session, raw[:40])
    except HouseholdError:
        raise ActivityError(CARD_REFUSED, Reason.CARD) from None
    here = session.scalar(select(Household.id).where(Household.id == household.id, household_at_site(site_id, None)))
    if here is None or household.anonymised_at is not None:
        raise ActivityError(CARD_REFUSED, Reason.CARD)
    return household


def card_numbers(session: Session, household_ids: set[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    ids = [i for i in household_ids if i is not None]
    if not ids:
        return {}
    return dict(session.execute(select(Household.id, Household.card_number).where(Household.id.in_(ids))).all())
