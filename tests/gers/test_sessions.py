"""Sessions are held on the server: logout revokes them, they end after 12 h even when used, and a
login always starts a new one."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import csrf_token
from tests.support.clock import install_clock


@pytest.fixture
def clock(app):
    return install_clock(app, dt.datetime(2026, 11, 28, 7, 0, tzinfo=dt.UTC))


@pytest.fixture
def sophie(make_user):
    return make_user(username="sophie", password="assistante-2026")


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_cookie_copied_before_logout_is_refused_after(app, client, login, sophie, clock):
    login("sophie", "assistante-2026")
    stolen = session_cookie(client)
    client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion")


def test_a_session_used_every_half_hour_ends_after_twelve_hours(client, login, sophie, clock):
    login("sophie", "assistante-2026")
    for _ in range(23):  # 11 h 30 of activity, one page every 30 minutes
        clock.now += dt.timedelta(minutes=30)
        assert client.get("/").status_code == 200
    clock.now += dt.timedelta(minutes=29)
    assert client.get("/").status_code == 200  # 11 h 59
    clock.now += dt.timedelta(minutes=2)
    response = client.get("/", follow_redirects=True)
    assert "Votre session a expiré" in response.get_data(as_text=True)
    assert "Connexion" in response.get_data(as_text=True)


def test_the_absolute_lifetime_is_a_setting(app, client, login, sophie, clock):
    app.config["SESSION_MAX_HOURS"] = 1
    login("sophie", "assistante-2026")
    clock.now += dt.timedelta(minutes=29)
    assert client.get("/").status_code == 200
    clock.now += dt.timedelta(minutes=29)
    assert client.get("/").status_code == 200
    clock.now += dt.timedelta(minutes=3)
    assert client.get("/").status_code == 302


def test_login_starts_a_new_session(app, client, login, sophie, clock):
    csrf_token(client)
    before = session_cookie(client)
    login("sophie", "assistante-2026")
    after = session_cookie(client)
    assert before != after
    old = app.test_client()
    old.set_cookie("session", before)
    assert old.get("/").status_code == 302


def test_logging_in_again_revokes_the_previous_session_of_this_browser(app, client, login, sophie, clock):
    login("sophie", "assistante-2026")
    first = session_cookie(client)
    login("sophie", "assistante-2026")
    replay = app.test_client()
    replay.set_cookie("session", first)
    assert replay.get("/").status_code == 302
    assert client.get("/").status_code == 200
