"""Donors on central: loi Garot conventions (dates, expiry flag), the log of refused donations at the
warehouse's intake (the rules' refusals and the typed ones), the yearly summary (screen, CSV, PDF)."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from inventory.recalls import RecallTarget, record_recall
from tests.conftest import BOTH_BACKENDS, csrf_token
from tests.inventory.stock_builders import NOW, TODAY
from warehouse import donors, intake
from warehouse.conventions import ConventionState, convention_dates, convention_state, state_label
from warehouse.donor_enums import RefusalReason
from warehouse.donor_models import DonationRefusal, DonorConvention
from warehouse.donor_summary import donor_year, to_csv
from warehouse.models import IntakeLine


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def field_error(page: str, name: str) -> str | None:
    found = re.search(rf'<div><label for="{name}">.*?</div>', page, re.S)
    error = found and re.search(r'<p class="field-error"[^>]*>(.*?)</p>', found.group(0), re.S)
    return error.group(1) if error else None


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


# --- conventions -----------------------------------------------------------------------------------

def test_convention_dates_from_a_duration_or_an_end_date():
    dates, errors = convention_dates(signed_on=dt.date(2026, 1, 15), starts_on=None, duration_months=12, ends_on=None)
    assert errors == {} and (dates.starts_on, dates.ends_on) == (dt.date(2026, 1, 15), dt.date(2027, 1, 14))
    dates, _ = convention_dates(signed_on=dt.date(2026, 1, 15), starts_on=dt.date(2026, 2, 1), duration_months=None,
                                ends_on=dt.date(2026, 12, 31))
    assert (dates.starts_on, dates.ends_on, dates.duration_months) == (dt.date(2026, 2, 1), dt.date(2026, 12, 31), None)


@pytest.mark.parametrize(("fields", "field", "message"), [
    (dict(duration_months=0), "duration_months", "Durée : entre 1 et 120 mois."),
    (dict(duration_months=None, ends_on=dt.date(2025, 12, 31)), "ends_on",
     "La fin (31/12/2025) précède le début (15/01/2026) de la convention."),
    (dict(duration_months=None), "ends_on", "Indiquez la durée (en mois) ou la date de fin."),
    (dict(signed_on=None), "signed_on", "Indiquez la date de signature."),
])
def test_bad_convention_dates_are_refused_in_french(fields, field, message):
    values = dict(signed_on=dt.date(2026, 1, 15), starts_on=None, duration_months=12, ends_on=None)
    values.update(fields)
    dates, errors = convention_dates(**values)
    assert dates is None and errors[field] == message


def test_convention_state_flags_the_last_30_days():
    end = dt.date(2026, 12, 28)
    assert convention_state(dt.date(2026, 1, 1), end, TODAY, 30) is ConventionState.EXPIRING
    assert state_label(ConventionState.EXPIRING, end, TODAY) == "expire dans 30 jours"
    assert convention_state(dt.date(2026, 1, 1), end + dt.timedelta(days=1), TODAY, 30) is ConventionState.RUNNING
    assert state_label(ConventionState.EXPIRED, dt.date(2026, 11, 27), TODAY) == "expirée depuis le 27/11/2026"
    assert convention_state(TODAY + dt.timedelta(days=1), end, TODAY, 30) is ConventionState.NOT_STARTED


def convention_form(client, donor, **fields) -> dict:
    form = {"csrf_token": csrf_token(client, f"/entrepot/donateurs/{donor.id}"), "signed_on": "2025-12-29",
            "duration_months": "12", "goods": "Produits frais et boulangerie", "food_groups": [],
            "pickup_frequency": "several_weekly"}
    form.update(fields)
    return form


def test_a_convention_screen_per_donor_with_the_expiry_flag(signed_in, network, session, build):
    build.food_group(code="laitiers", label="Produits laitiers")
    session.commit()
    page = f"/entrepot/donateurs/{network.store.id}"
    response = signed_in.post(f"{page}/conventions", data=convention_form(signed_in, network.store,
                                                                          food_groups=["laitiers"]))
    assert response.status_code == 302
    convention = session.scalar(select(DonorConvention))
    assert (convention.starts_on, convention.ends_on, convention.food_groups) == (
        dt.date(2025, 12, 29), dt.date(2026, 12, 28), ["laitiers"])
    assert "expire dans 30 jours" in text(signed_in.get(page))
    listing = re.sub(r"<[^>]+>", "", text(signed_in.get("/entrepot/donateurs")))
    assert "Convention de Supermarché du Garros : expire dans 30 jours (28/12/2026) — à renouveler." in listing


def test_bad_convention_input_is_refused_in_french_with_nothing_recorded(signed_in, network, session):
    url = f"/entrepot/donateurs/{network.store.id}/conventions"
    zero = signed_in.post(url, data=convention_form(signed_in, network.store, duration_months="0"))
    assert zero.status_code == 422 and field_error(text(zero), "duration_months") == "Durée : entre 1 et 120 mois."
    backwards = signed_in.post(url, data=convention_form(signed_in, network.store, duration_months="",
                                                         starts_on="2026-06-01", ends_on="2026-05-31"))
    assert field_error(text(backwards), "ends_on") == "La fin (31/05/2026) précède le début (01/06/2026) de la convention."
    garbage = signed_in.post(url, data=convention_form(signed_in, network.store, duration_months="douze",
                                                       goods=" ", pickup_frequency="jamais", food_groups=["poisson"]))
    page = text(garbage)
    assert field_error(page, "duration_months") == "Durée illisible : « douze » (en mois)."
    assert field_error(page, "goods").startswith("Indiquez ce qui est donné")
    assert field_error(page, "pickup_frequency") == "Choisissez la fréquence des ramasses."
    assert "Groupe d'aliments inconnu : poisson." in page
    assert count(session, DonorConvention) == 0


def test_expiring_conventions_ignore_a_donor_already_renewed(session, network):
    def add(signed: dt.date) -> None:
        donors.add_convention(session, network.store, donors.ConventionInput(
            signed_on=signed, starts_on=None, duration_months=12, ends_on=None, goods="Frais", food_groups=(),
            pickup_frequency="weekly"), owner_node="CENTRAL")
    add(dt.date(2025, 12, 29))
    assert [v.convention.donor.name for v in donors.expiring_conventions(session, today=TODAY, warning_days=30)] == [
        "Supermarché du Garros"]
    add(dt.date(2026, 12, 29))
    assert donors.expiring_conventions(session, today=TODAY, warning_days=30) == []


# --- refusals at the warehouse's intake -----------------------------------------------------------

def open_ramasse(client, network) -> str:
    response = client.post("/entrepot/receptions", data={
        "source": "ramasse", "donor": str(network.store.id), "delivery_note": "BL-R",
        "csrf_token": csrf_token(client, "/entrepot/receptions")})
    return response.headers["Location"]


def line_form(client, page, network, **fields) -> dict:
    form = {"csrf_token": csrf_token(client, page), "product_id": str(network.yoghurt.id), "cartons": "2",
            "units_per_carton": "6", "lot_code": "Y1", "date_kind": "DLC", "expiry_date": "2026-12-05",
            "location": "F-01"}
    form.update(fields)
    return form


def test_an_intake_refusal_is_logged_for_the_donor_though_the_line_is_not_recorded(signed_in, network, session):
    page = open_ramasse(signed_in, network)
    short = signed_in.post(f"{page}/lignes", data=line_form(signed_in, page, network, expiry_date="2026-11-29"))
    assert short.status_code == 422
    assert "Lot refusé : noté au registre des dons refusés du donateur." in text(short)
    expired = signed_in.post(f"{page}/lignes", data=line_form(signed_in, page, network, expiry_date="2026-11-27",
                                                               lot_code="Y0"))
    assert "Lot périmé (DLC du 27/11/2026)" in text(expired)
    # A typing error is no refusal of the goods: nothing is logged.
    typo = signed_in.post(f"{page}/lignes", data=line_form(signed_in, page, network, cartons="0"))
    assert typo.status_code == 422 and "Lot refusé :" not in text(typo)
    assert count(session, IntakeLine) == 0
    rows = donors.refusals(session, donor_id=network.store.id)
    assert [(r.reason, r.lot_code, r.units, r.grams, r.product_label) for r in rows] == [
        (RefusalReason.EXPIRED, "Y0", 12, 6000, "Yaourt nature x4"),
        (RefusalReason.SHORT_SHELF_LIFE, "Y1", 12, 6000, "Yaourt nature x4")]
    assert rows[1].detail.startswith("DLC du 29/11/2026 : il reste 38 h") and rows[1].actor_id is not None
    listing = text(signed_in.get(f"/entrepot/donateurs/{network.store.id}/refus"))
    assert "DLC à moins de 48 h" in listing and "Périmé" in listing and "2 refus" in listing


def test_a_recalled_lot_is_logged_as_recalled(session, network):
    record_recall(session, reference="2026-11-0042", title="Pâte à tartiner",
                  targets=[RecallTarget(gtin=network.spread.gtin, lot_code="L-BAD")], now=NOW, owner_node="CENTRAL")
    delivery = intake.open_delivery(session, site_id=network.warehouse.id, source=intake.LotSource.RAMASSE, now=NOW,
                                    owner_node="CENTRAL", donor_id=network.store.id)
    with pytest.raises(intake.IntakeRefused) as refused:
        intake.record_intake(session, delivery, intake.IntakeInput(
            product_id=network.spread.id, cartons=1, location="A-01", lot_code="L-BAD",
            expiry_date=dt.date(2027, 10, 31), units_per_carton=12), now=NOW, owner_node="CENTRAL",
            settings=intake.ExpirySettings())
    refusal = donors.log_refusal(session, delivery, refused.value, now=NOW, owner_node="CENTRAL")
    assert (refusal.reason, refusal.gtin, refusal.units, refusal.grams) == (
        RefusalReason.RECALLED, "3017620422003", 12, 9000)


def test_a_refusal_typed_at_the_truck_door(signed_in, network, session):
    page = open_ramasse(signed_in, network)
    token = csrf_token(signed_in, page)
    bad = signed_in.post(f"{page}/refus", data={"csrf_token": token, "refuse_reason": "packaging",
                                                "refuse_description": "Yaourts", "refuse_units": "-3"})
    assert bad.status_code == 422 and "Une quantité refusée se saisit en positif." in text(bad)
    garbage = signed_in.post(f"{page}/refus", data={"csrf_token": token, "refuse_reason": "packaging",
                                                    "refuse_description": "Yaourts", "refuse_kg": "beaucoup"})
    assert "Poids illisible : « beaucoup » (en kg, ex. 2,5)." in text(garbage)
    assert count(session, DonationRefusal) == 0
    done = signed_in.post(f"{page}/refus", data={"csrf_token": token, "refuse_reason": "cold_chain",
                                                 "product_id": str(network.yoghurt.id), "refuse_units": "24",
                                                 "refuse_note": "9 °C à cœur"})
    assert done.status_code == 302
    shown = text(signed_in.get(page))
    assert "Refus noté : Yaourt nature x4 (chaîne du froid rompue)." in shown
    assert re.search(r'<table class="data compact refusals">.*Chaîne du froid rompue.*9 °C à cœur', shown, re.S)
    refusal = session.scalar(select(DonationRefusal))
    assert (refusal.reason, refusal.units, refusal.detail, refusal.donor_id) == (
        RefusalReason.COLD_CHAIN, 24, "9 °C à cœur", network.store.id)


# --- yearly summary --------------------------------------------------------------------------------

def received(session, network, build):
    """A ramasse of the Garros store: 12 yoghurts (1,60 €) and 6 kg of apples (2,49 €/kg); one refusal."""
    from inventory.enums import DateKind, SoldBy

    apples = build.product(name="Pommes (vrac)", gtin=None, sold_by=SoldBy.WEIGHT, date_kind=DateKind.NONE,
                           market_price=Decimal("2.49"), net_weight_g=1000)
    network.yoghurt.market_price = Decimal("1.60")
    delivery = intake.open_delivery(session, site_id=network.warehouse.id, source=intake.LotSource.RAMASSE, now=NOW,
                                    owner_node="CENTRAL", donor_id=network.store.id)
    settings = intake.ExpirySettings()
    for product, fields, location in ((network.yoghurt, dict(units_per_carton=6, expiry_date=dt.date(2026, 12, 5)),
                                       "F-01"), (apples, dict(carton_weight_g=3000), "A-01")):
        intake.record_intake(session, delivery, intake.IntakeInput(product_id=product.id, cartons=2, location=location,
                                                                   **fields), now=NOW, owner_node="CENTRAL",
                             settings=settings)
    donors.refuse_donation(session, delivery, donors.TypedRefusal(reason="packaging", description="Œufs",
                                                                  units=6), now=NOW, owner_node="CENTRAL")
    session.commit()
    return apples


@BOTH_BACKENDS
def test_the_yearly_summary_by_food_group_with_pickups_and_refusals(session, network, build):
    received(session, network, build)
    summary = donor_year(session, network.store, 2026)
    assert summary.pickups == 1 and summary.grams == 12_000
    assert summary.value == Decimal("34.14")  # 12 × 1,60 + 6 kg × 2,49
    assert [(r.reason, r.count, r.units) for r in summary.refusals] == [(RefusalReason.PACKAGING, 1, 6)]
    assert donor_year(session, network.store, 2025).pickups == 0
    csv = to_csv(summary).decode("utf-8-sig").splitlines()
    assert csv[0] == "donateur;annee;rubrique;libelle;nombre;unites;kg;valeur_marchande_eur"
    assert "Supermarché du Garros;2026;total;Total reçu;;12;12.000;34.14" in csv
    assert "Supermarché du Garros;2026;refus;Emballage abîmé;1;6;0.000;" in csv


def test_the_yearly_summary_screen_pdf_and_csv(signed_in, network, session, build):
    received(session, network, build)
    base = f"/entrepot/donateurs/{network.store.id}/bilan"
    page = text(signed_in.get(base, query_string={"annee": "2026"}))
    assert "Bilan des dons 2026 · Supermarché du Garros" in page and "34,14\u00a0€" in page and "12,000 kg" in page
    assert "Emballage abîmé" in page
    pdf = signed_in.get(f"{base}.pdf", query_string={"annee": "2026"})
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    csv = signed_in.get(f"{base}.csv", query_string={"annee": "2026"})
    assert csv.mimetype == "text/csv" and "Total reçu" in csv.data.decode("utf-8-sig")
    bad = signed_in.get(base, query_string={"annee": "deux mille"})
    assert bad.status_code == 422 and "Année illisible : « deux mille »." in text(bad)
    future = signed_in.get(f"{base}.pdf", query_string={"annee": "2031"})
    assert future.status_code == 422 and "Année 2031 : choisissez une année entre 2000 et 2026." in text(future)


def test_the_summary_pdf_names_the_donor_the_groups_and_the_refusals(session, network, build):
    from tests.warehouse.test_attestations import pdf_text
    from warehouse.donor_documents import summary_pdf

    received(session, network, build)
    text_ = pdf_text(summary_pdf(donor_year(session, network.store, 2026), "Gers Solidaire", compress=False))
    for expected in (b"Gers Solidaire", b"bilan des dons 2026", b"Garros", b"Emballage ab", b"12,000 kg",
                     b"2020-1274", b"238 bis"):
        assert expected in text_, expected
