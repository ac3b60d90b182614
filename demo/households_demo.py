"""Demo registry: requests, commissions, access periods and allowance grants for the demo households.

Called after demo/builder.py has built the ~600 households. Every status appears — pending request,
adjourned, refused, active, expiring, renewed, ended, waiting period, emergency, and files old
enough for the retention purge — with dates relative to `today` so the demo never goes stale.
Ids are UUIDv5 of natural keys: central and the Auch site agree on every period and grant. A site
(`scope_site`) receives only what the sync would send it: periods, grants and settings, never the
central-only requests, decisions, sessions or contact details.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from demo.builder import demo_id
from households import rules
from households.access import DAY, access_state, add_months, period_end
from households.access_models import AccessPeriod, AccessRequest, CommissionDecision, CommissionSession
from households.composition import composition
from households.eligibility import Figures, assess
from households.enums import (
    AccessKind,
    EligibilityMethod,
    Outcome,
    ReferralReason,
    RequestStatus,
    store_reasons,
)
from households.grant_models import AllowanceGrant, GrantCategoryLimit, GrantShare, GrantSupplement
from households.models import Household, HouseholdContact
from households.services import counter_lookup
from households.settings_models import CategoryRule, NetworkRules, SiteRules
from households.tiers import allowance_value
from inventory.enums import SiteKind
from inventory.models import Category, Site

OWNER = "CENTRAL"
SEED = 32
D = Decimal

# (scenario, weight): the mix of situations a coordinator sees in the registry.
SCENARIOS = (("active", 34), ("expiring", 9), ("renewed", 12), ("ended", 8), ("waiting", 8), ("pending", 10),
             ("adjourned", 4), ("refused", 4), ("emergency", 5), ("purge", 6))
REFERRERS = ("Conseil départemental – MDS", "CCAS", "Secours Catholique", "Secours populaire français",
             "Croix-Rouge française", "CIAS")
# Category quotas and rates (settings, editable): scarce or costly goods are rationed per period.
CATEGORY_RULES = {"huiles": (None, 1, 1), "cafe_the": (D("20"), 2, 0), "sucre_confitures": (None, 2, 0),
                  "alimentation_infantile": (None, 4, 0), "couches_soins_bebe": (None, 2, 0)}
# Sites with their own rules: thresholds seen from 7 to 9 €/person/day, one site on the CAF QF.
SITE_RULES = {"AUCH": (EligibilityMethod.RAV_PERSONS, D("8.00"), D("10")),
              "CONDOM": (EligibilityMethod.RAV_PARTS, D("7.00"), D("10")),
              "FLEURANCE": (EligibilityMethod.RAV_PERSONS, D("9.00"), D("15")),
              "ISLEJ": (EligibilityMethod.QUOTIENT_FAMILIAL, D("8.00"), D("10"))}


@dataclass(frozen=True)
class Plan:
    """What happened to one household, as dated steps."""

    scenario: str
    periods: tuple[tuple[AccessKind, dt.date, dt.date, dt.date | None], ...]  # kind, start, end, decided on
    request_on: dt.date | None = None
    outcome: Outcome | None = None


def build_households_demo(session: Session, *, scope_site: str | None, today: dt.date) -> dict[str, int]:
    """Add the registry's demo data; returns households per access status. Idempotent."""
    if session.scalar(select(AccessPeriod.id).limit(1)) is not None:
        return {}
    sites = {s.code: s for s in session.scalars(select(Site))}
    central = scope_site is None
    _settings(session, sites)
    ctx = _Context.load(session)
    households = session.scalars(select(Household).options(selectinload(Household.members))
                                 .order_by(Household.card_number)).all()
    scenarios = [s for s, _ in SCENARIOS]
    weights = [w for _, w in SCENARIOS]
    for household in households:
        # One generator per household: a site, which builds only its own households, draws the
        # same story for each of them as central does.
        rng = random.Random(f"{SEED}:{household.card_number}")
        plan = _plan(rng.choices(scenarios, weights)[0], rng, today)
        _apply(session, ctx, household, plan, rng, today, central)
    session.flush()
    network = rules.network_rules(session)
    statuses = Counter()
    for household in households:
        periods = session.scalars(select(AccessPeriod).where(AccessPeriod.household_id == household.id)).all()
        statuses[access_state(periods, today, rules.access_rules(network)).status.value] += 1
    return dict(statuses)


