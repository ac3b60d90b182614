"""The counter's use cases end to end, below the screens: basket, limits, payment, journal, stock."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from devices.interfaces import ScaleReading, ScaleState
from households import registry
from inventory.gtin import with_check_digit
from inventory.models import GarmentType
from inventory.stock_models import StockDiscrepancy
from pos import basket as baskets
from pos import cash, checkout, journal
from pos.enums import EntryKind, Shop
from pos.errors import LimitRefused, TillError
from pos.limits import OverrideRequest, left_for
from pos.models import JournalEntry
from pos.payments import Method, Tender
from tests.conftest import BOTH_BACKENDS
from tests.households.helpers import household_input
from tests.pos.conftest import NOW, TODAY


@pytest.fixture
def ring(session, till):
    """An open session and a basket with the household's card scanned."""
    ctx = till.ctx()
    cash_session = cash.open_session(session, ctx, Decimal("50.00"))
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    return ctx, cash_session, basket


def cash_tender(amount: str) -> list[Tender]:
    return [Tender(Method.CASH, Decimal(amount))]


def test_a_scan_is_priced_at_the_participation_rate(session, till, ring):
    ctx, _, basket = ring
    line = baskets.scan(session, ctx, basket, till.pasta.gtin)
    assert (line.market_value, line.price, line.rate) == (Decimal("1.25"), Decimal("0.13"), Decimal("0.1"))


def test_fse_plus_lots_are_free_whatever_the_rate(session, till, ring):
    ctx, _, basket = ring
    line = baskets.scan(session, ctx, basket, till.fse_rice.gtin)
    assert line.fse_plus and line.price == Decimal("0.00") and line.market_value == Decimal("2.10")


@pytest.mark.parametrize("raw,message", [
    ("3017620422004", "clé de contrôle fausse"),
    (with_check_digit("376000000000"), "inconnu au catalogue"),
    ("", "Code vide"),
])
def test_bad_codes_get_a_clear_message(session, ring, raw, message):
    ctx, _, basket = ring
    with pytest.raises(TillError, match=message):
        baskets.scan(session, ctx, basket, raw)
    assert basket.lines == []


def test_nothing_is_sold_before_the_household_card(session, till):
    ctx = till.ctx()
    basket = baskets.open_basket(session, ctx, cash.open_session(session, ctx, Decimal(0)), Shop.EPICERIE)
    with pytest.raises(TillError, match="Scannez d'abord la carte du foyer."):
        baskets.scan(session, ctx, basket, till.pasta.gtin)


def test_weighed_item_only_from_a_stable_reading_shown_as_given(session, till, ring):
    ctx, _, basket = ring
    unstable = ScaleReading(ScaleState.MOTION, grams=1250, stable=False, display="1.250")
    with pytest.raises(TillError, match="Balance : poids instable"):
        baskets.add_weighed(session, ctx, basket, till.apples, unstable)
    negative = ScaleReading(ScaleState.UNDER_ZERO, grams=None, display=None)
    with pytest.raises(TillError, match="poids négatif"):
        baskets.add_weighed(session, ctx, basket, till.apples, negative)
    line = baskets.add_weighed(session, ctx, basket, till.apples,
                               ScaleReading(ScaleState.OK, grams=1250, stable=True, display=" 1.250 kg"))
    assert (line.grams, line.weight_display, line.market_value) == (1250, " 1.250 kg", Decimal("3.11"))


def test_weighted_instore_code_reads_grams_after_the_check_digit(session, till, ring):
    ctx, _, basket = ring
    line = baskets.scan(session, ctx, basket, with_check_digit("210004200315"))
    assert (line.description, line.grams) == ("Comté à la coupe", 315)
    assert line.market_value == Decimal("5.32")  # 16.90 €/kg × 0.315 kg = 5.3235
    good = with_check_digit("210004200315")
    with pytest.raises(TillError, match="clé de contrôle fausse"):
        baskets.scan(session, ctx, basket, good[:-1] + str((int(good[-1]) + 1) % 10))


def test_a_line_over_the_quota_is_refused_with_the_figures(session, till, ring):
    ctx, _, basket = ring
    baskets.scan(session, ctx, basket, till.milk.gtin)
    baskets.scan(session, ctx, basket, till.milk.gtin)
    with pytest.raises(LimitRefused) as refusal:
        baskets.scan(session, ctx, basket, till.milk.gtin)
    assert "Limite atteinte pour « Produits laitiers » : 2" in str(refusal.value)
    assert "il en reste 0" in str(refusal.value)
    assert [(line.description, line.quantity) for line in basket.lines] == [("Lait demi-écrémé 1 L", 2)]


