"""Helpers for the real-browser tests: start the app on a free port, drive Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchmark.assessment import Assessment, Subject, new_assessment
from benchmark.framework.loader import load_frameworks
from benchmark.store import Store

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips or fails with a clear reason
    expect = None
else:  # a machine busy with other work draws a page in seconds, not milliseconds: wait on what is shown, longer
    expect.set_options(timeout=30_000)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def saved_assessment(data_dir: Path, name: str) -> tuple[Store, Assessment]:
    """The app's store in ``data_dir`` (as :func:`running_app` opens it) with a new UNITES assessment of ``name``."""
    store = Store(f"sqlite:///{data_dir / 'benchmark.db'}")
    a = new_assessment(load_frameworks()["unites"], Subject(name=name))
    store.save(a)
    return store, a


@contextlib.contextmanager
def running_app(data_dir: Path, extra_env: dict[str, str] | None = None):
    """``streamlit run app.py`` on a loopback port with its own data folder; yields the base URL."""
    port = free_port()
    env = {**os.environ, "BENCHMARK_DATA_DIR": str(data_dir), **(extra_env or {})}
    env.pop("BENCHMARK_DATABASE_URL", None) if "BENCHMARK_DATABASE_URL" not in (extra_env or {}) else None
    log = open(data_dir / "server.log", "wb")  # noqa: SIM115 - the server writes to it for its whole life
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start: {(data_dir / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def settle(page, timeout: float = 90_000) -> None:
    """Wait until Streamlit has finished the run a page load, a click or a keystroke started, then check that no
    exception is shown. The app's root says whether a script run is under way (``data-test-script-state``, as
    Streamlit's own end-to-end tests read it): ``initial`` until the first run, ``notRunning`` once a run ended.
    A short first pause lets a click's rerun request reach that state; the rest waits on the state, however
    slow the machine is."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', state="attached", timeout=timeout
    )
    page.wait_for_timeout(250)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached", timeout=timeout
    )
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()


def menu_link(page, name: str):
    """The sidebar menu's link to a page (the app draws the menu itself, see ``app_pages/ui/menu.py``)."""
    return page.get_by_test_id("stSidebar").get_by_role("link", name=name, exact=True)


def item(page, n: int):
    """The n-th item card (0-based) of the section on screen."""
    return page.locator('[data-testid="stRadio"]').nth(n)


def checked(page, n: int):
    """The checked option of the n-th item on screen: give it to ``expect``, which waits while the page is still
    drawing (right after a reload the heading shows before the answers are filled in)."""
    return item(page, n).locator("label:has(input[type=radio]:checked)")
