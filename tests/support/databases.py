"""Fresh databases per test, cloned from a template built once by the Alembic migrations."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from gers import migrate
from tests.support.postgres import PostgresServer

TEMPLATE = "gers_template"


class SqliteDatabases:
    def __init__(self, directory: Path) -> None:
        self.template = directory / "template.sqlite3"
        migrate.upgrade(f"sqlite:///{self.template}")

    def fresh(self, directory: Path) -> str:
        target = directory / "gers.sqlite3"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        """The file lives in the test's tmp_path; nothing to do."""

    def clone(self, url: str, directory: Path) -> str:
        """A copy of a database built once (e.g. the demo network), for one test."""
        target = directory / "gers.sqlite3"
        shutil.copyfile(make_url(url).database, target)
        return f"sqlite:///{target}"


class PostgresDatabases:
    def __init__(self, server: PostgresServer) -> None:
        self.server = server
        self._names = itertools.count()
        self._execute(f"CREATE DATABASE {TEMPLATE}")
        migrate.upgrade(server.url(TEMPLATE))

    def fresh(self, _directory: Path) -> str:
        name = f"gers_test_{next(self._names)}"
        self._execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.server.url(name)

    def drop(self, url: str) -> None:
        self._execute(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")

    def clone(self, url: str, _directory: Path) -> str:
        name = f"gers_test_{next(self._names)}"
        self._execute(f"CREATE DATABASE {name} TEMPLATE {make_url(url).database}")
        return self.server.url(name)

    def _execute(self, sql: str) -> None:
        url = make_url(self.server.admin_url)
        with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                             autocommit=True) as connection:
            connection.execute(sql)
