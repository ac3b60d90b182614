"""Warehouse screens through the test client: access, French messages on the field, whole flows."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from sqlalchemy import func, select

from gers.models import Role
from inventory.ledger import balance_of
from inventory.models import Product
from inventory.recalls import RecallTarget, record_recall
from inventory.stock_models import Lot, StockCount
from tests.conftest import csrf_token
from tests.inventory.stock_builders import NOW
from tests.warehouse.shipments import shipped_dispatch
from warehouse.models import Delivery, Dispatch, DonorAttestation, IntakeLine

GS = "\x1d"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def open_delivery(client, network, note="BL-1"):
    response = client.post("/entrepot/receptions", data={
        "source": "ramasse", "donor": str(network.store.id), "delivery_note": note,
        "csrf_token": csrf_token(client, "/entrepot/receptions")})
    assert response.status_code == 302
    return response.headers["Location"]


def test_cashiers_do_not_enter_the_warehouse(client, login, make_user, network):
    make_user(username="marie", role=Role.CASHIER, password="caisse-2026-xx", site_id=network.auch.id)
    login("marie", "caisse-2026-xx")
    assert client.get("/entrepot/").status_code == 403
    assert client.get("/arrivages/").status_code == 200


def test_every_warehouse_page_renders(signed_in, network, stock, session):
    lot = stock.lot(network.spread, days=2, lot_code="L-1")
    stock.stock(lot, network.warehouse, units=10, location="A-01")
    session.commit()
    for path in ("/entrepot/", "/entrepot/receptions", "/entrepot/stock?q=p%C3%A2te", "/entrepot/inventaires",
                 "/entrepot/reglages", "/entrepot/expeditions", "/entrepot/dates", "/entrepot/rappels",
                 "/entrepot/attestations", f"/entrepot/pertes?lot={lot.id}&emplacement=A-01",
                 f"/entrepot/expeditions/nouvelle?site={network.auch.id}&date=2026-11-30",
                 "/entrepot/ressources/warehouse.css", "/entrepot/ressources/scan.js"):
        response = signed_in.get(path)
        assert response.status_code == 200, path
        response.close()
    assert "L-1" in text(signed_in.get("/entrepot/stock"))


def test_scan_shows_what_was_read_and_prefills_the_line(signed_in, network):
    page = open_delivery(signed_in, network)
    code = f"]C10103017620422003152710311024153A{GS}3712"
    html = text(signed_in.get(page, query_string={"code": code}))
    assert "Pâte à tartiner 750 g" in html
    assert 'name="lot_code" value="24153A"' in html
    assert 'name="units_per_carton" inputmode="numeric" value="12"' in html
    assert 'value="2027-10-31"' in html


def test_bad_scan_is_explained_in_french(signed_in, network):
    page = open_delivery(signed_in, network)
    html = text(signed_in.get(page, query_string={"code": "0103017620422003" + "10L4521" + "17261130"}))
    assert "Séparateur GS manquant : le lot (10) « L452117261130 »" in html
    assert 'name="product_id"' not in html


def test_intake_line_saved_then_refused_with_the_message_on_the_field(signed_in, network, session):
    page = open_delivery(signed_in, network)
    token = csrf_token(signed_in, page)
    form = {"csrf_token": token, "product_id": str(network.yoghurt.id), "cartons": "3", "units_per_carton": "6",
            "lot_code": "Y1", "date_kind": "DLC", "expiry_date": "2026-12-05", "location": "F-01",
            "unit_value": "0,80"}
    response = signed_in.post(f"{page}/lignes", data=form)
    assert response.status_code == 302
    assert "Enregistré : 3 colis de « Yaourt nature x4 », lot Y1 en F-01." in text(signed_in.get(page))
    short = dict(form, expiry_date="29/11/2026", lot_code="Y2")
    response = signed_in.post(f"{page}/lignes", data=short)
    assert response.status_code == 422
    assert re.search(r'<p class="field-error" id="expiry_date-error" role="alert">DLC du 29/11/2026 : il reste '
                     r"38 h, moins des 48 h", text(response))
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(IntakeLine)) == 1


def field_error(page: str, name: str) -> str | None:
    """The error shown inside the form field `name` (label, input, then its error paragraph)."""
    found = re.search(rf'<div><label for="{name}">.*?</div>', page, re.S)
    error = found and re.search(r'<p class="field-error"[^>]*>(.*?)</p>', found.group(0), re.S)
    return error.group(1) if error else None


def test_unreadable_units_weight_and_value_are_shown_under_their_own_fields(signed_in, network, session):
    page = open_delivery(signed_in, network)
    form = {"csrf_token": csrf_token(signed_in, page), "product_id": str(network.spread.id), "cartons": "3",
            "units_per_carton": "douze", "carton_weight_kg": "9,x", "unit_value": "1,5 €uros", "lot_code": "S1",
            "date_kind": "DDM", "expiry_date": "2027-10-31", "location": "A-01"}
    response = signed_in.post(f"{page}/lignes", data=form)
    assert response.status_code == 422
    html = text(response)
    assert field_error(html, "cartons") is None
    assert field_error(html, "units_per_carton") == "Nombre illisible : « douze »."
    assert field_error(html, "carton_weight_kg") == "Poids illisible : « 9,x » (en kg, ex. 12,5)."
    assert field_error(html, "unit_value") == "Valeur illisible : « 1,5 €uros » (en euros, ex. 0,80)."
    negative = dict(form, units_per_carton="12", carton_weight_kg="", unit_value="-2")
    html = text(signed_in.post(f"{page}/lignes", data=negative))
    assert field_error(html, "unit_value") == "Valeur négative : indiquez la valeur déclarée par le donateur."
    assert field_error(html, "cartons") is None
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(IntakeLine)) == 0


def test_unknown_gtin_creates_the_product_with_the_line(signed_in, network, session, build):
    category = build.category(label="Conserves")
    session.commit()
    page = open_delivery(signed_in, network)
    html = text(signed_in.get(page, query_string={"code": "(01)03250391234561(15)280131(10)HV1"}))
    assert "Produit inconnu : créez-le" in html
    response = signed_in.post(f"{page}/lignes", data={
        "csrf_token": csrf_token(signed_in, page), "new_gtin": "3250391234561", "new_name": "Haricots verts",
        "new_category": str(category.id), "new_sold_by": "piece", "new_net_weight_kg": "0,4",
        "new_market_price": "1,20", "cartons": "2", "units_per_carton": "12", "lot_code": "HV1",
        "date_kind": "DDM", "expiry_date": "2028-01-31", "location": "A-01"})
    assert response.status_code == 302
    product = session.scalar(select(Product).where(Product.gtin == "3250391234561"))
    assert (product.name, product.net_weight_g) == ("Haricots verts", 400)
    line = session.scalar(select(IntakeLine).where(IntakeLine.product_id == product.id))
    assert (line.units, line.grams) == (24, 9600)


def test_duplicate_delivery_note_message(signed_in, network):
    open_delivery(signed_in, network, note="BL-9")
    response = signed_in.post("/entrepot/receptions", data={
        "source": "ramasse", "donor": str(network.store.id), "delivery_note": "BL-9",
        "csrf_token": csrf_token(signed_in, "/entrepot/receptions")})
    assert response.status_code == 422
    assert "Le bon de livraison « BL-9 » est déjà enregistré (réception du 28/11/2026)." in text(response)


def test_dispatch_flow_from_suggestion_to_pdf(signed_in, network, stock, session):
    lot = stock.lot(network.spread, days=200, lot_code="S-1")
    stock.stock(lot, network.warehouse, units=10, location="A-01")
    session.commit()
    prepare = f"/entrepot/expeditions/nouvelle?site={network.auch.id}&date=2026-11-30"
    key = f"{lot.id}|A-01"
    page_text = text(signed_in.get(prepare))
    assert f'value="{key}"' in page_text
    # The suggested weight is typed the French way, as the form reads it back.
    assert re.search(rf'name="kg\|{re.escape(key)}" inputmode="decimal" value="\d+,\d{{3}}"', page_text)
    response = signed_in.post("/entrepot/expeditions", data={
        "csrf_token": csrf_token(signed_in, prepare), "site": str(network.auch.id), "date": "2026-11-30",
        "pick": key, f"units|{key}": "4", f"kg|{key}": "3,000"})
    assert response.status_code == 302
    dispatch = session.scalar(select(Dispatch))
    page = response.headers["Location"]
    signed_in.post(f"{page}/expedier", data={"csrf_token": csrf_token(signed_in, page)})
    session.expire_all()
    assert balance_of(session, lot.id, network.warehouse.id, "A-01") == (6, 4500)
    pdf = signed_in.get(f"{page}/bon.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert dispatch.number in text(signed_in.get(page))


def test_over_quantity_in_a_dispatch_is_refused(signed_in, network, stock, session):
    lot = stock.lot(network.spread, days=200, lot_code="S-1")
    stock.stock(lot, network.warehouse, units=2, location="A-01")
    session.commit()
    key = f"{lot.id}|A-01"
    response = signed_in.post("/entrepot/expeditions", data={
        "csrf_token": csrf_token(signed_in, "/entrepot/expeditions"), "site": str(network.auch.id),
        "date": "2026-11-30", "pick": key, f"units|{key}": "5", f"kg|{key}": "3,750"}, follow_redirects=True)
    assert "lot « S-1 » : 2 unité(s) / 1500 g disponibles en A-01." in text(response)
    assert session.scalar(select(func.count()).select_from(Dispatch)) == 0


def test_loss_and_move_from_the_stock_screen(signed_in, network, stock, session):
    lot = stock.lot(network.spread, days=200)
    stock.stock(lot, network.warehouse, units=5, location="A-01")
    session.commit()
    page = f"/entrepot/pertes?lot={lot.id}&emplacement=A-01"
    token = csrf_token(signed_in, page)
    signed_in.post(page, data={"csrf_token": token, "units": "1", "kg": "0,75", "reason": "breakage",
                               "action": "loss"})
    signed_in.post(page, data={"csrf_token": token, "units": "2", "kg": "1,5", "to": "A-02", "action": "move"})
    response = signed_in.post(page, data={"csrf_token": token, "units": "9", "kg": "0", "reason": "expired",
                                          "action": "loss"})
    assert response.status_code == 422 and "Stock insuffisant" in text(response)
    session.expire_all()
    assert balance_of(session, lot.id, network.warehouse.id, "A-01") == (2, 1500)
    assert balance_of(session, lot.id, network.warehouse.id, "A-02") == (2, 1500)


def test_count_screen_posts_variances(signed_in, network, stock, session):
    lot = stock.lot(network.spread, days=200)
    stock.stock(lot, network.warehouse, units=5, location="A-01")
    session.commit()
    response = signed_in.post("/entrepot/inventaires", data={
        "csrf_token": csrf_token(signed_in, "/entrepot/inventaires"), "location": "A-01"})
    page = response.headers["Location"]
    count = session.scalar(select(StockCount))
    line = count.lines[0]
    signed_in.post(page, data={"csrf_token": csrf_token(signed_in, page), f"units-{line.id}": "4",
                               f"kg-{line.id}": "2,5", "action": "save"})
    assert f'name="kg-{line.id}" inputmode="decimal" value="2,500"' in signed_in.get(page).get_data(as_text=True)
    signed_in.post(page, data={"csrf_token": csrf_token(signed_in, page), f"units-{line.id}": "4",
                               f"kg-{line.id}": "3", "action": "close"})
    session.expire_all()
    assert balance_of(session, lot.id, network.warehouse.id, "A-01") == (4, 3000)
    assert "Clôturer" not in text(signed_in.get(page))


def test_recall_by_hand_and_by_csv_then_report(signed_in, network, stock, session):
    lot = stock.lot(network.spread, days=200, lot_code="091K")
    stock.stock(lot, network.warehouse, units=5, location="A-01")
    session.commit()
    response = signed_in.post("/entrepot/rappels", data={
        "csrf_token": csrf_token(signed_in, "/entrepot/rappels"), "gtin": "3017620422003", "lots": "lot 091k",
        "title": "Pâte à tartiner", "reference": "", "reason": "Corps étranger"})
    assert response.status_code == 302
    report = text(signed_in.get(response.headers["Location"]))
    assert "Traçabilité : où est allé chaque kilo" in report and "Entrepôt départemental" in report
    session.expire_all()
    assert session.get(Lot, lot.id).is_recalled
    export = ("numero_fiche;libelle;identification_produits;motif_rappel;date_publication\n"
              "2026-11-0050;Pâte;3017620422003$ZZ9;Motif;2026-11-27\n")
    response = signed_in.post("/entrepot/rappels/import", data={
        "csrf_token": csrf_token(signed_in, "/entrepot/rappels"),
        "file": (io.BytesIO(export.encode()), "rappelconso.csv")}, content_type="multipart/form-data",
        follow_redirects=True)
    assert "1 rappel(s) enregistré(s), 0 lot(s) bloqué(s)" in text(response)


def test_bad_manual_recall_is_refused_in_french(signed_in, network):
    response = signed_in.post("/entrepot/rappels", data={
        "csrf_token": csrf_token(signed_in, "/entrepot/rappels"), "gtin": "3017620422004", "title": "X"})
    assert response.status_code == 422
    assert "Le code « 3017620422004 » a une clé de contrôle fausse." in text(response)


def test_attestation_issued_and_printed(signed_in, network, session, stock):
    page = open_delivery(signed_in, network)
    signed_in.post(f"{page}/lignes", data={
        "csrf_token": csrf_token(signed_in, page), "product_id": str(network.spread.id), "cartons": "1",
        "units_per_carton": "12", "lot_code": "A", "date_kind": "DDM", "expiry_date": "2027-06-30",
        "location": "A-01", "unit_value": "2,50"})
    response = signed_in.post("/entrepot/attestations", data={
        "csrf_token": csrf_token(signed_in, "/entrepot/attestations"), "donor": str(network.store.id),
        "start": "2026-01-01", "end": "2026-12-31"}, follow_redirects=True)
    assert "ATT-2026-00001" in text(response) and "30,00" in text(response)
    attestation = session.scalar(select(DonorAttestation))
    pdf = signed_in.get(f"/entrepot/attestations/{attestation.id}.pdf")
    assert pdf.mimetype == "application/pdf"
    issued = pdf.get_data()
    # A later delivery of the same donor inside the period changes neither the PDF nor the figures.
    signed_in.post(f"{page}/lignes", data={
        "csrf_token": csrf_token(signed_in, page), "product_id": str(network.spread.id), "cartons": "20",
        "units_per_carton": "12", "lot_code": "B", "date_kind": "DDM", "expiry_date": "2027-06-30",
        "location": "A-01", "unit_value": "2,50"})
    assert signed_in.get(f"/entrepot/attestations/{attestation.id}.pdf").get_data() == issued
    form = {"csrf_token": csrf_token(signed_in, "/entrepot/attestations"), "donor": str(network.store.id),
            "start": "2026-01-01", "end": "2026-12-31"}
    again = signed_in.post("/entrepot/attestations", data=form)
    assert again.status_code == 422 and "déjà attestés (ATT-2026-00001" in text(again)
    three_years = signed_in.post("/entrepot/attestations", data=dict(form, start="2024-01-01"))
    assert three_years.status_code == 422 and "Une attestation couvre au plus un an" in text(three_years)
    corrected = signed_in.post("/entrepot/attestations", data=dict(
        form, replaces=str(attestation.id), reason="Livraison du 28/11 saisie après l'émission"),
        follow_redirects=True)
    page_text = text(corrected)
    assert "Attestation ATT-2026-00002 émise, elle annule et remplace ATT-2026-00001." in page_text
    assert "Annulée le 28/11/2026" in page_text and "630,00" in page_text
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(DonorAttestation)) == 2


def test_settings_page_adds_locations_and_donors(signed_in, network):
    token = csrf_token(signed_in, "/entrepot/reglages")
    signed_in.post("/entrepot/reglages", data={"csrf_token": token, "what": "location", "code": "c-01",
                                               "storage_class": "ambient"})
    response = signed_in.post("/entrepot/reglages", data={"csrf_token": token, "what": "location",
                                                          "code": "C-01", "storage_class": "ambient"})
    assert response.status_code == 422 and "L'emplacement C-01 existe déjà." in text(response)
    response = signed_in.post("/entrepot/reglages", data={"csrf_token": token, "what": "donor", "name": "Ferme X",
                                                          "kind": "farm", "siret": "123"})
    assert "Le SIRET compte 14 chiffres." in text(response)


@pytest.mark.parametrize("node_role", ["site"])
def test_site_receives_its_dispatch(client, login, make_user, make_site, session, build, stock, app):
    auch = make_site(code="AUCH", name="Épicerie d'Auch")
    warehouse = make_site(code="ENTREPOT", name="Entrepôt", kind="warehouse")
    product = build.product(name="Riz 1 kg", net_weight_g=1000)
    lot = stock.lot(product, site=warehouse, days=300, lot_code="R-7")
    dispatch = shipped_dispatch(session, lot, warehouse, auch, "EXP-2026-00009")
    session.commit()
    make_user(username="marie", role=Role.CASHIER, site_id=auch.id)
    app.extensions["gers.clock"] = lambda: NOW + dt.timedelta(days=2)
    login("marie", "1234")
    assert "EXP-2026-00009" in text(client.get("/arrivages/"))
    page = f"/arrivages/{dispatch.id}"
    line = dispatch.lines[0]
    response = client.post(page, data={"csrf_token": csrf_token(client, page), f"units-{line.id}": "9",
                                       f"kg-{line.id}": "9", "comment": "un sac percé"}, follow_redirects=True)
    assert "Expédition EXP-2026-00009 réceptionnée avec des écarts." in text(response)
    session.expire_all()
    assert balance_of(session, lot.id, auch.id, "") == (9, 9000)
    assert session.get(Dispatch, dispatch.id).receipt.owner_node == "AUCH"
    assert client.get("/entrepot/").status_code == 404  # the warehouse screens are central-only
    assert session.scalar(select(func.count()).select_from(Delivery)) == 0


@pytest.mark.parametrize("node_role", ["site"])
def test_arrival_of_a_recalled_lot_shows_the_recall_and_sets_it_aside(client, login, make_user, make_site,
                                                                      session, build, stock, app):
    auch = make_site(code="AUCH", name="Épicerie d'Auch")
    warehouse = make_site(code="ENTREPOT", name="Entrepôt", kind="warehouse")
    product = build.product(name="Riz 1 kg", net_weight_g=1000)
    lot = stock.lot(product, site=warehouse, days=300, lot_code="R-7")
    dispatch = shipped_dispatch(session, lot, warehouse, auch, "EXP-2026-00010")
    record_recall(session, title="Riz long grain", targets=[RecallTarget(product.gtin, "R-7")], now=NOW,
                  owner_node="CENTRAL", reference="2026-11-0077", reason="Présence d'insectes")
    session.commit()
    make_user(username="marie", role=Role.CASHIER, site_id=auch.id)
    app.extensions["gers.clock"] = lambda: NOW + dt.timedelta(days=2)
    login("marie", "1234")
    page = f"/arrivages/{dispatch.id}"
    screen = text(client.get(page))
    assert "1 lot de cette expédition est rappelé" in screen
    assert "Rappel « Riz long grain » (fiche 2026-11-0077) : Présence d'insectes" in screen
    response = client.post(page, data={"csrf_token": csrf_token(client, page)}, follow_redirects=True)
    assert ("Expédition EXP-2026-00010 réceptionnée : 1 lot rappelé mis de côté en « RAPPEL », ne le mettez "
            "pas en rayon.") in text(response)
    assert "conforme" not in text(response)
    session.expire_all()
    assert balance_of(session, lot.id, auch.id, "RAPPEL") == (10, 10_000)


def test_missing_or_unknown_ids_answer_404_and_missing_donor_is_explained(signed_in, network):
    for path in ("/entrepot/pertes", "/entrepot/pertes?lot=pas-un-uuid", "/entrepot/expeditions/nouvelle",
                 f"/entrepot/expeditions/nouvelle?site={network.store.id}", "/entrepot/rappels/" + str(network.store.id)):
        assert signed_in.get(path).status_code == 404, path
    response = signed_in.post("/entrepot/attestations", data={
        "csrf_token": csrf_token(signed_in, "/entrepot/attestations"), "donor": "", "start": "2026-01-01",
        "end": "2026-12-31"})
    assert response.status_code == 422 and "Choisissez le donateur." in text(response)
