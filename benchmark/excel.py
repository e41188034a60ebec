"""The Excel report: the file that leaves the room and comes back edited.

A report is meant for people first (a summary with a chart, readable tables, a
printable action plan) and for this app second: the same file loads back in, so
a team can edit answers, targets and the action plan in Excel or LibreOffice and
continue in the app. What the app needs to recognise the file (ids, versions,
fields no sheet shows) lives in a hidden sheet ``_meta``.

XlsxWriter writes the report and openpyxl reads it back. openpyxl can do both, but
its writer serialises every cell in pure Python and took most of an export's time;
XlsxWriter writes the same workbook several times faster, and cannot read one.

Safety rules, because reports travel by e-mail and come back from strangers:
user text is always written as text (never a formula, link or number), uploads
are size-capped and their zip container is inspected before any XML is parsed,
and openpyxl parses XML through defusedxml (a declared dependency), which
refuses entity bombs.

Several respondents (benchmark/respondents.py). A report of an assessment with respondents or agreed
ratings has two more sheets:

* "Views by role" (visible): per section and per item, each shown group's mean and n, the spread
  between groups, the SD, the disagreement rank, and per item the rating used, the agreed rating with
  who agreed and why, and the kinds of evidence given. It respects the minimum group size exactly as
  the app's views do (``respondents.views``): no figure of a group under k, no figure over everyone.
* "_respondents" (hidden, like ``_meta``): what the app needs to load every respondent's own answers
  back, in blocks that each start with a marker row: ``[settings]`` (key, value: extra_roles as JSON,
  min_group_size, revealed), ``[respondents]`` (id, role, label, created_at), ``[answers]`` (respondent,
  item, value, reason, evidence, evidence_kind, notes: values are the scale's keys, not its labels) and
  ``[consensus]`` (item, value, agreed_by as JSON, rationale, decided_at). It holds individual ratings:
  ``export_report(..., individual_answers=False)`` leaves it out for a report meant to travel, and
  ``import_report`` then keeps the respondents, their answers and the agreed ratings already stored.

The Answers sheet has an "Evidence kind" column (a drop-down of ``EVIDENCE_KINDS``; reports from before
it load without it), and the Summary lists the rated items that rest on no evidence at all.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import uuid
import warnings
import zipfile
from dataclasses import dataclass, field

import xlsxwriter
from openpyxl.cell.text import Text
from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from pydantic import ValidationError
from xlsxwriter.format import Format
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import _preserve_whitespace
from xlsxwriter.worksheet import Worksheet

from .assessment import (
    ASSESSMENT_TYPES,
    EVIDENCE_KINDS,
    PRIORITIES,
    SCHEMA_VERSION,
    STATUSES,
    Action,
    Answer,
    Assessment,
    AssessmentError,
    Consensus,
    Respondent,
    Subject,
    check_against,
    clean_text,
)
from . import respondents as panel
from .plan import COLUMNS as PLAN_COLUMNS
from .questionnaire import Framework
from .scoring import RULES, item_share, score

FORMAT = "benchmark-report"
FORMAT_VERSION = 1
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a real report unpacks to well under 1 MB
MAX_RATIO = 100  # real workbooks compress XML about 5-20 times; bombs a thousand times
MAX_ROWS = 2_000  # rows read from one sheet: far beyond any real action plan
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SUMMARY, SCORES, ANSWERS, GAPS, PLAN, METHOD, META = (
    "Summary", "Scores", "Answers", "Gaps", "Action plan", "Method", "_meta")
VIEWS, RESPONDENTS = "Views by role", "_respondents"
SHEET_ORDER = [SUMMARY, SCORES, ANSWERS, VIEWS, GAPS, PLAN, METHOD, META, RESPONDENTS]
MAX_RESPONDENT_ROWS = 20_000  # 200 respondents x 100 items

# Text a spreadsheet would read as a formula or a command if it began a cell.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ANSWER_HEADINGS = ("Item", "Section", "Question", "Rating", "Why not relevant", "Evidence", "Evidence kind", "Notes",
                   "Source")
OPTIONAL_ANSWER_HEADINGS = ("Evidence kind",)  # reports from before it load without it
SCORE_HEADINGS = ("ID", "Section", "Score %", "Target %", "Gap (points)", "Weight", "Rated", "Not relevant",
                  "Unanswered", "Maturity")
PLAN_HEADINGS = ("ID", *PLAN_COLUMNS.values())


class WorkbookError(AssessmentError):
    """A workbook that cannot be loaded; every problem names the sheet, row and column it is about."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        if len(problems) == 1:
            message = f"{source} could not be loaded: {problems[0]}"
        else:
            message = f"{source} could not be loaded ({len(problems)} problems):\n" + "\n".join(f"  - {p}" for p in problems)
        ValueError.__init__(self, message)


# --------------------------------------------------------------------------------------------- writing

# XlsxWriter stores text that looks like a formula, a link or a number as one unless told not to.
_SAFE_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
_MAX_CELL_TEXT = 32_767  # what one cell holds; longer text is cut there, as openpyxl cut it
_MAX_RULE_MESSAGE = 255  # Excel's limit for a drop-down's error message (XlsxWriter drops a longer rule)
_PX_PER_CM = 96 / 2.54  # XlsxWriter sizes charts in pixels
_DATE = "yyyy-mm-dd"

_HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#0072B2",  # Okabe-Ito blue, as in the app
           "text_wrap": True, "valign": "vcenter"}
_INPUT = {"bg_color": "#FFF3CC"}  # cells the reader may edit and load back
_GAP_FILL = {"bg_color": "#F9D9C4"}
_WRAP = {"text_wrap": True, "valign": "top"}
_TOP = {"valign": "top"}


class _Sheet(Worksheet):
    """A worksheet that knows its workbook, so the cell helpers below need only the sheet to share its formats."""

    book: _Book


class _PlainSharedStrings(SharedStrings):
    """XlsxWriter copies a shared string that starts with ``<r>`` and ends with ``</r>`` into the file as raw XML
    (its own rich-text runs), so such a text typed by a user could damage the file or change other cells. This
    app writes no rich text: every string is written escaped, whatever its shape."""

    def _write_si(self, string) -> None:
        string = self._escape_control_characters(string)
        self._xml_si_element(string, [("xml:space", "preserve")] if _preserve_whitespace(string) else [])


class _Packager(Packager):
    def _write_shared_strings_file(self) -> None:
        if not self.workbook.str_table.count:
            return
        strings = _PlainSharedStrings()
        strings.string_table = self.workbook.str_table
        strings._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        strings._assemble_xml_file()


class _Book(xlsxwriter.Workbook):
    """A workbook written in memory that never turns text into a formula, link or number (``_SAFE_OPTIONS``), and
    makes each cell format once: XlsxWriter writes a style per Format object, so a Format per cell would bloat the
    file and slow the writing."""

    worksheet_class = _Sheet

    def __init__(self, title: str):
        super().__init__(io.BytesIO(), _SAFE_OPTIONS)
        self.set_properties({"title": title, "author": "Integration benchmark"})
        self._styles: dict[tuple, Format] = {}

    def _get_packager(self):  # XlsxWriter's documented place to put another packager
        return _Packager()

    def style(self, **props) -> Format | None:
        if not props:
            return None
        key = tuple(sorted(props.items()))
        fmt = self._styles.get(key)
        if fmt is None:
            fmt = self._styles[key] = self.add_format(props)
        return fmt

    def sheet(self, name: str, hidden: bool = False) -> _Sheet:
        ws = self.add_worksheet(name)
        ws.book = self
        if hidden:
            ws.hide()
        return ws

    def to_bytes(self) -> bytes:
        self.close()
        return self.filename.getvalue()


