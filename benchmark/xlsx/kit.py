"""The writing kit both workbooks share (the report and the comparison): cell helpers, formats, charts.

Rows and columns count from 1 here, as on screen and in the reading code. Every piece of user text goes through
``put_text``, which keeps it text (``safety``); ``put`` is for values the app made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from xlsxwriter.chart import Chart

from ..charts import palette
from ..tables import status_of
from . import measure, paper
from .adapter import Book, Sheet
from .safety import reads_as_formula, text_for_cell

_MAX_RULE_MESSAGE = 255  # Excel's limit for a drop-down's error message (XlsxWriter drops a longer rule)
_PX_PER_CM = 96 / 2.54  # XlsxWriter sizes charts in pixels
DATE = "yyyy-mm-dd"

HEADER: dict[str, Any] = {
    "bold": True,
    "font_color": "#FFFFFF",
    "bg_color": "#0072B2",  # Okabe-Ito blue, as in the app
    "text_wrap": True,
    "valign": "vcenter",
}
INPUT: dict[str, Any] = {"bg_color": "#FFF3CC"}  # cells the reader may edit and load back
WRAP: dict[str, Any] = {"text_wrap": True, "valign": "top"}


def put(ws: Sheet, row: int, col: int, value: str | float | dt.date | None, **style: Any) -> None:
    """A value the app made (a number, a date, or text of the app or a framework file); no value leaves the cell
    empty but keeps its look. Dates need a ``num_format``, else they show as numbers. Text wraps (its row grows
    to fit it on paper, ``paper``); a number keeps a space from the text of the cell to its right."""
    if isinstance(value, str) and value:
        _write_text(ws, row, col, value, style)
        return
    if value is not None and not isinstance(value, str):
        style = {"align": "right", "indent": 1, "valign": "top"} | style
    fmt = ws.book.style(**style)
    if isinstance(value, dt.date):
        ws.write_datetime(row - 1, col - 1, value, fmt)
    elif value is None or isinstance(value, str):
        if fmt is not None:
            ws.write_blank(row - 1, col - 1, None, fmt)
    else:
        ws.write_number(row - 1, col - 1, value, fmt)


def put_text(ws: Sheet, row: int, col: int, value: str | None, **style: Any) -> None:
    """A user's text, always a text cell: what no cell can hold is dropped and it is cut to the most a cell holds;
    text a spreadsheet would run as a formula keeps a quote prefix, so it stays text when edited there too.
    Empty text leaves the cell empty, with the look of the cells around it (an input cell stays yellow)."""
    value = text_for_cell(value)
    if reads_as_formula(value):
        style["quote_prefix"] = True
    if value:
        _write_text(ws, row, col, value, style)
    else:
        ws.write_blank(row - 1, col - 1, None, ws.book.style(**(WRAP | style)))


def _write_text(ws: Sheet, row: int, col: int, value: str, style: dict[str, Any], span: int = 1) -> None:
    """Text wrapped in its column; a text too long for one row at its size is set smaller (``measure``), so it
    still prints whole. The text is noted for its row's height."""
    size = style.get("font_size", measure.DEFAULT_SIZE)
    bold = style.get("bold", False)
    if len(value) > 200 and ws.sizes.measured:
        fitting = measure.fitting_size(value, ws.sizes.width(col - 1, span), size, bold)
        if fitting != size:
            size = fitting
            style = style | {"font_size": size}
    ws.sizes.note(row - 1, col - 1, value, size, bold, span)
    ws.write_string(row - 1, col - 1, value, ws.book.style(**(WRAP | style)))


def put_merged(ws: Sheet, row: int, col: int, last_col: int, value: str, **style: Any) -> None:
    """Text of the app across the columns ``col..last_col`` of one row."""
    ws.merge_range(row - 1, col - 1, row - 1, last_col - 1, "", ws.book.style(**(WRAP | style)))
    _write_text(ws, row, col, value, style, span=last_col - col + 1)


def set_widths(ws: Sheet, widths: Mapping[int, float]) -> None:
    for col, width in widths.items():
        ws.set_column(col - 1, col - 1, width)
        ws.sizes.widths[col - 1] = width


def set_height(ws: Sheet, row: int, points: float) -> None:
    """A row at least this tall (taller when its text needs it)."""
    ws.sizes.least[row - 1] = points


def put_headings(
    ws: Sheet, headings: Iterable[str], row: int = 1, widths: Mapping[int, float] | None = None, freeze: bool = True
) -> None:
    """Headings may name things users made (roles), so they are written as user text."""
    for col, heading in enumerate(headings, start=1):
        put_text(ws, row, col, heading, **HEADER)
    set_widths(ws, widths or {})
    if freeze:
        ws.freeze_panes(row, 0)


def print_setup(ws: Sheet, titles: bool = True, repeat: int = 0) -> None:
    """Ready for paper (``paper.finish``): ``titles`` repeats the heading row on every page; a sheet too wide for
    a page repeats its first ``repeat`` columns on every page across."""
    paper.finish(ws, ws.sizes, ws.book.header, titles=titles, repeat=repeat)


def comment(ws: Sheet, cell: str, text: str) -> None:
    ws.write_comment(cell, text, {"author": "Benchmark"})


