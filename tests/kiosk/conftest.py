"""A site node (Auch) with its kiosk: a household with open rights and a purchase, one whose access
has ended, one of another site (Condom), opening hours, a van's tour, workshops (one full), offers
and asks of the bourse des compétences, and rights pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from activities.enums import Channel, Side, Skill, WorkshopTopic
from activities.models import SkillEntry, Workshop, WorkshopRegistration
from gers.models import Role
from households import commission, registry, settings_service
from households.enums import Outcome
from households.models import Household
from inventory.enums import SiteKind
from inventory.models import Site
from kiosk.models import RightsPage
from pos import basket as baskets
from pos import cash, checkout
from pos.context import TillContext
from pos.enums import Shop
from pos.payments import Method, Tender
from tests.households.helpers import household_input, request_input
from tours import services as tours

# A Wednesday; the access granted on TODAY - 80 days ends in 10 days: time to book the renewal.
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def node_role() -> str:
    return "site"


@dataclass
class Kiosk:
    site: Site
    condom: Site
    open_card: str
    ended_card: str
    condom_card: str


def register_household(session, site, held_on: dt.date, months: int = 3) -> Household:
    household = registry.register(session, household_input(site, 1980), actor=None, now=NOW,
                                  owner_node="CENTRAL", today=held_on)
    request = commission.submit_request(session, household, request_input(), actor=None, now=NOW,
                                        owner_node="CENTRAL")
    meeting = commission.open_session(session, site_id=site.id, held_on=held_on, owner_node="CENTRAL")
    commission.decide(session, meeting, subject_id=request.id, outcome=Outcome.FAVOURABLE, duration_months=months,
                      note="", actor=None, now=NOW, owner_node="CENTRAL")
    return household


def _purchase(session, site, cashier, household, category, at: dt.datetime) -> None:
    ctx = TillContext(site_id=site.id, owner_node="AUCH", cashier_id=cashier.id, now=at)
    cash_session = cash.current_session(session, site.id) or cash.open_session(session, ctx, Decimal("0"))
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, household.card_number)
    baskets.add_manual(session, ctx, basket, category, "Lait", Decimal("2.00"))
    total = sum((line.price for line in basket.lines), Decimal("0"))
    checkout.complete_sale(session, ctx, basket, [Tender(Method.CASH, total)], f"k-{at.isoformat()}")


@pytest.fixture
def kiosk(app, build, session) -> Kiosk:
    app.extensions["gers.clock"] = lambda: NOW
    site = build.site(code="AUCH", name="Épicerie solidaire d'Auch", address="3 rue Gambetta", commune="Auch")
    condom = build.site(code="CONDOM", name="Épicerie de Condom", commune="Condom")
    van = build.site(code="CRR1", name="Croix-Rouge sur roues", kind=SiteKind.MOBILE_UNIT, commune="Mirande")
    build.opening_slot(site, weekday=2, opens=dt.time(9), closes=dt.time(12))
    build.opening_slot(site, weekday=4, opens=dt.time(14), closes=dt.time(17, 30))
    build.opening_slot(condom, weekday=1, opens=dt.time(9, 30), closes=dt.time(12))
    build.opening_slot(van, weekday=3, opens=dt.time(10), closes=dt.time(12), village="Bassoues",
                       place="Place de la halle")
    build.opening_slot(van, weekday=1, opens=dt.time(14), closes=dt.time(16), village="Montesquiou",
                       place="Parking de la mairie")
    session.flush()
    tours.generate(session, van.id, TODAY, TODAY + dt.timedelta(days=13), owner_node="CENTRAL")
    cashier = build.user(username="marie", role=Role.CASHIER, pin="2468", site_id=site.id)
    dairy = build.category(code="laitier", label="Produits laitiers")
    settings_service.save_category_rule(session, dairy.id, rate=None, quota_base=4, quota_per_person=0,
                                        owner_node="CENTRAL")
    opened = register_household(session, site, TODAY - dt.timedelta(days=80))
    ended = register_household(session, site, TODAY - dt.timedelta(days=400))
    elsewhere = register_household(session, condom, TODAY - dt.timedelta(days=10))
    session.flush()
    _purchase(session, site, cashier, opened, dairy, NOW - dt.timedelta(days=14))
    _purchase(session, site, cashier, opened, dairy, NOW - dt.timedelta(days=3))
    bike = Workshop(site_id=site.id, topic=WorkshopTopic.OTHER, title="Réparer son vélo",
                    starts_at=NOW + dt.timedelta(days=6), place="Salle des fêtes d'Auch", places=1, owner_node="CENTRAL")
    session.add(bike)
    session.flush()
    session.add_all([
        Workshop(site_id=site.id, topic=WorkshopTopic.COOKING, title="Cuisine de saison",
                 starts_at=NOW + dt.timedelta(days=2), place="Cuisine de l'épicerie", places=3, owner_node="CENTRAL"),
        WorkshopRegistration(workshop_id=bike.id, site_id=site.id, household_id=ended.id, channel=Channel.COUNTER,
                             owner_node="AUCH"),
        Workshop(site_id=condom.id, topic=WorkshopTopic.BUDGET, title="Atelier de Condom seulement",
                 starts_at=NOW + dt.timedelta(days=2), place="Condom", places=8, owner_node="CENTRAL"),
        SkillEntry(site_id=site.id, side=Side.OFFER, skill=Skill.SEWING, pseudonym="Fil d'or", owner_node="AUCH"),
        SkillEntry(site_id=site.id, side=Side.OFFER, skill=Skill.SEWING, pseudonym="Aiguille", owner_node="AUCH"),
        SkillEntry(site_id=site.id, side=Side.ASK, skill=Skill.HOMEWORK, household_id=opened.id, owner_node="AUCH"),
        SkillEntry(site_id=condom.id, side=Side.ASK, skill=Skill.LIFTS, pseudonym="Condom", owner_node="CONDOM"),
        RightsPage(title="CAF du Gers", who="Aide pour les allocations familiales et le logement.",
                   place="France Services d'Auch, 12 rue de Metz", hours="Mardi et jeudi, 9 h – 12 h",
                   owner_node="CENTRAL"),
        RightsPage(title="CPAM", who="Aide pour la santé : carte Vitale, complémentaire santé solidaire.",
                   place="Mairie d'Auch", hours="Lundi, 14 h – 17 h", position=1, owner_node="CENTRAL"),
    ])
    session.commit()
    return Kiosk(site, condom, opened.card_number, ended.card_number, elsewhere.card_number)
