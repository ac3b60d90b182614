"""The van's days offline with the sync issue's real processes: central serving on PostgreSQL, the
van's node on SQLite behind its fault proxy. The van pulls its tour, its households and its load, is
cut off for three days of stops (its till's clock given each day), sells and distributes free FSE+
food at each stop, then syncs at base: central's figures per stop show every entry exactly once."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gers.clock import PARIS, paris_today
from gers.models import Role, User
from households.grant_models import AllowanceGrant
from households.grants import set_shares
from households.models import Household
from inventory.enums import SiteKind
from inventory.models import Site
from inventory.stock_models import Lot
from pos import basket as baskets
from pos import cash, checkout
from pos.context import TillContext
from pos.enums import Shop
from pos.models import JournalEntry
from pos.payments import Method, Tender
from tests.support.builders import Builders
from tests.support.faultproxy import Fault
from tests.support.network import Network, Node, cashier_name
from tests.support.network_data import (
    CASHIER_PIN,
    CENTRAL,
    MILK,
    PASTA,
    RICE,
    _household_with_rights,
    _shipped,
)
from tests.support.network_data import build_reference as site_reference
from tests.support.totals import totals
from tours import services
from tours.figures import stop_figures
from tours.models import StopVisit, TourStop

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

VAN = "CRR1"
FAMILY, VILLAGER = "GS-000001", "GS-000009"  # a share of its allowance at the van / living at a stop
DAYS = (1, 2, 3)
STOPS = ((dt.time(10), dt.time(12), "Saint-Clar"), (dt.time(14), dt.time(16), "Tournecoupe"))


def van_reference(session: Session, now: dt.datetime, _codes: Sequence[str]) -> None:
    """Auch's reference data (a family with rights, the catalogue, the lots), and the van: its cashier,
    half of the family's allowance, a villager of Saint-Clar whose rights are at Auch only, the stops of
    the next three days, and its load list on its way."""
    site_reference(session, now, ["AUCH"])
    build, today = Builders(session), paris_today(now)
    auch = session.scalar(select(Site).where(Site.code == "AUCH"))
    van = build.site(code=VAN, name="Croix-Rouge sur roues", kind=SiteKind.MOBILE_UNIT, commune="Lectoure",
                     owner_node=CENTRAL)
    build.user(username=cashier_name(VAN), display_name="Caisse du camion", role=Role.CASHIER, pin=CASHIER_PIN,
               site_id=van.id)
    family = session.scalar(select(Household).where(Household.card_number == FAMILY))
    grant = session.scalar(select(AllowanceGrant).where(AllowanceGrant.household_id == family.id))
    set_shares(session, grant, {auch.id: Decimal(50), van.id: Decimal(50)}, actor=None, now=now, owner_node=CENTRAL)
    _household_with_rights(session, auch, VILLAGER, now, today)
    session.flush()
    session.scalar(select(Household).where(Household.card_number == VILLAGER)).commune = "Saint-Clar"
    for offset in DAYS:
        for opens, closes, commune in STOPS:
            services.add_stop(session, services.StopInput(van.id, today + dt.timedelta(days=offset), opens, closes,
                                                          commune), owner_node=CENTRAL)
    warehouse = session.scalar(select(Site).where(Site.kind == SiteKind.WAREHOUSE))
    _shipped(session, warehouse, van, list(session.scalars(select(Lot).order_by(Lot.lot_code))), "EXP-0100", now)


def at_paris(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS).astimezone(dt.UTC)


def _till(session: Session, now: dt.datetime) -> TillContext:
    site_id = session.scalar(select(Site.id).where(Site.code == VAN))
    cashier_id = session.scalar(select(User.id).where(User.username == cashier_name(VAN)))
    return TillContext(site_id=site_id, owner_node=VAN, cashier_id=cashier_id, now=now)


def ring(node: Node, now: dt.datetime, shop: Shop, card: str, *gtins: str) -> uuid.UUID:
    """One basket at the van's till, paid exactly (nothing on the free line), attached to the stop of this
    hour as the till's edge does it; its journal entry's id."""
    with node.session() as session:
        ctx = _till(session, now)
        cash_session = cash.current_session(session, ctx.site_id) or cash.open_session(session, ctx, Decimal("20.00"))
        basket = baskets.open_basket(session, ctx, cash_session, shop)
        baskets.attach_household(session, ctx, basket, card)
        for gtin in gtins:
            baskets.scan(session, ctx, basket, gtin)
        total = sum((line.price for line in basket.lines), Decimal("0.00"))
        tenders = [Tender(Method.CASH, total)] if total else []
        entry = checkout.complete_sale(session, ctx, basket, tenders, uuid.uuid4().hex).entry
        assert services.attach_entry(session, entry, VAN) is not None
        session.commit()
        return entry.id


def a_day_of_stops(node: Node, day: dt.date, void_one: bool) -> None:
    """Saint-Clar in the morning: the family buys, then both households take free FSE+ rice. Tournecoupe
    in the afternoon: the family buys again (voided at once on the second day). The till is closed."""
    ring(node, at_paris(day, 10, 15), Shop.EPICERIE, FAMILY, PASTA.gtin, MILK.gtin)
    ring(node, at_paris(day, 10, 20), Shop.FSE, FAMILY, RICE.gtin, RICE.gtin)
    ring(node, at_paris(day, 10, 40), Shop.FSE, VILLAGER, RICE.gtin)
    sale = ring(node, at_paris(day, 14, 30), Shop.EPICERIE, FAMILY, PASTA.gtin)
    if void_one:
        node.void(sale, now=at_paris(day, 14, 35), cashier=cashier_name(VAN))
    node.close_till(at_paris(day, 17), cashier=cashier_name(VAN))


def test_three_days_offline_at_the_stops_reach_centrals_figures_exactly_once(make_network):
    network: Network = make_network(VAN, reference=van_reference)
    van = network.node(VAN)
    van.sync()  # at base, before the tour: stops, households, load list
    assert van.receive_dispatches(network.clock()) == 1
    with van.session() as node:
        cards = set(node.scalars(select(Household.card_number)))
        assert {FAMILY, VILLAGER} <= cards  # the villager through the commune of a stop
        assert node.scalar(select(func.count()).select_from(TourStop)) == len(DAYS) * len(STOPS)
    start = paris_today(network.clock())
    van.proxy.arm(Fault(cut_request_at=0, times=100))  # no link at all in the villages
    for offset in DAYS:
        a_day_of_stops(van, start + dt.timedelta(days=offset), void_one=offset == 2)
        evening = at_paris(start + dt.timedelta(days=offset), 18)  # the node's own clock, that evening
        assert van.sync(clock_at=evening, check=False).returncode != 0  # tried, failed, nothing lost
    van.proxy.pass_through()
    van.sync()  # back at base
    van.sync()  # and once more: nothing doubles
    with network.central.session() as session, van.session() as node:
        assert totals(session, VAN) == totals(node, VAN)
        assert session.scalar(select(func.count()).select_from(StopVisit)) == node.scalar(
            select(func.count()).select_from(StopVisit)) == 4 * len(DAYS)
        figures = {(row.stop.day, row.stop.commune): row for row in stop_figures(
            session, start + dt.timedelta(days=1), start + dt.timedelta(days=len(DAYS)))}
        assert len(figures) == len(DAYS) * len(STOPS)
        for offset in DAYS:
            day = start + dt.timedelta(days=offset)
            morning, afternoon = figures[(day, "Saint-Clar")], figures[(day, "Tournecoupe")]
            # Pasta 500 g + milk 1 kg paid; 2 + 1 kg of FSE+ rice free; two households.
            assert (morning.households, morning.visits, morning.distributions) == (2, 1, 2)
            assert (morning.grams_paid, morning.grams_free) == (1500, 3000)
            voided = offset == 2
            assert (afternoon.households, afternoon.visits, afternoon.grams_paid) == (
                (0, 0, 0) if voided else (1, 1, 500))
        sales = session.scalar(select(func.count()).select_from(JournalEntry).where(
            JournalEntry.owner_node == VAN, JournalEntry.shop == Shop.FSE))
        assert sales == 2 * len(DAYS)
