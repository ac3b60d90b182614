"""A coordinator's exception for a household without a grant: the default tier for its composition
and the category quotas apply, and the screen says so — an exception is not a blank cheque."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from devices.interfaces import ScaleReading, ScaleState
from gers.formatting import money
from households import registry
from pos import basket as baskets
from pos import cash, checkout
from pos.enums import Shop
from pos.errors import LimitRefused
from pos.limits import OverrideRequest, left_for
from pos.payments import Method, Tender
from tests.households.helpers import household_input
from tests.pos.conftest import NOW, TODAY

COORDINATOR = OverrideRequest("claire", "1357", "Orientée par le CCAS ce matin")


@pytest.fixture
def excepted(session, till):
    """A single person with no access yet, let in by the coordinator."""
    newcomer = registry.register(session, household_input(till.site, 1990), actor=None, now=NOW,
                                 owner_node="CENTRAL", today=TODAY)
    session.commit()
    ctx = till.ctx()
    cash_session = cash.open_session(session, ctx, Decimal(0))
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, newcomer.card_number, COORDINATOR)
    return ctx, cash_session, basket, newcomer


def test_an_exception_applies_the_default_tier_and_says_so(session, till, excepted):
    ctx, _, basket, _ = excepted
    lookup = baskets.lookup_household(session, ctx, basket)
    left = left_for(session, ctx, basket, lookup)
    assert left.allowance == Decimal("20.00")  # a single person's tier: 20 € a month
    assert left.quotas == {"laitier": 2}
    notice = f"Accès exceptionnel : droit d'achat par défaut pour la composition du foyer ({money(Decimal(20))} par mois"
    assert any(warning.startswith(notice) for warning in lookup.warnings)
    with pytest.raises(LimitRefused, match="Droit d'achat insuffisant"):  # 23,66 € of cheese
        baskets.add_weighed(session, ctx, basket, till.cheese,
                            ScaleReading(ScaleState.OK, grams=1400, stable=True, display="1.400"))


def test_an_exception_keeps_the_quotas(session, till, excepted):
    ctx, _, basket, _ = excepted
    baskets.scan(session, ctx, basket, till.milk.gtin)
    baskets.scan(session, ctx, basket, till.milk.gtin)
    with pytest.raises(LimitRefused, match="Limite atteinte pour « Produits laitiers » : 2"):
        baskets.scan(session, ctx, basket, till.milk.gtin)


def test_a_second_exception_in_the_month_counts_what_the_first_took(session, till, excepted):
    ctx, cash_session, basket, newcomer = excepted
    baskets.scan(session, ctx, basket, till.milk.gtin)
    sale = checkout.complete_sale(session, ctx, basket, [Tender(Method.CASH, Decimal("0.11"))], "exc-1").entry
    assert (sale.allowance_used, sale.allowance_left) == (Decimal("1.05"), Decimal("18.95"))
    session.commit()
    later = till.ctx(now=NOW + dt.timedelta(days=1))
    basket = baskets.open_basket(session, later, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, later, basket, newcomer.card_number, COORDINATOR)
    left = left_for(session, later, basket, baskets.lookup_household(session, later, basket))
    assert (left.allowance, left.quotas) == (Decimal("18.95"), {"laitier": 1})
