"""Test harness shared by every room: fresh migrated databases (SQLite and a real PostgreSQL),
a fresh app per test, builder fixtures, a browser on Debian's Chromium and a hardware guard."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from gers.app import map_central_models
from gers.clock import PARIS
from gers.device_events import start_device_hub, stop_device_hub
from tests.support import hardware_guard, postgres
from tests.support.browser import CHROMIUM_ARGS, LiveServer, chromium_path
from tests.support.builders import Builders
from tests.support.databases import PostgresDatabases, SqliteDatabases
from tests.support.node_identity import enrol

# Tests see the whole schema, as migrations/env.py does (a site app alone maps less: gers.app).
map_central_models()

# Tests never depend on the developer's own configuration.
for _name in [n for n in os.environ if n.startswith("GERS_")]:
    del os.environ[_name]

# Property tests are deterministic (same examples on every run, no example database written) and have
# no deadline: a slow shared CI machine must not turn a pass into a failure.
settings.register_profile("gers", derandomize=True, database=None, deadline=None)
settings.load_profile("gers")

BOTH_BACKENDS = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--clock-at", metavar="AAAA-MM-JJTHH:MM", default=None,
                     help="Run the suite with the clock moved to this Paris time (make test-future): a test "
                          "that reads the real clock instead of a pinned one fails on some day.")


def pytest_configure(config: pytest.Config) -> None:
    at = config.getoption("--clock-at")
    if at:  # every worker travels: wall-clock reads move, monotonic timers (timeouts, sleeps) do not
        import time_machine

        time_machine.travel(dt.datetime.fromisoformat(at).replace(tzinfo=PARIS), tick=True).start()


@pytest.fixture(autouse=True)
def _no_real_hardware() -> Iterator[None]:
    hardware_guard.activate()
    yield
    hardware_guard.deactivate()


# --- databases -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.PostgresServer]:
    try:
        server = postgres.start()
    except postgres.PostgresUnavailable as reason:
        pytest.skip(str(reason))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_databases() -> SqliteDatabases:
    return SqliteDatabases(Path(tempfile.mkdtemp(prefix="gers-sqlite-")))


@pytest.fixture(scope="session")
def postgresql_databases(postgres_server: postgres.PostgresServer) -> PostgresDatabases:
    return PostgresDatabases(postgres_server)


@pytest.fixture
def backend() -> str:
    """SQLite unless a test asks for both with BOTH_BACKENDS."""
    return "sqlite"


@pytest.fixture
def database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    databases = request.getfixturevalue(f"{backend}_databases")
    url = databases.fresh(tmp_path)
    yield url
    databases.drop(url)


# --- application -----------------------------------------------------------------------------

@pytest.fixture
def node_role() -> str:
    return "central"


@pytest.fixture
def app_overrides(node_role: str) -> dict:
    """Tests override this fixture (or parametrize node_role) to change the node's settings."""
    return {"ROLE": node_role, "NODE_CODE": "AUCH" if node_role == "site" else "CENTRAL"}


@pytest.fixture
def device_identity(node_role: str) -> bool:
    """A site node holds its sync identity, as an enrolled Pi does (its PINs work only then); a test
    of a Pi never enrolled overrides this with False."""
    return node_role == "site"


@pytest.fixture
def app(database_url: str, app_overrides: dict, device_identity: bool, tmp_path: Path):
    from gers.app import create_app

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "TESTING": True,
                      **app_overrides}, instance_path=tmp_path / "instance", environ={})
    if device_identity:
        enrol(app.instance_path, app.config["NODE_CODE"])
    yield app
    stop_device_hub(app)
    app.extensions["gers.engine"].dispose()


@pytest.fixture
def device_hub(app):
    """The node's devices, started as `serve` starts them (the app factory never does)."""
    return start_device_hub(app)


@pytest.fixture
def session(app):
    with app.extensions["gers.sessionmaker"]() as session_:
        yield session_


@pytest.fixture
def build(session) -> Builders:
    """`build.product(...)`, `build.household(...)`: rows flushed in the test's session."""
    return Builders(session)


@pytest.fixture
def make_site(build, session):
    def make(**fields):
        site = build.site(**fields)
        session.commit()
        return site
    return make


@pytest.fixture
def make_product(build, session):
    def make(**fields):
        product = build.product(**fields)
        session.commit()
        return product
    return make


@pytest.fixture
def make_user(build, session):
    def make(**fields):
        user = build.user(**fields)
        session.commit()
        return user
    return make


@pytest.fixture
def make_household(build, session):
    def make(**fields):
        household = build.household(**fields)
        session.commit()
        return household
    return make


@pytest.fixture
def client(app):
    return app.test_client()


CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str = "/connexion") -> str:
    match = CSRF_PATTERN.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def login(client):
    """Log the test client in; returns the response of the login POST."""
    def do_login(username: str, secret: str, follow_redirects: bool = False):
        return client.post("/connexion", data={"username": username, "secret": secret,
                                               "csrf_token": csrf_token(client)},
                           follow_redirects=follow_redirects)
    return do_login


# --- browser ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium n'est pas installé (paquet Debian chromium) : `make test` l'installe en root.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser_ = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser_
        browser_.close()


@pytest.fixture
def live_server(app) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context the size of a site's touch screen (1024×600)."""
    context = browser.new_context(viewport={"width": 1024, "height": 600}, locale="fr-FR",
                                  base_url=live_server.url)
    page_ = context.new_page()
    yield page_
    context.close()
