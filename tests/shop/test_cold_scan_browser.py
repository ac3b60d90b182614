"""In the browser at 1024×600 on the site node, keyboard only (scanner and thermometer type like a
keyboard): the unit's label scanned, then the temperature; garbage and 900 °C refused in French with
nothing recorded; a reading out of range leads to the same alert as a typed one. And the label."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from shop import cold
from shop.coldchain import ColdSettings
from shop.models import ColdUnit, TemperatureReading
from tests.conftest import csrf_token
from tests.shop.test_browser import sign_in


@pytest.fixture
def fridge(session, site_stock):
    unit = cold.create_unit(session, site_id=site_stock.site.id, code="FRIGO", label="Frigo laitages", kind="fridge",
                            limit_class="le4", location="FRIGO", settings=ColdSettings(), owner_node="AUCH")
    session.commit()
    return unit


def readings(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(TemperatureReading))


def focused(page, label: str) -> bool:
    return page.get_by_label(label).evaluate("el => el === document.activeElement")


def scan(page, text: str) -> None:
    page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.browser
def test_a_reading_by_scan_with_the_keyboard(page, session, fridge):
    sign_in(page)
    page.goto("/magasin/froid")
    page.get_by_role("link", name="Relevé par scan").click()
    assert focused(page, "Scanner l'étiquette de l'appareil")
    scan(page, "FROID-CONGEL")
    expect(page.get_by_role("alert")).to_have_text("Aucun appareil « CONGEL » sur ce site : vérifiez l'étiquette.")
    scan(page, "FROID-FRIGO")
    expect(page.locator(".scanned-unit")).to_have_text("Appareil : FRIGO · Frigo laitages · limite ≤ +4 °C")
    assert focused(page, "Température (scannée ou tapée, °C)")
    assert page.get_by_label("Moment").input_value() == "morning"  # 08:30 in Auch

    for garbage, message in (("abc", "« abc » n'est pas une température (ex. 3,5 ou -18)."),
                             ("900 C", "Température impossible : 900 °C. Une sonde lit entre −40 et +40 °C : "
                                       "vérifiez la saisie ou la sonde."),
                             ("38 F", "Le thermomètre envoie des degrés Fahrenheit : réglez-le en °C.")):
        scan(page, garbage)
        expect(page.get_by_role("alert")).to_have_text(message)
        assert focused(page, "Température (scannée ou tapée, °C)")  # the same unit, ready for the next try
    assert readings(session) == 0

    scan(page, "+3.5 C")
    expect(page.get_by_text("Relevé enregistré : FRIGO à 3,5 °C.")).to_be_visible()
    assert focused(page, "Scanner l'étiquette de l'appareil")
    scan(page, "FROID-FRIGO")
    scan(page, "7,5°C")
    page.wait_for_url("**/magasin/froid/releves/*")
    expect(page.get_by_role("heading", name="Frigo laitages : 7,5 °C")).to_be_visible()
    session.expire_all()
    values = session.execute(select(TemperatureReading.celsius, TemperatureReading.out_of_range,
                                    TemperatureReading.moment).order_by(TemperatureReading.celsius)).all()
    assert [(str(c), o, m) for c, o, m in values] == [("3.5", False, "morning"), ("7.5", True, "morning")]


def test_the_units_label_carries_its_code_in_clear_and_in_code_128(client, login, session, fridge, clock):
    assert login("claire", "1357").status_code == 302
    pdf = client.get(f"/magasin/froid/appareils/{fridge.id}/etiquette.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert b"(FROID-FRIGO) Tj" in pdf.data and b"(Frigo laitages" in pdf.data
    # The bars: Code 128 of FROID-FRIGO is 13 symbols of 3 bars each, plus the stop pattern's 4.
    assert pdf.data.count(b" re") >= 13 * 3 + 4
    assert session.scalar(select(ColdUnit.code)) == "FRIGO"


def test_a_scan_for_an_unknown_unit_records_nothing(client, login, session, fridge, clock):
    assert login("claire", "1357").status_code == 302
    answer = client.post("/magasin/froid/scan", data={"csrf_token": csrf_token(client, "/magasin/froid/scan"),
                                                      "unit": "pas-un-id", "celsius": "3", "moment": "morning"})
    assert answer.status_code == 404 and readings(session) == 0
