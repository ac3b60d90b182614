"""Shelf labels: the market value and the price paid at the site's rate, « prix affiché deux fois »."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from households import settings_service
from inventory.ledger import StockError
from inventory.prices import schedule_product_price
from shop.labels import A4_SHEET, SMALL, labels_pdf, shelf_labels
from tests.conftest import csrf_token
from tests.shop.conftest import TODAY

TOMORROW = TODAY + dt.timedelta(days=1)


def test_a_label_shows_the_market_value_and_the_price_at_the_site_rate(session, site_stock):
    [label] = shelf_labels(session, site_stock.site.id, [site_stock.pasta.id], TODAY)
    assert (label.market_value, label.paid, label.rate) == (Decimal("1.25"), Decimal("0.13"), Decimal("10.00"))


def test_a_category_rate_and_a_weight_price_per_kg(session, site_stock):
    settings_service.save_category_rule(session, site_stock.apples.category.id, rate=Decimal("20"), quota_base=None,
                                        quota_per_person=0, owner_node="CENTRAL")
    [label] = shelf_labels(session, site_stock.site.id, [site_stock.apples.id], TODAY)
    assert (label.paid, label.per_kg) == (Decimal("0.50"), True)


def test_labels_printed_for_tomorrow_show_tomorrows_price(session, site_stock):
    schedule_product_price(session, site_stock.pasta, price=Decimal("1.50"), effective_from=TOMORROW, today=TODAY,
                           owner_node="CENTRAL")
    assert shelf_labels(session, site_stock.site.id, [site_stock.pasta.id], TODAY)[0].market_value == Decimal("1.25")
    assert shelf_labels(session, site_stock.site.id, [site_stock.pasta.id], TOMORROW)[0].paid == Decimal("0.15")


def test_the_a4_sheet_holds_24_labels_a_page_and_the_small_layout_one(session, site_stock):
    labels = shelf_labels(session, site_stock.site.id, [site_stock.pasta.id], TODAY) * 25
    sheet = labels_pdf(labels, A4_SHEET, TODAY)
    assert sheet.count(b"/Type /Page\n") == 2 and sheet.count(b"(Vous payez 0,13") == 25
    assert b"(Valeur marchande : 1,25" in sheet
    assert labels_pdf(labels[:3], SMALL, TODAY).count(b"/Type /Page\n") == 3


def test_no_product_no_sheet(session, site_stock):
    with pytest.raises(StockError, match="Aucun produit choisi"):
        shelf_labels(session, site_stock.site.id, [], TODAY)


def test_the_label_form_answers_zero_products_in_french(client, login, site_stock):
    assert login("marie", "2468").status_code == 302
    answer = client.post("/magasin/etiquettes", data={"csrf_token": csrf_token(client, "/magasin/etiquettes"),
                                                      "format": "a4"})
    assert answer.status_code == 422
    assert "Aucun produit choisi : cochez au moins un produit" in answer.get_data(as_text=True)
    pdf = client.post("/magasin/etiquettes", data={"csrf_token": csrf_token(client, "/magasin/etiquettes"),
                                                   "format": "petite", "produit": [str(site_stock.pasta.id)]})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and b"(Vous payez 0,13" in pdf.data
