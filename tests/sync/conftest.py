"""Fixtures of the sync tests: central (the demo network) and site nodes in one process."""

from tests.sync.inprocess import (  # noqa: F401
    auch,
    central,
    central_demo_databases,
    central_session,
    clock,
    make_node,
)
