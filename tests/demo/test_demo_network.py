"""`demo build` makes a network: central from the demo data, the Auch site from its first sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from gers.cli import build_cli
from gers.db import make_engine, make_session_factory
from households.models import Household
from inventory.models import Product, Site
from sync.keystore import IDENTITY_FILE
from sync.models import SyncNode
from sync.node import LAST_SYNC_AT, get_state
from warehouse.models import Dispatch

pytestmark = pytest.mark.slow


def open_database(folder: Path):
    return make_session_factory(make_engine(f"sqlite:///{folder / 'gers.sqlite3'}"))()


def test_the_demo_site_is_enrolled_and_gets_its_data_by_sync(tmp_path: Path):
    result = CliRunner().invoke(build_cli(), ["demo", "build", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Nœud AUCH enrôlé et synchronisé." in result.output
    assert (tmp_path / "auch" / IDENTITY_FILE).exists()
    with open_database(tmp_path / "central") as central, open_database(tmp_path / "auch") as auch:
        assert central.scalar(select(SyncNode.code)) == "AUCH"
        auch_id = central.scalar(select(Site.id).where(Site.code == "AUCH"))
        assert auch.scalar(select(func.count()).select_from(Product)) == central.scalar(
            select(func.count()).select_from(Product))
        assert auch.scalar(select(func.count()).select_from(Household)) == central.scalar(
            select(func.count()).select_from(Household).where(Household.home_site_id == auch_id))
        # The dispatches on their way to Auch are in its arrivals; the others' are not.
        assert set(auch.scalars(select(Dispatch.to_site_id))) == {auch_id}
        assert get_state(auch, LAST_SYNC_AT)
    again = CliRunner().invoke(build_cli(), ["demo", "build", "--dir", str(tmp_path)])
    assert "Nœud AUCH réutilisé." in again.output
