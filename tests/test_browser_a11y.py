"""WCAG 2.1 AA, measured with axe-core in a real browser, on every page and in every state a user meets: no
assessment open, a sample open, Compare with each of its views, a conflict shown, an upload refused with its
problems listed, a respondent's page (desktop and phone), the respondents' views revealed, and a shared (links
mode) deployment, with the respondent's page in Arabic and Ukrainian and Assess and Results in French. Any
violation fails, named with its rule, element and page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from benchmark.assessment import Answer
from benchmark.samples import install_samples
from benchmark.store import Store

from .axe import describe, violations
from .browser import item, running_app, settle

pytestmark = pytest.mark.browser

SAMPLE = "unites-torreluma-self-2026"  # ten respondents, views revealed, agreed ratings
PAGES = ["", "assess", "results", "action_plan", "respondents", "consensus", "compare", "exchange", "about"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
NOT_A_WORKBOOK = b"This is a text file with an .xlsx name, not a workbook."


def drawn(page) -> None:
    """Wait until the run is over and every chart on the page has drawn itself (vega-embed draws after the run)."""
    settle(page)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                 .every(c => c.querySelector('svg, canvas'))""",
        timeout=60_000,
    )


class Audit:
    """Violations found so far, by page and state."""

    def __init__(self) -> None:
        self.found: dict[str, list[dict]] = {}

    def check(self, page, where: str) -> None:
        drawn(page)
        self.found[where] = violations(page)

    def visit(self, page, url: str, where: str) -> None:
        page.goto(url)
        self.check(page, where)

    def assert_clean(self) -> None:
        bad = {where: vs for where, vs in self.found.items() if vs}
        print(describe(bad) or "no violations")
        assert not bad, describe(bad)


def upload(page, uploader, name: str, data: bytes) -> None:
    uploader.locator('input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )
    settle(page)


def test_every_page_and_state_has_no_wcag_violation(browser, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'benchmark.db'}")
    install_samples(store, framework="unites")
    _, respondent_link = store.add_respondent(SAMPLE, "Migrant residents and their organisations")
    audit = Audit()
    with running_app(tmp_path) as url:
        page = browser.new_page(viewport=DESKTOP)
        for p in PAGES:  # a fresh session: nothing open
            audit.visit(page, f"{url}/{p}", f"{p or 'home'}, nothing open")
        for p in PAGES:
            audit.visit(page, f"{url}/{p}?a={SAMPLE}", f"{p or 'home'}, {SAMPLE} open")

        page.goto(f"{url}/compare?a={SAMPLE}")
        settle(page)
        for view in [
            "Distribution",
            "Ranking",
            "Shared gaps and who can learn from whom",
            "Self-assessment vs peer review",
            "Progress over time",
        ]:
            page.get_by_role("radiogroup", name="View").get_by_role("radio", name=view).click()
            audit.check(page, f"compare, view {view}")
        page.get_by_text("Views by role across cities").click()
        audit.check(page, "compare, views by role across cities")
        page.get_by_test_id("stRadioGroup").get_by_text("Upload report workbooks").click()
        settle(page)
        upload(page, page.get_by_test_id("stFileUploader"), "broken.xlsx", NOT_A_WORKBOOK)
        audit.check(page, "compare, an upload refused")

        for p, lang in (("compare", "de"), ("consensus", "it"), ("about", "es")):  # longer words, other charts
            page.goto(f"{url}/{p}?a={SAMPLE}&lang={lang}")
            page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=30_000)
            audit.check(page, f"{p} in {lang}")

        page.goto(f"{url}/exchange?a={SAMPLE}")
        settle(page)
        upload(page, page.get_by_test_id("stFileUploader"), "broken.xlsx", NOT_A_WORKBOOK)
        expect(page.get_by_text("was not loaded")).to_be_visible()
        audit.check(page, "export / import, an upload refused")

        # a conflict: someone else saves KF1.5 after this page showed it
        page.goto(f"{url}/assess?a={SAMPLE}")
        settle(page)
        shown = store.load(SAMPLE)
        store.set_answer(SAMPLE, "KF1.5", Answer(value="planned"), expected_revision=shown.answer_revision("KF1.5"))
        item(page, 4).get_by_text("Not in place", exact=True).click()
        expect(page.get_by_role("button", name="Keep theirs")).to_be_visible()
        audit.check(page, "assess, a conflict shown")

        page.goto(f"{url}/respond?r={respondent_link}")
        audit.check(page, "respondent's link refused in the open mode")
        page.set_viewport_size(PHONE)
        page.goto(f"{url}/assess?a={SAMPLE}")
        audit.check(page, "assess, phone")
        page.close()
    audit.assert_clean()


