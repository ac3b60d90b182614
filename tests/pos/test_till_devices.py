"""The till's devices over real transports: a simulated ESC/POS network printer (the bytes that reach
it), a Dialog 06 price-computing scale on a pseudo-terminal, and power cuts around printing."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from devices.escpos_render import DEFAULT_PROFILE, drawer_bytes, render
from devices.fakes import FakePrinter
from devices.printer_sim import TcpPrinterSimulator
from devices.scale_sim import PtyScaleSimulator, ScaleModel
from pos import printing
from pos.models import JournalEntry, ReceiptPrint
from tests.conftest import csrf_token

CASH_1 = [{"method": "cash", "amount": "1"}]
CARD = [{"method": "card", "amount": "0,13"}]
DRAWER_KICK = b"\x1bp\x00\x32\x32"  # ESC p, pin 2, 100 ms on, 100 ms off


@pytest.fixture
def printer_sim():
    sim = TcpPrinterSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture
def scale_sim():
    sim = PtyScaleSimulator("dialog06", ScaleModel(gross_grams=640), interval=0.01).start()
    yield sim
    sim.stop()


@pytest.fixture
def app_overrides(printer_sim, scale_sim):
    return {"ROLE": "site", "NODE_CODE": "AUCH",
            "DEVICES": {"printer": {"spec": printer_sim.spec, "retry_interval": 0.05},
                        "scale": {"kind": "serial", "port": scale_sim.path, "protocol": "dialog06"}}}


@pytest.fixture
def api(device_hub, till_api, till):
    assert till_api("/session", opening_float="0").status_code == 201
    assert till_api("/foyer", card_number=till.household.card_number).status_code == 200
    till_api("/scan", code=till.pasta.gtin)
    return till_api


def _hub_printer(app):
    return app.extensions["gers.device_hub"].printer


def _prints(session) -> list[bool]:
    session.expire_all()
    return list(session.scalars(select(ReceiptPrint.duplicate).order_by(ReceiptPrint.created_at)))


def test_a_cash_payment_opens_the_drawer_through_the_printer(api, pay, printer_sim):
    done = pay(CASH_1).get_json()
    assert done["drawer_opened"] is True
    assert printer_sim.wait_jobs(1, timeout=10)
    assert printer_sim.jobs[0].startswith(DRAWER_KICK) and drawer_bytes(DEFAULT_PROFILE) == DRAWER_KICK
    receipt = "Vente n° 1".encode("cp858")
    # The kick goes first, in the same pass as the receipt or just before it.
    assert receipt in printer_sim.jobs[0] or (printer_sim.wait_jobs(2, timeout=10) and receipt in printer_sim.jobs[1])


def test_a_card_payment_leaves_the_drawer_shut(api, pay, printer_sim):
    assert pay(CARD).get_json()["drawer_opened"] is False
    assert printer_sim.wait_jobs(1, timeout=10)
    assert DRAWER_KICK not in printer_sim.jobs[0]


def test_a_power_cut_after_the_sale_prints_the_original_on_retry(api, pay, printer_sim, session, monkeypatch):
    key = str(uuid.uuid4())

    def power_cut(*args, **kwargs):
        raise OSError("power cut")

    monkeypatch.setattr(printing, "print_entry", power_cut)
    assert pay(CARD, key).status_code == 500  # the sale was committed, nothing was printed
    monkeypatch.undo()
    retry = pay(CARD, key).get_json()
    assert retry["replayed"] is True and retry["receipt"]["queued"] is True
    assert printer_sim.wait_jobs(1, timeout=10)
    assert b"DUPLICATA" not in printer_sim.jobs[0] and "Vente n° 1".encode("cp858") in printer_sim.jobs[0]
    assert _prints(session) == [False]


def test_a_retry_after_a_printed_sale_prints_nothing(api, pay, session):
    key = str(uuid.uuid4())
    pay(CARD, key)
    retry = pay(CARD, key).get_json()
    assert retry["replayed"] is True and retry["receipt"]["queued"] is False
    assert _prints(session) == [False]


def test_a_cut_during_printing_makes_the_second_print_a_duplicata(app, api, pay, printer_sim, session, monkeypatch):
    key = str(uuid.uuid4())
    printer = _hub_printer(app)

    def cut_while_spooling(doc):
        raise OSError("power cut")

    monkeypatch.setattr(printer, "print", cut_while_spooling)
    assert pay(CARD, key).status_code == 500  # recorded as handed over; whether it printed is unknown
    monkeypatch.undo()
    assert pay(CARD, key).get_json()["receipt"]["queued"] is True
    assert printer_sim.wait_jobs(1, timeout=10)
    assert b"DUPLICATA" in printer_sim.jobs[0]
    assert _prints(session) == [False, True]


def test_reprint_finds_the_last_sale_from_the_journal(app, api, pay, printer_sim):
    sale = pay(CARD).get_json()["sale"]
    screen = app.test_client()  # a reloaded screen, or a restarted till: nothing kept in memory
    assert screen.post("/connexion", data={"username": "marie", "secret": "2468",
                                           "csrf_token": csrf_token(screen)}).status_code == 302
    again = screen.post("/api/caisse/ventes/derniere/reimpression", json={},
                        headers={"X-CSRFToken": csrf_token(screen, "/caisse")}).get_json()
    assert again["entry"]["id"] == sale["id"]
    assert printer_sim.wait_jobs(2, timeout=10)
    assert b"DUPLICATA" in printer_sim.jobs[1]


def test_the_dialog06_scale_weighs_at_the_till_with_the_unit_price(api, till, scale_sim):
    weighed = api("/pesee", product_id=str(till.apples.id))
    assert weighed.status_code == 200, weighed.get_json()
    line = weighed.get_json()["basket"]["lines"][-1]
    assert line["weight"] == "0,640 kg"  # the scale's digits "00.640", in French notation
    assert line["market_value"]["display"] == "1,59\xa0€"  # 0,640 kg × 2,49 €/kg
    assert scale_sim.emulator.unit_price_cents == 249  # the till sent the price per kg


def test_a_weighed_line_prints_in_french_notation(app, api, pay, till, session, printer_sim):
    api("/pesee", product_id=str(till.apples.id))
    sale = pay([{"method": "card", "amount": "0,29"}]).get_json()["sale"]
    entry = session.get(JournalEntry, uuid.UUID(sale["id"]))
    printer = FakePrinter()
    printing.print_entry(session, printer, entry, "Gers Solidaire")  # a port: no Flask, no hub
    assert b"\n0,640 kg Pommes (vrac)\n" in printer.outputs[0]
    assert printer.outputs[0] == render(printer.receipts[0], DEFAULT_PROFILE)
    assert b"DUPLICATA" in printer.outputs[0]  # the till already printed the original
    assert session.scalar(select(func.count()).select_from(ReceiptPrint)) == 2
