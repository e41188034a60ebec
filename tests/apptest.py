"""Helpers for the app tests (Streamlit's AppTest): open a page the way a browser address would, check that it
shows no error, save a small assessment to open."""

from __future__ import annotations

import re
import string

from streamlit.testing.v1 import AppTest

from app_pages.ui.text import WORD_JOINER
from benchmark.assessment import Answer, Subject, new_assessment

from .builders import MINI
from .conftest import ROOT

# CommonMark: a backslash before ASCII punctuation stands for that character.
_ESCAPE = re.compile(r"\\([" + re.escape(string.punctuation) + "])")
_MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error")


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


def shown(markdown: str) -> str:
    """A markdown body as it reads: backslash escapes resolved, word joiners (invisible) dropped; the app escapes
    user text (app_pages/ui/text.py)."""
    return _ESCAPE.sub(r"\1", markdown).replace(WORD_JOINER, "")


def on_screen(at: AppTest) -> str:
    """Every text an AppTest run shows, as one string: text elements as they read, tables as CSV, chart specs."""
    parts = [shown(str(x.value)) for kind in _MARKDOWN_KINDS for x in at.get(kind)]
    parts += [str(x.value) for kind in ("text", "code") for x in at.get(kind)]
    parts += [x.value.to_csv() for x in at.dataframe]
    parts += [x.proto.spec for x in at.get("vega_lite_chart")]
    return "\n".join(parts)