def test_a_line_over_the_allowance_is_refused_then_overridden_by_a_coordinator(session, till, ring):
    ctx, _, basket = ring
    reading = ScaleReading(ScaleState.OK, grams=1400, stable=True, display="1.400")  # 23,66 € of cheese
    with pytest.raises(LimitRefused, match="Droit d'achat insuffisant : cet article vaut 23,66"):
        baskets.add_weighed(session, ctx, basket, till.cheese, reading)
    with pytest.raises(TillError, match="Dérogation refusée : Identifiant ou code incorrect."):
        baskets.add_weighed(session, ctx, basket, till.cheese, reading, OverrideRequest("claire", "0000", "fête"))
    with pytest.raises(TillError, match="seule la coordination"):
        baskets.add_weighed(session, ctx, basket, till.cheese, reading, OverrideRequest("marie", "2468", "fête"))
    line = baskets.add_weighed(session, ctx, basket, till.cheese, reading,
                               OverrideRequest("claire", "1357", "Colis de Noël"))
    assert line.override_reason == "Colis de Noël"
    sale = checkout.complete_sale(session, ctx, basket, cash_tender("5.00"), "key-1").entry
    assert sale.override_by_id is not None and "Colis de Noël" in sale.reason


def test_cash_payment_gives_change_and_records_everything(session, till, ring):
    ctx, cash_session, basket = ring
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    baskets.scan(session, ctx, basket, till.fse_rice.gtin)
    done = checkout.complete_sale(session, ctx, basket, cash_tender("1.00"), "key-1")
    session.commit()
    entry = done.entry
    assert done.change == Decimal("0.87")
    assert (entry.sequence, entry.kind, entry.amount_paid, entry.market_value) == (
        1, EntryKind.SALE, Decimal("0.13"), Decimal("3.35"))
    assert entry.allowance_used == Decimal("3.35")
    assert entry.allowance_left == Decimal("16.65")  # 20 € a month for a single person
    assert entry.grams == 1500
    assert [(t.method, t.amount, t.tendered) for t in entry.tenders] == [(Method.CASH, Decimal("0.13"), Decimal("1.00"))]


def test_a_double_click_records_the_sale_once(session, till, ring):
    ctx, cash_session, basket = ring
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    first = checkout.complete_sale(session, ctx, basket, cash_tender("1.00"), "same-key")
    session.commit()
    again = checkout.complete_sale(session, ctx, basket, cash_tender("1.00"), "same-key")
    assert again.replayed and again.entry.id == first.entry.id
    assert session.scalar(select(func.count()).select_from(JournalEntry)) == 1


def test_a_short_payment_records_nothing(session, till, ring):
    ctx, _, basket = ring
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    with pytest.raises(TillError, match="Paiement insuffisant"):
        checkout.complete_sale(session, ctx, basket, cash_tender("0.10"), "key-short")
    assert session.scalar(select(func.count()).select_from(JournalEntry)) == 0


def test_selling_without_recorded_stock_notes_a_discrepancy(session, till, ring):
    ctx, _, basket = ring
    baskets.scan(session, ctx, basket, till.milk.gtin)
    done = checkout.complete_sale(session, ctx, basket, cash_tender("1.00"), "key-1")
    assert "Aucun stock enregistré" in done.warnings[0]
    assert session.scalar(select(func.count()).select_from(StockDiscrepancy)) == 1


def test_a_return_recredits_the_allowance_and_refunds(session, till, ring):
    ctx, cash_session, basket = ring
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    baskets.set_quantity(session, ctx, basket, basket.lines[0].id, 3)
    sale = checkout.complete_sale(session, ctx, basket, cash_tender("1.00"), "key-1").entry
    assert sale.allowance_left == Decimal("16.25")
    line = sale.lines[0]
    back = checkout.return_items(session, ctx, sale.id, {line.id: 1}, "Paquet abîmé", cash_session)
    assert (back.kind, back.sequence, back.amount_paid, back.allowance_used) == (
        EntryKind.RETURN, 2, Decimal("-0.13"), Decimal("-1.25"))
    with pytest.raises(TillError, match="déjà rendu 1"):
        checkout.return_items(session, ctx, sale.id, {line.id: 3}, "encore", cash_session)
    session.commit()
    assert journal.verify(session, till.site.id) == (2, None)  # defaults filled at flush hash alike
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    left = baskets.lookup_household(session, ctx, basket)
    assert left_for(session, ctx, basket, left).allowance == Decimal("17.50")


def test_void_only_in_the_open_session_and_only_once(session, till, ring):
    ctx, cash_session, basket = ring
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    sale = checkout.complete_sale(session, ctx, basket, cash_tender("0.13"), "key-1").entry
    void = checkout.void_sale(session, ctx, sale.id, "Erreur de saisie")
    assert void.refers_to_id == sale.id and void.amount_paid == Decimal("-0.13")
    with pytest.raises(TillError, match="déjà annulée"):
        checkout.void_sale(session, ctx, sale.id, "encore")


