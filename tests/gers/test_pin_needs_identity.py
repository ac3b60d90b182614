"""A PIN is only a second factor on a Pi that holds its device identity (`sync join`): on a site node
without it the login asks for the password, and says why; central never takes a PIN."""

from __future__ import annotations

import pytest

from gers.auth.services import PIN_NEEDS_IDENTITY
from gers.models import Role
from tests.support.node_identity import enrol

pytestmark = pytest.mark.parametrize("node_role", ["site"])


@pytest.fixture
def device_identity() -> bool:
    return False  # a Pi installed but never enrolled (or whose identity file was removed)


@pytest.fixture
def marie(make_user, make_site):
    auch = make_site(code="AUCH", name="Épicerie solidaire d'Auch")
    return make_user(username="marie", role=Role.CASHIER, pin="4321", password="benevole-auch-2026",
                     site_id=auch.id)


def test_a_pi_without_identity_asks_for_the_password(client):
    page = client.get("/connexion").get_data(as_text=True)
    assert "Mot de passe" in page and 'inputmode="numeric"' not in page
    assert PIN_NEEDS_IDENTITY.replace("'", "&#39;") in page


def test_a_pin_alone_is_refused_there_with_a_clear_message(client, login, marie):
    refused = login("marie", "4321")
    assert refused.status_code == 401
    assert PIN_NEEDS_IDENTITY.replace("'", "&#39;") in refused.get_data(as_text=True)
    assert login("marie", "benevole-auch-2026").status_code == 302


def test_an_account_without_password_is_told_whom_to_ask(client, login, make_user, marie):
    make_user(username="paul", role=Role.CASHIER, pin="2468", password=None, site_id=marie.site_id)
    page = login("paul", "2468").get_data(as_text=True)
    assert "n&#39;a pas de mot de passe" in page and "demandez à la coordination" in page


def test_enrolling_the_pi_brings_the_pin_back(app, client, login, marie):
    enrol(app.instance_path, "AUCH")
    assert login("marie", "4321").status_code == 302
