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
DEFAULT_HEIGHT = 15.0  # a row's height in points when none is set
A4 = 9
HEADER_SIZE = 10  # points; LibreOffice scales it with a sheet fitted to the page's width (to 7 at least)


@dataclass
class Sizes:
    """What a sheet's rows hold, for their heights: column widths, and per row the wrapped texts and any height
    the writer asked for (a row keeps at least that). Rows and columns count from 0, as XlsxWriter's."""

    widths: dict[int, float] = field(default_factory=dict)
    texts: dict[int, list[tuple[int, int, str, float, bool]]] = field(default_factory=dict)
    least: dict[int, float] = field(default_factory=dict)
    measured: bool = True  # a hidden sheet is never printed: nothing in it is measured

    def width(self, col: int, span: int = 1) -> float:
        return sum(
            self.widths.get(c, DEFAULT_WIDTH) + (measure.XLSX_PAD if c > col else 0.0) for c in range(col, col + span)
        )

    def note(
        self, row: int, col: int, text: str, size: float = measure.DEFAULT_SIZE, bold: bool = False, span: int = 1
    ) -> None:
        """A text written in a cell (``span`` columns wide when merged); one-line texts need no note."""
        if text and self.measured:
            self.texts.setdefault(row, []).append((col, span, text, size, bold))

    def last_col(self) -> int:
        return max(
            [*self.widths, *(col + span - 1 for cells in self.texts.values() for col, span, *_ in cells)], default=0
        )

    def heights(self) -> dict[int, float]:
        out = dict(self.least)
        for row, cells in self.texts.items():
            need = measure.row_height(
                measure.Cell(text, self.width(col, span), size, bold) for col, span, text, size, bold in cells
            )
            if need > measure.height(1) or row in out:
                out[row] = max(need, out.get(row, 0.0))
        return out


def keep_together(ws: Worksheet, sizes: Sizes, row: int, points: float, landscape: bool = False) -> None:
    """Start a new page at ``row`` (from 0) when something ``points`` tall placed there, a chart, would run over
    the first page's end (only the first page is checked: a chart comes right after a short table)."""
    page = (595.3 if landscape else 841.9) - 2 * 0.75 * 72 - 20  # the margins, and some room for rounding
    heights = sizes.heights()
    above = sum(heights.get(r, DEFAULT_HEIGHT) for r in range(row))
    if above + points > page and above < page:
        ws.set_h_pagebreaks([row])


@dataclass(frozen=True)
class Header:
    """What every printed page names: the subject (a city, a practice, a network), the framework, the date."""

    subject: str
    framework: str
    date: str
    page: str = "Page {page} of {pages}"  # in the workbook's language: ``{page}`` and ``{pages}`` are filled in

    def texts(self) -> tuple[str, str]:
        """The page header and footer in the spreadsheet's codes (``&P`` this page, ``&N`` all pages): the
        subject left and the framework right above, the date left and the page centred below. A space ends the
        font-size code, which would otherwise run on into a date's digits."""
        size = f"&{HEADER_SIZE} "
        header = f"&L{size}{_short(self.subject, 60)}&R{size}{_short(self.framework, 50)}"
        page = _code_free(self.page).replace("{page}", "&P").replace("{pages}", "&N")
        return header, f"&L{size}{_short(self.date, 30)}&C{size}{page}"


def _short(text: str, most: int) -> str:
    text = _code_free(text)
    return text if len(text) <= most else text[: most - 1].rstrip("&") + "…"


def _code_free(text: str) -> str:
    """A user's text in a header: an ``&`` would start a code, so it is doubled (printed as one)."""
    return " ".join(text.split()).replace("&", "&&")


def finish(ws: Worksheet, sizes: Sizes, header: Header | None, titles: bool = True, repeat: int = 0) -> None:
    """Row heights, then the page: A4, the orientation and scale ``measure.paper_for`` picks for the sheet's
    columns; ``titles`` repeats the first row on every page; a sheet too wide to scale readably prints across
    pages, its first ``repeat`` columns on every one."""
    for row, points in sizes.heights().items():
        ws.set_row(row, points)
    paper = measure.paper_for([sizes.widths.get(c, DEFAULT_WIDTH) for c in range(sizes.last_col() + 1)])
    ws.set_paper(A4)
    if paper.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if paper.fit_width:
        ws.fit_to_pages(1, 0)
    elif repeat:
        ws.repeat_columns(0, repeat - 1)
    if titles:
        ws.repeat_rows(0)
    ws.set_margins(left=measure.MARGIN, right=measure.MARGIN, top=0.75, bottom=0.75)
    if header is not None:
        top, bottom = header.texts()
        ws.set_header(top, {"scale_with_doc": False})
        ws.set_footer(bottom, {"scale_with_doc": False})