def test_z_report_totals_and_perpetual_total(session, till, ring):
    ctx, cash_session, basket = ring
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    checkout.complete_sale(session, ctx, basket, [Tender(Method.CARD, Decimal("0.13"), "T-1")], "k1")
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    checkout.complete_sale(session, ctx, basket, cash_tender("1.00"), "k2")
    closing = cash.close_session(session, ctx, cash_session, Decimal("50.20"))
    z = closing.closing
    # Two packets on one line: 10 % of 2,50 € rounded once (0,25 €), not twice 0,13 €.
    assert (z.sales_count, z.amount_paid, z.card_total, z.cash_total) == (
        2, Decimal("0.38"), Decimal("0.13"), Decimal("0.25"))
    assert (z.expected_cash, z.counted_cash, z.grams, z.market_value) == (
        Decimal("50.25"), Decimal("50.20"), 1500, Decimal("3.75"))
    assert z.perpetual_total == Decimal("0.38")
    assert closing.reason == "Écart de caisse -0,05\xa0€"  # fr_FR, like every amount people read
    ctx2 = till.ctx()
    second = cash.open_session(session, ctx2, Decimal("10"))
    assert cash.close_session(session, ctx2, second, Decimal("10")).closing.perpetual_total == Decimal("0.38")


@BOTH_BACKENDS
def test_journal_verifies_then_finds_the_edited_entry(session, till, ring):
    ctx, cash_session, basket = ring
    for key in ("k1", "k2", "k3"):
        basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
        baskets.attach_household(session, ctx, basket, till.household.card_number)
        baskets.scan(session, ctx, basket, till.pasta.gtin)
        checkout.complete_sale(session, ctx, basket, cash_tender("0.13"), key)
    session.commit()
    assert journal.verify(session, till.site.id) == (3, None)
    second = session.scalar(select(JournalEntry).where(JournalEntry.sequence == 2))
    second.lines[0].price = Decimal("0.01")  # someone "fixes" a price in the database
    session.commit()
    count, broken = journal.verify(session, till.site.id)
    assert broken.sequence == 2 and broken.reason == "le contenu de l'écriture a été modifié"


def test_vesti_boutique_sells_garments_without_allowance(session, till, build):
    ctx = till.ctx()
    coat = GarmentType(code="manteau", label="Manteau", price=Decimal("3.00"), owner_node="CENTRAL")
    session.add(coat)
    cash_session = cash.open_session(session, ctx, Decimal(0))
    basket = baskets.open_basket(session, ctx, cash_session, Shop.VESTI)
    line = baskets.add_garment(session, ctx, basket, coat, 2)
    assert (line.market_value, line.price) == (Decimal("6.00"), Decimal("6.00"))
    entry = checkout.complete_sale(session, ctx, basket, cash_tender("10.00"), "v1").entry
    assert entry.household_id is None and entry.allowance_used == 0 and entry.shop is Shop.VESTI


def test_a_household_without_access_needs_a_logged_exception(session, till):
    newcomer = registry.register(session, household_input(till.site, 1990), actor=None, now=NOW,
                                 owner_node="CENTRAL", today=TODAY)
    session.commit()
    ctx = till.ctx()
    basket = baskets.open_basket(session, ctx, cash.open_session(session, ctx, Decimal(0)), Shop.EPICERIE)
    with pytest.raises(TillError) as refusal:
        baskets.attach_household(session, ctx, basket, newcomer.card_number)
    assert refusal.value.details["needs_exception"] is True
    baskets.attach_household(session, ctx, basket, newcomer.card_number,
                             OverrideRequest("claire", "1357", "Orientée par le CCAS ce matin"))
    line = baskets.scan(session, ctx, basket, till.pasta.gtin)
    assert line.price == Decimal("0.13")  # without a grant: the site's default rate (10 %)
    sale = checkout.complete_sale(session, ctx, basket, cash_tender("0.13"), "exception").entry
    assert sale.override_by_id is not None
    assert sale.reason == "Accès exceptionnel : Orientée par le CCAS ce matin"


def test_a_manual_line_by_category_for_an_unreadable_code(session, till, ring):
    ctx, _, basket = ring
    with pytest.raises(TillError, match="doit être positive"):
        baskets.add_manual(session, ctx, basket, till.groceries, "Conserve sans étiquette", Decimal("0"))
    line = baskets.add_manual(session, ctx, basket, till.groceries, "Conserve sans étiquette", Decimal("2.40"))
    assert (line.description, line.market_value, line.price, line.category_code) == (
        "Conserve sans étiquette", Decimal("2.40"), Decimal("0.24"), "epicerie")
