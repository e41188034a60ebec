"""Two browser tabs on one assessment: answers to different items both persist; the same item is never silently
overwritten, the second tab sees both versions."""

from __future__ import annotations

import pytest

from benchmark.assessment import Answer

from .browser import checked, expect, item, running_app, saved_assessment, settle

pytestmark = pytest.mark.browser


def test_two_tabs_keep_both_answers_and_show_a_conflict(browser, tmp_path):
    store, a = saved_assessment(tmp_path, "Tabville")
    with running_app(tmp_path) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab_a, tab_b = context.new_page(), context.new_page()  # two tabs: two Streamlit sessions
        for tab in (tab_a, tab_b):
            tab.goto(f"{url}/assess?a={a.id}")
            settle(tab)
            tab.get_by_role("heading", name="Assess: Tabville").wait_for()

        item(tab_a, 0).get_by_text("Fully in place", exact=True).click()
        settle(tab_a)
        item(tab_b, 1).get_by_text("Partly in place", exact=True).click()  # tab B still shows KF1.1 unanswered
        settle(tab_b)
        assert {k: v.value for k, v in store.get(a.id).answers.items()} == {"KF1.1": "full", "KF1.2": "partly"}
        for tab in (tab_a, tab_b):
            tab.reload()
            settle(tab)
            tab.get_by_role("heading", name="Assess: Tabville").wait_for()
            expect(checked(tab, 0)).to_have_text("Fully in place")  # waits while the page is still drawing
            expect(checked(tab, 1)).to_have_text("Partly in place")

        # the same item, differently: A first, then B, which has not seen A's answer
        item(tab_a, 2).get_by_text("Planned", exact=True).click()
        settle(tab_a)
        item(tab_b, 2).get_by_text("Not in place", exact=True).click()
        settle(tab_b)
        assert store.get(a.id).answers["KF1.3"] == Answer(value="planned")  # A's answer was not overwritten
        expect(tab_b.get_by_text("Someone else saved a different answer to KF1.3")).to_be_visible()
        versions = tab_b.locator('[data-testid="stText"]')
        expect(versions).to_have_count(2)
        expect(versions.nth(0)).to_have_text("Rating: Planned")
        expect(versions.nth(1)).to_have_text("Rating: Not in place")

        tab_b.get_by_role("button", name="Use mine").click()  # B decides, knowingly
        settle(tab_b)
        expect(tab_b.get_by_text("Someone else saved a different answer")).to_have_count(0)
        assert store.get(a.id).answers["KF1.3"] == Answer(value="not_in_place")
        tab_a.reload()
        settle(tab_a)
        tab_a.get_by_role("heading", name="Assess: Tabville").wait_for()
        expect(checked(tab_a, 2)).to_have_text("Not in place")
        context.close()


def test_a_reason_cleared_elsewhere_is_not_saved_back_from_the_box(browser, tmp_path):
    """The box for "why not relevant" shows what is stored: when someone else clears the reason, this tab's box
    empties at its next rerun instead of keeping the old text and sending it back as a new answer."""
    store, a = saved_assessment(tmp_path, "Reasonville")
    store.set_answer(a.id, "KF1.1", Answer(value="not_relevant", reason="Old reason"))
    with running_app(tmp_path) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.goto(f"{url}/assess?a={a.id}")
        settle(tab)
        box = tab.get_by_label("Why is this not relevant here? (optional)")
        expect(box).to_have_value("Old reason")
        store.set_answer(a.id, "KF1.1", Answer(value="not_relevant"))  # someone else clears the reason
        item(tab, 1).get_by_text("Planned", exact=True).click()  # any rerun of this tab
        settle(tab)
        expect(box).to_have_value("")
        item(tab, 2).get_by_text("Planned", exact=True).click()  # and the next one sends nothing back
        settle(tab)
        assert store.get(a.id).answers["KF1.1"] == Answer(value="not_relevant")
        context.close()
