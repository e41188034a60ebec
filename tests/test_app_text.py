"""User text is shown as text (issue 19, point 4): the one escaper of app_pages/ui/text.py, and a hostile name
on every page that shows one.

The escaper is checked as a property over any text: no ASCII punctuation character is left unescaped (so no
markdown construct can start), no address GFM would turn into a link remains once the escapes are resolved,
and resolving the escapes gives back the text. The pages are checked through AppTest: a city, assessor, role
and group name made of markdown reaches each element escaped, never raw. tests/test_browser_text.py checks what
the browser draws of it.
"""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app_pages.ui.text import WORD_JOINER, md
from benchmark.assessment import Subject, new_assessment

from .apptest import app, no_errors, shown
from .builders import MINI

HOSTILE = (
    "[phish](http://127.0.0.1:9/login) ![t](http://127.0.0.1:9/track.png) **bold** :red[red] $x^2$ "
    "<b>html</b> www.example.org team@example.org"
)
RAW = ("[phish](", "![t](", "**bold**", ":red[", "$x^2$", "<b>", "http://", "www.example", "team@")
PUNCTUATION = frozenset(string.punctuation)
MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error")

try:  # a CommonMark renderer, where one is installed: then what the escaped text renders to is checked too
    from markdown_it import MarkdownIt
except ImportError:
    MarkdownIt = None

texts = st.one_of(
    st.text(),
    st.text(alphabet=string.printable + "é€\u2060 "),
    st.lists(
        st.sampled_from(
            [
                "http://",
                "https://",
                "www.",
                "@",
                "a",
                ".",
                "**",
                "[",
                "](",
                "!",
                "$",
                ":red[",
                "<b>",
                "&amp;",
                "1. ",
                "# ",
                "\\",
                "`",
                "\n",
                " ",
            ]
        )
    ).map("".join),
)


def unescaped_punctuation(markdown: str) -> list[str]:
    """ASCII punctuation characters of ``markdown`` that no backslash escapes, read as CommonMark does."""
    left, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\" and i + 1 < len(markdown) and markdown[i + 1] in PUNCTUATION:
            i += 2
            continue
        if markdown[i] in PUNCTUATION:
            left.append(markdown[i])
        i += 1
    return left


@given(texts)
@example(HOSTILE)
@example("WWW.Example.org, mailto:x@y.z and HTTPS://x")
def test_escaped_text_has_no_markup_and_reads_as_typed(text):
    out = md(text)
    assert unescaped_punctuation(out) == []
    # GFM finds autolinks in the text once the escapes are resolved: none may be left for it to find.
    resolved = re.sub(r"\\([" + re.escape(string.punctuation) + "])", r"\1", out)
    assert not re.search(r"(?i)https?://|www\.|[-.\w+]@", resolved)
    assert shown(out) == text.replace(WORD_JOINER, "")
    if MarkdownIt is not None and "\n" not in text and text == text.lstrip():
        html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(out)
        assert not re.search(r"<(a|img|em|strong|code|s|del|h\d|ul|ol|blockquote|table|hr)\b", html), html


def test_a_score_in_words():
    from app_pages.ui.text import pct

    assert pct(None) == "not yet rated" and pct(72.4) == "72 %"


# ------------------------------------------------------------------------------------------ on every page


def bodies(at) -> list[str]:
    return [str(e.value) for kind in MARKDOWN_KINDS for e in at.get(kind)]


def shows_escaped(at, text: str = HOSTILE) -> None:
    """``text`` is on screen as literal text in some element's body, and nowhere as raw markdown."""
    no_errors(at)
    found = bodies(at)
    assert any(md(text) in body for body in found), found
    for body in found:
        assert not any(raw in body for raw in RAW), body


@pytest.fixture
def hostile(env):
    """An assessment whose city, assessor and added role are hostile, with a respondent of that role."""
    a = new_assessment(MINI, Subject(name=HOSTILE, country="Nowhere"), assessors=[HOSTILE])
    env.save(a)
    env.add_role(a.id, HOSTILE)
    _, token = env.add_respondent(a.id, HOSTILE, HOSTILE)
    return a, token


@pytest.mark.parametrize("page", ["home", "assess", "results", "respondents"])
def test_a_hostile_name_is_text_on_the_team_pages(hostile, page):
    a, _ = hostile
    at = app(None if page == "home" else page, a.id)
    shows_escaped(at)
    if page != "home":
        assert at.title[0].value.endswith(md(HOSTILE))
        assert md(HOSTILE) in at.caption[0].value  # who is assessing
    if page == "respondents":
        assert any(md(HOSTILE) in c.value for c in at.caption if c.value.startswith("Roles offered"))


def test_a_hostile_name_is_text_on_the_respondents_own_page(hostile, monkeypatch):
    monkeypatch.setenv("BENCHMARK_ACCESS", "links")
    _, token = hostile
    at = app("respond", r=token)
    shows_escaped(at)
    assert at.title[0].value == f"Your answers: {md(HOSTILE)}"
    assert at.caption[0].value.endswith(f"you answer as: {md(HOSTILE)}")


def test_a_hostile_name_is_text_on_the_shared_home_and_group_pages(links):
    a = new_assessment(MINI, Subject(name=HOSTILE, country="Nowhere"))
    made = links.create(a)
    codes = links.create_group(HOSTILE)
    links.join_group(made.edit, codes.join)
    shows_escaped(app(token=made.edit))
    at = app("results", token=made.edit)
    shows_escaped(at)
    assert any(c.value == f"Shared with the group(s): {md(HOSTILE)}" for c in at.caption)
    at = app("group")
    at.text_input[0].input(codes.facilitator)
    at.button(key="FormSubmitter:open_group-Open the group").click().run()
    shows_escaped(at)
    assert at.header[0].value == md(HOSTILE)
