from __future__ import annotations

import pytest

from tests.inventory.stock_builders import StockBuilders


@pytest.fixture
def stock(session, build) -> StockBuilders:
    return StockBuilders(session, build)
