"""The Excel report in each language the app writes reports in (issue 16, "Reports in a language"): sheets,
headings, labels, drop-down choices and the Method text in that language; read back equal, whether the cells hold
labels in that language, in English or the stored values; a German report re-saved by LibreOffice loads back
equal; a report in a language the app does not have is refused, naming it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from benchmark.assessment import Action, Answer, Subject, new_assessment
from benchmark.framework.loader import load_frameworks
from benchmark.framework.vocabulary import _SHOWN_TRANSLATED, PRIORITIES, STATUSES
from benchmark.i18n.frameworks import translate
from benchmark.i18n.translator import translator
from benchmark.scoring import RULE_LIST
from benchmark.xlsx.report_layout import (
    ANSWER_HEADINGS,
    ANSWERS,
    GAPS,
    META,
    METHOD,
    PLAN,
    RESPONDENTS,
    SCORES,
    SHEET_ORDER,
    SUMMARY,
    VIEWS,
    report_languages,
    sheet_name,
)
from benchmark.xlsx.report_reader import WorkbookError, read_report, read_report_and_panel
from benchmark.xlsx.report_writer import export_report, report_filename

from .builders import MINI, hand_case, resaved_by_libreoffice, shareable
from .conftest import require

REAL = load_frameworks()
FRAMEWORKS = {**REAL, "mini": MINI}
LANGUAGES = report_languages()
OTHERS = [code for code in LANGUAGES if code != "en"]


@pytest.fixture
def full():
    """Every kind of cell a team edits: each rating, a reason, evidence of each kind, targets, weights, a plan with
    every priority and status and dates."""
    fw = REAL["unites"]
    a = new_assessment(
        fw,
        Subject(name="Aldermoor", country="Ireland", population=250_000, migrant_share=18.5),
        assessors=["Integration office"],
        date=dt.date(2026, 5, 4),
        targets={"KF1": 80},
        weights={"KF7": 2},
        language="it",  # the team's language, which a report in any other language carries back
    )
    items = list(fw.item_by_id)
    kinds = [None, "policy", "practice", "lived"]
    for n, item_id in enumerate(items[:29]):
        value = ("full", "partly", "planned", "not_in_place")[n % 4]
        a.answers[item_id] = Answer(value=value, evidence=f"Evidence {n}", evidence_kind=kinds[n % 4])
    a.answers[items[29]] = Answer(value="not_relevant", reason="No such body in a town this size")
    a.actions = [
        Action(
            measure=f"Measure {n}",
            section="KF4",
            start=dt.date(2026, 9, 1),
            end=dt.date(2027, 6, 30),
            priority=PRIORITIES[n % len(PRIORITIES)],
            status=status,
        )
        for n, status in enumerate(STATUSES)
    ]
    return a


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def saved(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_reports_are_written_in_the_languages_the_app_ships_whole():
    assert LANGUAGES == ["en", "fr", "de", "it", "es"]  # Arabic and Ukrainian cover only a respondent's page
    with pytest.raises(ValueError, match="not in 'ar'"):
        export_report(new_assessment(MINI, Subject(name="X")), MINI, language="ar")


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_report_in_each_language_loads_back_equal(full, code):
    assert read_report(export_report(full, REAL["unites"], language=code), FRAMEWORKS) == full


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_report_with_the_respondents_own_answers_loads_back_whole_in_each_language(code):
    a = shareable(hand_case())
    data = export_report(a, MINI, individual_answers=True, language=code)
    assert {VIEWS, RESPONDENTS} <= {n for n in SHEET_ORDER if sheet_name(n, translator(code)) in workbook(data)}
    assert read_report_and_panel(data, FRAMEWORKS) == (a, True)


@pytest.mark.parametrize("code", OTHERS)
def test_sheets_headings_labels_and_drop_downs_are_in_the_reports_language(full, code):
    t, fw = translator(code), translate(REAL["unites"], code).framework
    english = workbook(export_report(full, REAL["unites"]))
    wb = workbook(export_report(full, REAL["unites"], language=code))
    names = [sheet_name(n, t) for n in (SUMMARY, SCORES, ANSWERS, GAPS, PLAN, METHOD)]
    assert wb.sheetnames == [*names, META]
    assert len(set(names) - set(english.sheetnames)) >= 5  # French writes "Scores" as English does

    answers = wb[sheet_name(ANSWERS, t)]
    heads = [c.value for c in answers[1]]
    assert heads == [t.gettext(ANSWER_HEADINGS[0]), fw.section_label, *map(t.gettext, ANSWER_HEADINGS[2:])]
    assert heads != [c.value for c in english[ANSWERS][1]]
    item = next(iter(fw.item_by_id.values()))
    assert answers["C2"].value == item.question != english[ANSWERS]["C2"].value
    assert answers["D2"].value == fw.rating_label(item.id, full.answers[item.id].value)
    choices = {dv.formula1 for dv in answers.data_validations.dataValidation}
    assert '"' + ",".join(o.label for o in fw.scales[0].options) + '"' in choices

    plan = wb[sheet_name(PLAN, t)]
    assert [plan.cell(row=r, column=11).value for r in range(2, 6)] == [t.gettext(PRIORITIES[n % 3]) for n in range(4)]
    assert {t.gettext(s) for s in STATUSES} == {plan.cell(row=r, column=12).value for r in range(2, 6)}

    method = " ".join(str(c.value) for row in wb[sheet_name(METHOD, t)].iter_rows() for c in row if c.value)
    assert t.gettext(RULE_LIST[0]) in method and RULE_LIST[0] not in method
    assert fw.maturity_bands[0].label in method
    meta = {r[0]: r[1] for r in wb[META].iter_rows(values_only=True)}
    assert meta["language"] == code


def test_a_french_report_reads_as_french():
    """Hand-checked words, so a catalog or a lookup that silently falls back to English fails here."""
    a = new_assessment(REAL["unites"], Subject(name="Lyon"))
    a.answers["KF1.1"] = Answer(value="partly")
    a.actions = [Action(measure="Conseil", priority="High", status="In progress")]
    wb = workbook(export_report(a, REAL["unites"], language="fr"))
    assert wb.sheetnames[:3] == ["Synthèse", "Scores", "Réponses"]
    assert [c.value for c in wb["Réponses"][1]][:4] == ["Élément", "Facteur clé", "Question", "Note"]
    assert wb["Réponses"]["D2"].value == "Partiellement en place"
    assert (wb["Plan d’action"]["K2"].value, wb["Plan d’action"]["L2"].value) == ("Haute", "En cours")
    assert wb["Synthèse"]["A1"].value == "Auto-évaluation : Lyon"  # French spacing before a colon
    assert "Page &P sur &N" in wb["Synthèse"].oddFooter.center.text


def test_cells_typed_in_the_reports_language_in_english_or_as_values_load(full):
    t, fw = translator("de"), translate(REAL["unites"], "de").framework
    wb = workbook(export_report(full, REAL["unites"], language="de"))
    answers, plan = wb[sheet_name(ANSWERS, t)], wb[sheet_name(PLAN, t)]
    assert [answers.cell(row=r, column=1).value for r in (2, 3, 4)] == ["KF1.1", "KF1.2", "KF1.3"]
    answers["D2"] = fw.rating_label("KF1.1", "planned")  # German label
    answers["D3"] = "Partly in place"  # English label
    answers["D4"] = "not_in_place"  # the stored value
    answers["G2"] = "Internal practice"  # an evidence kind in English
    answers["G3"] = t.gettext("External or lived-experience evidence")
    plan["K2"], plan["L2"] = "niedrig", "Done"  # German priority (any case), English status
    back = read_report(saved(wb), FRAMEWORKS)
    assert [back.answers[i].value for i in ("KF1.1", "KF1.2", "KF1.3")] == ["planned", "partly", "not_in_place"]
    assert (back.answers["KF1.1"].evidence_kind, back.answers["KF1.2"].evidence_kind) == ("practice", "lived")
    assert (back.actions[0].priority, back.actions[0].status) == ("Low", "Done")


def test_a_problem_is_placed_with_the_sheet_and_column_names_the_report_has(full):
    t = translator("fr")
    wb = workbook(export_report(full, REAL["unites"], language="fr"))
    wb[sheet_name(ANSWERS, t)]["D2"] = "Pas mal"
    wb[sheet_name(PLAN, t)]["K2"] = "Urgent"
    with pytest.raises(WorkbookError) as info:
        read_report(saved(wb), FRAMEWORKS, "rapport.xlsx")
    text = str(info.value)
    assert "Sheet 'Réponses', row 2, column D (Note): 'Pas mal' is not a rating" in text
    assert "'Partiellement en place'" in text
    assert "Sheet 'Plan d’action', row 2, column K (Priorité): 'Urgent' is not one of Haute, Moyenne, Basse." in text


def test_a_report_of_an_older_app_in_english_without_a_language_still_loads(full):
    wb = workbook(export_report(full, REAL["unites"]))
    assert "language" not in {r[0] for r in wb[META].iter_rows(values_only=True)}  # English as it always was
    assert read_report(saved(wb), FRAMEWORKS) == full


@pytest.mark.parametrize(("code", "named"), [("pt", "Portuguese ('pt')"), ("ar", "Arabic ('ar')"), ("zz-9", "'zz-9'")])
def test_a_report_in_a_language_the_app_does_not_have_is_refused_naming_it(full, code, named):
    wb = workbook(export_report(full, REAL["unites"], language="fr"))
    meta = wb[META]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(row=r, column=1).value == "language")
    meta.cell(row=row, column=2).value = code
    with pytest.raises(WorkbookError) as info:
        read_report(saved(wb), FRAMEWORKS, "report.xlsx")
    assert info.value.problems == [
        f"Sheet '_meta', row {row}, column B: this report is written in {named}, a language this app does not have "
        "for reports; it reads reports in English, Français, Deutsch, Italiano, Español. Export the report again "
        "from the app in one of them."
    ]


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_sheet_name_is_one_a_spreadsheet_accepts(code):
    t = translator(code)
    names = [sheet_name(n, t) for n in SHEET_ORDER]
    assert len(set(names)) == len(names)
    for name in names:
        assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\") and name[0] != "'" and name[-1] != "'"


def test_every_priority_and_status_is_marked_for_the_catalogs():
    assert set(_SHOWN_TRANSLATED) == {*PRIORITIES, *STATUSES}


@pytest.mark.libreoffice
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_a_german_report_saved_again_by_libreoffice_loads_back_equal(full, tmp_path):
    """A team in Germany opens its report in LibreOffice, edits nothing and presses Save."""
    soffice = require("soffice", "LibreOffice re-saves the workbook as a user would")
    panel = export_report(shareable(hand_case()), MINI, individual_answers=True, language="de")
    original = export_report(full, REAL["unites"], language="de")
    got = resaved_by_libreoffice(soffice, tmp_path, {"bericht.xlsx": panel, "bericht2.xlsx": original})
    assert got["bericht2.xlsx"] != original
    assert workbook(got["bericht2.xlsx"]).sheetnames[:3] == ["Übersicht", "Werte", "Antworten"]
    assert read_report(got["bericht2.xlsx"], FRAMEWORKS) == full
    assert read_report_and_panel(got["bericht.xlsx"], FRAMEWORKS) == (shareable(hand_case()), True)


def test_a_download_in_another_language_says_which_in_its_name(full):
    assert report_filename(full) == "Aldermoor-unites-self-2026-05-04.xlsx"
    assert report_filename(full, "de") == "Aldermoor-unites-self-2026-05-04-de.xlsx"