# Rows and columns count from 1 in the helpers below, as on screen and in the reading code.

def _put(ws: _Sheet, row: int, col: int, value, **style) -> None:
    """A value the app made (a number, a date, or text of the app or a framework file); no value leaves the cell
    empty but keeps its look. Dates need a ``num_format``, else they show as numbers."""
    fmt = ws.book.style(**style)
    if isinstance(value, str) and value:
        ws.write_string(row - 1, col - 1, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row - 1, col - 1, value, fmt)
    elif value is None or isinstance(value, str):
        if fmt is not None:
            ws.write_blank(row - 1, col - 1, None, fmt)
    else:
        ws.write_number(row - 1, col - 1, value, fmt)


def _text(ws: _Sheet, row: int, col: int, value: str | None, wrap: bool = False, **style) -> None:
    """A user's text, always a text cell: what no cell can hold is dropped and it is cut to the most a cell holds;
    text a spreadsheet would run as a formula keeps a quote prefix, so it stays text when edited there too.
    Empty text leaves the cell empty, with the look of the cells around it (an input cell stays yellow)."""
    value = clean_text(value)[:_MAX_CELL_TEXT] if value else ""
    if value.startswith(_FORMULA_STARTS):
        style["quote_prefix"] = True
    fmt = ws.book.style(**((_WRAP if wrap else _TOP) | style))
    if value:
        ws.write_string(row - 1, col - 1, value, fmt)
    else:
        ws.write_blank(row - 1, col - 1, None, fmt)


def _widths(ws: _Sheet, widths: dict[int, float]) -> None:
    for col, width in widths.items():
        ws.set_column(col - 1, col - 1, width)


def _headings(ws: _Sheet, headings, row: int = 1, widths: dict[int, float] | None = None,
              freeze: bool = True) -> None:
    """Headings may name things users made (roles), so they are written as user text."""
    for col, heading in enumerate(headings, start=1):
        _text(ws, row, col, heading, **_HEADER)
    _widths(ws, widths or {})
    if freeze:
        ws.freeze_panes(row, 0)


def _print_setup(ws: _Sheet, titles: bool = True) -> None:
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if titles:
        ws.repeat_rows(0)


def _comment(ws: _Sheet, cell: str, text: str) -> None:
    ws.write_comment(cell, text, {"author": "Benchmark"})


def _drop_down(ws: _Sheet, cells: str, choices, title: str, error: str) -> None:
    """A reader picks what the import accepts, and the spreadsheet refuses anything else before the app has to.
    ``cells``: ranges separated by spaces."""
    if len(error) > _MAX_RULE_MESSAGE:
        error = error[:_MAX_RULE_MESSAGE - 1] + "…"
    ws.data_validation(cells.split()[0], {"validate": "list", "source": list(choices),
                                          "ignore_blank": True, "show_error": True, "error_title": title,
                                          "error_message": error, "multi_range": cells})


def _runs(letter: str, rows: list[int]) -> str:
    """Rows of one column as ranges ("D2:D5 D9"): a scale's drop-down covers only its own items, which need not be
    next to each other."""
    runs, start = [], rows[0]
    for previous, row in zip(rows, [*rows[1:], None]):
        if row != previous + 1:
            runs.append(f"{letter}{start}" + (f":{letter}{previous}" if previous != start else ""))
            start = row
    return " ".join(runs)


def _data_bar(ws: _Sheet, cells: str, colour: str) -> None:
    """Bars for 0 to 100 in the plain (Excel 2007) form: every spreadsheet reads it, and openpyxl, which reads the
    report back, would warn about the 2010 form and drop it."""
    ws.conditional_format(cells, {"type": "data_bar", "min_type": "num", "min_value": 0, "max_type": "num",
                                  "max_value": 100, "bar_color": colour, "data_bar_2010": False})


def _ref(sheet: str, col: int, first_row: int, last_row: int | None = None) -> str:
    """A cell, or part of a column, as a chart reference; the sheet name quoted, as Excel writes it."""
    letter = get_column_letter(col)
    cells = f"${letter}${first_row}" + ("" if last_row is None else f":${letter}${last_row}")
    return f"='{sheet}'!{cells}"


def _bar_chart(book: _Book, title: str, series: list[tuple[str, str, str | None]], categories: str,
               height_cm: float, width_cm: float, value_title: str | None = None):
    """Horizontal bars on a 0-100 % scale, the first category on top as in the table beside it; ``series`` are
    (name reference, values reference, colour or None for the spreadsheet's own)."""
    chart = book.add_chart({"type": "bar"})
    for name, values, colour in series:
        look = {"fill": {"color": colour}, "border": {"color": colour}} if colour else {}
        chart.add_series({"name": name, "values": values, "categories": categories, **look})
    chart.set_title({"name": title})
    # In a bar chart XlsxWriter's x axis is the (horizontal) value axis and its y axis the categories.
    chart.set_x_axis({"min": 0, "max": 100, **({"name": value_title} if value_title else {})})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": round(width_cm * _PX_PER_CM), "height": round(height_cm * _PX_PER_CM)})
    return chart


def _label_rows(ws: _Sheet, rows: list[tuple[str, str | None]], widths: dict[int, float]) -> None:
    """A method sheet: label and text per row; a label without text is a heading, the first one the title."""
    _widths(ws, widths)
    for r, (label, text) in enumerate(rows, start=1):
        heading = {"bold": True, "font_size": 13 if r == 1 else 11} if text is None and label else {}
        _put(ws, r, 1, label or None, **_WRAP, **heading)
        if text is not None:
            _put(ws, r, 2, text, **_WRAP)
    _print_setup(ws, titles=False)


def _rating_label(framework: Framework, item_id: str, value: str | None) -> str | None:
    if value is None:
        return None
    option = framework.scale_for(framework.item_by_id[item_id]).option(value)
    return option.label if option else value


def _no_evidence_text(assessment: Assessment, framework: Framework) -> str:
    bare = panel.no_evidence_items(assessment, framework)
    return f"{len(bare)}: {', '.join(bare)}" if bare else "none"