def drop_down(ws: Sheet, cells: str, choices: Iterable[str], title: str, error: str) -> None:
    """A reader picks what the import accepts, and the spreadsheet refuses anything else before the app has to.
    ``cells``: ranges separated by spaces."""
    if len(error) > _MAX_RULE_MESSAGE:
        error = error[: _MAX_RULE_MESSAGE - 1] + "…"
    ws.data_validation(
        cells.split()[0],
        {
            "validate": "list",
            "source": list(choices),
            "ignore_blank": True,
            "show_error": True,
            "error_title": title,
            "error_message": error,
            "multi_range": cells,
        },
    )


def row_runs(letter: str, rows: list[int]) -> str:
    """Rows of one column as ranges ("D2:D5 D9"): a scale's drop-down covers only its own items, which need not be
    next to each other."""
    runs: list[str] = []
    start: int | None = rows[0]
    for previous, row in zip(rows, [*rows[1:], None]):
        if row != previous + 1:
            runs.append(f"{letter}{start}" + (f":{letter}{previous}" if previous != start else ""))
            start = row
    return " ".join(runs)


def data_bar(ws: Sheet, cells: str, colour: str) -> None:
    """Bars for 0 to 100 in the plain (Excel 2007) form: every spreadsheet reads it, and openpyxl, which reads the
    report back, would warn about the 2010 form and drop it."""
    ws.conditional_format(
        cells,
        {
            "type": "data_bar",
            "min_type": "num",
            "min_value": 0,
            "max_type": "num",
            "max_value": 100,
            "bar_color": colour,
            "data_bar_2010": False,
        },
    )


def chart_ref(sheet: str, col: int, first_row: int, last_row: int | None = None) -> str:
    """A cell, or part of a column, as a chart reference; the sheet name quoted, as Excel writes it."""
    letter = get_column_letter(col)
    cells = f"${letter}${first_row}" + ("" if last_row is None else f":${letter}${last_row}")
    return f"='{sheet}'!{cells}"


# What a colour means is the app's (``charts.palette``): the score blue, a score short of its target orange, the
# target a black outline (a reference drawn over the data, like the app's black tick), no judgement grey.
SCORE_LOOK: dict[str, Any] = {"fill": {"color": palette.SCORE}, "border": {"color": palette.SCORE}}
TARGET_LOOK: dict[str, Any] = {"fill": {"none": True}, "border": {"color": palette.TARGET, "width": 1.25}}
BELOW_TARGET_FILL: dict[str, Any] = {"bg_color": "#F5D9A8"}  # palette.BELOW_TARGET lightened, for black text


def solid(colour: str) -> dict[str, Any]:
    return {"fill": {"color": colour}, "border": {"color": colour}}


def score_points(scores: Sequence[float | None], targets: Sequence[float]) -> list[dict[str, Any]]:
    """Each score bar in the colour of its status against its target, as the app's result chart colours it."""
    return [
        solid(palette.STATUS_COLOURS[status_of(None if score is None else target - score)])
        for score, target in zip(scores, targets)
    ]


# A chart is anchored to the cells it covers, and LibreOffice's columns are a third wider than Excel's (see
# ``measure``): a chart 13 cm wide in Excel covers about 17 cm there, still inside a portrait page.
CHART_WIDTH_CM = 13
_CHART_TYPE = {"size": 9}  # points: a chart printed at full size keeps readable type


def bar_chart(
    book: Book,
    title: str,
    series: Sequence[tuple[str, str, dict[str, Any] | None]],
    categories: str,
    height_cm: float,
    width_cm: float,
    value_title: str | None = None,
    kind: str = "bar",
) -> Chart:
    """Bars on a 0-100 % scale (``kind`` "bar" horizontal, the first category on top as in the table beside it;
    "column" upright); ``series`` are (name reference, values reference, look or None for the spreadsheet's
    own colours)."""
    chart = book.add_chart({"type": kind})
    for name, values, look in series:
        chart.add_series({"name": name, "values": values, "categories": categories, **(look or {})})
    chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}})
    # XlsxWriter's x axis is the categories of a column chart and the values of a bar chart.
    values_axis = {
        "min": 0,
        "max": 100,
        "num_font": _CHART_TYPE,
        **({"name": value_title, "name_font": _CHART_TYPE} if value_title else {}),
    }
    categories_axis = {"num_font": _CHART_TYPE, **({"reverse": True} if kind == "bar" else {})}
    chart.set_x_axis(values_axis if kind == "bar" else categories_axis)
    chart.set_y_axis(categories_axis if kind == "bar" else values_axis)
    chart.set_legend({"position": "bottom", "font": _CHART_TYPE})
    chart.set_size({"width": round(width_cm * _PX_PER_CM), "height": round(height_cm * _PX_PER_CM)})
    return chart


def label_rows(ws: Sheet, rows: Sequence[tuple[str, str | None]], widths: Mapping[int, float]) -> None:
    """A method sheet: label and text per row; a label without text is a heading, the first one the title."""
    set_widths(ws, widths)
    for r, (label, text) in enumerate(rows, start=1):
        heading = {"bold": True, "font_size": 13 if r == 1 else 11} if text is None and label else {}
        put(ws, r, 1, label or None, **heading)
        if text is not None:
            put(ws, r, 2, text)
    print_setup(ws, titles=False)
