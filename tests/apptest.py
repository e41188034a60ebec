"""Helpers for the app tests (Streamlit's AppTest): open a page the way a browser address would, check that it
shows no error, save a small assessment to open."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from benchmark.assessment import Answer, Subject, new_assessment
from benchmark.framework.loader import load_framework

from .conftest import DATA, ROOT

MINI = load_framework(DATA / "mini.yaml")


def app(page: str | None = None, aid: str | None = None, token: str | None = None, r: str | None = None) -> AppTest:
    """The app run once, at ``page`` with the address parameters a link would carry (?a=, ?t=, ?r=)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in (("a", aid), ("t", token), ("r", r)):
        if value is not None:
            at.query_params[name] = value
    if page:
        at.switch_page(f"app_pages/{page}.py")
    return at.run()


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def saved(env, answers=None, **kw):
    """A small assessment of the tiny framework, saved, with the given ratings (item id → value)."""
    a = new_assessment(MINI, Subject(name="Testville", country="Nowhere"), assessors=["Team A"], **kw)
    a.answers = {k: Answer(value=v) for k, v in (answers or {}).items()}
    env.save(a)
    return a
