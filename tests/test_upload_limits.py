"""Issue 19, point 2: what a report may hold is bounded before openpyxl parses it (``safety.scan_contents``)."""

from __future__ import annotations

import pytest

from benchmark.xlsx.report_reader import UNCALCULATED, WorkbookError, read_report

from .builders import FRAMEWORKS, created, edited, workbook
from .hostile_reports import deep_nesting, many_strings, many_styles


@pytest.mark.parametrize(
    ("build", "what"),
    [(many_styles, "cell styles"), (many_strings, "texts (shared strings)"), (deep_nesting, "levels of XML nesting")],
)
def test_hostile_report_refused_before_parsing(env, build, what):
    report = workbook(created(env)[0])[1]
    with pytest.raises(WorkbookError) as exc:
        read_report(build(report), FRAMEWORKS)
    assert exc.value.problems[0].startswith(f"the file holds more {what}")
    assert "Export the report again from the app" in exc.value.problems[0]


def test_formula_without_saved_result_is_a_problem(env):
    """openpyxl reads such a cell as empty: the answer would silently become unanswered."""
    a = created(env)[0]

    def change(wb):
        wb["Answers"].cell(row=3, column=7, value="=1+1")  # A.2 evidence kind, a formula with no computed value saved

    with pytest.raises(WorkbookError) as exc:
        read_report(edited(a, change), FRAMEWORKS)
    assert exc.value.problems == [f"Sheet 'Answers', row 3, column G (Evidence kind): {UNCALCULATED}"]


def test_an_upload_is_parsed_once_however_often_the_page_reruns(env, monkeypatch):
    """Parsing a large workbook costs seconds: reading it again on every rerun, and once more on "Add it", would
    let one upload stall the server (issue 19, point 2)."""
    import benchmark.xlsx.report_reader as reader

    from .apptest import app, no_errors, saved

    a = saved(env, {"A.1": "full"})
    data = workbook(a)[1]
    env.delete(a.id)
    calls: list[str] = []
    real = reader.read_report_and_panel

    def counted(*args, **kw):
        calls.append(args[2] if len(args) > 2 else kw.get("source", ""))
        return real(*args, **kw)

    monkeypatch.setattr(reader, "read_report_and_panel", counted)
    at = app("exchange")
    at.file_uploader(key="report_upload").set_value(("report.xlsx", data, "x")).run()
    no_errors(at)
    at.run()
    at.run()
    [add] = [b for b in at.button if b.label.startswith("Add")]
    add.click().run()
    no_errors(at)
    assert env.get(a.id).answers == a.answers
    assert calls == ["report.xlsx"]


def test_a_report_whose_id_is_another_citys_assessment_is_refused(env):
    """An id edited in _meta to another stored assessment's would overwrite that city's work (issue 19, point 6)."""
    from .apptest import app, saved, shown

    other = saved(env, {"A.1": "none"})
    mine, _ = created(env, "Mytown", {"A.1": "full"})

    def pretend(wb):
        ws = wb["_meta"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "assessment_id")
        ws.cell(row, 2, other.id)

    data = edited(mine, pretend)
    with pytest.raises(WorkbookError) as exc:
        from benchmark.services import import_report

        import_report(env, data, FRAMEWORKS)
    assert "about Testville, but the report is about Mytown" in exc.value.problems[0]
    at = app("exchange", mine.id)
    at.file_uploader(key="report_upload").set_value(("mytown.xlsx", data, "x")).run()
    assert not at.exception
    assert at.error and "nothing in the app was changed" in at.error[0].value
    assert "about Testville, but the report is about Mytown" in shown(at.markdown[-1].value)
    assert not [b for b in at.button if b.label.startswith(("Replace", "Add"))]
    assert env.get(other.id).answers["A.1"].value == "none"