def _summary_sheet(book: _Book, assessment: Assessment, framework: Framework, result) -> None:
    ws = book.sheet(SUMMARY)
    kind = ASSESSMENT_TYPES[assessment.assessment_type]
    _text(ws, 1, 1, f"{kind}: {assessment.subject.name}", bold=True, font_size=16)
    _put(ws, 2, 1, f"{framework.title}, version {framework.version}", italic=True)
    subject = assessment.subject
    rows = [
        (framework.subject_label, subject.name),
        ("Country", subject.country),
        ("Population", subject.population),
        ("Migrant residents (%)", subject.migrant_share),
        ("Framework", f"{framework.short_title} {framework.version}"),
        ("Type", kind),
        ("Assessed by", ", ".join(assessment.assessors)),
        ("Date", assessment.date),
        ("Overall score (%)", None if result.overall is None else round(result.overall, 1)),
        ("Completion (%)", round(result.completion, 1)),
        ("Maturity", result.maturity),
        ("Items not answered yet", len(result.unanswered_items)),
        ("Rated items resting on no evidence", _no_evidence_text(assessment, framework)),
    ]
    if assessment.respondents:
        rows.append(("Respondents", f"{len(assessment.respondents)}: their views by role are on the "
                                    f"'{VIEWS}' sheet"))
    for n, (label, value) in enumerate(rows, start=4):
        _put(ws, n, 1, label, bold=True)
        if isinstance(value, str):
            _text(ws, n, 2, value, wrap=True)
        else:
            _put(ws, n, 2, value, align="left", valign="top",
                 **({"num_format": _DATE} if isinstance(value, dt.date) else {}))
    note = (f"Scores are the share of the best rating, per {framework.section_label.lower()}, over the items rated; "
            "items 'not relevant here' and unanswered items are left out. The Method sheet explains the rules. "
            "Yellow cells on the Scores, Answers and Action plan sheets can be edited and loaded back into the app.")
    note_row = len(rows) + 5
    ws.merge_range(note_row - 1, 0, note_row - 1, 1, "", book.style(**_WRAP))
    _put(ws, note_row, 1, note, **_WRAP)
    ws.set_row(note_row - 1, 75)
    _widths(ws, {1: 26, 2: 48})

    n = len(framework.sections)
    series = [(_ref(SCORES, col, 1), _ref(SCORES, col, 2, n + 1), colour)
              for col, colour in ((3, "#0072B2"), (4, "#E69F00"))]  # Okabe-Ito blue and orange
    chart = _bar_chart(book, f"Score and target per {framework.section_label.lower()} (%)", series,
                       _ref(SCORES, 1, 2, n + 1), height_cm=3 + 1.1 * n, width_cm=17, value_title="%")
    chart.set_style(10)
    ws.insert_chart("D4", chart)
    _print_setup(ws, titles=False)


def _scores_sheet(book: _Book, assessment: Assessment, framework: Framework, result) -> None:
    ws = book.sheet(SCORES)
    _headings(ws, (SCORE_HEADINGS[0], framework.section_label, *SCORE_HEADINGS[2:]),
              widths={1: 8, 2: 50, 3: 10, 4: 10, 5: 12, 6: 9, 7: 8, 8: 12, 9: 12, 10: 14})
    _comment(ws, "D1", "Edit the targets here; they load back into the app.")
    _comment(ws, "F1", "Edit the weights here (1 = normal); they load back into the app.")
    for r, s in enumerate(result.sections, start=2):
        shown = None if s.score is None else round(s.score, 1)
        _put(ws, r, 1, s.id)
        _put(ws, r, 2, s.title, **_WRAP)
        _put(ws, r, 3, shown, num_format="0.0")
        _put(ws, r, 4, s.target, **_INPUT)
        # A formula, so the gap follows an edited target; its value is stored for viewers that do not recalculate.
        ws.write_formula(r - 1, 4, f'=IF(C{r}="","",D{r}-C{r})', book.style(num_format="0.0"),
                         "" if shown is None else s.target - shown)
        _put(ws, r, 6, s.weight, **_INPUT)
        _put(ws, r, 7, s.answered)
        _put(ws, r, 8, s.not_relevant)
        _put(ws, r, 9, s.unanswered)
        _put(ws, r, 10, s.maturity)
    last = len(result.sections) + 1
    _data_bar(ws, f"C2:C{last}", "#0072B2")
    ws.conditional_format(f"E2:E{last}", {"type": "cell", "criteria": ">", "value": 0,
                                          "format": book.style(**_GAP_FILL)})

    top = last + 2
    _put(ws, top, 1, "Item scores", bold=True, font_size=13)
    _headings(ws, ("Item", framework.section_label, "Question", "Rating", "Score %"), row=top + 1, freeze=False)
    r = top + 2
    for section in framework.sections:
        for item in section.items:
            answer = assessment.answers.get(item.id)
            value = answer.value if answer else None
            share = item_share(framework, item.id, value)
            _put(ws, r, 1, item.id)
            _put(ws, r, 2, section.id)
            _put(ws, r, 3, item.question, **_WRAP)
            _put(ws, r, 4, _rating_label(framework, item.id, value) or "not answered")
            _put(ws, r, 5, None if share is None else round(100 * share, 1), num_format="0.0")
            r += 1
    _data_bar(ws, f"E{top + 2}:E{r - 1}", "#009E73")
    _print_setup(ws)


def _answers_sheet(book: _Book, assessment: Assessment, framework: Framework) -> None:
    ws = book.sheet(ANSWERS)
    _headings(ws, (ANSWER_HEADINGS[0], framework.section_label, *ANSWER_HEADINGS[2:]),
              widths={1: 9, 2: 8, 3: 60, 4: 18, 5: 28, 6: 45, 7: 22, 8: 35, 9: 40})
    _comment(ws, "D1", "Choose a rating from the list; leave it empty for 'not answered yet'.")
    _comment(ws, "G1", "What the evidence is: " + "; ".join(EVIDENCE_KINDS.values()) + ".")
    rows_of_scale: dict[str, list[int]] = {}
    r = 2
    for section in framework.sections:
        for item in section.items:
            answer = assessment.answers.get(item.id) or Answer()
            _put(ws, r, 1, item.id, **_TOP)
            _put(ws, r, 2, section.id, **_TOP)
            _put(ws, r, 3, item.question, **_WRAP)
            _text(ws, r, 4, _rating_label(framework, item.id, answer.value), **_INPUT)
            for col, text in ((5, answer.reason), (6, answer.evidence), (8, answer.notes)):
                _text(ws, r, col, text, wrap=True, **_INPUT)
            _text(ws, r, 7, panel.evidence_kind_label(answer.evidence_kind), **_INPUT)
            _put(ws, r, 9, item.source.cite(), **_WRAP)
            rows_of_scale.setdefault(item.scale or framework.default_scale, []).append(r)
            r += 1
    for scale_id, rows in rows_of_scale.items():
        _drop_down(ws, _runs("D", rows), [o.label for o in framework.scale_by_id[scale_id].options], "Not a rating",
                   "Choose one of the ratings in the list.")
    _drop_down(ws, f"G2:G{max(r - 1, 2)}", EVIDENCE_KINDS.values(), "Not an evidence kind",
               "Choose one of the kinds in the list, or leave it empty.")
    ws.autofilter(f"A1:I{r - 1}")
    _print_setup(ws)


def _gaps_sheet(book: _Book, framework: Framework, result) -> None:
    ws = book.sheet(GAPS)
    _headings(ws, ("ID", framework.section_label, "Score %", "Target %", "Gap (points)", "Kind", "Suggestion",
                   "What the guide says", "Source"),
              widths={1: 7, 2: 34, 3: 9, 4: 9, 5: 11, 6: 12, 7: 30, 8: 70, 9: 40})
    r = 2
    if not result.gaps:
        _put(ws, r, 1, f"No rated {framework.section_label.lower()} is below its target.")
    for gap in result.gaps:
        section = framework.section_by_id[gap.id]
        for sug in section.suggestions or [None]:
            _put(ws, r, 1, gap.id, **_TOP)
            _put(ws, r, 2, gap.title, **_WRAP)
            _put(ws, r, 3, round(gap.score, 1), **_TOP)
            _put(ws, r, 4, gap.target, **_TOP)
            _put(ws, r, 5, round(gap.gap, 1), **_TOP)
            if sug is None:
                _put(ws, r, 7, "The guide has no specific suggestion for this one.")
            else:
                _put(ws, r, 6, sug.kind, **_TOP)
                _put(ws, r, 7, sug.title, **_WRAP)
                _put(ws, r, 8, sug.text, **_WRAP)
                _put(ws, r, 9, sug.source.cite(), **_WRAP)
            r += 1
    _print_setup(ws)