def test_a_shared_deployment_has_no_wcag_violation(browser, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'benchmark.db'}")
    audit = Audit()
    with running_app(tmp_path, {"BENCHMARK_ACCESS": "links"}) as url:
        page = browser.new_page(viewport=DESKTOP)
        audit.visit(page, url, "links: home without a link")
        page.get_by_role("tab", name="Open a sample").click()
        page.get_by_role("button", name="Open sample").first.click()
        settle(page)
        expect(page.get_by_text("This assessment has two links of its own")).to_be_visible()
        audit.check(page, "links: assess with its new links shown")
        [row] = store.list()
        made = store.rotate_links(row.id)  # the links shown are replaced: these are the test's to use
        for p in PAGES[1:6]:
            audit.visit(page, f"{url}/{p}?t={made.edit}", f"links: {p}, edit link")
        for p in PAGES[1:4]:
            audit.visit(page, f"{url}/{p}?t={made.view}", f"links: {p}, view-only link")
        audit.visit(page, f"{url}/results?t={'A' * 32}", "links: a wrong link")
        codes = store.create_group("Network 2026")
        store.join_group(made.edit, codes.join)
        audit.visit(page, f"{url}/group", "links: peer-review group")
        page.get_by_label("Facilitator code").fill(codes.facilitator)
        page.get_by_role("button", name="Open the group").click()
        settle(page)
        expect(page.get_by_role("heading", name="Network 2026")).to_be_visible()
        audit.check(page, "links: peer-review group opened")
        page.get_by_text("Set up a new group").click()
        page.get_by_label("Name of the group (e.g. the network and the year)").fill("Second network")
        page.get_by_role("button", name="Set up the group").click()
        settle(page)
        expect(page.get_by_text("The group is set up")).to_be_visible()
        audit.check(page, "links: a group set up, its codes shown")

        _, respondent_link = store.add_respondent(row.id, "Migrant residents and their organisations")
        page.goto(f"{url}/respond?r={respondent_link}")
        audit.check(page, "links: respondent's page, desktop")
        page.set_viewport_size(PHONE)
        page.goto(f"{url}/respond?r={respondent_link}")
        audit.check(page, "links: respondent's page, phone")
        page.goto(f"{url}/respond?r={'A' * 32}")
        audit.check(page, "links: respondent's page, a wrong link")
        # in other languages: the respondent's page in Arabic (right to left) and Ukrainian, Assess in French
        for lang in ("ar", "uk"):
            page.goto(f"{url}/respond?r={respondent_link}&lang={lang}")
            page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=30_000)
            audit.check(page, f"links: respondent's page in {lang}, phone")
        page.set_viewport_size(DESKTOP)
        for p, lang in (("assess", "fr"), ("results", "fr"), ("respondents", "de"), ("action_plan", "es")):
            page.goto(f"{url}/{p}?t={made.edit}&lang={lang}")
            page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=30_000)  # WCAG 3.1.1
            audit.check(page, f"links: {p} in {lang}, edit link")
        page.goto(f"{url}/group?lang=it")
        page.wait_for_function("document.documentElement.lang === 'it'", timeout=30_000)
        audit.check(page, "links: peer-review group in it")
        page.close()
    audit.assert_clean()
