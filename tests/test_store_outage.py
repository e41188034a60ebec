"""A database outage never loses a save silently: a connection dropped by a restart is replaced and the save goes
through; a database that stays away is refused with :class:`DatabaseUnavailable` (what the app shows as "not saved
— try again"), never a driver's error; ``python -m benchmark health`` says whether the database answers."""

from __future__ import annotations

import subprocess
import sys

import psycopg
import pytest
from sqlalchemy import event

from benchmark.assessment import Answer
from benchmark.store import DatabaseUnavailable

from .builders import created
from .conftest import ROOT


@pytest.fixture
def pg_store(postgres_server, open_store):
    return open_store(postgres_server.new_database())


@pytest.mark.postgres
def test_a_save_after_the_server_restarted_is_stored(postgres_server, pg_store):
    a, _ = created(pg_store)
    rev = pg_store.set_answer(a.id, "A.1", Answer(value="some"), expected_revision=0)
    postgres_server.pg_ctl("restart")  # every pooled connection is now dead
    rev = pg_store.set_answer(a.id, "A.1", Answer(value="full", evidence="Council motion"), expected_revision=rev)
    pg_store.set_answer(a.id, "B.1", Answer(value="yes"), expected_revision=0)
    assert pg_store.load(a.id).assessment.answers == {
        "A.1": Answer(value="full", evidence="Council motion"),
        "B.1": Answer(value="yes"),
    }
    assert pg_store.load(a.id).answer_revision("A.1") == rev


@pytest.mark.postgres
def test_a_connection_dropped_during_a_save_is_retried_once(postgres_server, pg_store):
    """The connection is cut after it was checked out (so no ping catches it): the save runs again on a new one."""
    a, _ = created(pg_store)
    cut = []

    def cut_once(conn, cursor, statement, *args):
        if not cut and statement.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")):
            cut.append(cursor.connection.info.backend_pid)
            with psycopg.connect(
                host="127.0.0.1", port=postgres_server.port, user=postgres_server.user, dbname="bench", autocommit=True
            ) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (cut[0],))

    event.listen(pg_store.engine, "before_cursor_execute", cut_once)
    try:
        rev = pg_store.set_answer(a.id, "A.1", Answer(value="some", notes="typed once"), expected_revision=0)
    finally:
        event.remove(pg_store.engine, "before_cursor_execute", cut_once)
    assert cut, "the test did not cut a connection"
    assert rev > 0
    assert pg_store.get(a.id).answers["A.1"] == Answer(value="some", notes="typed once")


@pytest.mark.postgres
def test_with_the_server_stopped_a_save_is_refused_plainly_and_goes_through_once_it_is_back(postgres_server, pg_store):
    a, _ = created(pg_store)
    postgres_server.pg_ctl("stop")
    try:
        with pytest.raises(DatabaseUnavailable) as refused:
            pg_store.set_answer(a.id, "A.1", Answer(value="some"), expected_revision=0)
        assert "not saved" in str(refused.value).lower()
        with pytest.raises(DatabaseUnavailable):
            pg_store.load(a.id)
    finally:
        postgres_server.pg_ctl("start")
    pg_store.set_answer(a.id, "A.1", Answer(value="some"), expected_revision=0)
    assert pg_store.get(a.id).answers == {"A.1": Answer(value="some")}


def _health(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "benchmark", "health", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.postgres
def test_health_says_whether_the_database_answers(postgres_server, open_store):
    url = postgres_server.new_database()
    assert _health("--database", url).stderr.startswith("error: database")  # no tables of this app yet
    open_store(url)
    up = _health("--database", url)
    assert up.returncode == 0, up.stderr
    assert "database: ok" in up.stdout
    postgres_server.pg_ctl("stop")
    try:
        down = _health("--database", url)
    finally:
        postgres_server.pg_ctl("start")
    assert down.returncode == 1
    assert "database" in down.stderr and "cannot be reached" in down.stderr
    assert "Traceback" not in down.stderr


def test_health_on_sqlite_changes_nothing(tmp_path, open_store):
    url = f"sqlite:///{tmp_path / 'b.db'}"
    open_store(url)
    up = _health("--database", url)
    assert up.returncode == 0, up.stderr
    assert "database: ok" in up.stdout
    missing = _health("--database", f"sqlite:///{tmp_path / 'nowhere' / 'b.db'}")
    assert missing.returncode == 1 and "cannot be reached" in missing.stderr
    assert not (tmp_path / "nowhere").exists()