def _plan_sheet(book: _Book, assessment: Assessment, framework: Framework) -> None:
    ws = book.sheet(PLAN)
    _headings(ws, PLAN_HEADINGS, widths={1: 14, 2: 34, 3: 34, 4: 10, 5: 20, 6: 20, 7: 20, 8: 12, 9: 12, 10: 28,
                                         11: 10, 12: 13})
    last = max(len(assessment.actions) + 1, 2)  # a table needs at least one body row
    header = book.style(**_HEADER)
    ws.add_table(0, 0, last - 1, len(PLAN_HEADINGS) - 1, {
        "name": "ActionPlan", "style": "Table Style Medium 2",
        "columns": [{"header": heading, "header_format": header} for heading in PLAN_HEADINGS]})
    fields = list(PLAN_COLUMNS)
    for r, action in enumerate(assessment.actions, start=2):
        _text(ws, r, 1, action.id)
        for col, name in enumerate(fields, start=2):
            value = getattr(action, name)
            if name in ("start", "end"):
                _put(ws, r, col, value, num_format=_DATE, **_TOP)
            else:
                _text(ws, r, col, value, wrap=True)
    # Validations reach well below the table, so rows a reader adds get the same drop-downs.
    reach = last + 200
    col_of = {name: get_column_letter(n) for n, name in enumerate(fields, start=2)}
    lists = (("priority", PRIORITIES), ("status", STATUSES), ("section", [s.id for s in framework.sections]))
    for name, choices in lists:
        _drop_down(ws, f"{col_of[name]}2:{col_of[name]}{reach}", choices, "Not on the list",
                   f"Choose one of: {', '.join(choices)}.")
    for name in ("start", "end"):
        ws.data_validation(f"{col_of[name]}2:{col_of[name]}{reach}", {
            "validate": "date", "criteria": ">", "value": 1, "ignore_blank": True, "show_error": True,
            "error_title": "Not a date", "error_message": "Enter a date, such as 2027-03-31."})
    _comment(ws, "A1", "Leave the ID empty on rows you add; the app gives them one.")
    _print_setup(ws)


def _method_sheet(book: _Book, framework: Framework) -> None:
    rows: list[tuple[str, str | None]] = [("How this report is made", None)]
    rows.append(("Framework", f"{framework.title}, version {framework.version}"))
    rows.append(("Source", framework.source.cite()))
    if framework.description:
        rows.append(("About it", framework.description))
    rows.append(("", None))
    for scale in framework.scales:
        rows.append((f"Rating scale: {scale.title}", None))
        for opt in scale.options:
            worth = ("left out of the score" if opt.not_relevant
                     else f"{opt.points:g} of {scale.max_points:g} points = {100 * opt.points / scale.max_points:.1f} %")
            rows.append((opt.label, worth + (f". {opt.description}" if opt.description else "")))
        rows.append(("", None))
    rows.append(("How scores are computed", None))
    for rule in RULES.split("\n* "):
        rows.append(("", " ".join(rule.removeprefix("* ").split())))
    rows.append(("", None))
    rows.append(("Maturity bands", None))
    for band in sorted(framework.maturity_bands, key=lambda b: b.min):
        rows.append((band.label, f"from {band.min:g} %" + (f": {band.description}" if band.description else "")))
    rows.append(("", None))
    rows.append((framework.sections_label, None))
    for s in framework.sections:
        rows.append((s.id, f"{s.title}. {s.statement} (source: {s.source.cite()})"))
    rows.append(("", None))
    rows.append(("Editing and loading back", None))
    rows += [
        ("Answers sheet", "Rating (from the drop-down), Why not relevant, Evidence, Evidence kind and Notes load "
                          "back. Evidence kinds: " + "; ".join(EVIDENCE_KINDS.values()) + "."),
        ("Views by role sheet", "Only in a report with respondents: their views by role, the spread between roles and "
                                "the agreed ratings, respecting the minimum group size. Computed, not loaded back; an "
                                "agreed rating changes in the app's consensus view."),
        ("Scores sheet", "Target % and Weight per section load back; the scores are recomputed by the app."),
        ("Action plan sheet", "Every column loads back. Add measures as new rows at the bottom and leave their "
                              "ID empty; delete a row to drop a measure."),
        ("Everything else", "is recomputed or read from the app's records; edits there are not loaded back."),
        ("Hidden sheet _meta", "holds the ids and versions the app needs to recognise this report. Do not edit it."),
        ("Hidden sheet _respondents", "only in a report with respondents: every respondent's own answers and the "
                                      "agreed ratings, so the report loads back whole. Do not edit it; a report "
                                      "without it keeps the respondents stored in the app."),
    ]
    _label_rows(book.sheet(METHOD), rows, widths={1: 30, 2: 90})


def _meta_sheet(book: _Book, assessment: Assessment) -> None:
    ws = book.sheet(META, hidden=True)
    values = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": assessment.schema_version,
        "assessment_id": assessment.id,
        "framework": assessment.framework,
        "framework_version": assessment.framework_version,
        "assessment_type": assessment.assessment_type,
        "reviewer_of": assessment.reviewer_of or "",
        "date": assessment.date.isoformat(),
        "subject": assessment.subject.model_dump_json(),
        "assessors": json.dumps(assessment.assessors, ensure_ascii=False),
        "notes": assessment.notes,
        "sample": "yes" if assessment.sample else "no",
        "targets_set": json.dumps(sorted(assessment.targets)),
        "weights_set": json.dumps(sorted(assessment.weights)),
    }
    _put(ws, 1, 1, "key")
    _put(ws, 1, 2, "value")
    for r, (key, value) in enumerate(values.items(), start=2):
        _put(ws, r, 1, key)
        if isinstance(value, str):  # JSON can outgrow a cell (20,000 quotes escape to 40,000 characters): the
            for n, start in enumerate(range(0, max(len(value), 1), _MAX_CELL_TEXT)):  # rest goes in the next cells
                _text(ws, r, 2 + n, value[start:start + _MAX_CELL_TEXT])
        else:
            _put(ws, r, 2, value)


_PANEL_FIELDS = ("extra_roles", "respondents", "respondent_answers", "consensus", "min_group_size", "revealed")


def _has_panel(assessment: Assessment) -> bool:
    """Whether any respondent field differs from a new assessment's (then the hidden sheet carries them)."""
    return assessment.model_dump(include=set(_PANEL_FIELDS)) != Assessment.model_construct().model_dump(
        include=set(_PANEL_FIELDS))


def _group_columns(groups) -> list[tuple[str, str]]:
    return [(g, kind) for g in groups for kind in ("%", "n")]


