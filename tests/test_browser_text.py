"""In a real browser, a name made of markdown is shown as typed (issue 19, point 4): on Home, Assess, Results,
Respondents, a respondent's own page and the peer-review group page it makes no link and no image, the browser
fetches nothing from the address in it, and the text on screen reads exactly as typed."""

from __future__ import annotations

import re

import pytest

from benchmark.assessment import Subject, new_assessment
from benchmark.framework.loader import load_frameworks
from benchmark.store import Store

from .browser import running_app, settle

pytestmark = pytest.mark.browser

TRAP = "127.0.0.1:9"
NAME = (
    f"[phish](http://{TRAP}/login) ![t](http://{TRAP}/track.png) **bold** :red[red] $x^2$ <b>b</b> "
    "www.example.org team@example.org"
)
ON_SCREEN = "document.body.innerText.replaceAll('\\u2060', '')"  # word joiners are invisible


def test_a_name_made_of_markdown_is_shown_as_typed(browser, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'benchmark.db'}")
    a = new_assessment(load_frameworks()["unites"], Subject(name=NAME), assessors=[NAME])
    made = store.create(a)
    store.add_role(a.id, NAME)
    _, respondent_link = store.add_respondent(a.id, NAME, NAME)
    codes = store.create_group(NAME)
    store.join_group(made.edit, codes.join)
    store.engine.dispose()

    with running_app(tmp_path, {"BENCHMARK_ACCESS": "links"}) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))

        def check(where: str) -> None:
            settle(page)
            page.get_by_text("phish", exact=False).first.wait_for()
            assert page.locator(f'a[href*="{TRAP}"], a[href*="example.org"]').count() == 0, where
            assert page.locator(f'img[src*="{TRAP}"]').count() == 0, where
            formatted = page.locator('[data-testid="stMarkdownContainer"] :is(strong, em, code, .katex)')
            assert formatted.filter(has_text=re.compile(r"^\s*(bold|x2?)\s*$")).count() == 0, where
            assert NAME in page.evaluate(ON_SCREEN), where

        for path in ("", "assess", "results", "respondents"):
            page.goto(f"{url}/{path}?t={made.edit}")
            check(path or "home")
        heading = page.evaluate("document.querySelector('h1').innerText.replaceAll('\\u2060', '')")
        assert heading == f"Respondents: {NAME}"

        page.goto(f"{url}/respond?r={respondent_link}")
        check("respond")

        page.goto(f"{url}/group")
        settle(page)
        page.get_by_label("Facilitator code").fill(codes.facilitator)
        page.get_by_role("button", name="Open the group").click()
        check("group")
        assert not [u for u in fetched if TRAP in u or "example.org" in u]
