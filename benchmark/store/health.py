"""Whether the database answers, for ``python -m benchmark health``: Streamlit's own ``/_stcore/health`` says only
that the web server runs, and stays "ok" while every save fails on a database that is down.

Read-only: it opens no SQLite file that is not there and migrates nothing (a Store would do both).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.exc import DBAPIError

from .database import Database
from .errors import DatabaseUnavailable
from .migrations import stored_version
from .schema import SCHEMA_VERSION


def database_status(url: str) -> str:
    """A line saying the database answers with this app's schema; otherwise :class:`DatabaseUnavailable` (it
    cannot be reached) or RuntimeError (it answers but is not ready for this app), each with the reason."""
    parsed = make_url(url)
    on_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    if on_file and not Path(str(parsed.database)).is_file():
        raise DatabaseUnavailable(f"no database file at {parsed.database}")
    db = Database(url)
    try:
        try:
            version = db.reading(stored_version)
        except DBAPIError as exc:  # it answers, but has no tables of this app
            raise RuntimeError(f"no schema of this app ({str(exc.orig or exc).splitlines()[0]})") from None
    finally:
        db.engine.dispose()
    if version != SCHEMA_VERSION:
        raise RuntimeError(f"schema {version}, this app needs {SCHEMA_VERSION} (it migrates when it starts)")
    return f"ok (schema {version}, {parsed.get_backend_name()})"