def _views_sheet(book: _Book, assessment: Assessment, framework: Framework) -> None:
    """The respondents' views by role: only what ``respondents.views`` shows, never an individual rating."""
    ws = book.sheet(VIEWS)
    v = panel.views(assessment, framework)
    _text(ws, 1, 1, f"Views by role: {assessment.subject.name}", bold=True, font_size=14)
    note = (f"{v.respondents} respondent(s). Groups of fewer than {v.k} respondents are not shown on their own: they "
            f"are merged into '{panel.merged_label(v.k)}' when together they reach {v.k}, otherwise left out "
            f"({v.suppressed} respondent(s) left out here). A figure is shown only where at least {v.k} respondents of "
            "a group gave a rating that counts. % = mean share of the top rating; n = respondents counted; spread = "
            "highest minus lowest group mean, in points; SD = standard deviation of the individual ratings counted, "
            "in points; rank 1 = where the groups disagree most.")
    _put(ws, 2, 1, note, **_WRAP)
    ws.set_row(1, 60)
    groups = _group_columns(v.groups)

    def figures(r: int, first: int, line, ranks) -> int:
        col = first
        for g, kind in groups:
            view = line.groups.get(g)
            value = None if view is None else (round(view.mean, 1) if kind == "%" else view.n)
            _put(ws, r, col, value, num_format="0.0" if kind == "%" else "0")
            col += 1
        for value in (line.spread, line.sd):
            _put(ws, r, col, None if value is None else round(value, 1), num_format="0.0")
            col += 1
        _put(ws, r, col, ranks.get(line.id))
        return col + 1

    top = 4
    _put(ws, top, 1, f"By {framework.section_label.lower()}", bold=True, font_size=12)
    heads = ["ID", framework.section_label, *(f"{g} {kind}" for g, kind in groups), "Spread (points)", "SD (points)",
             "Disagreement rank"]
    _headings(ws, heads, row=top + 1, freeze=False)  # no frozen rows: the two tables start at different rows
    ranks = v.rank("section")
    r = top + 2
    for line in (*v.sections, v.overall):
        _put(ws, r, 1, line.id if line.level == "section" else "All")
        _put(ws, r, 2, line.title, **_WRAP)
        figures(r, 3, line, ranks)
        r += 1
    first_section, last_section = top + 2, r - 2  # without the overall row
    if v.groups:
        colours = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
        shares = [3 + n for n, (_, kind) in enumerate(groups) if kind == "%"]
        series = [(_ref(VIEWS, col, top + 1), _ref(VIEWS, col, first_section, last_section),
                   colours[n] if n < len(colours) else None) for n, col in enumerate(shares)]
        height = min(4 + 0.4 * len(v.sections) * len(v.groups), 16)
        chart = _bar_chart(book, f"Mean rating by role, per {framework.section_label.lower()} (%)", series,
                           _ref(VIEWS, 1, first_section, last_section), height_cm=height, width_cm=18)
        ws.insert_chart(r, 0, chart)  # row r + 1 counted from 1
        r += 2 + math.ceil(height / 0.5)  # rows of 15 points are about 0.53 cm: keep the chart clear

    r += 1
    _put(ws, r, 1, "By item", bold=True, font_size=12)
    item_heads = ["Item", framework.section_label, "Question", *(f"{g} {kind}" for g, kind in groups),
                  "Spread (points)", "SD (points)", "Disagreement rank", "Rating used", "Agreed rating", "Agreed by",
                  "Why (rationale)", "Decided", "Evidence given"]
    _headings(ws, item_heads, row=r + 1, freeze=False)
    ranks = v.rank("item")
    first = r + 2
    r = first
    for line in v.items:
        _put(ws, r, 1, line.id, **_TOP)
        _put(ws, r, 2, line.section, **_TOP)
        _put(ws, r, 3, framework.item_by_id[line.id].question, **_WRAP)
        col = figures(r, 4, line, ranks)
        answer = assessment.answers.get(line.id)
        _text(ws, r, col, _rating_label(framework, line.id, answer.value if answer else None) or "not answered")
        agreed = line.agreed
        if agreed is not None:
            _text(ws, r, col + 1, _rating_label(framework, line.id, agreed.value))
            _text(ws, r, col + 2, "; ".join(agreed.agreed_by), wrap=True)
            _text(ws, r, col + 3, agreed.rationale, wrap=True)
            _put(ws, r, col + 4, agreed.decided_at.date(), num_format=_DATE)
        kinds = panel.evidence_kinds(assessment, line.id)
        text = ", ".join(EVIDENCE_KINDS[k] for k in kinds) if kinds else (
            "evidence, kind not given" if panel.has_evidence(assessment, line.id) else "none")
        _text(ws, r, col + 5, text, wrap=True)
        r += 1
    spread_col = get_column_letter(4 + len(groups))
    if r > first:
        _data_bar(ws, f"{spread_col}{first}:{spread_col}{r - 1}", "#D55E00")
    widths = {1: 9, 2: 30, 3: 50} | {4 + n: 11 for n in range(len(groups) + 3)}
    widths |= {len(item_heads) - 5: 16, len(item_heads) - 4: 16, len(item_heads) - 3: 24, len(item_heads) - 2: 40,
               len(item_heads) - 1: 11, len(item_heads): 24}
    _widths(ws, widths)
    _print_setup(ws, titles=False)


def _respondents_sheet(book: _Book, assessment: Assessment) -> None:
    """Every respondent's own answers and the agreed ratings, for loading back (see the module docstring)."""
    ws = book.sheet(RESPONDENTS, hidden=True)
    rows: list[tuple] = [
        ("This hidden sheet holds every respondent's own answers and the agreed ratings, so that the report loads "
         "back into the app whole. Do not edit it.",),
        (),
        ("[settings]",), ("key", "value"),
        ("extra_roles", json.dumps(assessment.extra_roles, ensure_ascii=False)),
        ("min_group_size", assessment.min_group_size),
        ("revealed", "yes" if assessment.revealed else "no"),
        (),
        ("[respondents]",), ("id", "role", "label", "created_at"),
        *((r.id, r.role, r.label, r.created_at.isoformat()) for r in assessment.respondents),
        (),
        ("[answers]",), ("respondent", "item", "value", "reason", "evidence", "evidence_kind", "notes"),
        *((rid, item, x.value, x.reason, x.evidence, x.evidence_kind, x.notes)
          for rid, items in assessment.respondent_answers.items() for item, x in items.items()),
        (),
        ("[consensus]",), ("item", "value", "agreed_by", "rationale", "decided_at"),
        *((c.item_id, c.value, json.dumps(c.agreed_by, ensure_ascii=False), c.rationale, c.decided_at.isoformat())
          for c in assessment.consensus.values()),
    ]
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            if isinstance(value, str):
                _text(ws, r, col, value)
            elif value is not None:
                _put(ws, r, col, value)


def export_report(assessment: Assessment, framework: Framework, individual_answers: bool = True) -> bytes:
    """The report workbook as bytes; with respondents, also their views by role and (unless ``individual_answers``
    is False, for a report that leaves the team) the hidden sheet of their own answers that a round trip needs.
    Importing a report without it keeps those stored in the app. Sheets are made in reading order
    (``SHEET_ORDER``): XlsxWriter keeps them in the order they are added."""
    result = score(assessment, framework)
    book = _Book(f"{framework.short_title} report: {assessment.subject.name}")
    _summary_sheet(book, assessment, framework, result)  # its chart reads the Scores sheet, filled in below
    _scores_sheet(book, assessment, framework, result)
    _answers_sheet(book, assessment, framework)
    if assessment.respondents or assessment.consensus:
        _views_sheet(book, assessment, framework)
    _gaps_sheet(book, framework, result)
    _plan_sheet(book, assessment, framework)
    _method_sheet(book, framework)
    _meta_sheet(book, assessment)
    if individual_answers and _has_panel(assessment):
        _respondents_sheet(book, assessment)
    return book.to_bytes()


def report_filename(assessment: Assessment) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in assessment.subject.name).strip("-")[:40] or "assessment"
    return f"{safe}-{assessment.framework}-{assessment.assessment_type}-{assessment.date.isoformat()}.xlsx"


# --------------------------------------------------------------------------------------------- reading


