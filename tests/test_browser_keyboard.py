"""Moving through a questionnaire with the keyboard, in a real browser: "next", "previous", the section picker and
"first unanswered" bring the new section's heading (or the item) to the top of the view with the keyboard focus on
it; a section's first rating is at most 3 key presses after "next"; a whole section is rated with the keyboard
alone; every control reached shows a clear focus mark."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app_pages.ui.style import FOCUS
from benchmark.assessment import Answer

from .browser import running_app, saved_assessment, settle

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
HEADER = 64  # Streamlit's fixed header at the top of the view covers this many pixels

# What has the focus: the heading, an item's rating (by the card's item id), or something else, and its focus mark.
FOCUSED = """() => {
  const el = document.activeElement;
  const card = el.closest('[class*="st-key-itemcard-"]');
  const item = card ? [...card.classList].find(c => c.startsWith('st-key-itemcard-')).slice(16) : null;
  const marked = el.matches('input') ? el.closest('label') : el;
  const style = getComputedStyle(marked);
  return {
    tag: el.tagName, text: el.innerText ? el.innerText.slice(0, 80) : '', type: el.type || '',
    item, inRating: !!el.closest('[role=radiogroup]'), top: el.getBoundingClientRect().top,
    cardTop: card ? card.getBoundingClientRect().top : null,
    outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor,
  };
}"""


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def wait_for_heading(page, name: str) -> dict:
    """Wait until the section heading ``name`` holds the focus, then say where it is."""
    page.wait_for_function(
        "name => document.activeElement && document.activeElement.tagName === 'H2'"
        " && document.activeElement.innerText.startsWith(name)",
        arg=name,
        timeout=30_000,
    )
    return focused(page)


def at_top(top: float, page) -> bool:
    return 0 <= top <= HEADER + 40 and top < page.viewport_size["height"] / 4


def press(page, key: str, presses: list[str]) -> dict:
    page.keyboard.press(key)
    presses.append(key)
    settle(page)
    return focused(page)


def rate_by_keyboard(page, item_id: str) -> int:
    """Tab to the item's rating and choose its first option with Space; the number of key presses it took."""
    presses: list[str] = []
    now = focused(page)
    while not (now["inRating"] and now["item"] == item_id.replace(".", "-")):
        assert len(presses) < 25, f"{item_id}'s rating not reached with Tab: focus on {now}"
        now = press(page, "Tab", presses)
    assert now["outline"].startswith("solid") and rgb(FOCUS) in now["outline"], now  # a clear focus mark
    press(page, "Space", presses)
    return len(presses)


def test_moving_through_a_questionnaire_with_the_keyboard(browser, tmp_path):
    store, a = saved_assessment(tmp_path, "Keyville")
    for item_id in ["KF1.1", "KF1.2", "KF1.3", "KF1.4", "KF1.5", "KF3.1", "KF3.2"]:
        store.set_answer(a.id, item_id, Answer(value="partly"))
    _, respondent_link = store.add_respondent(a.id, "Migrant residents and their organisations")
    made = store.rotate_links(a.id)  # respondents' links open in the links mode only
    with running_app(tmp_path, {"BENCHMARK_ACCESS": "links"}) as url:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(f"{url}/assess?t={made.edit}&s=KF1")
        settle(page)
        page.get_by_role("heading", name=re.compile("KF1 · ")).wait_for()

        # "next" at the bottom of KF1, with the keyboard: KF2's heading at the top, with the focus
        nxt = page.get_by_role("button", name=re.compile("→"))
        nxt.focus()
        page.keyboard.press("Enter")
        settle(page)
        where = wait_for_heading(page, "KF2")
        assert at_top(where["top"], page), where
        page.screenshot(path=str(tmp_path / "after-next.png"))

        # the first rating of KF2 within 3 key presses; then the whole section with the keyboard alone
        first = rate_by_keyboard(page, "KF2.1")
        assert first <= 3, first
        rest = [rate_by_keyboard(page, i) for i in ("KF2.2", "KF2.3")]
        answers = store.get(a.id).answers
        assert {i: answers[i].value for i in ("KF2.1", "KF2.2", "KF2.3")} == dict.fromkeys(
            ("KF2.1", "KF2.2", "KF2.3"), "not_in_place"
        )
        print(f"key presses after next: {first} to the first rating (and choosing it); {rest} for the next ones")

        # "first unanswered": KF3.3, deep in KF3, brought to the top with the focus on its rating
        page.get_by_role("button", name="Go to the first unanswered item").click()
        settle(page)
        page.wait_for_function("() => document.activeElement.matches('[role=radiogroup]')", timeout=30_000)
        where = focused(page)
        assert where["item"] == "KF3-3" and at_top(where["cardTop"], page), where
        page.screenshot(path=str(tmp_path / "after-jump.png"))

        # "previous" and the section picker
        prev = page.get_by_role("button", name=re.compile("←"))
        prev.focus()
        page.keyboard.press("Enter")
        settle(page)
        assert at_top(wait_for_heading(page, "KF2")["top"], page)
        page.get_by_role("combobox", name=re.compile("Key factor", re.I)).click()
        page.get_by_role("option", name=re.compile("^KF5 ")).click()
        settle(page)
        assert at_top(wait_for_heading(page, "KF5")["top"], page)

        # the respondent's page: "next" at the bottom of a section
        page.goto(f"{url}/respond?r={respondent_link}")
        settle(page)
        nxt = page.get_by_role("button", name=re.compile("Next: "))
        nxt.focus()
        page.keyboard.press("Enter")
        settle(page)
        where = wait_for_heading(page, "KF2")
        assert at_top(where["top"], page), where
        assert rate_by_keyboard(page, "KF2.1") <= 3
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        page.close()
