"""Login with a PIN on a site, a password on central; locks, CSRF, idle sessions and roles."""

from __future__ import annotations

import datetime as dt

import pytest

from gers.models import Role
from tests.conftest import csrf_token
from tests.support.clock import install_clock


@pytest.fixture
def clock(app):
    """A settable clock for the app: `clock.now += timedelta(...)`."""
    return install_clock(app, dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC))


@pytest.fixture
def auch(make_site):
    return make_site(code="AUCH", name="Épicerie solidaire d'Auch")


@pytest.mark.parametrize("node_role", ["site"])
def test_cashier_logs_in_with_pin_on_a_site(client, login, make_user, auch):
    make_user(username="marie", display_name="Marie", role=Role.CASHIER, pin="4321", site_id=auch.id)
    response = login("marie", "4321", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bonjour Marie" in page and "Bénévole caisse" in page and "site AUCH" in page


def test_central_asks_for_the_password_not_the_pin(client, login, make_user):
    make_user(username="sophie", role=Role.SOCIAL_WORKER, pin="1111", password="assistante-2026")
    assert login("sophie", "1111").status_code == 401
    assert login("sophie", "assistante-2026").status_code == 302


@pytest.mark.parametrize("username,secret", [("marie", "9999"), ("inconnu", "1234")])
@pytest.mark.parametrize("node_role", ["site"])
def test_wrong_pin_and_unknown_user_get_the_same_clear_message(client, login, make_user, username, secret):
    make_user(username="marie", pin="4321")
    response = login(username, secret)
    assert response.status_code == 401
    assert "Identifiant ou code incorrect." in response.get_data(as_text=True)


@pytest.mark.parametrize("node_role", ["site"])
def test_five_failures_lock_the_account_for_a_while(client, login, make_user, clock, session, auch):
    user = make_user(username="marie", pin="4321", site_id=auch.id)
    for _ in range(5):
        assert login("marie", "0000").status_code == 401
        clock.now += dt.timedelta(minutes=1)  # past the growing delay between tries
    locked = login("marie", "4321")
    assert locked.status_code == 401
    assert ("Compte verrouillé après 5 essais erronés : réessayez à 11:19 ou demandez à un coordinateur ou un "
            "administrateur de le débloquer.") in locked.get_data(as_text=True)
    clock.now += dt.timedelta(minutes=16)
    assert login("marie", "4321").status_code == 302
    session.refresh(user)
    assert user.failed_attempts == 0 and user.locked_until is None


@pytest.mark.parametrize("node_role", ["site"])
def test_a_cashier_of_another_site_cannot_log_in_here(client, login, make_user, make_site, auch):
    condom = make_site(code="CONDOM")
    make_user(username="paul", pin="4321", site_id=condom.id)
    response = login("paul", "4321")
    assert response.status_code == 401
    assert "appartient à un autre site" in response.get_data(as_text=True)


def test_forms_without_csrf_token_are_refused(client, make_user):
    make_user(username="sophie", password="assistante-2026")
    response = client.post("/connexion", data={"username": "sophie", "secret": "assistante-2026"})
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.get_data(as_text=True)


def test_an_idle_session_expires(client, login, make_user, clock):
    make_user(username="sophie", password="assistante-2026")
    login("sophie", "assistante-2026")
    assert client.get("/").status_code == 200
    clock.now += dt.timedelta(minutes=31)
    response = client.get("/", follow_redirects=True)
    assert "Votre session a expiré" in response.get_data(as_text=True)
    assert "Connexion" in response.get_data(as_text=True)


def test_pages_check_the_role(client, login, make_user):
    make_user(username="sophie", role=Role.SOCIAL_WORKER, password="assistante-2026")
    login("sophie", "assistante-2026")
    response = client.get("/admin/utilisateurs/")
    assert response.status_code == 403
    assert "Accès refusé" in response.get_data(as_text=True)


def test_admin_unlocks_a_locked_account(client, login, make_user, session, clock):
    user = make_user(username="marie", password="benevole-2026")
    user.locked_until = clock.now + dt.timedelta(minutes=10)
    session.commit()
    make_user(username="admin", role=Role.ADMIN, password="administrateur")
    login("admin", "administrateur")
    listing = client.get("/admin/utilisateurs/").get_data(as_text=True)
    assert "Verrouillé jusqu'à" in listing
    response = client.post(f"/admin/utilisateurs/{user.id}/debloquer",
                           data={"csrf_token": csrf_token(client, "/admin/utilisateurs/")})
    assert response.status_code == 302
    session.refresh(user)
    assert user.locked_until is None


def test_every_view_declares_who_may_open_it(app):
    undeclared = [name for name, view in app.view_functions.items()
                  if name != "static" and not getattr(view, "allowed_roles", None)]
    assert undeclared == []


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/catalogue")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=")


def test_login_never_redirects_to_another_host(client, make_user):
    make_user(username="sophie", password="assistante-2026")
    response = client.post("/connexion?next=//evil.example/x", data={
        "username": "sophie", "secret": "assistante-2026", "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/"


def test_unknown_pages_answer_in_french(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_logout_ends_the_session(client, login, make_user):
    make_user(username="sophie", password="assistante-2026")
    login("sophie", "assistante-2026")
    client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    assert client.get("/").status_code == 302
