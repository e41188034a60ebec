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
