"""After login, `next` leads only to a path of this very site, whatever a hostile link puts in it."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gers.auth.views import safe_next
from tests.conftest import csrf_token

ORIGIN = "https://central.gers-solidaire.example/"
HOSTILE = ["/%09/evil.example/", "/\t/evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example",
           "https://evil.example/", "javascript:alert(1)", "/%2F/evil.example", "/%5Cevil.example", " //evil.example",
           "/\n/evil.example", "/%0a/evil.example", "http:evil.example", "/\x00/evil.example", "%2F%2Fevil.example"]
PIECES = st.sampled_from(["/", "\\", "//", "%2f", "%2F", "%5c", "%09", "%0a", "%0d", "%00", "%252f", "\t", "\n",
                          "\r", " ", "\x0b", "\x0c", "\u00a0", "\u2028", "\u3000", "\ufeff", "@", ":", "?", "#",
                          ".", "..", "evil.example", "http", "https:", "javascript:", "catalogue", "x"])


def browser_location(location: str) -> str:
    """Where a browser goes: it drops tabs and newlines, reads a backslash as a slash, trims spaces."""
    cleaned = "".join(c for c in location if c not in "\t\n\r").replace("\\", "/").strip()
    return urljoin(ORIGIN, cleaned)


def assert_same_origin(location: str) -> None:
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    target = urlsplit(browser_location(location))
    assert (target.scheme, target.netloc) == ("https", "central.gers-solidaire.example")


@settings(max_examples=500)
@given(st.lists(PIECES, max_size=8).map("".join) | st.text(max_size=20))
def test_safe_next_only_returns_same_origin_paths(target):
    assert_same_origin(safe_next(target, "/"))


@pytest.mark.parametrize("target", HOSTILE)
def test_known_hostile_targets_are_refused(target):
    assert safe_next(target, "/") == "/"


@pytest.mark.parametrize("target", ["/catalogue?page=2", "/catalogue?q=lait%20demi", "/?"])
def test_a_plain_path_is_kept(target):
    assert safe_next(target, "/") == target


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(HOSTILE) | st.lists(PIECES, max_size=6).map("".join))
def test_login_redirects_only_to_this_site(client, make_user, target):
    if not getattr(client, "_user_made", False):
        make_user(username="sophie", password="assistante-2026")
        client._user_made = True
    response = client.post("/connexion", query_string={"next": target}, data={
        "username": "sophie", "secret": "assistante-2026", "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert_same_origin(response.headers["Location"])


def test_the_tab_trick_lands_on_the_home_page(client, make_user):
    make_user(username="sophie", password="assistante-2026")
    response = client.post("/connexion?next=/%09/evil.example/", data={
        "username": "sophie", "secret": "assistante-2026", "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/"