def _settings(session: Session, sites: dict[str, Site]) -> None:
    categories = {c.code: c for c in session.scalars(select(Category))}
    for code, (rate, base, per_person) in CATEGORY_RULES.items():
        if code in categories:
            session.add(CategoryRule(id=demo_id("category-rule", code), owner_node=OWNER,
                                     category_id=categories[code].id, participation_rate=rate, quota_base=base,
                                     quota_per_person=per_person))
    shops = sorted(code for code, site in sites.items() if site.has_epicerie)
    for index, code in enumerate(shops):
        method, threshold, rate = SITE_RULES.get(code, (EligibilityMethod.RAV_PERSONS, D("8.00"), D("10")))
        first = 900000 + (index + 1) * 1000  # a block of 1 000 emergency cards per shop
        session.add(SiteRules(id=demo_id("site-rules", code), owner_node=OWNER, site_id=sites[code].id,
                              eligibility_method=method, rav_threshold=threshold, qf_threshold=D("600.00"),
                              participation_rate=rate, emergency_card_first=first,
                              emergency_card_last=first + 999))
    session.flush()


def _plan(scenario: str, rng: random.Random, today: dt.date) -> Plan:
    initial, renewal = AccessKind.INITIAL, AccessKind.RENEWAL
    match scenario:
        case "active":
            start = today - dt.timedelta(days=rng.randint(5, 60))
            return Plan(scenario, ((initial, start, period_end(start, rng.choice((3, 6))), start),))
        case "expiring":
            end = today + dt.timedelta(days=rng.randint(1, 14))
            start = add_months(end + DAY, -3)
            return Plan(scenario, ((initial, start, end, start),))
        case "renewed":
            start = add_months(today, -3) - dt.timedelta(days=rng.randint(5, 40))
            first_end = period_end(start, 3)
            return Plan(scenario, ((initial, start, first_end, start),
                                   (renewal, first_end + DAY, period_end(first_end + DAY, 3),
                                    first_end - dt.timedelta(days=10))))
        case "ended":
            end = today - dt.timedelta(days=rng.randint(40, 120))
            start = add_months(end + DAY, -3)
            return Plan(scenario, ((initial, start, end, start),))
        case "waiting":
            second_end = today - dt.timedelta(days=rng.randint(5, 70))
            second_start = add_months(second_end + DAY, -3)
            start = add_months(second_start, -3)
            return Plan(scenario, ((initial, start, second_start - DAY, start),
                                   (renewal, second_start, second_end, second_start - dt.timedelta(days=10))))
        case "emergency":
            start = today - dt.timedelta(days=rng.randint(0, 9))
            return Plan(scenario, ((AccessKind.EMERGENCY, start, start + dt.timedelta(days=13), None),))
        case "purge":
            end = add_months(today, -30)
            start = add_months(end + DAY, -6)
            return Plan(scenario, ((initial, start, end, start),))
        case _:  # pending, adjourned, refused: a request, no access
            outcome = {"adjourned": Outcome.ADJOURNED, "refused": Outcome.UNFAVOURABLE}.get(scenario)
            return Plan(scenario, (), today - dt.timedelta(days=rng.randint(3, 40)), outcome)


@dataclass(frozen=True)
class _Context:
    """Settings read once for the whole demo (hundreds of grants)."""

    sites: dict[str, Site]
    network: NetworkRules
    tiers: list
    supplements: list
    quotas: list[tuple[Category, CategoryRule]]

    @classmethod
    def load(cls, session: Session) -> _Context:
        return cls({s.code: s for s in session.scalars(select(Site))}, rules.network_rules(session),
                   rules.tiers(session), rules.supplement_rules(session),
                   [(c, r) for c, r in rules.category_rules(session) if r is not None and r.quota_base is not None])


