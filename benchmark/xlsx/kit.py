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

from .adapter import Book, Sheet
from .safety import reads_as_formula, text_for_cell

_MAX_RULE_MESSAGE = 255  # Excel's limit for a drop-down's error message (XlsxWriter drops a longer rule)
_PX_PER_CM = 96 / 2.54  # XlsxWriter sizes charts in pixels
DATE = "yyyy-mm-dd"

HEADER: dict[str, Any] = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#0072B2",  # Okabe-Ito blue, as in the app
                         "text_wrap": True, "valign": "vcenter"}
INPUT: dict[str, Any] = {"bg_color": "#FFF3CC"}  # cells the reader may edit and load back
WRAP: dict[str, Any] = {"text_wrap": True, "valign": "top"}
TOP: dict[str, Any] = {"valign": "top"}


def put(ws: Sheet, row: int, col: int, value: str | float | dt.date | None, **style: Any) -> None:
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


def put_text(ws: Sheet, row: int, col: int, value: str | None, wrap: bool = False, **style: Any) -> None:
    """A user's text, always a text cell: what no cell can hold is dropped and it is cut to the most a cell holds;
    text a spreadsheet would run as a formula keeps a quote prefix, so it stays text when edited there too.
    Empty text leaves the cell empty, with the look of the cells around it (an input cell stays yellow)."""
    value = text_for_cell(value)
    if reads_as_formula(value):
        style["quote_prefix"] = True
    fmt = ws.book.style(**((WRAP if wrap else TOP) | style))
    if value:
        ws.write_string(row - 1, col - 1, value, fmt)
    else:
        ws.write_blank(row - 1, col - 1, None, fmt)


def set_widths(ws: Sheet, widths: Mapping[int, float]) -> None:
    for col, width in widths.items():
        ws.set_column(col - 1, col - 1, width)


def put_headings(ws: Sheet, headings: Iterable[str], row: int = 1, widths: Mapping[int, float] | None = None,
                 freeze: bool = True) -> None:
    """Headings may name things users made (roles), so they are written as user text."""
    for col, heading in enumerate(headings, start=1):
        put_text(ws, row, col, heading, **HEADER)
    set_widths(ws, widths or {})
    if freeze:
        ws.freeze_panes(row, 0)


def print_setup(ws: Sheet, titles: bool = True) -> None:
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if titles:
        ws.repeat_rows(0)


def comment(ws: Sheet, cell: str, text: str) -> None:
    ws.write_comment(cell, text, {"author": "Benchmark"})


def drop_down(ws: Sheet, cells: str, choices: Iterable[str], title: str, error: str) -> None:
    """A reader picks what the import accepts, and the spreadsheet refuses anything else before the app has to.
    ``cells``: ranges separated by spaces."""
    if len(error) > _MAX_RULE_MESSAGE:
        error = error[:_MAX_RULE_MESSAGE - 1] + "…"
    ws.data_validation(cells.split()[0], {"validate": "list", "source": list(choices),
                                          "ignore_blank": True, "show_error": True, "error_title": title,
                                          "error_message": error, "multi_range": cells})


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
    ws.conditional_format(cells, {"type": "data_bar", "min_type": "num", "min_value": 0, "max_type": "num",
                                  "max_value": 100, "bar_color": colour, "data_bar_2010": False})


def chart_ref(sheet: str, col: int, first_row: int, last_row: int | None = None) -> str:
    """A cell, or part of a column, as a chart reference; the sheet name quoted, as Excel writes it."""
    letter = get_column_letter(col)
    cells = f"${letter}${first_row}" + ("" if last_row is None else f":${letter}${last_row}")
    return f"='{sheet}'!{cells}"


def bar_chart(book: Book, title: str, series: Sequence[tuple[str, str, str | None]], categories: str,
              height_cm: float, width_cm: float, value_title: str | None = None) -> Chart:
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


def label_rows(ws: Sheet, rows: Sequence[tuple[str, str | None]], widths: Mapping[int, float]) -> None:
    """A method sheet: label and text per row; a label without text is a heading, the first one the title."""
    set_widths(ws, widths)
    for r, (label, text) in enumerate(rows, start=1):
        heading = {"bold": True, "font_size": 13 if r == 1 else 11} if text is None and label else {}
        put(ws, r, 1, label or None, **WRAP, **heading)
        if text is not None:
            put(ws, r, 2, text, **WRAP)
    print_setup(ws, titles=False)