def check_container(data: bytes) -> list[str]:
    """What makes these bytes unsafe or impossible to open as a workbook, before any XML is parsed."""
    if len(data) > MAX_UPLOAD_BYTES:
        return [f"the file is {len(data) / 1024 / 1024:.1f} MB, more than the {MAX_UPLOAD_BYTES // 1024 // 1024} MB "
                "a report can be. Upload the report as the app exported it."]
    if not data:
        return ["the file is empty."]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ["this is an old-format Excel file (.xls). Open it in Excel or LibreOffice, save it as "
                "'Excel Workbook (.xlsx)', and upload that."]
    if not data.startswith(b"PK"):
        return ["this is not an Excel workbook (.xlsx). Upload a report that was downloaded from this app."]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_UNPACKED_BYTES or any(
                    m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members):
                return ["the file would unpack to far more data than any report holds (a 'zip bomb'), so it was "
                        "not opened."]
            if "xl/workbook.xml" not in names:
                return ["this is a zip file but not an Excel workbook (.xlsx). Upload a report that was downloaded "
                        "from this app."]
            bad = archive.testzip()
            if bad:
                return [f"the file is damaged (part '{bad}' is corrupt). Download the report again."]
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        return ["the file is damaged or incomplete (it may not have finished downloading or saving). "
                "Download or save the report again."]
    return []


