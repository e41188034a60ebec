"""The Excel report: lossless round trip, what a reader finds in it, and every bad upload refused clearly."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings

from benchmark.assessment import Action, Answer, Assessment, Subject, new_assessment
from benchmark.framework.loader import load_frameworks
from benchmark.services import import_report
from benchmark.store import Store
from benchmark.xlsx import safety
from benchmark.xlsx.report_reader import WorkbookError, read_report
from benchmark.xlsx.report_writer import export_report

from .builders import MINI, edited, resaved_by_libreoffice, workbook
from .conftest import require
from .printed import to_pdf
from .strategies import assessments

REAL = load_frameworks()
FRAMEWORKS = {**REAL, "mini": MINI}


def without_empty_answers(a: Assessment) -> Assessment:
    """An answer with nothing in it is the same as no answer; the report has one row per item either way."""
    return a.model_copy(update={"answers": {k: v for k, v in a.answers.items() if not v.is_empty()}})


@pytest.fixture
def full():
    fw = REAL["unites"]
    a = new_assessment(
        fw,
        Subject(name="Aldermoor", country="Ireland", population=250_000, migrant_share=18.5),
        assessors=["Integration office", "=cmd|' /C calc'!A0"],
        date=dt.date(2026, 5, 4),
        targets={"KF1": 80},
        weights={"KF7": 2},
    )
    items = list(fw.item_by_id)
    for n, item_id in enumerate(items[:29]):
        value = ("full", "partly", "planned", "not_in_place")[n % 4]
        a.answers[item_id] = Answer(value=value, evidence=f"Evidence {n}\nsecond line")
    a.answers[items[29]] = Answer(value="not_relevant", reason="No such body in a town this size")
    assert items[30] == "KF7.2"
    a.answers[items[30]] = Answer(evidence='=HYPERLINK("http://evil.example","click")', notes="+1-1 @SUM(A1)")
    a.actions = [
        Action(
            measure="Set up a migrant advisory council",
            section="KF4",
            responsible="Mayor's office",
            start=dt.date(2026, 9, 1),
            end=dt.date(2027, 6, 30),
            priority="High",
            status="In progress",
        ),
        Action(measure="-Publish the strategy in plain language", section="KF1", indicator="@ web page live"),
    ]
    return a


# ------------------------------------------------------------------------------------------ round trip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments(MINI))
def test_export_import_is_lossless_for_generated_assessments(a):
    back = read_report(export_report(a, MINI), FRAMEWORKS)
    assert back == without_empty_answers(a)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments(REAL["spring"]))
def test_export_import_is_lossless_for_spring(a):
    assert read_report(export_report(a, REAL["spring"]), FRAMEWORKS) == without_empty_answers(a)


def test_round_trip_of_a_full_unites_assessment(full):
    assert read_report(export_report(full, REAL["unites"]), FRAMEWORKS) == full


def test_text_that_looks_like_the_file_formats_escapes_or_markup_comes_back_as_written(full):
    texts = [
        "x005F_",
        "a_x005F_b",
        "a_x0041_b",
        "_x000D_",
        "_x005f_ and _X0041_",
        "<r></si><si><t>x</t></r>",
        "<r><t>hello</t></r>",
        "<r>plain</r>",
    ]  # XlsxWriter's rich-text shape
    for item_id, text in zip(full.answers, texts):
        full.answers[item_id] = full.answers[item_id].model_copy(update={"evidence": text, "notes": text})
    full.subject = full.subject.model_copy(update={"name": "<r><t>Evil</t></r>"})
    back = read_report(export_report(full, REAL["unites"]), FRAMEWORKS)
    assert [back.answers[i].evidence for i in list(full.answers)[: len(texts)]] == texts
    assert back == full


def test_a_subject_whose_json_outgrows_a_cell_comes_back_whole(full):
    long = '"' * 20_000  # escaped in the hidden sheet's JSON, twice as long as a cell can hold
    full.subject = full.subject.model_copy(update={"description": long})
    back = read_report(export_report(full, REAL["unites"]), FRAMEWORKS)
    assert back.subject.description == long and back == full


def test_edits_made_in_the_spreadsheet_load_back(full):
    wb, _ = workbook(full)
    plan = wb["Action plan"]
    assert plan["B2"].value == "Set up a migrant advisory council"
    plan["L2"] = "Done"  # status of the first measure
    plan.append(
        [
            None,
            "Train staff in co-design",
            "Better workshops",
            "KF2",
            "HR",
            "NGO forum",
            "5,000 EUR",
            dt.datetime(2027, 1, 15),
            "31.12.2027",
            "Staff trained",
            "Low",
            "not started",
        ]
    )
    answers = wb["Answers"]
    assert answers["A2"].value == "KF1.1"
    answers["D2"] = "Planned"
    answers["F2"] = "Decided in June"
    wb["Scores"]["D3"] = 90  # KF2's target
    buffer = io.BytesIO()
    wb.save(buffer)

    back = read_report(buffer.getvalue(), FRAMEWORKS)
    assert back.actions[0].status == "Done"
    assert back.actions[0].id == full.actions[0].id
    added = back.actions[2]
    assert (added.measure, added.section, added.resources, added.start, added.end, added.priority, added.status) == (
        "Train staff in co-design",
        "KF2",
        "5,000 EUR",
        dt.date(2027, 1, 15),
        dt.date(2027, 12, 31),
        "Low",
        "Not started",
    )
    assert added.id and added.id not in {a.id for a in full.actions}
    assert back.answers["KF1.1"] == Answer(value="planned", evidence="Decided in June")
    assert back.targets == {"KF1": 80, "KF2": 90}


def test_deleting_a_plan_row_drops_that_measure(full):
    wb, _ = workbook(full)
    wb["Action plan"].delete_rows(2)
    buffer = io.BytesIO()
    wb.save(buffer)
    assert [a.measure for a in read_report(buffer.getvalue(), FRAMEWORKS).actions] == [full.actions[1].measure]


# ------------------------------------------------------------------------------------------ what a reader finds


def test_sheets_in_reading_order_with_meta_hidden(full):
    wb, _ = workbook(full)
    assert wb.sheetnames == ["Summary", "Scores", "Answers", "Gaps", "Action plan", "Method", "_meta"]
    assert wb["_meta"].sheet_state == "hidden"
    assert all(wb[name].sheet_state == "visible" for name in wb.sheetnames[:-1])


def test_summary_has_the_facts_and_a_native_chart_of_scores_against_targets(full):
    wb, _ = workbook(full)
    ws = wb["Summary"]
    facts = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(4, 16)}
    assert facts["City"] == "Aldermoor"
    assert facts["Framework"] == f"UNITES {REAL['unites'].version}"
    assert facts["Date"].date() == dt.date(2026, 5, 4)
    assert facts["Assessed by"] == "Integration office, =cmd|' /C calc'!A0"
    chart = ws._charts[0]
    assert chart.type == "bar"
    refs = [(s.tx.strRef.f, s.val.numRef.f, s.cat.strRef.f) for s in chart.series]  # text categories: strRef
    assert [tuple(r.replace("$", "") for r in ref) for ref in refs] == [
        ("'Scores'!C1", "'Scores'!C2:C8", "'Scores'!A2:A8"),
        ("'Scores'!D1", "'Scores'!D2:D8", "'Scores'!A2:A8"),
    ]
    assert chart.y_axis.scaling.max == 100


def test_summary_and_method_say_what_the_maturity_means(full):
    from benchmark.scoring import score

    wb, _ = workbook(full)
    ws = wb["Summary"]
    cells = [[c.value for c in row] for row in ws.iter_rows(min_col=1, max_col=2)]
    [at] = [n for n, (label, _) in enumerate(cells) if label == "What this maturity means"]
    parts = [cells[at][1]]
    for label, value in cells[at + 1 :]:  # a text longer than a row continues on the next rows, without a label
        if label is not None or not value:
            break
        parts.append(value)
    meaning = " ".join(parts)
    band = REAL["unites"].maturity_band(score(full, REAL["unites"]).overall)
    assert cells[at - 1] == ["Maturity", band.label]
    assert meaning.startswith(f"{band.label}: an overall score from {band.min:g} % to under")
    assert band.description.split()[0] in meaning and "Method sheet" in meaning
    method = "\n".join(str(c.value) for row in wb["Method"].iter_rows() for c in row if c.value)
    assert "from 25 % to under 50 %: Some conditions are planned or partly in place" in method


def test_scores_sheet_matches_the_scoring_module_and_is_formatted(full):
    from benchmark.scoring import score

    wb, _ = workbook(full)
    ws = wb["Scores"]
    result = score(full, REAL["unites"])
    for r, s in enumerate(result.sections, start=2):
        assert ws.cell(row=r, column=1).value == s.id
        assert ws.cell(row=r, column=3).value == (None if s.score is None else round(s.score, 1))
        assert ws.cell(row=r, column=4).value == s.target
    rules = {str(rng.sqref): [r.type for r in rng.rules] for rng in ws.conditional_formatting}
    assert rules["C2:C8"] == ["dataBar"]
    assert rules["E2:E8"] == ["cellIs"]
    assert any(t == ["dataBar"] and k.startswith("E1") for k, t in rules.items())  # the item scores below


def test_user_text_never_becomes_a_formula(full):
    wb, _ = workbook(full)
    formulas = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas and all(sheet == "Scores" and coord.startswith("E") for sheet, coord in formulas)
    answers = wb["Answers"]
    row = 2 + list(REAL["unites"].item_by_id).index("KF7.2")  # the item whose evidence looks like a formula
    evidence = answers.cell(row=row, column=6)
    assert evidence.value.startswith("=HYPERLINK") and evidence.data_type == "s" and evidence.quotePrefix
    plan = wb["Action plan"]
    assert plan["B3"].value == "-Publish the strategy in plain language" and plan["B3"].data_type == "s"
    assert plan["J3"].quotePrefix


def test_action_plan_is_a_table_with_drop_downs_dates_and_print_setup(full):
    wb, _ = workbook(full)
    ws = wb["Action plan"]
    table = ws.tables["ActionPlan"]
    assert table.ref == "A1:L3"
    assert [c.value for c in ws[1]] == [
        "ID",
        "Measure",
        "Objective",
        "Linked section",
        "Responsible",
        "Partners",
        "Resources / budget",
        "Start",
        "End",
        "Indicator",
        "Priority",
        "Status",
    ]
    lists = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists['"High,Medium,Low"'] == "K2:K203"
    assert lists['"Not started,In progress,Done,On hold"'] == "L2:L203"
    assert lists['"KF1,KF2,KF3,KF4,KF5,KF6,KF7"'] == "D2:D203"
    assert {str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "date"} == {"H2:H203", "I2:I203"}
    assert ws["H2"].is_date and ws["H2"].number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "A2"
    assert ws.page_setup.orientation == "landscape"
    # too wide for one page at readable type: across pages, the ID and measure repeated on each, not scaled down
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$B"
    assert "Aldermoor" in ws.oddHeader.left.text and "Page &P of &N" in ws.oddFooter.center.text


def test_answers_sheet_offers_the_scale_as_a_drop_down_and_cites_sources(full):
    wb, _ = workbook(full)
    ws = wb["Answers"]
    dv, kinds = ws.data_validations.dataValidation
    assert dv.formula1 == '"Not in place,Planned,Partly in place,Fully in place,Not relevant here"'
    assert "D2" in dv.sqref and "D32" in dv.sqref
    assert ws["D2"].value == "Fully in place"
    assert ws["G1"].value == "Evidence kind" and str(kinds.sqref) == "G2:G32"
    assert kinds.formula1 == '"Policy or document,Internal practice,External or lived-experience evidence"'
    assert ws["I2"].value.startswith("How To Co-design Integration Strategies with Migrants and Other Stakeholders")


def test_gaps_sheet_lists_the_guides_suggestions_for_each_gap(full):
    from benchmark.scoring import score

    wb, _ = workbook(full)
    ws = wb["Gaps"]
    result = score(full, REAL["unites"])
    listed = {ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)}
    assert listed == {g.id for g in result.gaps}
    first = result.gaps[0]
    expected = [s.title for s in REAL["unites"].section_by_id[first.id].suggestions]
    assert [ws.cell(row=r, column=7).value for r in range(2, 2 + len(expected))] == expected


def test_method_sheet_explains_scale_rules_and_sources(full):
    wb, _ = workbook(full)
    text = "\n".join(str(c.value) for row in wb["Method"].iter_rows() for c in row if c.value)
    assert "2 of 3 points = 66.7 %" in text
    assert "not relevant here" in text.lower()
    assert "Gap = target − score" in text
    assert "How To Co-design Integration Strategies with Migrants and Other Stakeholders" in text
    assert ".txt" not in text


def test_every_exported_workbook_opens_in_libreoffice(full, tmp_path):
    soffice = require("soffice", "LibreOffice opens the workbook as a reader would")
    spring = new_assessment(REAL["spring"], Subject(name="Queer Base", kind="practice"))
    for n, (a, fw) in enumerate([(full, REAL["unites"]), (spring, REAL["spring"])]):
        path = tmp_path / f"report{n}.xlsx"
        path.write_bytes(export_report(a, fw))
        pdf = to_pdf(soffice, path)
        assert pdf.stat().st_size > 10_000


def test_a_report_saved_again_by_libreoffice_loads_back_unchanged(full, tmp_path):
    """What happens when a team opens the report in LibreOffice and presses Save."""
    soffice = require("soffice", "LibreOffice re-saves the workbook as a user would")
    original = export_report(full, REAL["unites"])
    resaved = resaved_by_libreoffice(soffice, tmp_path, {"report.xlsx": original})["report.xlsx"]
    assert resaved != original
    assert read_report(resaved, FRAMEWORKS) == full


# ------------------------------------------------------------------------------------------ bad input


def refused(data: bytes) -> str:
    with pytest.raises(WorkbookError) as info:
        read_report(data, FRAMEWORKS, "report.xlsx")
    return str(info.value)


def test_too_big(monkeypatch):
    monkeypatch.setattr(safety, "MAX_UPLOAD_BYTES", 1000)
    assert refused(b"PK" + b"0" * 2000) == (
        "report.xlsx could not be loaded: the file is 0.0 MB, more than the 0 MB "
        "a report can be. Upload the report as the app exported it."
    )


def test_empty_file():
    assert refused(b"") == "report.xlsx could not be loaded: the file is empty."


def test_old_xls_file():
    assert refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == (
        "report.xlsx could not be loaded: this is an old-format Excel file (.xls). Open it in Excel or LibreOffice, "
        "save it as 'Excel Workbook (.xlsx)', and upload that."
    )


def test_not_a_workbook():
    assert refused(b"item,rating\nKF1.1,full\n") == (
        "report.xlsx could not be loaded: this is not an Excel workbook (.xlsx). Upload a report that was downloaded "
        "from this app."
    )


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    assert refused(buffer.getvalue()) == (
        "report.xlsx could not be loaded: this is a zip file but not an Excel workbook (.xlsx). Upload a report that "
        "was downloaded from this app."
    )


def test_truncated_workbook(full):
    data = export_report(full, REAL["unites"])
    assert refused(data[: len(data) // 2]) == (
        "report.xlsx could not be loaded: the file is damaged or incomplete (it may not have finished downloading "
        "or saving). Download or save the report again."
    )


def test_zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 50_000_000)
    assert len(buffer.getvalue()) < 200_000
    assert refused(buffer.getvalue()) == (
        "report.xlsx could not be loaded: the file would unpack to far more data than any report holds (a 'zip "
        "bomb'), so it was not opened."
    )


def test_xml_entity_bomb(full):
    data = export_report(full, REAL["unites"])
    laughs = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/workbook.xml":
                body = laughs + body
            z.writestr(info, body)
    assert refused(out.getvalue()) == (
        "report.xlsx could not be loaded: the file contains XML constructs that are refused for safety (entity "
        "declarations). Export the report again from the app."
    )


def test_damaged_xml_inside_a_valid_zip(full):
    data = export_report(full, REAL["unites"])
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, b"<not xml" if info.filename == "xl/workbook.xml" else src.read(info))
    assert refused(out.getvalue()) == (
        "report.xlsx could not be loaded: the file is damaged or is not a workbook this app can read. Open it in "
        "Excel or LibreOffice, save it as .xlsx, and try again."
    )


def test_a_workbook_not_made_by_the_app():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert refused(buffer.getvalue()) == (
        "report.xlsx could not be loaded: Sheet '_meta': this sheet is missing, so the workbook is not a report "
        "exported by this app (or the sheet was deleted). Only reports downloaded from the app can be loaded back."
    )


def test_another_framework_version(full):
    data = edited(full, lambda wb: wb["_meta"].cell(row=7, column=2, value="0.9"))
    assert refused(data) == (
        "report.xlsx could not be loaded: Sheet '_meta', row 7, column B: the report was made with version 0.9 of "
        "UNITES, which this app does not keep (it keeps 1.0, 1.1). Answers cannot be read against other questions; ask "
        "your administrator for the UNITES 0.9 questionnaire (earlier versions go in the questionnaires' versions/ "
        "folder)."
    )


def test_unknown_framework(full):
    data = edited(full, lambda wb: wb["_meta"].cell(row=6, column=2, value="selfie"))
    assert refused(data) == (
        "report.xlsx could not be loaded: Sheet '_meta', row 6, column B: the report is for the framework 'selfie', "
        "which this app does not have (it has: mini, spring, unites)."
    )


def test_rating_not_on_the_scale_names_sheet_row_and_column(full):
    data = edited(full, lambda wb: wb["Answers"].cell(row=4, column=4, value="Sometimes"))
    assert refused(data) == (
        "report.xlsx could not be loaded: Sheet 'Answers', row 4, column D (Rating): 'Sometimes' is not a rating on "
        "this scale. Choose one of 'Not in place', 'Planned', 'Partly in place', 'Fully in place', 'Not relevant "
        "here', or leave it empty."
    )


def test_every_problem_is_listed_at_once(full):
    def change(wb):
        wb["Answers"].delete_rows(5)
        wb["Scores"]["D2"] = 150
        wb["Action plan"]["K2"] = "Urgent"
        wb["Action plan"]["H3"] = "next spring"
        wb["Action plan"]["D3"] = "KF9"
        wb["Action plan"]["H2"] = dt.datetime(2028, 1, 1)

    assert refused(edited(full, change)) == (
        "report.xlsx could not be loaded (6 problems):\n"
        "  - Sheet 'Scores', row 2, column D (Target %): 150 is not a number from 0 to 100.\n"
        "  - Sheet 'Answers': 1 item row(s) are missing (KF1.4). Keep one row per item as exported; leave the rating "
        "empty instead of deleting a row.\n"
        "  - Sheet 'Action plan', row 2, column K (Priority): 'Urgent' is not one of High, Medium, Low.\n"
        "  - Sheet 'Action plan', row 2, column I (End): the end date is before the start date.\n"
        "  - Sheet 'Action plan', row 3, column D (Linked section): 'KF9' is not a key factor; use one of KF1, KF2, "
        "KF3, KF4, KF5, KF6, KF7 or leave it empty.\n"
        "  - Sheet 'Action plan', row 3, column H (Start): 'next spring' is not a date. Write it as a date such as "
        "2027-03-31."
    )


def test_renamed_column(full):
    data = edited(full, lambda wb: wb["Action plan"].cell(row=1, column=12, value="State"))
    assert refused(data) == (
        "report.xlsx could not be loaded: Sheet 'Action plan', row 1: the column 'Status' is "
        "missing. Keep the headings as exported."
    )


def test_text_too_long_for_a_field(full):
    data = edited(full, lambda wb: wb["Answers"].cell(row=2, column=6, value="x" * 20_001))
    assert refused(data) == (
        "report.xlsx could not be loaded: Sheet 'Answers', row 2, column F (Evidence): String "
        "should have at most 20000 characters"
    )


def test_a_refused_import_changes_nothing_stored(full, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.save(full)
    before = store.get(full.id)
    bad = edited(full, lambda wb: wb["Answers"].cell(row=2, column=4, value="Maybe"))
    with pytest.raises(WorkbookError):
        import_report(store, bad, FRAMEWORKS)
    assert store.get(full.id) == before
    good = edited(full, lambda wb: wb["Answers"].cell(row=2, column=4, value="Planned"))
    back, replaced = import_report(store, good, FRAMEWORKS)
    assert replaced and store.get(full.id).answers["KF1.1"].value == "planned"
