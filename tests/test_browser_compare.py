"""In a real browser: a facilitator uploads three cities' report workbooks and sees them side by side."""

from __future__ import annotations

import openpyxl
import pytest

from benchmark.framework.loader import load_frameworks
from benchmark.samples import load_samples
from benchmark.xlsx.report_writer import export_report

from .browser import expect, menu_link, running_app, settle

pytestmark = pytest.mark.browser

CITIES = {
    "unites-feldhaven-self-2026": "Feldhaven",
    "unites-brumevaux-self-2026": "Brumevaux",
    "unites-kestrelby-self-2026": "Kestrelby",
}


def test_three_uploaded_reports_side_by_side(browser, tmp_path):
    unites = load_frameworks()["unites"]
    files = []
    for sample in load_samples():
        if sample.id in CITIES:
            path = tmp_path / f"{sample.id}.xlsx"
            path.write_bytes(export_report(sample, unites))
            files.append(str(path))
    assert len(files) == 3

    with running_app(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
        page.goto(url)
        settle(page)
        menu_link(page, "Compare").click()
        page.get_by_role("heading", name="Compare cities").wait_for()
        settle(page)
        expect(page.get_by_text("There is nothing to compare yet")).to_be_visible()

        page.get_by_test_id("stRadioGroup").get_by_text("Upload report workbooks").click()
        settle(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files)
        settle(page)
        page.get_by_role("heading", name="Key findings").wait_for()
        expect(page.get_by_text("KF4 Migrant participation across the policy cycle:")).to_contain_text("Feldhaven")

        heatmap = page.locator('[data-testid="stVegaLiteChart"]').first
        heatmap.scroll_into_view_if_needed()
        expect(heatmap.locator("canvas, svg").first).to_be_visible()
        box = heatmap.bounding_box()
        assert box and box["width"] > 400 and box["height"] > 60

        # the heatmap's numbers as a table; the grid keeps an accessible copy of its cells for screen readers
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.scroll_into_view_if_needed()
        cells = grid.locator('[role="gridcell"]')
        expect(cells.first).to_be_attached()
        shown = cells.all_text_contents()
        for name in CITIES.values():
            assert name in shown, shown
        with page.expect_download() as info:
            page.get_by_role("button", name="Download the comparison workbook").click()
        workbook = tmp_path / info.value.suggested_filename
        info.value.save_as(workbook)
        assert workbook.suffix == ".xlsx"
        scores = openpyxl.load_workbook(workbook)["Scores"]
        assert {cell.value for cell in scores["B"][1:]} == set(CITIES.values())
        page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
        page.close()