@dataclass
class _Reader:
    """Collects every problem with its place, so the user sees them all at once."""

    problems: list[str] = field(default_factory=list)

    def add(self, sheet: str, row: int | None, col: int | None, heading: str | None, message: str) -> None:
        place = f"sheet '{sheet}'"
        if row is not None:
            place += f", row {row}"
        if col is not None:
            place += f", column {get_column_letter(col)}" + (f" ({heading})" if heading else "")
        self.problems.append(f"{place[0].upper()}{place[1:]}: {message}")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cell_date(value) -> dt.date | None | str:
    """A date from a cell, or the error text to show."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        return from_excel(value).date()
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return f"'{text[:40]}' is not a date. Write it as a date such as 2027-03-31."


def _rows(ws, reader: _Reader, sheet: str) -> list[tuple]:
    rows = []
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if n > MAX_ROWS:
            reader.add(sheet, None, None, None, f"has more than {MAX_ROWS} rows; a report never needs that many.")
            break
        rows.append(row)
    return rows


def _columns(rows: list[tuple], headings: tuple[str, ...], sheet: str, reader: _Reader,
             renamed: dict[int, str] | None = None) -> dict[str, int] | None:
    """Map each expected heading to its column (1-based); a missing heading is a located problem."""
    found = {}
    header = rows[0] if rows else ()
    for index, heading in enumerate(headings):
        alias = (renamed or {}).get(index, heading)
        for col, value in enumerate(header, start=1):
            if isinstance(value, str) and value.strip().casefold() in (heading.casefold(), alias.casefold()):
                found[heading] = col
                break
        else:
            reader.add(sheet, 1, None, None, f"the column '{alias}' is missing. Keep the headings as exported.")
    return found if len(found) == len(headings) else None


def _get(row: tuple, col: int):
    return row[col - 1] if col - 1 < len(row) else None


def _read_meta(wb, reader: _Reader, frameworks: dict[str, Framework]) -> tuple[dict, Framework | None]:
    if META not in wb.sheetnames:
        reader.add(META, None, None, None, "this sheet is missing, so the workbook is not a report exported by this "
                   "app (or the sheet was deleted). Only reports downloaded from the app can be loaded back.")
        return {}, None
    meta, rows_of = {}, {}
    for n, row in enumerate(wb[META].iter_rows(min_row=2, max_row=100, values_only=True), start=2):
        if row and row[0]:
            value, more = _get(row, 2), [c for c in row[2:] if isinstance(c, str)]
            meta[str(row[0])] = value + "".join(more) if isinstance(value, str) and more else value
            rows_of[str(row[0])] = n
    if meta.get("format") != FORMAT:
        reader.add(META, rows_of.get("format"), 2, None, "this is not a report exported by this app.")
        return meta, None
    if str(meta.get("format_version")) not in (str(FORMAT_VERSION), f"{FORMAT_VERSION}.0"):
        reader.add(META, rows_of.get("format_version"), 2, None,
                   f"the report format {meta.get('format_version')} is newer than this app reads ({FORMAT_VERSION}).")
        return meta, None
    fw_id, version = _cell_text(meta.get("framework")), _cell_text(meta.get("framework_version"))
    framework = frameworks.get(fw_id)
    if framework is None:
        known = ", ".join(sorted(frameworks)) or "none"
        reader.add(META, rows_of.get("framework"), 2, None,
                   f"the report is for the framework '{fw_id}', which this app does not have (it has: {known}).")
        return meta, None
    if version != framework.version:
        reader.add(META, rows_of.get("framework_version"), 2, None,
                   f"the report was made with version {version} of {framework.short_title}, but this app has version "
                   f"{framework.version}. Answers cannot be read against other questions; ask your administrator "
                   f"for the {framework.short_title} {version} questionnaire.")
        return meta, None
    for key in ("assessment_id", "subject", "date", "assessment_type"):
        if not meta.get(key):
            reader.add(META, rows_of.get(key), 2, None, f"the value '{key}' is missing. Do not edit this sheet.")
    return meta, framework


def _read_scores(wb, framework: Framework, meta: dict, reader: _Reader) -> tuple[dict, dict]:
    targets: dict[str, float] = {}
    weights: dict[str, float] = {}
    if SCORES not in wb.sheetnames:
        reader.add(SCORES, None, None, None, "this sheet is missing. Keep every sheet of the report.")
        return targets, weights
    rows = _rows(wb[SCORES], reader, SCORES)
    cols = _columns(rows, SCORE_HEADINGS, SCORES, reader, renamed={1: framework.section_label})
    if cols is None:
        return targets, weights
    explicit_t = set(json.loads(meta.get("targets_set") or "[]"))
    explicit_w = set(json.loads(meta.get("weights_set") or "[]"))
    seen = set()
    for n, row in enumerate(rows[1:], start=2):
        section_id = _cell_text(_get(row, cols["ID"])).strip()
        if not section_id:
            break  # the section table ends at the first empty row; item scores follow below
        if section_id not in framework.section_by_id:
            reader.add(SCORES, n, cols["ID"], "ID", f"'{section_id[:40]}' is not a {framework.section_label.lower()} "
                       f"of {framework.short_title}.")
            continue
        seen.add(section_id)
        for heading, low, high, out, explicit, default in (
                ("Target %", 0, 100, targets, explicit_t, framework.default_target),
                ("Weight", 0, 1000, weights, explicit_w, 1.0)):
            value = _get(row, cols[heading])
            if value is None or value == "":
                continue
            if isinstance(value, str):
                try:
                    value = float(value.replace(",", ".").replace("%", "").strip())
                except ValueError:
                    reader.add(SCORES, n, cols[heading], heading, f"'{value[:40]}' is not a number.")
                    continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
                reader.add(SCORES, n, cols[heading], heading, f"{_cell_text(value)[:40]} is not a number from {low} "
                           f"to {high}.")
                continue
            if section_id in explicit or value != default:
                out[section_id] = value
    for missing in [s.id for s in framework.sections if s.id not in seen]:
        reader.add(SCORES, None, None, None, f"the row for {missing} is missing. Keep the rows as exported.")
    return targets, weights


def _evidence_kind(text: str) -> str | None | bool:
    """The key of an evidence kind written as its label or key; None for empty, False for anything else."""
    text = " ".join(text.split()).casefold()
    if not text:
        return None
    return next((k for k, label in EVIDENCE_KINDS.items() if text in (k, label.casefold())), False)


def _read_answers(wb, framework: Framework, reader: _Reader,
                  row_of: dict[str, int] | None = None) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    if ANSWERS not in wb.sheetnames:
        reader.add(ANSWERS, None, None, None, "this sheet is missing. Keep every sheet of the report.")
        return answers
    rows = _rows(wb[ANSWERS], reader, ANSWERS)
    required = tuple(h for h in ANSWER_HEADINGS if h not in OPTIONAL_ANSWER_HEADINGS)
    cols = _columns(rows, required, ANSWERS, reader, renamed={1: framework.section_label})
    if cols is None:
        return answers
    header = rows[0] if rows else ()
    kind_col = next((c for c, value in enumerate(header, start=1)
                     if isinstance(value, str) and value.strip().casefold() == "evidence kind"), None)
    seen: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        item_id = _cell_text(_get(row, cols["Item"])).strip()
        texts = {k: _cell_text(_get(row, cols[h])) for k, h in
                 (("reason", "Why not relevant"), ("evidence", "Evidence"), ("notes", "Notes"))}
        kind_text = _cell_text(_get(row, kind_col)) if kind_col else ""
        rating = _cell_text(_get(row, cols["Rating"])).strip()
        if not item_id:
            if rating or any(texts.values()) or kind_text.strip():
                reader.add(ANSWERS, n, cols["Item"], "Item", "this row has an answer but no item id. Keep the item "
                           "ids as exported.")
            continue
        item = framework.item_by_id.get(item_id)
        if item is None:
            reader.add(ANSWERS, n, cols["Item"], "Item", f"'{item_id[:40]}' is not an item of {framework.short_title} "
                       f"{framework.version}.")
            continue
        if item_id in seen:
            reader.add(ANSWERS, n, cols["Item"], "Item", f"item {item_id} appears twice. Keep one row per item.")
            continue
        seen.add(item_id)
        if row_of is not None:
            row_of[item_id] = n
        kind = _evidence_kind(kind_text)
        if kind is False:
            choices = ", ".join(f"'{label}'" for label in EVIDENCE_KINDS.values())
            reader.add(ANSWERS, n, kind_col, "Evidence kind", f"'{kind_text.strip()[:40]}' is not a kind of evidence. "
                       f"Choose one of {choices}, or leave it empty.")
            continue
        value = None
        if rating:
            scale = framework.scale_for(item)
            option = next((o for o in scale.options
                           if rating.casefold() in (o.label.casefold(), o.value.casefold())), None)
            if option is None:
                choices = ", ".join(f"'{o.label}'" for o in scale.options)
                reader.add(ANSWERS, n, cols["Rating"], "Rating", f"'{rating[:40]}' is not a rating on this scale. "
                           f"Choose one of {choices}, or leave it empty.")
                continue
            value = option.value
        try:
            answer = Answer(value=value, evidence_kind=kind, **texts)
        except ValidationError as exc:
            err = exc.errors()[0]
            heading = {"reason": "Why not relevant", "evidence": "Evidence", "notes": "Notes"}[str(err["loc"][0])]
            reader.add(ANSWERS, n, cols[heading], heading, err["msg"])
            continue
        if not answer.is_empty():
            answers[item_id] = answer
    missing = [i for i in framework.item_by_id if i not in seen]
    if missing:
        shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
        reader.add(ANSWERS, None, None, None, f"{len(missing)} item row(s) are missing ({shown}). Keep one row per "
                   "item as exported; leave the rating empty instead of deleting a row.")
    return answers


_BLOCKS = {"[settings]": ("key", "value"), "[respondents]": ("id", "role", "label", "created_at"),
           "[answers]": ("respondent", "item", "value", "reason", "evidence", "evidence_kind", "notes"),
           "[consensus]": ("item", "value", "agreed_by", "rationale", "decided_at")}


def _read_respondents(wb, reader: _Reader) -> dict | None:
    """The respondent fields of the assessment from the hidden sheet; None when the report has no such sheet."""
    if RESPONDENTS not in wb.sheetnames:
        return None
    sheet = RESPONDENTS
    out: dict = {"extra_roles": [], "min_group_size": 3, "revealed": False, "respondents": [],
                 "respondent_answers": {}, "consensus": {}}
    block, expect_header = None, False
    ids: set[str] = set()
    bad = "Do not edit this sheet; export the report again from the app."
    for n, row in enumerate(wb[sheet].iter_rows(values_only=True), start=1):
        if n > MAX_RESPONDENT_ROWS:
            reader.add(sheet, None, None, None, f"has more than {MAX_RESPONDENT_ROWS} rows; a report never needs that many.")
            break
        cells = [_cell_text(c) for c in row]
        if not any(c.strip() for c in cells):
            continue
        first = cells[0].strip()
        if first in _BLOCKS:
            block, expect_header = first, True
            continue
        if block is None:
            continue  # the explanation at the top
        if expect_header:
            expect_header = False
            if tuple(c.strip() for c in cells[:len(_BLOCKS[block])]) != _BLOCKS[block]:
                reader.add(sheet, n, None, None, f"the headings of the block {block} were changed. {bad}")
                block = None
            continue
        values = dict(zip(_BLOCKS[block], cells + [""] * len(_BLOCKS[block])))
        try:
            if block == "[settings]":
                key, value = values["key"], values["value"]
                if key == "extra_roles":
                    out["extra_roles"] = json.loads(value or "[]")
                elif key == "min_group_size":
                    out["min_group_size"] = int(value)
                elif key == "revealed":
                    out["revealed"] = value == "yes"
            elif block == "[respondents]":
                r = Respondent(id=values["id"], role=values["role"], label=values["label"],
                               created_at=dt.datetime.fromisoformat(values["created_at"]))
                if r.id in ids:
                    reader.add(sheet, n, 1, "id", f"the respondent '{r.id}' is listed twice. {bad}")
                    continue
                out["respondents"].append(r)
                ids.add(r.id)
            elif block == "[answers]":
                rid, item = values["respondent"], values["item"]
                if rid not in ids:
                    reader.add(sheet, n, 1, "respondent", f"'{rid[:40]}' is not a respondent listed above. {bad}")
                    continue
                answer = Answer(value=values["value"] or None, reason=values["reason"], evidence=values["evidence"],
                                evidence_kind=values["evidence_kind"] or None, notes=values["notes"])
                out["respondent_answers"].setdefault(rid, {})[item] = answer
            else:
                c = Consensus(item_id=values["item"], value=values["value"], agreed_by=json.loads(values["agreed_by"] or "[]"),
                              rationale=values["rationale"], decided_at=dt.datetime.fromisoformat(values["decided_at"]))
                out["consensus"][c.item_id] = c
        except (ValidationError, ValueError, TypeError) as exc:
            reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else exc.__class__.__name__
            reader.add(sheet, n, None, None, f"a row of the block {block} cannot be read ({reason}). {bad}")
    return out


def _read_plan(wb, framework: Framework, reader: _Reader) -> list[Action]:
    actions: list[Action] = []
    if PLAN not in wb.sheetnames:
        reader.add(PLAN, None, None, None, "this sheet is missing. Keep every sheet of the report.")
        return actions
    rows = _rows(wb[PLAN], reader, PLAN)
    cols = _columns(rows, PLAN_HEADINGS, PLAN, reader)
    if cols is None:
        return actions
    seen_ids: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        raw = {h: _get(row, c) for h, c in cols.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        values: dict = {}
        ok = True
        for name, heading in PLAN_COLUMNS.items():
            col = cols[heading]
            value = raw[heading]
            if name in ("start", "end"):
                parsed = _cell_date(value)
                if isinstance(parsed, str):
                    reader.add(PLAN, n, col, heading, parsed)
                    ok = False
                values[name] = None if isinstance(parsed, str) else parsed
            elif name in ("priority", "status"):
                text = _cell_text(value).strip()
                choices = PRIORITIES if name == "priority" else STATUSES
                match = next((c for c in choices if c.casefold() == text.casefold()), None)
                if text and match is None:
                    reader.add(PLAN, n, col, heading, f"'{text[:40]}' is not one of {', '.join(choices)}.")
                    ok = False
                values[name] = match or choices[0 if name == "status" else 1]
            elif name == "section":
                text = _cell_text(value).strip()
                if text and text not in framework.section_by_id:
                    reader.add(PLAN, n, col, heading, f"'{text[:40]}' is not a {framework.section_label.lower()}; "
                               f"use one of {', '.join(framework.section_by_id)} or leave it empty.")
                    ok = False
                values[name] = text
            else:
                values[name] = _cell_text(value)
        ident = _cell_text(raw["ID"]).strip()
        if not ident or ident in seen_ids:
            ident = uuid.uuid4().hex[:12]  # a row added (or copied) in the spreadsheet
        seen_ids.add(ident)
        if values["start"] and values["end"] and values["end"] < values["start"]:
            reader.add(PLAN, n, cols["End"], "End", "the end date is before the start date.")
            ok = False
        if not ok:
            continue
        try:
            actions.append(Action(id=ident, **values))
        except ValidationError as exc:
            err = exc.errors()[0]
            heading = PLAN_COLUMNS.get(str(err["loc"][0]), str(err["loc"][0]))
            reader.add(PLAN, n, cols.get(heading), heading, err["msg"])
    return actions


def _unreadable(source: str, exc: BaseException) -> WorkbookError:
    """openpyxl wraps parser errors; defusedxml's refusal may sit anywhere in the chain."""
    seen = exc
    while seen is not None:
        if type(seen).__module__.startswith("defusedxml"):
            return WorkbookError(source, ["the file contains XML constructs that are refused for safety (entity "
                                          "declarations). Export the report again from the app."])
        seen = seen.__cause__ or seen.__context__
    return WorkbookError(source, ["the file is damaged or is not a workbook this app can read. Open it in Excel or "
                                  "LibreOffice, save it as .xlsx, and try again."])


