"""Issue 17, phones: the respondent's page and Assess on a 390 x 844 touch screen, in English and in French (whose
texts run longest): no horizontal scrolling, no label or option cut ("Exter…"), every control a finger can hit
(24 x 24 px at least), and the question the most prominent text of its card."""

from __future__ import annotations

import pytest

from benchmark.samples import install_samples
from benchmark.store import Store

from .browser import running_app, saved_assessment, settle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SAMPLE = "unites-torreluma-self-2026"

# What a phone shows badly, measured over the whole page (not only what is in view): widths the page overflows by,
# texts cut by their box (their scroll width over their client width, boxes of one pixel being screen-reader-only),
# controls under 24 x 24 px, and the font sizes of each card's question and guidance.
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const name = e => (e.getAttribute('aria-label') || e.innerText || '').trim().slice(0, 60);
  const cut = [...main.querySelectorAll('label, p, span, button, [data-testid="stMarkdownContainer"]')]
    .filter(e => e.offsetParent && e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1
                 && getComputedStyle(e).overflowX !== 'visible')
    .map(e => `${e.tagName} ${e.scrollWidth}>${e.clientWidth} ${name(e)}`);
  const small = [...main.querySelectorAll(
      'button, a, textarea, input[type="text"], [role="combobox"], label:has(> input[type="radio"])')]
    .filter(e => e.offsetParent)
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width < 24 || r.height < 24)
    .map(([e, r]) => `${e.tagName} ${Math.round(r.width)}x${Math.round(r.height)} ${name(e)}`);
  const size = e => parseFloat(getComputedStyle(e).fontSize);
  const cards = [...main.querySelectorAll('[class*="st-key-itemcard-"]')].map(card => {
    const question = card.querySelector('[data-testid="stRadio"] > [data-testid="stWidgetLabel"] p');
    if (!question) return {card: card.className, question: null};
    const texts = [...card.querySelectorAll(
        '[data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"]')]
      .filter(p => !question.contains(p) && p.offsetParent);
    return {question: size(question), largest_other: Math.max(...texts.map(size))};
  });
  return {
    viewport: document.documentElement.clientWidth,
    page: document.documentElement.scrollWidth,
    main: main.scrollWidth,
    cut, small, cards,
  };
}"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_respondents_page_and_assess_fit_a_phone(browser, tmp_path, lang):
    store, a = saved_assessment(tmp_path, "Phoneville")
    _, token = store.add_respondent(a.id, "Migrant residents and their organisations")
    made = store.rotate_links(a.id)  # respondents' links open in the links mode only
    with running_app(tmp_path, {"BENCHMARK_ACCESS": "links"}) as url:
        page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
        for where, path in (("respond", f"/respond?r={token}&lang={lang}"), ("assess", f"/assess?t={made.edit}")):
            page.goto(url + path + ("" if where == "respond" else f"&lang={lang}"))
            settle(page)
            page.wait_for_function(  # every card drawn, its question with it
                """() => { const cards = [...document.querySelectorAll('[class*="st-key-itemcard-"]')];
                           return cards.length && cards.every(c => c.querySelector('[data-testid="stRadio"] p')); }""",
                timeout=30_000,
            )
            got = page.evaluate(MEASURE)
            page.screenshot(path=str(tmp_path / f"{where}-{lang}.png"), full_page=True)
            assert got["page"] <= got["viewport"] and got["main"] <= got["viewport"], (where, got)
            assert got["cut"] == [], (where, got["cut"])
            assert got["small"] == [], (where, got["small"])
            assert got["cards"] and all(c["question"] > c["largest_other"] for c in got["cards"]), (where, got["cards"])
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_teams_other_pages_fit_a_phone(browser, tmp_path, lang):
    """The sample Torreluma (respondents revealed, agreed ratings) on every page of the team's, in English and in
    German (whose words run longest): nothing wider than the screen, nothing cut, nothing too small to touch
    (heading anchors, once 16 px, are not drawn; Home's date picker icon is 24 px wide), and each of Home's tabs in
    view (they wrap onto a second line rather than hide behind a scroll arrow)."""
    store = Store(f"sqlite:///{tmp_path / 'benchmark.db'}")
    install_samples(store, ids={SAMPLE})
    with running_app(tmp_path) as url:
        page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
        for where in ("", "results", "action_plan", "respondents", "consensus", "compare", "exchange", "about"):
            page.goto(f"{url}/{where}?a={SAMPLE}&lang={lang}")
            settle(page)
            page.get_by_role("heading", level=1).first.wait_for()
            where = where or "home"
            got = page.evaluate(MEASURE)
            for tab in page.get_by_role("tab").all():
                box = tab.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= got["viewport"], (where, box)
            assert got["page"] <= got["viewport"] and got["main"] <= got["viewport"], (where, got)
            assert got["cut"] == [] and got["small"] == [], (where, got["cut"], got["small"])
        page.context.close()
