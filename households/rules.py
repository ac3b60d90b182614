"""Reading the registry's settings into the pure rules' value objects (network row + site rows)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from households.access import AccessRules
from households.cards import CardFormat
from households.composition import PartsRule
from households.enums import EligibilityMethod
from households.errors import HouseholdError
from households.participation import RateBounds
from households.settings_models import (
    AgeBand,
    AllowanceTier,
    CategoryRule,
    NetworkRules,
    SiteRules,
    SupplementRule,
)
from inventory.models import Category

NETWORK = "network"


@dataclass(frozen=True)
class SiteSettings:
    """A site's rules, or the network defaults where the site has no row."""

    site_id: uuid.UUID
    eligibility_method: EligibilityMethod
    rav_threshold: Decimal
    qf_threshold: Decimal
    participation_rate: Decimal
    emergency_card_first: int | None = None
    emergency_card_last: int | None = None

    def threshold(self, method: EligibilityMethod) -> Decimal:
        return self.qf_threshold if method is EligibilityMethod.QUOTIENT_FAMILIAL else self.rav_threshold


def network_rules(session: Session) -> NetworkRules:
    rules = session.scalar(select(NetworkRules).where(NetworkRules.code == NETWORK))
    if rules is None:
        raise HouseholdError("Paramètres du réseau absents : lancez « gers-solidaire db upgrade ».")
    return rules


def site_settings(session: Session, site_id: uuid.UUID, network: NetworkRules | None = None) -> SiteSettings:
    row = session.scalar(select(SiteRules).where(SiteRules.site_id == site_id))
    if row is not None:
        return SiteSettings(site_id, row.eligibility_method, row.rav_threshold, row.qf_threshold,
                            row.participation_rate, row.emergency_card_first, row.emergency_card_last)
    network = network or network_rules(session)
    return SiteSettings(site_id, network.default_eligibility_method, network.default_rav_threshold,
                        network.default_qf_threshold, network.default_participation_rate)


def access_rules(network: NetworkRules) -> AccessRules:
    return AccessRules(min_months=network.access_min_months, max_months=network.access_max_months,
                       max_renewals=network.max_renewals, waiting_months=network.waiting_months,
                       chain_break_months=network.chain_break_months, expiring_days=network.expiring_days,
                       emergency_days=network.emergency_days,
                       emergency_max_per_year=network.emergency_max_per_year)


def card_format(network: NetworkRules) -> CardFormat:
    return CardFormat(network.card_prefix, network.card_digits)


def rate_bounds(network: NetworkRules) -> RateBounds:
    return RateBounds(network.participation_min, network.participation_max)


def parts_rule(network: NetworkRules) -> PartsRule:
    return PartsRule(network.parts_adults, network.parts_first_children,
                     network.parts_first_children_count, network.parts_next_children)


def age_bands(session: Session) -> list[AgeBand]:
    return list(session.scalars(select(AgeBand).order_by(AgeBand.min_age)))


def tiers(session: Session) -> list[AllowanceTier]:
    return list(session.scalars(select(AllowanceTier).order_by(AllowanceTier.period_kind,
                                                               AllowanceTier.adults)))


def supplement_rules(session: Session) -> list[SupplementRule]:
    return list(session.scalars(select(SupplementRule).order_by(SupplementRule.code,
                                                                SupplementRule.period_kind)))


def category_rules(session: Session) -> list[tuple[Category, CategoryRule | None]]:
    """Every category with its rule (None when the category follows the site's defaults)."""
    rules = {r.category_id: r for r in session.scalars(select(CategoryRule))}
    return [(c, rules.get(c.id)) for c in session.scalars(select(Category).order_by(Category.label))]


def category_rates(session: Session) -> dict[str, Decimal]:
    """Category code → participation percent, for the categories that have their own rate."""
    rows = session.execute(select(Category.code, CategoryRule.participation_rate)
                           .join(CategoryRule, CategoryRule.category_id == Category.id)
                           .where(CategoryRule.participation_rate.is_not(None)))
    return {code: rate for code, rate in rows}
