"""Which database, and how a transaction to it is opened: the only module that knows the dialects apart."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine


def default_url() -> str:
    """``BENCHMARK_DATABASE_URL``, else ``benchmark.db`` in ``BENCHMARK_DATA_DIR`` (default ``./data``)."""
    url = os.environ.get("BENCHMARK_DATABASE_URL")
    if url:
        return url
    folder = Path(os.environ.get("BENCHMARK_DATA_DIR") or "data")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / 'benchmark.db').resolve()}"


class Database:
    """Hands out transactions; each call takes its own connection, so threads can share one."""

    def __init__(self, url: str | None = None, engine: Engine | None = None) -> None:
        self.url = url or default_url()
        self.engine = engine or create_engine(self.url, future=True)
        self._writer = self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        self._reader = self.engine
        if self.engine.dialect.name == "sqlite":
            if not event.contains(self.engine, "connect", _sqlite_connect):
                event.listen(self.engine, "connect", _sqlite_connect)
                event.listen(self.engine, "begin", _sqlite_begin)
        elif self.engine.dialect.name == "postgresql":
            # one snapshot for all the statements of a read, so a loaded assessment matches its revisions
            self._reader = self.engine.execution_options(isolation_level="REPEATABLE READ")

    def write(self) -> contextlib.AbstractContextManager[Connection]:
        """A write transaction; on SQLite it takes the write lock at once, so it waits instead of failing."""
        return self._writer.begin()

    def read(self) -> contextlib.AbstractContextManager[Connection]:
        """A read that sees one instant of the database, however many statements it takes."""
        return self._reader.connect()


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling starts transactions late and leaves DDL outside them; take it over
    # (SQLAlchemy's documented recipe) so that a migration is all or nothing and writes lock at their start.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))
