"""Local intake at a site node (Auch): a ramasse at the village supermarket scanned or weighed at the
site, through the warehouse's intake rules (GS1, expiry, 48 h, recalls); refusals logged for the donor;
the stock enters the site's ledger; bad input answered in French with nothing recorded."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from inventory.ledger import balance_of
from inventory.stock_models import Lot, StockMovement
from shop import intake as local
from tests.conftest import BOTH_BACKENDS, csrf_token
from tests.shop.conftest import NOW, TODAY
from warehouse.donor_enums import PickupFrequency, RefusalReason
from warehouse.donor_models import DonationRefusal, DonorConvention
from warehouse.locations import InputError, create_donor
from warehouse.models import Delivery, DonorKind, IntakeLine

GS = "\x1d"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def field_error(page: str, name: str) -> str | None:
    found = re.search(rf'<div><label for="{name}">.*?</div>', page, re.S)
    error = found and re.search(r'<p class="field-error"[^>]*>(.*?)</p>', found.group(0), re.S)
    return error.group(1) if error else None


@pytest.fixture
def store(session, site_stock):
    donor = create_donor(session, name="Intermarché de Mirande", kind=DonorKind.STORE, commune="Mirande",
                         owner_node="CENTRAL")
    session.add(DonorConvention(donor_id=donor.id, site_id=site_stock.site.id, signed_on=dt.date(2026, 1, 5),
                                starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 12, 20), goods="Frais",
                                food_groups=[], pickup_frequency=PickupFrequency.WEEKLY, owner_node="CENTRAL"))
    session.commit()
    return donor


@pytest.fixture
def cashier(client, login, site_stock):
    assert login("marie", "2468").status_code == 302
    return client


def open_ramasse(client, store) -> str:
    response = client.post("/magasin/ramasses", data={"source": "ramasse", "donor": str(store.id),
                                                      "csrf_token": csrf_token(client, "/magasin/ramasses")})
    assert response.status_code == 302, text(response)
    return response.headers["Location"]


def counts(session) -> tuple[int, int, int]:
    session.expire_all()
    return tuple(session.scalar(select(func.count()).select_from(model))
                 for model in (IntakeLine, StockMovement, DonationRefusal))


def test_a_gs1_label_scanned_at_the_site_enters_the_site_stock_owned_by_the_node(cashier, session, site_stock, store):
    page = open_ramasse(cashier, store)
    before = counts(session)
    label = f"01{site_stock.yoghurt.gtin.zfill(14)}17261205" + "10Y-RAM" + GS + "376"
    shown = text(cashier.get(page, query_string={"code": label}))
    assert "Yaourt nature x4" in shown and 'name="lot_code" value="Y-RAM"' in shown
    assert "Convention de don : expire dans 22 jours." in shown
    response = cashier.post(f"{page}/lignes", data={
        "csrf_token": csrf_token(cashier, page), "product_id": str(site_stock.yoghurt.id), "units": "6",
        "lot_code": "Y-RAM", "date_kind": "DLC", "expiry_date": "2026-12-05", "location": "frigo",
        "scanned_code": label, "unit_value": "0,45"})
    assert response.status_code == 302
    assert "Enregistré : « Yaourt nature x4 », 6 unité(s), 3,000 kg, lot Y-RAM." in text(cashier.get(page))
    assert counts(session)[:2] == (before[0] + 1, before[1] + 1)
    delivery = session.scalar(select(Delivery))
    lot = session.scalar(select(Lot).where(Lot.lot_code == "Y-RAM"))
    assert (delivery.site_id, delivery.owner_node, delivery.donor_id) == (site_stock.site.id, "AUCH", store.id)
    assert (lot.received_site_id, lot.owner_node) == (site_stock.site.id, "AUCH")
    assert balance_of(session, lot.id, site_stock.site.id, "FRIGO") == (6, 3000)
    assert session.scalar(select(IntakeLine.unit_value)) == Decimal("0.45")
    assert "Y-RAM" in text(cashier.get("/magasin/stock"))


def test_loose_produce_weighed_at_the_site(cashier, session, site_stock, store):
    page = open_ramasse(cashier, store)
    response = cashier.post(f"{page}/lignes", data={
        "csrf_token": csrf_token(cashier, page), "product_id": str(site_stock.apples.id), "kg": "4,25",
        "date_kind": "none", "location": ""})
    assert response.status_code == 302
    line = session.scalar(select(IntakeLine))
    assert (line.units, line.grams, line.location) == (0, 4250, "")


def test_the_48_hour_rule_refuses_and_logs_the_refusal_for_the_donor(cashier, session, site_stock, store):
    page = open_ramasse(cashier, store)
    response = cashier.post(f"{page}/lignes", data={
        "csrf_token": csrf_token(cashier, page), "product_id": str(site_stock.yoghurt.id), "units": "8",
        "lot_code": "Y-TARD", "date_kind": "DLC", "expiry_date": "29/11/2026"})
    assert response.status_code == 422
    shown = text(response)
    assert field_error(shown, "expiry_date").startswith("DLC du 29/11/2026 : il reste ")
    assert "Lot refusé : noté au registre des dons refusés du donateur." in shown
    refusal = session.scalar(select(DonationRefusal))
    assert (refusal.reason, refusal.donor_id, refusal.site_id, refusal.owner_node, refusal.units) == (
        RefusalReason.SHORT_SHELF_LIFE, store.id, site_stock.site.id, "AUCH", 8)
    assert session.scalar(select(func.count()).select_from(IntakeLine)) == 0
    assert "DLC à moins de 48 h" in text(cashier.get(page))


@pytest.mark.parametrize(("fields", "field", "message"), [
    (dict(units="", kg="-3", product="apples"), "kg", "Poids nul ou négatif : pesez le colis."),
    (dict(units="trois"), "units", "Nombre illisible : « trois »."),
    (dict(units="-3"), "units", "Unités par colis : au moins 1 (un colis n'est jamais vide)."),
    (dict(kg="2,5 kilos"), "kg", "Poids illisible : « 2,5 kilos » (en kg, ex. 2,5)."),
    (dict(unit_value="-1"), "unit_value", "Valeur négative : indiquez la valeur déclarée par le donateur."),
    (dict(unit_value="un euro"), "unit_value", "Valeur illisible : « un euro » (en euros, ex. 0,80)."),
    (dict(location="quarantaine"), "location",
     "L'emplacement QUARANTAINE est réservé aux lots bloqués : choisissez le rayon, le frigo ou le congélateur."),
])
def test_bad_input_is_answered_in_french_with_nothing_recorded(cashier, session, site_stock, store, fields, field,
                                                               message):
    page = open_ramasse(cashier, store)
    before = counts(session)
    product = getattr(site_stock, fields.pop("product", "pasta"))
    data = {"csrf_token": csrf_token(cashier, page), "product_id": str(product.id), "units": "2",
            "date_kind": "DDM", "expiry_date": "2027-06-30", "lot_code": "P1"}
    data.update(fields)
    response = cashier.post(f"{page}/lignes", data=data)
    assert response.status_code == 422
    shown = text(response)
    errors = [field_error(shown, field)] + ([field_error(shown, "units")] if field == "units" else [])
    assert message in shown, errors
    assert "Lot refusé :" not in shown
    assert counts(session) == before


def test_a_garbage_barcode_is_explained_and_an_unknown_gtin_is_not_invented(cashier, session, site_stock, store):
    page = open_ramasse(cashier, store)
    garbage = text(cashier.get(page, query_string={"code": "#)!&^@)$@@))#"}))
    assert 'role="alert"' in garbage and 'name="product_id"' not in garbage
    unknown = text(cashier.get(page, query_string={"code": "3250391234561"}))
    assert "Produit inconnu au catalogue (GTIN 3250391234561)" in unknown and 'name="product_id"' not in unknown
    assert counts(session) == (0, 6, 0)


def test_opening_needs_a_local_source_and_a_store_for_a_ramasse(cashier, session, site_stock):
    token = csrf_token(cashier, "/magasin/ramasses")
    no_store = cashier.post("/magasin/ramasses", data={"source": "ramasse", "donor": "", "csrf_token": token})
    assert no_store.status_code == 422 and "Une ramasse vient d'un magasin : choisissez le donateur." in text(no_store)
    fse = cashier.post("/magasin/ramasses", data={"source": "fse_plus", "csrf_token": token})
    assert "Choisissez la provenance : ramasse, collecte, don agricole ou autre don." in text(fse)
    assert session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_shelf_location_rule():
    assert local.shelf_location(None, None, " frigo ", None) == "FRIGO"
    assert local.shelf_location(None, None, "", None) == ""
    with pytest.raises(InputError):
        local.shelf_location(None, None, "rappel", None)


def test_another_sites_intake_is_not_found(cashier, session, site_stock, store, build):
    condom = build.site(code="CONDOM", name="Condom")
    other = local.open_local_intake(session, site_id=condom.id, source="collecte", donor_id=None, now=NOW,
                                    owner_node="CONDOM")
    session.commit()
    assert cashier.get(f"/magasin/ramasses/{other.id}").status_code == 404
    assert dt.date(2026, 11, 28) == TODAY


@BOTH_BACKENDS
def test_a_ramasse_note_is_unique_per_site_not_across_the_network(session, site_stock, store, build):
    condom = build.site(code="CONDOM", name="Condom")
    long_note = "BR-" + "9" * 57  # the longest note a form takes: the key still fits its column
    for site in (site_stock.site, condom):
        local.open_local_intake(session, site_id=site.id, source="ramasse", donor_id=store.id, now=NOW,
                                owner_node="AUCH", delivery_note=long_note)
    with pytest.raises(InputError) as twice:
        local.open_local_intake(session, site_id=condom.id, source="ramasse", donor_id=store.id, now=NOW,
                                owner_node="AUCH", delivery_note=long_note.lower())
    assert twice.value.errors["delivery_note"].startswith(f"Le bon de livraison « {long_note.lower()} » est déjà")
    session.commit()
    assert session.scalar(select(func.count()).select_from(Delivery)) == 2
