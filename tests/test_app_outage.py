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
    """The app's database drops every connection: writes only, or reads and writes. Patched apart from the test's
    own monkeypatch, so that ending the outage leaves the test's settings as they are."""

    def __init__(self) -> None:
        self.patch = pytest.MonkeyPatch()

    def start(self, reads: bool = False) -> None:
        def refused(self, *args, **kwargs):
            raise OperationalError(
                "BEGIN", None, sqlite3.OperationalError("server closed the connection"), connection_invalidated=True
            )

        self.patch.setattr(Database, "write", refused)
        if reads:
            self.patch.setattr(Database, "read", refused)

    def end(self) -> None:
        self.patch.undo()


@pytest.fixture
def outage():
    o = Outage()
    yield o
    o.end()


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


def test_a_respondent_whose_save_is_refused_is_told_and_can_try_again(links, outage):
    a = saved(links)
    me, token = links.add_respondent(a.id, "City officials")
    at = app("respond", r=token)
    outage.start()
    at.radio(key=f"r:{me.id}:A.1:value").set_value("none").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _not_saved(at)
    outage.end()
    assert "A.1" not in links.respondent_answers(a.id).get(me.id, {})
    at.button(key=f"r:{me.id}:A.1:retry").click().run()
    no_errors(at)
    assert links.respondent_answers(a.id)[me.id]["A.1"].value == "none"


def test_other_saves_from_a_callback_say_not_saved_and_never_show_a_raw_error(env, outage):
    """The targets, the minimum group size and the reveal save in callbacks too (Streamlit runs those before the
    page, outside its error wrapper)."""
    a = saved(env)
    results = app("results", a.id)
    respondents = app("respondents", a.id)
    outage.start()
    results.number_input(key="target:A").set_value(40.0)
    results.button(key="FormSubmitter:targets-Save targets").click().run()
    respondents.number_input(key=f"min_group_size:{a.id}").set_value(5).run()
    for at in (results, respondents):
        assert not at.exception, [e.value for e in at.exception]
        assert _not_saved(at), [m.value for m in at.error]
    respondents.toggle(key=f"revealed:{a.id}").set_value(True).run()
    assert not respondents.exception and _not_saved(respondents)
    outage.end()
    assert env.get(a.id).targets == {}
    assert env.respondent_session(a.id).min_group_size == 3 and not env.revealed(a.id)
