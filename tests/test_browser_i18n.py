"""Languages in a real Chromium: a respondent's link made in Arabic opens right to left (the page marked ``lang``
and ``dir``), saves the scale's value, and the team sees the answer in its own language; the language is kept
in the address."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from benchmark.assessment import Answer
from benchmark.framework.loader import load_frameworks

from .browser import ROOT, checked, expect, item, running_app, saved_assessment, settle

pytestmark = pytest.mark.browser

ARABIC = {
    "framework": "unites",
    "language": "ar",
    "translates_version": "1.0",
    "section_label": "العامل الرئيسي",
    "scales": {
        "maturity": {
            "options": {
                "not_in_place": {"label": "غير قائم"},
                "planned": {"label": "مُخطط له"},
                "partly": {"label": "قائم جزئيًا"},
                "full": {"label": "قائم بالكامل"},
                "not_relevant": {"label": "لا ينطبق هنا"},
            }
        }
    },
    "sections": {"KF1": {"title": "القيادة السياسية", "items": {"KF1.1": {"question": "هل وضعت القيادة رؤية؟"}}}},
}


def test_a_respondent_link_in_arabic_opens_right_to_left_and_saves(browser, tmp_path):
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    for name in ("unites.yaml", "spring.yaml"):
        shutil.copy(ROOT / "questionnaires" / name, folder / name)
    (folder / "unites.ar.yaml").write_text(yaml.safe_dump(ARABIC, allow_unicode=True), encoding="utf-8")
    store, a = saved_assessment(tmp_path, "Duoville")
    me, token = store.add_respondent(a.id, "Migrant residents and their organisations")
    made = store.rotate_links(a.id)
    with running_app(tmp_path, {"BENCHMARK_QUESTIONNAIRES": str(folder), "BENCHMARK_ACCESS": "links"}) as url:
        page = browser.new_context(viewport={"width": 1300, "height": 1000}).new_page()
        page.goto(f"{url}/respond?r={token}&lang=ar")
        settle(page)
        page.get_by_role("heading", name="إجاباتك: Duoville").wait_for()
        page.wait_for_function("document.documentElement.lang === 'ar'")  # set by the page's marker, once drawn
        content = page.locator('[data-testid="stMain"] .block-container').first
        expect(content).to_have_css("direction", "rtl")
        expect(item(page, 0)).to_contain_text("هل وضعت القيادة رؤية؟")
        expect(item(page, 0)).to_contain_text("KF1.1")
        item(page, 0).get_by_text("قائم جزئيًا", exact=True).click()
        settle(page)
        assert store.respondent_answers(a.id)[me.id]["KF1.1"].value == "partly"  # the value, never the label
        page.screenshot(path=str(tmp_path / "respond-ar.png"), full_page=True)
        page.reload()
        settle(page)
        expect(checked(page, 0)).to_have_text("قائم جزئيًا")
        assert "lang=ar" in page.url  # still in the address after a reload

        # The respondent switches to Ukrainian (no file for it here): English, marked, and kept in the address.
        page.get_by_role("combobox", name="اللغة").click()
        page.get_by_role("option", name="Українська").click()
        settle(page)
        page.get_by_role("heading", name="Ваші відповіді: Duoville").wait_for()
        assert "lang=uk" in page.url
        page.wait_for_function("document.documentElement.lang === 'uk'", timeout=15_000)
        expect(content).to_have_css("direction", "ltr")

        # The team, in English, sees how far the respondent has got.
        team = browser.new_context(viewport={"width": 1300, "height": 1000}).new_page()
        team.goto(f"{url}/respondents?t={made.edit}")
        settle(team)
        expect(team.get_by_text("1 respondent: 0 answered every item, 1 started")).to_be_visible()
        team.wait_for_function("document.documentElement.lang === 'en'")
        page.context.close()
        team.context.close()


def test_results_in_french_reads_whole_on_a_desktop_and_a_phone(browser, tmp_path):
    """Translations run longer than the English (about 117 % here): no metric, heading or chart title is cut."""
    store, a = saved_assessment(tmp_path, "Duoville")
    store.set_answer(a.id, "KF1.1", Answer(value="partly"), expected_revision=store.load(a.id).answer_revision("KF1.1"))
    with running_app(tmp_path) as url:
        for width in (1300, 390):
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            page.goto(f"{url}/results?a={a.id}&lang=fr")
            settle(page)
            values = page.get_by_test_id("stMetricValue")
            expect(values.last).to_contain_text("En développement")  # 67 % on the one rated item: the longest band
            cut = values.evaluate_all(
                "els => els.map(e => e.firstElementChild).filter(d => d.scrollWidth > d.clientWidth + 1).length"
            )
            assert cut == 0, f"a metric is cut at {width} px"
            page.context.close()


def test_a_section_answered_in_french_survives_a_reload_and_a_language_switch(browser, tmp_path):
    """Issue 16 in a real Chromium: a whole UNITES section answered in French, the page reloaded, the answers
    still there; switching to German keeps the open assessment and section; Results in French with its gap chart."""
    store, a = saved_assessment(tmp_path, "Duoville")
    with running_app(tmp_path) as url:
        page = browser.new_context(viewport={"width": 1300, "height": 1000}).new_page()
        page.goto(f"{url}/assess?a={a.id}&lang=fr")
        settle(page)
        page.get_by_role("heading", name="Évaluer : Duoville").wait_for()
        n = len(load_frameworks()["unites"].section_by_id["KF1"].items)  # the whole section, a card per item
        expect(page.locator('[data-testid="stRadio"]')).to_have_count(n)
        for i in range(n):
            item(page, i).get_by_text("Pleinement en place", exact=True).click()
            settle(page)
        stored = store.get(a.id).answers
        assert {k: v.value for k, v in stored.items()} == {f"KF1.{i + 1}": "full" for i in range(n)}  # values

        page.get_by_role("button", name=re.compile("→")).click()  # on to KF2
        settle(page)
        page.get_by_role("heading", name=re.compile("^KF2")).wait_for()
        page.get_by_role("button", name=re.compile("←")).click()
        settle(page)
        page.reload()
        settle(page)
        page.get_by_role("heading", name="Évaluer : Duoville").wait_for()
        expect(page.locator('[data-testid="stRadio"] input[type=radio]:checked')).to_have_count(n)
        expect(checked(page, 0)).to_contain_text("Pleinement en place")

        page.get_by_role("button", name=re.compile("→")).click()
        settle(page)
        page.get_by_test_id("stSidebar").get_by_role("combobox").first.click()
        page.get_by_role("option", name="Deutsch").click()
        settle(page)
        page.get_by_role("heading", name="Bewerten: Duoville").wait_for()  # the same assessment
        page.get_by_role("heading", name=re.compile("^KF2")).wait_for()  # and the same section
        assert "lang=de" in page.url and f"a={a.id}" in page.url

        page.goto(f"{url}/results?a={a.id}&lang=fr")
        settle(page)
        page.get_by_role("heading", name="Résultats : Duoville").wait_for()
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        expect(chart.locator("svg text", has_text="Score par facteur clé par rapport à la cible")).to_have_count(1)
        bar = chart.locator('path[aria-label*="KF1 "]').first
        expect(bar).to_have_attribute("aria-label", re.compile("À la cible ou au-dessus"))
        page.context.close()
