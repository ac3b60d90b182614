"""Fixtures of the sync tests: central (the demo network) and site nodes in one process
(tests/sync/inprocess.py); and a real network of processes — central serving on the suite's
PostgreSQL, site nodes on SQLite, each behind its own fault proxy (tests/support/network.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.support.network import Network, ReferenceBuilder, open_network
from tests.support.network_data import build_reference
from tests.sync.inprocess import (  # noqa: F401
    auch,
    central,
    central_demo_databases,
    central_session,
    clock,
    make_node,
)


@pytest.fixture
def central_database_url(postgresql_databases, tmp_path: Path) -> Iterator[str]:
    url = postgresql_databases.fresh(tmp_path)
    yield url
    postgresql_databases.drop(url)


@pytest.fixture
def make_network(tmp_path: Path, central_database_url: str) -> Iterator[Callable[..., Network]]:
    """make_network("AUCH", "CONDOM", reference=build_reference): one network per test, torn down
    (servers stopped, proxies closed) before central's database is dropped."""
    with ExitStack() as exits:
        def make(*codes: str, reference: ReferenceBuilder | None = build_reference) -> Network:
            return exits.enter_context(open_network(tmp_path / "reseau", central_database_url, codes, reference))
        yield make


@pytest.fixture
def network(make_network) -> Network:
    """Central and two sites, Auch and Condom, with the reference data on central only."""
    return make_network("AUCH", "CONDOM")
