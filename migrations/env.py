"""Alembic environment. The URL comes from the caller (gers.migrate) or the node configuration."""

from __future__ import annotations

from alembic import context

# The schema is the union of every room's models: this file is a composition root.
import activities.models  # noqa: F401
import collectes.models  # noqa: F401
import gers.changes  # noqa: F401
import gers.models  # noqa: F401
import households.models  # noqa: F401
import inventory.models  # noqa: F401
import inventory.price_models  # noqa: F401
import inventory.stock_models  # noqa: F401
import kiosk.models  # noqa: F401
import pos.models  # noqa: F401
import reports.models  # noqa: F401
import shop.models  # noqa: F401
import sync.models  # noqa: F401
import tours.models  # noqa: F401
import warehouse.donor_models  # noqa: F401
import warehouse.models  # noqa: F401
import warehouse.order_models  # noqa: F401
from gers.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from pathlib import Path

    from gers.config import load_config

    return load_config(Path("instance").resolve())["DATABASE_URL"]


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    # Batch mode lets ALTER TABLE work on SQLite, whose ALTER support is minimal.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
