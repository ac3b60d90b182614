"""What the till asks the registry: `counter_lookup` — never a name, only what the counter needs.

Typical use at the counter (pos/):

    seen = counter_lookup(session, scanned, site_id, today)      # ForeignCard / UnknownCard: French
    if not seen.may_shop: show seen.warnings and stop
    left = allowance.remaining(seen.grant.terms, Spending(spent_here, quantities_here), today)
    allowance.check_line(left, category_code=code, quantity=n, market_value=value)  # AllowanceExceeded
    rate = seen.grant.rates.fraction_for(code)                   # for pos.pricing.participation

`spent_here` and `quantities_here` are this site's sales to the household since
`seen.grant.period_starts_on` (market values; FSE+ lines are the till's call).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gers.formatting import date_fr, money
from households import registry, rules
from households.access import AccessState, AccessStatus, access_state, add_months
from households.access_models import AccessPeriod
from households.allowance import GrantTerms, period_bounds
from households.composition import age_band_counts, composition
from households.enums import PERIOD_KIND_LABELS, AccessKind, PeriodKind
from households.errors import UnknownCard
from households.grant_models import AllowanceGrant
from households.grants import grant_terms
from households.models import Household
from households.participation import RateTable
from households.tiers import allowance_value, category_quotas
from inventory.models import Site


@dataclass(frozen=True)
class CategoryLimit:
    code: str
    label: str
    quantity: int  # this site's quota per period


@dataclass(frozen=True)
class CounterGrant:
    terms: GrantTerms  # pass it to households.allowance.remaining(terms, spending, today)
    period_kind: PeriodKind
    site_value: Decimal  # this site's share of one period's value, market €
    share_percent: Decimal
    period_starts_on: dt.date  # the current period
    period_ends_on: dt.date
    rates: RateTable  # rates.rate_for(category_code): household > category > site
    category_limits: tuple[CategoryLimit, ...]

    @property
    def participation_rate(self) -> Decimal:
        """The rate for a category without its own rate (household override or site default)."""
        return self.rates.household_rate if self.rates.household_rate is not None else self.rates.site_rate

    @property
    def period_label(self) -> str:
        return PERIOD_KIND_LABELS[self.period_kind]


@dataclass(frozen=True)
class CounterLookup:
    household_id: uuid.UUID  # sales refer to it; it identifies nobody by itself
    card_number: str
    adults: int
    children: int
    age_bands: tuple[tuple[str, int], ...]
    household_type_label: str
    composition_summary: str
    access_status: AccessStatus
    access_ends_on: dt.date | None
    grant: CounterGrant | None  # None when nothing can be spent at this site today
    warnings: tuple[str, ...]

    @property
    def access_status_label(self) -> str:
        return self.access_status.label

    @property
    def may_shop(self) -> bool:
        return self.access_status in (AccessStatus.ACTIVE, AccessStatus.EXPIRING) and self.grant is not None


def counter_lookup(session: Session, card_number: str, site_id: uuid.UUID, today: dt.date) -> CounterLookup:
    """The household behind a card, as the counter of `site_id` sees it on `today`.

    Raises ForeignCard (not a card of this network) or UnknownCard (no such household here), both
    with a French message for the volunteer."""
    household = registry.find(session, card_number)
    if household.anonymised_at is not None:
        raise UnknownCard(f"Carte inconnue : {household.card_number}.")
    network = rules.network_rules(session)
    members = composition((m.birth_year for m in household.members), today, network.adult_age)
    periods = list(session.scalars(select(AccessPeriod).where(AccessPeriod.household_id == household.id)))
    state = access_state(periods, today, rules.access_rules(network))
    grant = _current_grant(session, household.id, today) if state.ends_on and state.status in (
        AccessStatus.ACTIVE, AccessStatus.EXPIRING) else None
    counter_grant = _counter_grant(session, household, grant, site_id, today) if grant else None
    warnings = _warnings(session, state, periods, today, grant, counter_grant, household)
    return CounterLookup(household.id, household.card_number, members.adults, members.children,
                         age_band_counts(members.ages, rules.age_bands(session)), household.type_label,
                         members.summary(), state.status, state.ends_on, counter_grant, warnings)


def _current_grant(session: Session, household_id: uuid.UUID, today: dt.date) -> AllowanceGrant | None:
    return session.scalar(select(AllowanceGrant).where(
        AllowanceGrant.household_id == household_id, AllowanceGrant.starts_on <= today,
        AllowanceGrant.ends_on >= today).options(selectinload(AllowanceGrant.shares),
                                                 selectinload(AllowanceGrant.supplements),
                                                 selectinload(AllowanceGrant.category_limits)))


def _counter_grant(session: Session, household: Household, grant: AllowanceGrant, site_id: uuid.UUID,
                   today: dt.date) -> CounterGrant | None:
    terms = grant_terms(session, grant, site_id)
    if terms is None:
        return None
    start, end = period_bounds(terms.period_kind, terms.starts_on, terms.ends_on, today)
    site = rules.site_settings(session, site_id)
    rates = RateTable(site.participation_rate, household.participation_rate, rules.category_rates(session))
    limits = tuple(CategoryLimit(code, terms.category_labels[code], quantity)
                   for code, quantity in sorted(terms.site_limits().items()))
    return CounterGrant(terms, terms.period_kind, terms.site_value, terms.site_share_percent, start, end,
                        rates, limits)


def _warnings(session: Session, state: AccessState, periods: list[AccessPeriod], today: dt.date,
              grant: AllowanceGrant | None, counter_grant: CounterGrant | None,
              household: Household) -> tuple[str, ...]:
    warnings = []
    if state.status is AccessStatus.EXPIRING:
        days = (state.ends_on - today).days
        warnings.append(f"L'accès se termine le {date_fr(state.ends_on)} (dans {days} jour{'s' if days > 1 else ''}) : "
                        "orientez le foyer vers son travailleur social pour le renouvellement.")
    if state.current_kind is AccessKind.EMERGENCY:
        warnings.append(f"Accès d'urgence jusqu'au {date_fr(state.ends_on)} : la prochaine commission "
                        "examinera le dossier.")
    if state.status is AccessStatus.WAITING:
        warnings.append(f"Délai de carence jusqu'au {date_fr(state.waiting_until)} : pas d'achat possible. "
                        "La coordination peut accorder un accès d'urgence.")
    if state.status is AccessStatus.ENDED:
        warnings.append(f"Accès terminé le {date_fr(state.ends_on)} : le foyer doit refaire une demande "
                        "auprès de son travailleur social.")
    if state.status is AccessStatus.NONE:
        upcoming = f" Accès à partir du {date_fr(state.next_starts_on)}." if state.next_starts_on else ""
        warnings.append(f"Aucun accès en cours pour cette carte.{upcoming}")
    if grant is not None and counter_grant is None:
        home = session.get(Site, household.home_site_id)
        warnings.append(f"Pas de droit d'achat dans ce site : le foyer est rattaché à « {home.name} ».")
    return tuple(warnings)


def exception_grant(session: Session, household_id: uuid.UUID, site_id: uuid.UUID,
                    today: dt.date) -> tuple[CounterGrant, str]:
    """What a household without a grant here may take when a coordinator lets it in: the default tier
    for its composition and the category quotas, for the current calendar period, all at this site —
    an exception opens the door, it does not lift the limits. Returns the grant and the French notice
    for the screen."""
    household = session.get(Household, household_id)
    network = rules.network_rules(session)
    kind = network.default_period_kind
    members = composition((m.birth_year for m in household.members), today, network.adult_age)
    value = allowance_value(rules.tiers(session), rules.supplement_rules(session), kind, members)
    categories = [(category, rule) for category, rule in rules.category_rules(session) if rule is not None]
    quotas = category_quotas({c.code: (rule.quota_base, rule.quota_per_person) for c, rule in categories},
                             members.persons)
    start, end = _calendar_period(kind, today)
    terms = GrantTerms(kind, value.base, start, end, supplements=tuple(s.amount for s in value.supplements),
                       category_limits=quotas, category_labels={c.code: c.label for c, _ in categories})
    rates = RateTable(rules.site_settings(session, site_id).participation_rate, household.participation_rate,
                      rules.category_rates(session))
    limits = tuple(CategoryLimit(code, terms.category_labels[code], quantity)
                   for code, quantity in sorted(terms.site_limits().items()))
    grant = CounterGrant(terms, kind, terms.site_value, terms.site_share_percent, start, end, rates, limits)
    notice = (f"Accès exceptionnel : droit d'achat par défaut pour la composition du foyer "
              f"({money(grant.site_value)} {PERIOD_KIND_LABELS[kind]}, jusqu'au {date_fr(end)}) et limites par "
              f"catégorie.")
    return grant, notice


def _calendar_period(kind: PeriodKind, today: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month (or Monday-to-Sunday week) of `today`: two exceptions in it share one allowance."""
    if kind is PeriodKind.WEEKLY:
        start = today - dt.timedelta(days=today.weekday())
        return start, start + dt.timedelta(days=6)
    start = today.replace(day=1)
    return start, add_months(start, 1) - dt.timedelta(days=1)
