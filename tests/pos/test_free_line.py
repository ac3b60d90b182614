"""The free distribution line of FSE+ food: a household's card, FSE+ lots only, nothing paid and
nothing taken from the allowance or its quotas; journalled and printed like any sale."""

from __future__ import annotations

from decimal import Decimal

import pytest

from devices.escpos_render import DEFAULT_PROFILE, render
from pos import basket as baskets
from pos import cash, checkout
from pos.enums import EntryKind, Shop
from pos.errors import TillError
from pos.limits import left_for
from pos.payments import Method, Tender
from pos.receipts import receipt_for
from pos.spending import household_spending
from tests.pos.conftest import TODAY


def free_basket(session, till, ctx):
    cash_session = cash.open_session(session, ctx, Decimal("20.00"))
    return baskets.open_basket(session, ctx, cash_session, Shop.FSE)


def test_the_free_line_needs_the_households_card(session, till):
    ctx = till.ctx()
    basket = free_basket(session, till, ctx)
    with pytest.raises(TillError, match="carte du foyer"):
        baskets.scan(session, ctx, basket, till.fse_rice.gtin)


def test_the_free_line_takes_fse_plus_lots_only(session, till):
    ctx = till.ctx()
    basket = free_basket(session, till, ctx)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    with pytest.raises(TillError, match="n'accepte que les lots FSE\\+"):
        baskets.scan(session, ctx, basket, till.pasta.gtin)  # Banque Alimentaire stock only
    with pytest.raises(TillError, match="n'accepte que les lots FSE\\+"):
        baskets.add_manual(session, ctx, basket, till.groceries, "Conserves", Decimal("3.00"))
    line = baskets.scan(session, ctx, basket, till.fse_rice.gtin)
    assert (line.fse_plus, line.price, line.market_value) == (True, Decimal("0.00"), Decimal("2.10"))
    with pytest.raises(TillError, match="pas assez de stock FSE\\+"):
        baskets.set_quantity(session, ctx, basket, line.id, 21)  # 20 FSE+ packets at this site


def test_a_free_distribution_is_journalled_without_payment_nor_allowance(session, till):
    ctx = till.ctx()
    paid_basket = baskets.open_basket(session, ctx, cash.open_session(session, ctx, Decimal("20.00")), Shop.EPICERIE)
    lookup = baskets.attach_household(session, ctx, paid_basket, till.household.card_number)
    left_before = left_for(session, ctx, paid_basket, lookup)
    basket = baskets.open_basket(session, ctx, cash.current_session(session, till.site.id), Shop.FSE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    line = baskets.scan(session, ctx, basket, till.fse_rice.gtin)
    baskets.set_quantity(session, ctx, basket, line.id, 3)
    done = checkout.complete_sale(session, ctx, basket, [], "free-1")
    entry = done.entry
    assert (entry.kind, entry.shop, entry.household_id) == (EntryKind.SALE, Shop.FSE, till.household.id)
    assert (entry.amount_paid, entry.allowance_used, entry.allowance_left) == (Decimal("0.00"), Decimal("0.00"), None)
    assert (entry.market_value, entry.grams) == (Decimal("6.30"), 3000)
    assert [(t.method, t.amount) for t in entry.tenders] == [(Method.FREE, Decimal("0.00"))]
    spent = household_spending(session, till.household.id, till.site.id, TODAY, TODAY)
    assert spent.market_value == Decimal("0.00") and spent.quantities == {}
    assert left_for(session, ctx, paid_basket, lookup) == left_before


def test_a_payment_offered_on_the_free_line_is_change_not_revenue(session, till):
    ctx = till.ctx()
    basket = free_basket(session, till, ctx)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    baskets.scan(session, ctx, basket, till.fse_rice.gtin)
    done = checkout.complete_sale(session, ctx, basket, [Tender(Method.CASH, Decimal("1.00"))], "free-2")
    assert done.entry.amount_paid == Decimal("0.00") and done.change == Decimal("1.00")


def _row(left: str, right: str) -> bytes:
    return (left + " " * (42 - len(left) - len(right)) + right + "\n").encode("cp858")


def test_the_free_distribution_receipt_exact_bytes(session, till):
    ctx = till.ctx()
    basket = free_basket(session, till, ctx)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    line = baskets.scan(session, ctx, basket, till.fse_rice.gtin)
    baskets.set_quantity(session, ctx, basket, line.id, 2)
    entry = checkout.complete_sale(session, ctx, basket, [], "free-3").entry
    printed = render(receipt_for(entry, till.site, "Gers Solidaire", till.household.card_number), DEFAULT_PROFILE)
    head = INIT + CP858 + NORMAL * 2 + ESC + b"!0" + BOLD_ON + CENTER + b"Gers Solidaire\n" + STYLE + BOLD_OFF + LEFT
    centred = (STYLE + BOLD_OFF + CENTER + b"\x90picerie solidaire d'Auch\n" + STYLE + BOLD_OFF + LEFT
               + STYLE + BOLD_OFF + CENTER + b"3 rue Gambetta, 32000 Auch\n" + STYLE + BOLD_OFF + LEFT)
    expected = (
        head + centred + RULE
        + STYLE + BOLD_ON + LEFT + b"Vente n\xf8 1 - Distribution gratuite FSE+\n"   # ° = 0xF8, — as -
        + STYLE + BOLD_OFF + LEFT + b"28/11/2026 11:00\n"
        + b"Carte " + till.household.card_number.encode() + b"\n" + RULE
        + b"2 x Riz long 1 kg\n"
        + _row("  valeur 4,20 €", "gratuit (FSE+)")                                 # € = 0xD5
        + b"Aide alimentaire de l'Union europ\x82enne\n(FSE+) : gratuite, hors droit d'achat.\n"  # é = 0x82
        + RULE + _row("Valeur marchande", "4,20 €")
        + STYLE + BOLD_ON + LEFT + _row("Total payé", "0,00 €")
        + STYLE + BOLD_OFF + LEFT + RULE
        + STYLE + BOLD_OFF + CENTER + b"Journal n\xf8 1 \xfa empreinte " + entry.short_hash.encode() + b"\n"
        + STYLE + BOLD_OFF + LEFT
        + STYLE + BOLD_OFF + CENTER + b"Merci et \x85 bient\x93t !\n" + STYLE + BOLD_OFF + LEFT
        + b"\n\n" + ESC + b"d\x06" + GS + b"V\x01"                                  # feed 6, partial cut
    )
    assert printed == expected


ESC, GS = b"\x1b", b"\x1d"
INIT, CP858 = ESC + b"@", ESC + b"t\x13"
NORMAL = ESC + b"!\x00"
STYLE = NORMAL * 3  # python-escpos sends « normal size » three ways before each styled block
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
CENTER, LEFT = ESC + b"a\x01", ESC + b"a\x00"
RULE = b"-" * 42 + b"\n"
