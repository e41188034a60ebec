"""Two respondents in two browser contexts (two people, two browsers) answer the same assessment through their own
links: each answer is stored separately, and neither ever sees the other's."""

from __future__ import annotations

import pytest

from .browser import checked, expect, item, running_app, saved_assessment, settle

pytestmark = pytest.mark.browser
EVIDENCE = "Your evidence (documents, decisions, examples, experience)"


def answer(page, rating: str, evidence: str) -> None:
    """Rate the first item on screen and write its evidence, as a respondent would."""
    item(page, 0).get_by_text(rating, exact=True).click()
    settle(page)
    page.get_by_label(EVIDENCE).first.fill(evidence)
    page.get_by_label(EVIDENCE).first.press("Tab")
    settle(page)


def test_two_respondents_answer_the_same_item_separately(browser, tmp_path):
    store, a = saved_assessment(tmp_path, "Duoville")
    official, official_link = store.add_respondent(a.id, "City officials")
    migrant, migrant_link = store.add_respondent(a.id, "Migrant residents and their organisations")
    with running_app(tmp_path, {"BENCHMARK_ACCESS": "links"}) as url:  # respondents' links open in it only
        people = []
        for token in (official_link, migrant_link):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.goto(f"{url}/respond?r={token}")
            settle(page)
            page.get_by_role("heading", name="Your answers: Duoville").wait_for()
            expect(page.get_by_test_id("stSidebar")).to_have_count(0)  # no way to the team's pages
            people.append((context, page))
        (_, official_page), (_, migrant_page) = people

        answer(official_page, "Fully in place", "Council decision 12/2025")
        answer(migrant_page, "Not in place", "Nobody in our association was asked")

        stored = store.respondent_answers(a.id)
        assert stored[official.id]["KF1.1"].value == "full"
        assert stored[official.id]["KF1.1"].evidence == "Council decision 12/2025"
        assert stored[migrant.id]["KF1.1"].value == "not_in_place"
        assert stored[migrant.id]["KF1.1"].evidence == "Nobody in our association was asked"
        assert store.get(a.id).answers == {}  # the team's own answers are untouched

        for page, mine, _theirs, their_text in (
            (official_page, "Fully in place", "Not in place", "Nobody in our association"),
            (migrant_page, "Not in place", "Fully in place", "Council decision"),
        ):
            page.reload()
            settle(page)
            page.get_by_role("heading", name="Your answers: Duoville").wait_for()
            expect(checked(page, 0)).to_have_text(mine)
            assert their_text not in page.locator('[data-testid="stMain"]').inner_text()
            assert page.locator(f'text="{their_text}"').count() == 0
        page.screenshot(path=str(tmp_path / "respond.png"), full_page=True)

        # A link that is not a respondent's shows one sentence and nothing else.
        stranger = browser.new_context().new_page()
        stranger.goto(f"{url}/respond?r={'A' * 32}")
        settle(stranger)
        expect(stranger.get_by_text("This link is not valid. Ask whoever shared it for a new one.")).to_be_visible()
        expect(stranger.locator('[data-testid="stRadio"]')).to_have_count(0)

        # A respondent who deletes ?r=… from their link reaches no assessment of the team's.
        migrant_page.goto(url)
        settle(migrant_page)
        migrant_page.get_by_role("heading").first.wait_for()
        assert "Duoville" not in migrant_page.locator("body").inner_text()
        for context, _ in people:
            context.close()
        stranger.context.close()
