"""Participation pricing, weighted in-store codes and payments: the counter's pure rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.payments import Method, PaymentError, Tender, settle
from pos.pricing import (
    PricingError,
    market_value_by_piece,
    market_value_by_weight,
    participation,
    split_value,
)


def test_participation_is_rounded_once_half_up():
    line = participation(market_value_by_piece(Decimal("1.25"), 1), Decimal("0.10"))
    assert line.market_value == Decimal("1.25")
    assert line.price == Decimal("0.13")


def test_weighed_line_market_value_from_grams():
    assert market_value_by_weight(Decimal("2.49"), 1250) == Decimal("3.11")  # 3.1125 → 3.11


def test_fse_plus_food_is_always_free():
    line = participation(Decimal("4.20"), Decimal("0.30"), fse_plus=True)
    assert line.price == Decimal("0.00") and line.market_value == Decimal("4.20")
    assert line.free_reason == "Aide européenne FSE+ : gratuit"


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2),
       st.sampled_from([Decimal("0.10"), Decimal("0.15"), Decimal("0.2"), Decimal("0.30")]))
def test_participation_never_exceeds_the_market_value(value, rate):
    line = participation(value, rate)
    assert Decimal(0) <= line.price <= line.market_value
    assert line.price.as_tuple().exponent == -2


@pytest.mark.parametrize("call,message", [
    (lambda: market_value_by_piece(Decimal("1"), 0), "La quantité doit être d'au moins 1."),
    (lambda: market_value_by_weight(Decimal("1"), -5), "Le poids doit être positif."),
    (lambda: participation(Decimal("1"), Decimal("1.5")), "Taux de participation impossible"),
])
def test_impossible_lines_are_refused(call, message):
    with pytest.raises(PricingError, match=message):
        call()


def test_cash_payment_gives_change():
    settlement = settle(Decimal("3.20"), [Tender(Method.CASH, Decimal("5.00"))])
    assert settlement.change == Decimal("1.80")


def test_split_payment_card_and_cash():
    settlement = settle(Decimal("12.40"), [Tender(Method.CARD, Decimal("10.00"), "ticket 4411"),
                                           Tender(Method.CASH, Decimal("3.00"))])
    assert settlement.change == Decimal("0.60")
    assert [t.method for t in settlement.tenders] == [Method.CARD, Method.CASH]


def test_payment_short_of_the_total_names_the_gap():
    with pytest.raises(PaymentError) as refusal:
        settle(Decimal("3.20"), [Tender(Method.CASH, Decimal("2.00"))])
    assert str(refusal.value) == "Paiement insuffisant : 2,00\xa0€ reçus pour 3,20\xa0€ à payer (il manque 1,20\xa0€)."


def test_card_cannot_give_change():
    with pytest.raises(PaymentError, match="Seules les espèces"):
        settle(Decimal("3.20"), [Tender(Method.CARD, Decimal("5.00"))])


def test_free_basket_needs_no_tender():
    settlement = settle(Decimal("0.00"), [])
    assert settlement.tenders[0].method is Method.FREE and settlement.change == 0


def test_a_value_split_per_lot_adds_up_to_the_whole():
    assert split_value(Decimal("3.75"), [1, 2]) == [Decimal("1.25"), Decimal("2.50")]
    assert split_value(Decimal("3.11"), [800, 450]) == [Decimal("1.99"), Decimal("1.12")]


@given(st.decimals(min_value=0, max_value=500, places=2), st.lists(st.integers(1, 5000), min_size=1, max_size=5))
def test_split_shares_sum_exactly_and_stay_within_a_cent(total, parts):
    shares = split_value(total, parts)
    assert sum(shares) == total
    for share, part in zip(shares, parts, strict=True):
        assert abs(share - total * part / sum(parts)) <= Decimal("0.01")
