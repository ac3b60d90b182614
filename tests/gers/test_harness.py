"""The harness itself: the hardware guard bites, and the demo's own PIN opens its role's home."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from demo.builder import build_demo
from tests.support.hardware_guard import HardwareAccess


@pytest.mark.parametrize("path", ["/dev/ttyUSB0", "/dev/ttyACM0", "/dev/input/event3", "/dev/serial/by-id/x",
                                  "/dev/bus/usb/001/002", "/dev/usb/lp0"])
def test_opening_real_hardware_fails_the_test(path):
    with pytest.raises(HardwareAccess, match="test touched real hardware"):
        open(path, "rb").close()
    with pytest.raises(HardwareAccess):
        os.open(path, os.O_RDONLY)


def test_pseudo_terminals_stay_allowed():
    master, slave = os.openpty()
    try:
        assert os.ttyname(slave).startswith("/dev/pts/")
    finally:
        os.close(master)
        os.close(slave)


@pytest.mark.browser
@pytest.mark.parametrize("node_role", ["site"])
def test_the_demo_cashier_logs_in_with_the_printed_pin(page, session):
    build_demo(session, scope_site="AUCH", reference_year=2026)
    session.commit()
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("caisse")
    for digit in "1234":
        page.locator(f".keypad [data-key='{digit}']").click()
    page.locator(".keypad [data-key='OK']").click()
    page.wait_for_url("**/")
    assert page.locator("[data-role]").get_attribute("data-role") == "cashier"
    expect(page.get_by_role("link", name="Caisse").first).to_be_visible()
    assert "Bénévole caisse" in page.locator(".lead").inner_text()
