"""Input builders shared by the household tests (plain functions; fixtures live in conftest)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from households import commission
from households.eligibility import Figures
from households.enums import HouseholdType, ReferralReason, Sex
from households.registry import HouseholdInput, MemberInput

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


def nbsp(text: str) -> str:
    """Babel puts a no-break space before €; tests read it as a plain space."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def household_input(site, *years, kind=HouseholdType.SINGLE, **fields) -> HouseholdInput:
    members = tuple(MemberInput(y, Sex.FEMALE) for y in (years or (1980,)))
    return HouseholdInput(home_site_id=site.id, household_type=kind, members=members, commune="Auch", **fields)


def request_input(**fields) -> commission.RequestInput:
    values = dict(referring_organisation="CCAS d'Auch", referring_worker="Mme Travailleuse",
                  requested_months=3, figures=Figures(Decimal("900"), Decimal("600"), 1),
                  reasons=(ReferralReason.JOB_LOSS,))
    values.update(fields)
    return commission.RequestInput(**values)


