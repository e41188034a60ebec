"""End to end in a real browser: a team answers, reloads, and finds everything still there."""

from __future__ import annotations

import re

import pytest

from benchmark.store import Store

from .browser import expect, item, menu_link, running_app, settle

pytestmark = pytest.mark.browser


def test_answers_survive_a_reload_and_results_and_plan_work(browser, tmp_path):
    with running_app(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        settle(page)
        page.get_by_label("City or practice name").fill("Testville")
        page.get_by_label("Country").fill("Nowhere")
        page.get_by_role("button", name="Start assessment").click()
        settle(page)
        page.get_by_role("heading", name="Assess: Testville").wait_for()
        assert re.search(r"[?&]a=[0-9a-f]{32}", page.url)

        # Section 1: two ratings and one piece of evidence
        item(page, 0).get_by_text("Fully in place", exact=True).click()
        settle(page)
        item(page, 1).get_by_text("Partly in place", exact=True).click()
        settle(page)
        evidence = page.get_by_label("Evidence (documents, decisions, examples)").first
        evidence.fill("Council motion of March 2026")
        evidence.press("Tab")
        settle(page)

        # Section 2 via the next-section button: one rating and "not relevant here"
        page.get_by_role("button", name=re.compile("→")).click()
        settle(page)
        item(page, 0).get_by_text("Planned", exact=True).click()
        settle(page)
        item(page, 1).get_by_text("Not relevant here", exact=True).click()
        settle(page)

        page.reload()
        settle(page)
        page.get_by_role("heading", name="Assess: Testville").wait_for()
        checked = page.locator('[data-testid="stRadio"] input[type=radio]:checked')
        expect(checked).to_have_count(2)  # KF2: Planned, Not relevant here
        expect(item(page, 1).locator("input[type=radio]:checked")).to_have_count(1)
        expect(page.get_by_label("Why is this not relevant here? (optional)")).to_have_count(1)
        page.get_by_role("button", name=re.compile("←")).click()
        settle(page)
        page.get_by_role("heading", name=re.compile("KF1")).wait_for()
        expect(checked).to_have_count(2)  # KF1: Fully in place, Partly in place
        expect(page.get_by_label("Evidence (documents, decisions, examples)").first).to_have_value(
            "Council motion of March 2026"
        )

        store = Store(f"sqlite:///{tmp_path / 'benchmark.db'}")
        [row] = store.list()
        answers = {k: v.value for k, v in store.get(row.id).answers.items()}
        assert answers == {"KF1.1": "full", "KF1.2": "partly", "KF2.1": "planned", "KF2.2": "not_relevant"}

        menu_link(page, "Results").click()
        settle(page)
        page.get_by_role("heading", name="Results: Testville").wait_for()
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
        expect(
            page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').first
        ).to_be_visible()
        page.screenshot(path=str(tmp_path / "results.png"), full_page=True)

        menu_link(page, "Action plan").click()
        settle(page)
        page.get_by_role("button", name=re.compile("Draft actions for the largest gaps")).click()
        settle(page)
        expect(page.get_by_text(re.compile(r"^[1-9] measures? in the plan\."))).to_be_visible()
        plan = store.get(row.id).actions
        assert plan and plan[0].section == "KF2"  # KF2 (Planned = 33 %) is the only gap

        page.get_by_text("Add a measure with a form").click()
        page.get_by_label("Measure (what will be done)").fill("Hire a community outreach worker")
        page.get_by_label("Responsible").fill("Integration office")
        page.get_by_role("button", name="Add measure").click()
        settle(page)
        expect(page.get_by_text(f"{len(plan) + 1} measures in the plan.")).to_be_visible()
        added = store.get(row.id).actions[-1]
        assert (added.measure, added.responsible) == ("Hire a community outreach worker", "Integration office")
        page.close()


def test_report_downloads_and_an_edited_report_loads_back(browser, tmp_path):
    """The round trip a team makes: download the report, edit it in a spreadsheet, load it back."""
    import openpyxl

    with running_app(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(url)
        settle(page)
        page.get_by_label("City or practice name").fill("Reportville")
        page.get_by_role("button", name="Start assessment").click()
        settle(page)
        item(page, 0).get_by_text("Fully in place", exact=True).click()
        settle(page)

        menu_link(page, "Results").click()
        settle(page)
        with page.expect_download() as info:
            page.get_by_role("button", name=re.compile("Download the Excel report")).click()
        download = info.value
        assert download.suggested_filename.endswith(".xlsx")
        original = tmp_path / download.suggested_filename
        download.save_as(original)

        wb = openpyxl.load_workbook(original)
        assert wb["Answers"]["D2"].value == "Fully in place"
        wb["Answers"]["D3"] = "Planned"
        wb["Action plan"].append([None, "Open a migrant advisory council", None, "KF4"])
        edited = tmp_path / "edited.xlsx"
        wb.save(edited)

        menu_link(page, "Export / import").click()
        settle(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(edited))
        settle(page)
        expect(page.get_by_text("is a valid report: Reportville")).to_be_visible()
        expect(page.get_by_text("1 answer differs. The action plan goes from 0 to 1 measures.")).to_be_visible()
        page.get_by_role("button", name="Replace it with the report").click()
        settle(page)
        page.get_by_role("heading", name="Results: Reportville").wait_for()

        menu_link(page, "Action plan").click()
        settle(page)
        expect(page.get_by_text("1 measure in the plan.")).to_be_visible()
        store = Store(f"sqlite:///{tmp_path / 'benchmark.db'}")
        [row] = store.list()
        stored = store.get(row.id)
        assert {k: v.value for k, v in stored.answers.items()} == {"KF1.1": "full", "KF1.2": "planned"}
        assert [(a.measure, a.section) for a in stored.actions] == [("Open a migrant advisory council", "KF4")]
        page.close()
