"""Which database, and how a transaction to it is opened: the only module that knows the dialects apart."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from .errors import DatabaseUnavailable

P = ParamSpec("P")
T = TypeVar("T")


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
        # pool_pre_ping: a pooled connection the server dropped (a restart, an idle timeout) is found and replaced
        # when it is taken, before a statement fails on it.
        self.engine = engine or create_engine(self.url, future=True, pool_pre_ping=True)
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

    def reading(self, fn: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn`` in one read; see :meth:`once_more_if_dropped`."""
        return self.once_more_if_dropped(self.read, fn, *args, **kwargs)

    def writing(self, fn: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn`` in one write transaction; see :meth:`once_more_if_dropped`."""
        return self.once_more_if_dropped(self.write, fn, *args, **kwargs)

    def once_more_if_dropped(
        self,
        transaction: Callable[[], contextlib.AbstractContextManager[Connection]],
        fn: Callable[Concatenate[Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``fn`` in a new transaction; when the connection drops under it, once more on a new one.

        A dropped transaction wrote nothing, so running it again is safe; a save whose commit reached the
        database before the drop finds its own answer stored and is no conflict (a versioned save accepts what
        is already there). A database that still does not answer raises :class:`DatabaseUnavailable`, as does
        SQLite busy past its wait; any other database error is a bug and passes as it is.
        """
        for attempt in (1, 2):
            try:
                with transaction() as conn:
                    return fn(conn, *args, **kwargs)
            except DBAPIError as exc:
                if not self._unavailable(exc):
                    raise
                if attempt == 2 or not exc.connection_invalidated:
                    raise DatabaseUnavailable(str(exc.orig or exc).splitlines()[0]) from exc
        raise AssertionError("unreachable")

    def _unavailable(self, exc: DBAPIError) -> bool:
        """The database did not answer, as opposed to refusing a statement. SQLite reports both as an
        OperationalError ("database is locked" and "no such table" alike), so there the message decides."""
        if exc.connection_invalidated or isinstance(exc, InterfaceError):
            return True
        if not isinstance(exc, OperationalError):
            return False
        if self.engine.dialect.name != "sqlite":
            return True
        return any(word in str(exc.orig).lower() for word in _SQLITE_UNAVAILABLE)


# What SQLite says when the file cannot be used just now (as opposed to a statement it refuses).
_SQLITE_UNAVAILABLE = ("locked", "busy", "unable to open", "disk i/o")


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
