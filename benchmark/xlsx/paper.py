"""A sheet made ready for paper: rows tall enough for their wrapped text, the page's orientation and scale, the
heading rows repeated, and a header and footer that say what a loose page belongs to.

The cell helpers (``kit``) note each text they write in the sheet's ``Sizes``; ``finish`` then sets the row
heights (``measure``) and the page. A row's height is set only where its text needs more than one line, so most
rows keep the spreadsheet's default.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlsxwriter.worksheet import Worksheet

from . import measure

DEFAULT_WIDTH = 8.43  # a column's width when none is set
A4 = 9
HEADER_SIZE = 9  # points; headers are not scaled with the sheet
_MAX_HEADER = 250  # Excel refuses a header or footer over 255 characters


@dataclass
class Sizes:
    """What a sheet's rows hold, for their heights: column widths, and per row the wrapped texts and any height
    the writer asked for (a row keeps at least that). Rows and columns count from 0, as XlsxWriter's."""

    widths: dict[int, float] = field(default_factory=dict)
    texts: dict[int, list[tuple[int, int, str, float, bool]]] = field(default_factory=dict)
    least: dict[int, float] = field(default_factory=dict)

    def width(self, col: int, span: int = 1) -> float:
        return sum(self.widths.get(c, DEFAULT_WIDTH) + (measure.XLSX_PAD if c > col else 0.0)
                   for c in range(col, col + span))

    def note(self, row: int, col: int, text: str, size: float = measure.DEFAULT_SIZE, bold: bool = False,
             span: int = 1) -> None:
        """A text written in a cell (``span`` columns wide when merged); one-line texts need no note."""
        if text:
            self.texts.setdefault(row, []).append((col, span, text, size, bold))

    def heights(self) -> dict[int, float]:
        out = dict(self.least)
        for row, cells in self.texts.items():
            need = measure.row_height(measure.Cell(text, self.width(col, span), size, bold)
                                      for col, span, text, size, bold in cells)
            if need > measure.height(1) or row in out:
                out[row] = max(need, out.get(row, 0.0))
        return out


@dataclass(frozen=True)
class Header:
    """What every printed page names: the subject (a city, a practice, a network), the framework, the date."""

    subject: str
    framework: str
    date: str

    def texts(self) -> tuple[str, str]:
        """The page header and footer in the spreadsheet's codes (``&P`` this page, ``&N`` all pages)."""
        size = f"&{HEADER_SIZE}"
        subject = _code_free(self.subject)
        if len(subject) > 80:
            subject = subject[:79] + "…"
        header = f"&L{size}{subject}&C{size}{_code_free(self.framework)[:80]}&R{size}{_code_free(self.date)[:40]}"
        return header[:_MAX_HEADER], f"&C{size}Page &P of &N"


def _code_free(text: str) -> str:
    """A user's text in a header: an ``&`` would start a code, so it is doubled (printed as one)."""
    return " ".join(text.split()).replace("&", "&&")


def finish(ws: Worksheet, sizes: Sizes, header: Header | None, last_col: int, heading_rows: tuple[int, int] | None
           = (0, 0), repeat_cols: tuple[int, int] | None = None) -> None:
    """Row heights, then the page: A4, the orientation and scale ``measure.paper_for`` picks for the columns
    ``0..last_col``; a sheet too wide to scale readably prints across pages, its first columns repeated
    (``repeat_cols``) as well as its heading rows."""
    for row, points in sizes.heights().items():
        ws.set_row(row, points)
    paper = measure.paper_for([sizes.widths.get(c, DEFAULT_WIDTH) for c in range(last_col + 1)])
    ws.set_paper(A4)
    if paper.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if paper.fit_width:
        ws.fit_to_pages(1, 0)
    elif repeat_cols is not None:
        ws.repeat_columns(*repeat_cols)
    if heading_rows is not None:
        ws.repeat_rows(*heading_rows)
    ws.set_margins(left=measure.MARGIN, right=measure.MARGIN, top=0.75, bottom=0.75)
    if header is not None:
        top, bottom = header.texts()
        ws.set_header(top, {"scale_with_doc": False})
        ws.set_footer(bottom, {"scale_with_doc": False})
