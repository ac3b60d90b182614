"""Guessing is slowed per client and per account, unknown accounts cost the same verification as
known ones, admins cannot be locked out, and the lock message says who unlocks and when."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from gers.app import create_app
from gers.auth.throttle import Throttle
from gers.models import LoginThrottle, Role
from tests.conftest import BOTH_BACKENDS, csrf_token
from tests.support.clock import install_clock


@pytest.fixture
def clock(app):
    return install_clock(app, dt.datetime(2026, 7, 14, 12, 0, tzinfo=dt.UTC))  # summer: Paris is UTC+2


@pytest.fixture
def verifications(monkeypatch):
    """Count Argon2 verifications (the costly step a guesser makes the server do)."""
    calls = []
    real = PasswordHasher.verify

    def counting(self, stored, secret):
        calls.append(stored)
        return real(self, stored, secret)
    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


def post_login(client, username, secret, remote="127.0.0.1"):
    return client.post("/connexion", data={"username": username, "secret": secret, "csrf_token": csrf_token(client)},
                       environ_base={"REMOTE_ADDR": remote})


def test_an_account_is_throttled_with_growing_delays(app, client, make_user, clock, verifications):
    app.config["LOGIN_MAX_FAILURES"] = 50  # the delays alone, before any lock
    make_user(username="sophie", password="assistante-2026")
    for _ in range(4):
        assert post_login(client, "sophie", "mauvais-mot").status_code == 401
    refused = post_login(client, "sophie", "assistante-2026")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "2"
    assert "Trop d&#39;essais : réessayez dans 2 s." in refused.get_data(as_text=True)
    assert len(verifications) == 4  # the throttled try costs the server nothing
    clock.now += dt.timedelta(seconds=2)
    assert post_login(client, "sophie", "mauvais-mot").status_code == 401
    assert "réessayez dans 4 s" in post_login(client, "sophie", "assistante-2026").get_data(as_text=True)
    clock.now += dt.timedelta(seconds=4)
    assert post_login(client, "sophie", "assistante-2026").status_code == 302


def test_a_client_trying_many_accounts_is_throttled(client, make_user, clock):
    make_user(username="sophie", password="assistante-2026")
    for n in range(11):
        assert post_login(client, f"inconnu{n}", "mauvais-mot", remote="198.51.100.9").status_code == 401
    assert post_login(client, "sophie", "assistante-2026", remote="198.51.100.9").status_code == 429
    assert post_login(client, "sophie", "assistante-2026", remote="198.51.100.10").status_code == 302


@pytest.mark.parametrize("case", ["unknown", "inactive", "no password"])
def test_unknown_accounts_verify_against_a_dummy_hash(client, make_user, session, clock, verifications, case):
    user = make_user(username="paul", password="benevole-2026-x")
    if case == "inactive":
        user.active = False
    if case == "no password":
        user.password_hash = None
    session.commit()
    response = post_login(client, "inconnu" if case == "unknown" else "paul", "benevole-2026-x")
    assert response.status_code == 401
    assert len(verifications) == 1  # the same work as for a real account: timing tells nothing
    assert verifications[0].startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_admin_is_never_locked_out(client, make_user, session, clock):
    admin = make_user(username="admin", role=Role.ADMIN, password="administrateur")
    for _ in range(12):
        post_login(client, "admin", "devine-devine")
        clock.now += dt.timedelta(minutes=10)
    session.refresh(admin)
    assert admin.locked_until is None
    assert post_login(client, "admin", "administrateur").status_code == 302


def test_the_lock_message_names_who_unlocks_and_the_time_in_paris(client, make_user, session, clock):
    user = make_user(username="marie", password="benevole-2026")
    user.locked_until = dt.datetime(2026, 7, 14, 12, 35, tzinfo=dt.UTC)
    session.commit()
    page = post_login(client, "marie", "benevole-2026").get_data(as_text=True)
    assert "réessayez à 14:35 ou demandez à un coordinateur ou un administrateur de le débloquer" in page


def test_a_coordinator_unlocks_an_account(client, make_user, session, clock):
    user = make_user(username="marie", password="benevole-2026")
    user.locked_until = clock.now + dt.timedelta(minutes=10)
    session.commit()
    make_user(username="claire", role=Role.COORDINATOR, password="coordination-2026")
    post_login(client, "claire", "coordination-2026")
    response = client.post(f"/admin/utilisateurs/{user.id}/debloquer",
                           data={"csrf_token": csrf_token(client, "/admin/utilisateurs/")})
    assert response.status_code == 302
    session.refresh(user)
    assert user.locked_until is None


@BOTH_BACKENDS
def test_failures_are_forgotten_after_an_hour(session, backend):
    throttle = Throttle("account", 1, dt.timedelta(seconds=2), dt.timedelta(seconds=300))
    start = dt.datetime(2026, 7, 14, 12, 0, tzinfo=dt.UTC)
    throttle.failed(session, "k", start)
    throttle.failed(session, "k", start)
    assert throttle.wait_seconds(session, "k", start) == 2
    later = start + dt.timedelta(hours=2)
    throttle.failed(session, "k", later)
    assert throttle.wait_seconds(session, "k", later) == 0


def test_the_delay_is_capped(session):
    throttle = Throttle("account", 0, dt.timedelta(seconds=2), dt.timedelta(seconds=300))
    now = dt.datetime(2026, 7, 14, 12, 0, tzinfo=dt.UTC)
    for _ in range(20):
        throttle.failed(session, "k", now)
    assert throttle.wait_seconds(session, "k", now) == 300


def test_the_delays_survive_a_restart(app, client, make_user, clock, database_url, tmp_path):
    """Kept in the node's database: restarting the service (or the Pi) gives a guesser nothing."""
    app.config["LOGIN_MAX_FAILURES"] = 50
    make_user(username="sophie", password="assistante-2026")
    for _ in range(4):
        assert post_login(client, "sophie", "mauvais-mot").status_code == 401
    restarted = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "TESTING": True,
                            "ROLE": "central", "NODE_CODE": "CENTRAL"}, instance_path=tmp_path / "instance",
                           environ={})
    try:
        install_clock(restarted, clock.now)
        refused = post_login(restarted.test_client(), "sophie", "assistante-2026")
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "2"
    finally:
        restarted.extensions["gers.engine"].dispose()


def test_the_typed_names_are_not_kept_and_old_entries_are_purged(session):
    throttle = Throttle("account", 3, dt.timedelta(seconds=2), dt.timedelta(seconds=300))
    start = dt.datetime(2026, 7, 14, 12, 0, tzinfo=dt.UTC)
    throttle.failed(session, "mot-de-passe-tape-par-erreur", start)
    assert "mot-de-passe" not in " ".join(session.scalars(select(LoginThrottle.key_digest)))
    throttle.failed(session, "autre", start + dt.timedelta(hours=2))
    assert session.scalar(select(func.count()).select_from(LoginThrottle)) == 1


@pytest.mark.parametrize("app_overrides", [{"ROLE": "central", "NODE_CODE": "CENTRAL", "ARGON2_TIME_COST": 3,
                                            "ARGON2_MEMORY_KIB": 8192}])
def test_the_hash_cost_is_a_setting(make_user):
    user = make_user(username="sophie", password="assistante-2026")
    assert user.password_hash.startswith("$argon2id$v=19$m=8192,t=3,p=1$")