def read_report(data: bytes, frameworks: dict[str, Framework], source: str = "The workbook") -> Assessment:
    """The assessment a report workbook holds, or a WorkbookError listing every problem with its place."""
    return _read_report(data, frameworks, source)[0]


class _WorkbookReader(ExcelReader):
    """openpyxl's reader with its shared strings decoded as the file format says.

    Excel, LibreOffice and XlsxWriter keep text in the shared-strings part, where ``_xHHHH_`` stands for a
    character and ``_x005F_`` for a literal underscore before such a sequence; openpyxl deletes every ``x005F_``
    there instead, so a text that contains it would come back changed.
    """

    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is None:
            return
        strings = []
        with self.archive.open(part.PartName[1:]) as src:
            for _, node in iterparse(src):  # openpyxl's parser: defusedxml's where it is installed
                if node.tag == _STRING_TAG:
                    strings.append(_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), Text.from_tree(node).content))
                    node.clear()
        self.shared_strings = strings


_STRING_TAG = f"{{{SHEET_MAIN_NS}}}si"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _load(data: bytes):
    reader = _WorkbookReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _read_report(data: bytes, frameworks: dict[str, Framework], source: str) -> tuple[Assessment, bool]:
    """The assessment, and whether the report carried its respondents (the hidden sheet ``_respondents``)."""
    problems = check_container(data)
    if problems:
        raise WorkbookError(source, problems)
    with warnings.catch_warnings():  # formatting openpyxl does not know (Excel's extensions) is not read anyway
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        return _parse_report(data, frameworks, source)


def _parse_report(data: bytes, frameworks: dict[str, Framework], source: str) -> tuple[Assessment, bool]:
    try:
        wb = _load(data)
    except Exception as exc:  # noqa: BLE001 - any parser failure means the same thing to the user
        raise _unreadable(source, exc) from None
    try:
        reader = _Reader()
        meta, framework = _read_meta(wb, reader, frameworks)
        if framework is None or reader.problems:
            raise WorkbookError(source, reader.problems)
        targets, weights = _read_scores(wb, framework, meta, reader)
        row_of: dict[str, int] = {}
        answers = _read_answers(wb, framework, reader, row_of)
        actions = _read_plan(wb, framework, reader)
        parts = _read_respondents(wb, reader)
        if parts is not None and not reader.problems:
            _check_agreed(framework, answers, parts["consensus"], row_of, reader)
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _unreadable(source, exc) from None
    finally:
        wb.close()
    if reader.problems:
        raise WorkbookError(source, reader.problems)
    try:
        assessment = Assessment(
            schema_version=SCHEMA_VERSION,
            id=_cell_text(meta["assessment_id"]),
            framework=framework.id,
            framework_version=framework.version,
            subject=Subject.model_validate_json(meta["subject"]),
            assessment_type=_cell_text(meta["assessment_type"]),
            assessors=json.loads(meta.get("assessors") or "[]"),
            reviewer_of=_cell_text(meta.get("reviewer_of")) or None,
            date=_cell_date(meta["date"]),
            answers=answers,
            targets=targets,
            weights=weights,
            actions=actions,
            notes=_cell_text(meta.get("notes")),
            sample=meta.get("sample") == "yes",
            **(parts or {}),
        )
    except (ValidationError, ValueError, TypeError) as exc:
        raise WorkbookError(source, [f"Sheet '{META}': its values were changed and cannot be read ({exc.__class__.__name__}). "
                                     "Do not edit this sheet; export the report again from the app."]) from None
    problems = check_against(assessment, framework)
    if problems:
        raise WorkbookError(source, problems)
    return assessment, parts is not None


def _check_agreed(framework: Framework, answers: dict[str, Answer], agreed: dict[str, Consensus],
                  row_of: dict[str, int], reader: _Reader) -> None:
    """A rating on the Answers sheet that differs from the item's agreed rating is refused, not silently dropped."""
    for item_id, c in agreed.items():
        if item_id not in framework.item_by_id:
            continue  # check_against names it
        answer = answers.get(item_id)
        value = answer.value if answer else None
        if value != c.value:
            label = _rating_label(framework, item_id, c.value)
            shown = _rating_label(framework, item_id, value) or "empty"
            reader.add(ANSWERS, row_of.get(item_id), 4, "Rating",
                       f"item {item_id} has an agreed rating, '{label}' (the team's consensus), but the rating here "
                       f"is '{shown}'. Set it back to '{label}', or change the agreed rating in the app's consensus "
                       "view.")


def import_report(store, data: bytes, frameworks: dict[str, Framework],
                  source: str = "The workbook") -> tuple[Assessment, bool]:
    """Read a report and save it, replacing the same assessment if it is stored; a refused file changes nothing.

    A report without the hidden sheet ``_respondents`` (from before respondents existed, or exported with
    ``individual_answers=False``) keeps the respondents, their answers, the agreed ratings and the reveal
    settings already stored for the assessment. Returns the assessment and whether it replaced one already stored.
    """
    assessment, whole = _read_report(data, frameworks, source)  # raises before the store is touched
    stored = store.get(assessment.id)
    if stored is not None and not whole:
        reader = _Reader()
        _check_agreed(frameworks[assessment.framework], assessment.answers, stored.consensus, {}, reader)
        if reader.problems:
            raise WorkbookError(source, reader.problems)
        kept = stored.model_dump(include=set(_PANEL_FIELDS))
        assessment = Assessment.model_validate(assessment.model_dump() | kept)
    replaced = stored is not None
    store.save(assessment)
    return assessment, replaced
