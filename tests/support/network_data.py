"""Central's reference data for the network tests, demo-like and small: each site with a cashier and a
household whose allowance is open at its home site, a catalogue (a free FSE+ lot beside paid ones),
lots received at the warehouse and a dispatch of them on its way to each site. Written on central
(through the registry's and the commission's own services), owned by CENTRAL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from gers.clock import paris_today
from gers.models import Role
from households import commission, registry
from households.enums import HouseholdType, Outcome
from inventory.enums import SiteKind, SoldBy
from inventory.gtin import with_check_digit
from inventory.stock_models import Lot, LotSource
from tests.households.helpers import household_input, request_input
from tests.support.builders import Builders
from tests.support.network import cashier_name
from warehouse.models import Dispatch, DispatchLine, DispatchStatus

CENTRAL = "CENTRAL"
CASHIER_PIN = "2468"
UNITS_SHIPPED = 40  # of each article, to each site


@dataclass(frozen=True)
class Article:
    key: str
    name: str
    gtin: str
    price: Decimal
    grams: int
    source: LotSource

    @property
    def lot_code(self) -> str:
        return f"LOT-{self.key.upper()}"


PASTA = Article("pates", "Pâtes coquillettes 500 g", with_check_digit("300000000010"), Decimal("1.25"), 500,
                LotSource.BANQUE_ALIMENTAIRE)
RICE = Article("riz", "Riz long 1 kg", with_check_digit("300000000020"), Decimal("2.10"), 1000, LotSource.FSE_PLUS)
MILK = Article("lait", "Lait demi-écrémé 1 L", with_check_digit("300000000030"), Decimal("1.05"), 1000,
               LotSource.BANQUE_ALIMENTAIRE)
ARTICLES = (PASTA, RICE, MILK)


def card_of(code: str) -> str:
    """The card number of the household whose home site is `code` (registry's own format)."""
    return {"AUCH": "GS-000001", "CONDOM": "GS-000002", "MIRANDE": "GS-000003"}[code]


def build_reference(session: Session, now: dt.datetime, site_codes: Sequence[str]) -> None:
    build = Builders(session)
    today = paris_today(now)
    warehouse = build.site(code="ENTREPOT", name="Entrepôt départemental", kind=SiteKind.WAREHOUSE, has_epicerie=False)
    sites = [build.site(code=code, name=f"Épicerie solidaire de {code.title()}", owner_node=CENTRAL)
             for code in site_codes]
    for site in sites:
        build.user(username=cashier_name(site.code), display_name=f"Caisse {site.code}", role=Role.CASHIER,
                   pin=CASHIER_PIN, site_id=site.id)
    groceries = build.category(code="epicerie", label="Épicerie salée")
    lots = []
    for article in ARTICLES:
        product = build.product(name=article.name, gtin=article.gtin, market_price=article.price,
                                net_weight_g=article.grams, sold_by=SoldBy.PIECE, category=groceries)
        lots.append(Lot(product_id=product.id, lot_code=article.lot_code, date_kind=product.date_kind,
                        expiry_date=today + dt.timedelta(days=200), source=article.source, received_at=now,
                        received_site_id=warehouse.id, unit_weight_g=article.grams, owner_node=CENTRAL))
    session.add_all(lots)
    for number, site in enumerate(sites, start=1):
        _household_with_rights(session, site, card_of(site.code), now, today)
        _shipped(session, warehouse, site, lots, f"EXP-{number:04d}", now)
    session.flush()


def _shipped(session: Session, warehouse, site, lots: list[Lot], number: str, now: dt.datetime) -> None:
    """A dispatch on its way to `site`: the site receives it after it pulled it."""
    lines = [DispatchLine(lot=lot, location="A-01", units=UNITS_SHIPPED, grams=UNITS_SHIPPED * lot.unit_weight_g,
                          position=position, owner_node=CENTRAL) for position, lot in enumerate(lots)]
    session.add(Dispatch(number=number, from_site_id=warehouse.id, to_site_id=site.id, status=DispatchStatus.SHIPPED,
                         planned_on=paris_today(now), prepared_at=now, shipped_at=now, owner_node=CENTRAL,
                         lines=lines))


def _household_with_rights(session: Session, site, card: str, now: dt.datetime, today: dt.date) -> None:
    # A family (two adults, two children): an allowance that lasts several days of test sales.
    family = household_input(site, 1980, 1982, 2012, 2015, kind=HouseholdType.COUPLE_WITH_CHILDREN, card_number=card)
    household = registry.register(session, family, actor=None, now=now, owner_node=CENTRAL, today=today)
    request = commission.submit_request(session, household, request_input(), actor=None, now=now,
                                        owner_node=CENTRAL)
    meeting = commission.open_session(session, site_id=site.id, held_on=today, owner_node=CENTRAL)
    commission.decide(session, meeting, subject_id=request.id, outcome=Outcome.FAVOURABLE, duration_months=3,
                      note="", actor=None, now=now, owner_node=CENTRAL)
