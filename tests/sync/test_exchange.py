"""Push and pull between central (demo network) and a site node that starts empty, in one process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gers.db import Base
from gers.models import User
from households.models import Household
from inventory.models import Product, Site
from tests.conftest import BOTH_BACKENDS
from tests.sync.inprocess import NOW, build_central_demo, enrol_node, make_app


@pytest.fixture
def clock():
    return lambda: NOW


@pytest.fixture
def central(app, clock):
    app.extensions["gers.clock"] = clock
    build_central_demo(app, NOW)
    return app


@pytest.fixture
def auch(central, sqlite_databases, tmp_path: Path, clock):
    folder = tmp_path / "auch"
    folder.mkdir()
    node_app = make_app(sqlite_databases.fresh(folder), folder / "instance", "site", "AUCH", clock)
    yield enrol_node(central, node_app, clock)
    node_app.extensions["gers.engine"].dispose()


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


@BOTH_BACKENDS
def test_a_new_node_gets_what_concerns_it_and_nothing_else(central, auch, session):
    summary = auch.sync()
    auch_id = session.scalar(select(Site.id).where(Site.code == "AUCH"))
    with auch.session() as node:
        assert count(node, Site) == count(session, Site)
        assert count(node, Product) == count(session, Product)
        # Its own households (home site or a share there), not the others'.
        assert count(node, Household) == count(session, Household, Household.home_site_id == auch_id) > 0
        # Users of Auch and network staff can sign in; the warehouse's are known only by name.
        usable = node.scalars(select(User.username).where(User.active, User.password_hash.is_not(None)
                                                           | User.pin_hash.is_not(None))).all()
        assert "caisse" in usable and "entrepot" not in usable
        for table in Base.metadata.sorted_tables:
            if table.info.get("central_only"):
                assert node.scalar(select(func.count()).select_from(table)) == 0, table.name
    assert summary.down["product"] == count(session, Product)
    # A second run brings nothing new.
    again = auch.sync()
    assert sum(again.down.values()) == 0 and sum(again.up.values()) == 0
