"""Every kiosk screen in Chromium at the two touch-screen sizes, and the return to the welcome screen
that forgets the card (after a minute without a touch, or « C'est fini »).

The screenshots land in the test's folder; with UPDATE_DOCS_CAPTURES=1 they replace those of
docs/captures/ (look at them: nothing cut, nothing overlapping)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SIZES = {"1024x600": (1024, 600), "800x480": (800, 480)}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "captures"


def enter_card(page, card: str) -> None:
    page.goto("/borne")
    page.keyboard.type(card)  # a keyboard-mode scanner types wherever the focus is
    page.keyboard.press("Enter")
    page.wait_for_url("**/borne/carte")


def screens(kiosk):
    """(name, how to reach it) for each screen of the kiosk."""
    return [
        ("accueil", lambda page: page.goto("/borne")),
        ("carte-droits", lambda page: enter_card(page, kiosk.open_card)),
        ("carte-acces-ferme", lambda page: enter_card(page, kiosk.ended_card)),
        ("carte-inconnue", lambda page: enter_card(page, "GS-999999")),
        ("horaires", lambda page: page.goto("/borne/horaires")),
        ("camion", lambda page: page.goto("/borne/camion")),
        ("ateliers", lambda page: page.goto("/borne/ateliers")),
        ("droits", lambda page: page.goto("/borne/droits")),
        ("accueil-anglais", lambda page: page.goto("/borne?lang=en")),
        ("accueil-arabe", lambda page: page.goto("/borne?lang=ar")),
        ("patientez", lambda page: [enter_card(page, f"GS-99990{attempt}") for attempt in range(6)]),
    ]


def assert_nothing_cut(page) -> None:
    """No sideways scrolling, and every button, link and field lies wholly inside the width."""
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    outside = page.evaluate("""(width) => Array.from(document.querySelectorAll('a, button, input, h1, h2'))
        .map((el) => [el.textContent.trim() || el.id, el.getBoundingClientRect()])
        .filter(([, box]) => box.width > 0 && (box.left < 0 || box.right > width + 0.5))
        .map(([name]) => name)""", width)
    assert outside == []


@pytest.mark.parametrize("size", SIZES)
def test_every_screen_fits_the_touch_screen(browser, live_server, kiosk, size, tmp_path):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
    page = context.new_page()
    folder = DOCS if os.environ.get("UPDATE_DOCS_CAPTURES") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for name, reach in screens(kiosk):
        reach(page)
        expect(page.locator("h1").first).to_be_visible()
        assert_nothing_cut(page)
        page.screenshot(path=folder / f"borne-{name}-{size}.png", full_page=True)
        if name == "carte-droits":
            page.get_by_role("link", name="C'est fini").click()
            page.wait_for_url("**/borne")
    context.close()


def test_a_minute_without_a_touch_forgets_the_card(page, kiosk):
    page.clock.install()
    enter_card(page, kiosk.open_card)
    expect(page.locator(".amount")).to_have_text("16,00\xa0€")
    page.clock.fast_forward(30_000)
    page.mouse.click(500, 300)  # a touch restarts the minute
    page.clock.fast_forward(45_000)
    expect(page.locator(".amount")).to_be_visible()
    page.clock.fast_forward(16_000)
    page.wait_for_url("**/borne")
    expect(page.locator("#card")).to_have_value("")
    assert "16,00" not in page.content()
    page.go_back()  # the card's page is no longer in the history: back leads to the welcome screen
    assert page.url.endswith("/borne")
    assert "16,00" not in page.content() and "Il vous reste" not in page.content()


def test_its_done_goes_back_to_the_welcome_screen_without_a_trace(page, kiosk):
    enter_card(page, kiosk.open_card)
    page.get_by_role("link", name="C'est fini").click()
    page.wait_for_url("**/borne")
    page.go_back()
    assert page.url.endswith("/borne") and "Il vous reste" not in page.content()
    expect(page.locator("#card")).to_have_value("")


def test_a_half_typed_number_is_cleared_after_a_minute(page, kiosk):
    page.clock.install()
    page.goto("/borne")
    page.keyboard.type("GS-0000")
    page.clock.fast_forward(61_000)
    page.wait_for_load_state()
    expect(page.locator("#card")).to_have_value("")


def test_the_windows_lock_script_hides_the_cursor_and_new_windows(page, kiosk):
    from kiosk.shell import lock_script

    page.goto("/borne")
    page.evaluate(lock_script(True))
    assert page.evaluate("getComputedStyle(document.querySelector('.big-button')).cursor") == "none"
    assert page.evaluate("window.open('https://example.org/') === null")
