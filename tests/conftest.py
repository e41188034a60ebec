"""Shared fixtures: the tiny test framework and the real frameworks, the app's environment, databases, a browser."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import NoReturn

import pytest

from benchmark.framework.loader import load_framework, load_frameworks

DATA = Path(__file__).parent / "data"
FRAMEWORKS = Path(__file__).parent / "frameworks"  # a third framework (schools), in a folder of its own
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def mini():
    return load_framework(DATA / "mini.yaml")


@pytest.fixture(scope="session")
def school():
    """A third framework, about schools, with its own subject kind, respondent roles and comparison bands."""
    return load_framework(FRAMEWORKS / "school.yaml")


@pytest.fixture
def school_env(env, monkeypatch):
    """The app's environment with only the school framework."""
    import streamlit as st

    monkeypatch.setenv("BENCHMARK_QUESTIONNAIRES", str(FRAMEWORKS))
    st.cache_resource.clear()
    return env


@pytest.fixture(scope="session")
def frameworks():
    return load_frameworks()


@pytest.fixture(scope="session")
def unites(frameworks):
    return frameworks["unites"]


@pytest.fixture(scope="session")
def spring(frameworks):
    return frameworks["spring"]


def missing(message: str) -> NoReturn:
    """A test cannot run here: skip outside CI, fail loudly in CI, where everything must run."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require(program: str, why: str) -> str:
    """Path of a program a test needs: skip outside CI when missing, fail loudly in CI."""
    path = shutil.which(program)
    if path:
        return path
    missing(f"{program} is not installed ({why}); .ci/run installs it")


# PostgreSQL ---------------------------------------------------------------------------------------------------
# A real server, because SQLite forgives what PostgreSQL refuses (lengths, NUL, types, transactions). One
# throwaway cluster per test session, one new (empty) schema per test.


def _postgres_bindir() -> Path:
    """Debian keeps the server programs off PATH, under /usr/lib/postgresql/VERSION/bin; take the newest."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0
    )
    if not found:
        missing(
            "PostgreSQL's initdb and pg_ctl are not installed (the shared-deployment storage tests start a real "
            "server); .ci/run installs the Debian package postgresql"
        )
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self, port: int, user: str, pg_ctl: list[str]):
        self.port, self.user = port, user
        self._pg_ctl = pg_ctl  # the server's pg_ctl command line up to the action, as its owner
        self._count = itertools.count(1)
        self._admin = dict(host="127.0.0.1", port=port, user=user, autocommit=True)
        import psycopg

        with psycopg.connect(dbname="postgres", **self._admin) as conn:
            conn.execute("CREATE DATABASE bench")

    def new_database(self) -> str:
        """URL of a new, empty database as the store sees it: a schema of its own, first on the search path.

        As isolated as a new database for a store that names no schema, and about 1 ms instead of the
        300 ms a CREATE DATABASE takes here.
        """
        import psycopg

        name = f"test_{next(self._count)}"
        with psycopg.connect(dbname="bench", **self._admin) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/bench?options=-csearch_path%3D{name}"

    def pg_ctl(self, action: str) -> None:
        """``stop``, ``start`` or ``restart`` the server (fast: open connections are cut), waiting until done; an
        outage for the tests of what a dropped database does to a save."""
        done = subprocess.run(
            [*self._pg_ctl, "-m", "fast", "-w", "-t", "60", action], capture_output=True, text=True, timeout=120
        )
        if done.returncode:
            pytest.fail(f"pg_ctl {action} failed:\n{done.stdout}{done.stderr}")


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for this test session on a free loopback port, stopped and deleted afterwards.

    PostgreSQL refuses to run as root, so as root the cluster belongs to ``nobody``. Durability is off
    (fsync, synchronous_commit): the data is thrown away.
    """
    bindir = _postgres_bindir()
    root = Path(tempfile.mkdtemp(prefix="bench-pg-"))  # short: the socket path must fit in about 100 bytes
    as_user: list[str] = []
    if os.geteuid() == 0:
        import pwd

        runuser = shutil.which("runuser")
        if runuser is None:
            missing("runuser is not installed (the PostgreSQL tests run as root and the server must not)")
        owner = pwd.getpwnam("nobody")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        as_user = [runuser, "-u", "nobody", "--"]
    data, log = root / "data", root / "server.log"

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120)
        if done.returncode:
            server_log = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(f"{' '.join(args[:2])} failed:\n{done.stdout}{done.stderr}\n{server_log}")

    user = "bench"
    run(str(bindir / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8", "--no-locale", "-N")
    port = 0
    for _attempt in range(3):  # another process may take the free port before the server does
        port = _free_port()
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        started = subprocess.run(
            [
                *as_user,
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if started.returncode == 0:
            break
    else:
        pytest.fail(
            f"PostgreSQL did not start:\n{started.stdout}{started.stderr}\n{log.read_text(errors='replace')[-2000:]}"
        )
    try:
        yield PostgresServer(
            port, user, [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options]
        )
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A new, empty database on each backend the storage must work on."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'b.db'}"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def another_db(request, db_url, tmp_path):
    """Make more new, empty databases on the backend of ``db_url``."""
    count = itertools.count(1)

    def make() -> str:
        if db_url.startswith("sqlite"):
            return f"sqlite:///{tmp_path / f'other{next(count)}.db'}"
        return request.getfixturevalue("postgres_server").new_database()

    return make


@pytest.fixture
def open_store(mini, school, frameworks):
    """Open a Store (another "session" or a restarted app) that knows the real and the test frameworks; every one
    is closed after the test."""
    from benchmark.store import Store

    opened = []
    known = {**frameworks, "mini": mini, "school": school}

    def make(url: str) -> Store:
        opened.append(Store(url, frameworks=known))
        return opened[-1]

    yield make
    for s in opened:
        s.engine.dispose()


@pytest.fixture
def store(db_url, open_store):
    return open_store(db_url)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module (``playwright install`` cannot download here)."""
    from .browser import CHROMIUM_ARGS

    chromium = require("chromium", "the browser tests drive Debian's Chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


# ------------------------------------------------------------------------------------------ the app's environment


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A fresh data folder and the tiny framework, in the open mode; yields the app's store."""
    import streamlit as st

    from benchmark.store import Store

    monkeypatch.setenv("BENCHMARK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BENCHMARK_DATABASE_URL", raising=False)
    monkeypatch.delenv("BENCHMARK_ACCESS", raising=False)
    monkeypatch.setenv("BENCHMARK_QUESTIONNAIRES", str(DATA))
    monkeypatch.chdir(ROOT)
    st.cache_resource.clear()
    store = Store(f"sqlite:///{tmp_path / 'benchmark.db'}")
    yield store
    st.cache_resource.clear()
    store.engine.dispose()


@pytest.fixture
def links(env, monkeypatch):
    """The same, as a shared deployment (BENCHMARK_ACCESS=links)."""
    monkeypatch.setenv("BENCHMARK_ACCESS", "links")
    return env


@pytest.fixture
def real_env(env, monkeypatch):
    """The real frameworks (UNITES, SPRING), which the sample data is made for."""
    import streamlit as st

    monkeypatch.delenv("BENCHMARK_QUESTIONNAIRES")
    st.cache_resource.clear()
    return env
