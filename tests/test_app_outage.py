"""What the user sees when the database does not answer: a rating given while it is away is "Not saved — try
again" on its card, what was given stays on screen, and a "Try again" saves it once the database is back. Never
Streamlit's raw error (an exception element), whether only the save fails or the page's own reads too."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from benchmark.store.database import Database

from .apptest import app, no_errors, saved


class Outage:
    """The app's database drops every connection: writes only, or reads and writes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.monkeypatch = monkeypatch

    def start(self, reads: bool = False) -> None:
        def refused(self, *args, **kwargs):
            raise OperationalError(
                "BEGIN", None, sqlite3.OperationalError("server closed the connection"), connection_invalidated=True
            )

        self.monkeypatch.setattr(Database, "write", refused)
        if reads:
            self.monkeypatch.setattr(Database, "read", refused)

    def end(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def outage(monkeypatch):
    return Outage(monkeypatch)


def _not_saved(at) -> list[str]:
    return [m.value for m in [*at.error, *at.warning] if "Not saved" in m.value and "try again" in m.value]


def test_a_refused_save_says_not_saved_and_keeps_the_rating_on_screen(env, outage):
    a = saved(env)
    at = app("assess", a.id)
    at.text_area(key=f"{a.id}:A.1:evidence").input("Council motion, March 2026").run()
    outage.start()
    at.radio(key=f"{a.id}:A.1:value").set_value("full").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _not_saved(at), [m.value for m in [*at.error, *at.warning]]
    assert at.radio(key=f"{a.id}:A.1:value").value == "full"
    assert at.text_area(key=f"{a.id}:A.1:evidence").value == "Council motion, March 2026"
    outage.end()
    assert env.get(a.id).answers["A.1"].value is None  # the evidence was saved before, the rating not
    at.button(key=f"{a.id}:A.1:retry").click().run()
    no_errors(at)
    assert not _not_saved(at)
    assert env.get(a.id).answers["A.1"].value == "full"
    assert env.get(a.id).answers["A.1"].evidence == "Council motion, March 2026"


def test_with_the_database_away_for_the_whole_page_what_was_given_is_kept_until_it_is_back(env, outage):
    a = saved(env)
    at = app("assess", a.id)
    outage.start(reads=True)
    at.radio(key=f"{a.id}:A.1:value").set_value("some").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("cannot be reached" in m.value for m in at.error), [m.value for m in at.error]
    assert _not_saved(at)
    outage.end()
    at.run()  # the next rerun, once the database is back: the card shows what was given, still not saved
    assert not at.exception
    assert at.radio(key=f"{a.id}:A.1:value").value == "some"
    assert _not_saved(at)
    assert "A.1" not in env.get(a.id).answers
    at.button(key=f"{a.id}:A.1:retry").click().run()
    no_errors(at)
    assert env.get(a.id).answers["A.1"].value == "some"
