"""Security headers on every response, no inline script or style in any template (so the CSP can
forbid them), no cache of pages that show households, and no CSP violation in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gers.models import Role

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for room in ("gers", "households", "inventory", "pos", "warehouse")
                   for p in (ROOT / room).rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)


def test_templates_were_found():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_holds_inline_script_handlers_or_styles(template: Path):
    text = template.read_text(encoding="utf-8")
    assert INLINE_SCRIPT.findall(text) == []
    assert EVENT_HANDLER.findall(text) == []
    assert STYLE_ATTRIBUTE.findall(text) == []
    assert "javascript:" not in text.lower()


def _assert_security_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_login_page_carries_the_security_headers(client):
    _assert_security_headers(client.get("/connexion"))
    _assert_security_headers(client.get("/nulle-part"))


def test_pages_of_a_signed_in_person_are_never_cached(client, login, make_user, make_household):
    household = make_household()
    make_user(username="claire", role=Role.COORDINATOR, password="coordination-2026")
    login("claire", "coordination-2026")
    for path in ("/", "/foyers/", f"/foyers/{household.card_number}", f"/foyers/{household.card_number}/export.json",
                 "/urgence/", f"/foyers/cartes.pdf?numeros={household.card_number}"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_security_headers(response)
        assert "no-store" in response.headers["Cache-Control"], path
        response.close()


def test_static_files_stay_cacheable(client, login, make_user):
    make_user(username="claire", role=Role.COORDINATOR, password="coordination-2026")
    login("claire", "coordination-2026")
    for path in ("/static/gers.css", "/foyers/ressources/households.css"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", ""), path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.close()