def _apply(session: Session, ctx: _Context, household: Household, plan: Plan, rng: random.Random,
           today: dt.date, central: bool) -> None:
    key = household.card_number
    details = random.Random(f"{SEED}:{key}:central")  # central-only rows: the shared draws stay aligned
    home = session.get(Site, household.home_site_id)
    contact_day = plan.periods[-1][1] if plan.periods else plan.request_on
    household.last_contact_at = dt.datetime.combine(contact_day, dt.time(9), tzinfo=dt.UTC)
    if central and plan.request_on is not None:
        _request(session, household, plan.outcome, plan.request_on, details, f"{key}:request")
    for index, (kind, start, end, decided_on) in enumerate(plan.periods):
        period_key = f"{key}:{index}"
        decision_id = demo_id("decision", period_key) if decided_on else None
        owner = OWNER if kind is not AccessKind.EMERGENCY else home.code
        period = AccessPeriod(id=demo_id("period", period_key), owner_node=owner, household_id=household.id,
                              kind=kind, starts_on=start, ends_on=end, decision_id=decision_id,
                              granted_at_site_id=home.id if kind is AccessKind.EMERGENCY else None)
        session.add(period)
        _grant(session, ctx, household, period, period_key, owner, _shares(home, ctx.sites, rng))
        if central and decided_on is not None:
            _request(session, household, Outcome.FAVOURABLE, decided_on - dt.timedelta(days=12), details,
                     period_key)
            meeting = _meeting(session, home, decided_on)
            session.add(CommissionDecision(id=decision_id, owner_node=OWNER, session_id=meeting.id,
                                           household_id=household.id, outcome=Outcome.FAVOURABLE,
                                           request_id=demo_id("request", period_key),
                                           duration_months=_months(start, end), note="",
                                           created_at=_at(decided_on)))
    if central and plan.outcome is not None:
        meeting = _meeting(session, home, plan.request_on + dt.timedelta(days=2))
        session.add(CommissionDecision(id=demo_id("decision", f"{key}:request"), owner_node=OWNER,
                                       session_id=meeting.id, household_id=household.id,
                                       request_id=demo_id("request", f"{key}:request"), outcome=plan.outcome,
                                       note="Pièces justificatives attendues" if plan.outcome is Outcome.ADJOURNED
                                       else "", created_at=_at(plan.request_on + dt.timedelta(days=2))))
    if central and details.random() < 0.3:
        session.add(HouseholdContact(id=demo_id("contact", key), owner_node=OWNER, household_id=household.id,
                                     phone=f"06 39 98 {details.randint(0, 99):02d} {details.randint(0, 99):02d}"))
    if plan.scenario == "purge":
        household.last_contact_at = _at(add_months(today, -30))


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def _months(start: dt.date, end: dt.date) -> int:
    """Whole months of a period built with period_end (start + n months − 1 day)."""
    return next(n for n in range(1, 13) if period_end(start, n) >= end)


def _request(session: Session, household: Household, outcome: Outcome | None, on: dt.date, rng: random.Random,
             key: str) -> None:
    persons = max(len(household.members), 1)
    resources = D(rng.randrange(450, 1600, 10))
    charges = D(rng.randrange(250, 900, 10))
    figures = Figures(resources, charges, persons)
    result = assess(EligibilityMethod.RAV_PERSONS, figures, D("8.00"))
    status = {Outcome.FAVOURABLE: RequestStatus.GRANTED,
              Outcome.UNFAVOURABLE: RequestStatus.REFUSED}.get(outcome, RequestStatus.PENDING)
    session.add(AccessRequest(
        id=demo_id("request", key), owner_node=OWNER, household_id=household.id, created_at=_at(on),
        referring_organisation=rng.choice(REFERRERS), referring_worker="Référent de secteur",
        requested_months=rng.choice((3, 6)), personal_project=rng.choice(
            ("", "Solder une dette d'énergie", "Passer le permis de conduire", "Reprendre une formation")),
        method=EligibilityMethod.RAV_PERSONS, monthly_resources=resources, fixed_charges=charges,
        persons=persons, result_value=result.value, threshold=result.threshold, status=status,
        referral_reasons=store_reasons(_reasons(key))))


