"""A printer out of paper never blocks a sale: the receipt waits in the queue and prints later."""

from __future__ import annotations

import pytest

from devices.interfaces import PrinterState
from devices.printer_sim import TcpPrinterSimulator


@pytest.fixture
def printer_sim():
    sim = TcpPrinterSimulator(paper="out").start()
    yield sim
    sim.stop()


@pytest.fixture
def app_overrides(printer_sim):
    return {"ROLE": "site", "NODE_CODE": "AUCH",
            "DEVICES": {"printer": {"spec": printer_sim.spec, "retry_interval": 0.05}}}


def test_out_of_paper_queues_the_receipt_and_prints_it_when_paper_is_back(device_hub, till_api, till, printer_sim, pay):
    printer = device_hub.printer
    assert printer.wait_for_state({PrinterState.PAPER_OUT}, timeout=10)
    post = till_api
    post("/session", opening_float="0")
    post("/foyer", card_number=till.household.card_number)
    post("/scan", code=till.pasta.gtin)
    done = pay([{"method": "card", "amount": "0,13"}])
    assert done.status_code == 200
    receipt = done.get_json()["receipt"]
    assert receipt["queued"] is True
    assert receipt["message"] == "Imprimante : plus de papier : le ticket attend et sortira dès que possible."
    assert printer_sim.jobs == []
    printer_sim.paper = "ok"
    assert printer_sim.wait_jobs(1, timeout=10)
    assert "Vente n° 1".encode("cp858") in printer_sim.jobs[0]
    again = post(f"/ventes/{done.get_json()['sale']['id']}/reimpression").get_json()["receipt"]
    assert again["queued"] is True
    assert printer_sim.wait_jobs(2, timeout=10)
    assert b"DUPLICATA" in printer_sim.jobs[1]
