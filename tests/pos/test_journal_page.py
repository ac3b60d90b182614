"""The coordinator's journal screen: the entries, and the integrity check on demand."""

from __future__ import annotations

import html
from decimal import Decimal

from sqlalchemy import select

from pos import basket as baskets
from pos import cash, checkout
from pos.enums import Shop
from pos.models import JournalEntry
from pos.payments import Method, Tender
from tests.conftest import csrf_token
from tests.pos.conftest import NOW


def test_the_coordinator_sees_the_journal_and_checks_it(app, client, login, session, till):
    app.extensions["gers.clock"] = lambda: NOW
    ctx = till.ctx()
    cash_session = cash.open_session(session, ctx, Decimal(0))
    basket = baskets.open_basket(session, ctx, cash_session, Shop.EPICERIE)
    baskets.attach_household(session, ctx, basket, till.household.card_number)
    baskets.scan(session, ctx, basket, till.pasta.gtin)
    checkout.complete_sale(session, ctx, basket, [Tender(Method.CASH, Decimal("1"))], "k1")
    session.commit()
    assert login("claire", "1357").status_code == 302
    page = client.get("/caisse/journal").get_data(as_text=True)
    entry = session.scalar(select(JournalEntry))
    assert entry.short_hash in page and "Vente" in page
    verdict = client.post("/caisse/journal/verification", data={"csrf_token": csrf_token(client, "/caisse/journal")},
                          follow_redirects=True).get_data(as_text=True)
    assert "Journal intègre : 1 écritures vérifiées" in verdict
    entry.amount_paid = Decimal("0.01")
    session.commit()
    verdict = html.unescape(client.post("/caisse/journal/verification", data={
        "csrf_token": csrf_token(client, "/caisse/journal")}, follow_redirects=True).get_data(as_text=True))
    assert "Journal altéré à l'écriture n° 1 : le contenu de l'écriture a été modifié." in verdict


def test_a_cashier_cannot_open_the_journal_screen(client, login, till):
    login("marie", "2468")
    assert client.get("/caisse/journal").status_code == 403