REASON_WEIGHTS = {ReferralReason.JOB_LOSS: 30, ReferralReason.DEBT: 20, ReferralReason.BENEFITS_DELAY: 15,
                  ReferralReason.SEPARATION: 12, ReferralReason.HOUSING: 12, ReferralReason.ISOLATION: 8,
                  ReferralReason.OTHER: 3}


def _reasons(key: str) -> set[ReferralReason]:
    """One to three reasons; drawn from their own generator so the rest of the demo stays as it was."""
    rng = random.Random(f"motifs:{key}")
    count = rng.choices((1, 2, 3), weights=(60, 35, 5))[0]
    return set(rng.choices(list(REASON_WEIGHTS), weights=list(REASON_WEIGHTS.values()), k=count))


def _meeting(session: Session, home: Site, held_on: dt.date) -> CommissionSession:
    meeting_id = demo_id("commission", f"{home.code}:{held_on.isoformat()}")
    meeting = session.get(CommissionSession, meeting_id)
    if meeting is None:
        meeting = CommissionSession(id=meeting_id, owner_node=OWNER, site_id=home.id, held_on=held_on,
                                    closed_at=_at(held_on))
        session.add(meeting)
        session.flush()
    return meeting


def _shares(home: Site, sites: dict[str, Site], rng: random.Random) -> dict[str, Decimal]:
    """Home 100 %, except some households near a van's base town, who also shop at the van."""
    vans = [s for s in sites.values() if s.kind is SiteKind.MOBILE_UNIT and s.commune == home.commune]
    if vans and rng.random() < 0.4:
        return {home.code: D("60"), vans[0].code: D("40")}
    return {home.code: D("100")}


def _grant(session: Session, ctx: _Context, household: Household, period: AccessPeriod, key: str, owner: str,
           shares: dict[str, Decimal]) -> None:
    kind = ctx.network.default_period_kind
    members = composition((m.birth_year for m in household.members), period.starts_on, ctx.network.adult_age)
    value = allowance_value(ctx.tiers, ctx.supplements, kind, members)
    if period.kind is AccessKind.EMERGENCY:
        shares = {next(c for c, s in ctx.sites.items() if s.id == household.home_site_id): D("100")}
    grant = AllowanceGrant(id=demo_id("grant", key), owner_node=owner, household_id=household.id,
                           access_period_id=period.id, period_kind=kind, base_value=value.base,
                           value=value.total, starts_on=period.starts_on, ends_on=period.ends_on)
    grant.supplements = [GrantSupplement(id=demo_id("supplement", f"{key}:{s.code}"), owner_node=owner,
                                         code=s.code, label=s.label, count=s.count, amount=s.amount)
                         for s in value.supplements]
    grant.shares = [GrantShare(id=demo_id("share", f"{key}:{code}"), owner_node=owner,
                               site_id=ctx.sites[code].id, percent=percent) for code, percent in shares.items()]
    grant.category_limits = [
        GrantCategoryLimit(id=demo_id("limit", f"{key}:{category.code}"), owner_node=owner, category_id=category.id,
                           quantity=rule.quota_base + rule.quota_per_person * members.persons)
        for category, rule in ctx.quotas]
    session.add(grant)


def till_cards(session: Session, site_code: str, today: dt.date, count: int = 3) -> list[str]:
    """The first `count` cards that the till of `site_code` accepts today (printed by `demo run`)."""
    site = session.scalar(select(Site).where(Site.code == site_code))
    cards = session.scalars(select(Household.card_number).where(Household.home_site_id == site.id,
                                                                 Household.anonymised_at.is_(None))
                            .order_by(Household.card_number))
    accepted = (card for card in cards if counter_lookup(session, card, site.id, today).may_shop)
    return list(itertools.islice(accepted, count))
