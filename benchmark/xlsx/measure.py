"""How much room text takes in a spreadsheet cell, so rows and columns can be sized before the file is opened.

XlsxWriter cannot measure text and a spreadsheet does not grow a row to fit its wrapped text when it opens a file,
so a row left at its default height prints one line of its text and clips or spills the rest. This module
estimates, generously, how many lines a text wraps to in a column and how tall its row must be.

Widths are in the unit of spreadsheet column widths: the width of the digit 0 in the default font (11 pt). That
unit scales with the font that is printed: Excel prints Calibri, LibreOffice without Calibri prints DejaVu Sans,
which is a quarter wider, and widens every column by the same quarter. So a text's width measured in widths of
its own font's 0 is about the same in both, and the estimates below take DejaVu Sans's, the wider of the two
(measured: lowercase Latin, Greek and Cyrillic about 0.95 of a 0, capitals 1.15, CJK 1.6). A word longer than its
line is broken at the cell's edge, as both spreadsheets break it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

DEFAULT_SIZE = 11.0  # points: the default font, whose 0 is the unit of a column width
MAX_ROW = 409.0  # points: the tallest row a spreadsheet allows
LINE_PITCH = 1.25  # a line of wrapped text per point of type (DejaVu Sans 1.17, Calibri 1.22)
ROW_PADDING = 3.0  # points above and below the lines of a cell
CELL_PADDING = 0.8  # of a column's width, taken by the space left and right of the text
BOLD = 1.12  # bold type is this much wider

_NARROW = frozenset("iljtfI.,:;'!|()[]{}\"`")
_WIDE = frozenset("mwMW@%")


@cache
def char_width(c: str) -> float:
    """Width of one character in widths of the digit 0 of the same font, rounded up."""
    if c == " ":
        return 0.55
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(c) in ("W", "F"):
        return 1.65
    if c in _NARROW:
        return 0.55
    if c in _WIDE:
        return 1.6
    if c.isupper():
        return 1.2
    return 1.0


@cache
def _word_width(word: str) -> float:
    """Width of a word at the default size: words recur (a report's texts share most of theirs), so each is
    measured once."""
    return sum(map(char_width, word))


def text_width(text: str, size: float = DEFAULT_SIZE, bold: bool = False) -> float:
    """Width of one line of text in column-width units."""
    words = text.split(" ")
    plain = sum(map(_word_width, words)) + (len(words) - 1) * char_width(" ")
    return plain * size / DEFAULT_SIZE * (BOLD if bold else 1.0)


def _lines(text: str, width: float, size: float, bold: bool, keep: bool) -> tuple[int, list[str]]:
    """Greedy wrapping at spaces and line breaks, a word longer than a line broken where the line ends: the
    number of lines, and the lines themselves when ``keep``."""
    room = max(width - CELL_PADDING, 1.0) / (size / DEFAULT_SIZE * (BOLD if bold else 1.0))  # at the default size
    space = char_width(" ")
    count, out = 0, []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            wide = _word_width(word)
            if line and used + space + wide <= room:
                line.append(word)
                used += space + wide
                continue
            if line:
                count += 1
                if keep:
                    out.append(" ".join(line))
            line, used = [], 0.0
            if wide <= room:
                line, used = [word], wide
                continue
            piece, used = "", 0.0
            for c in word:  # a word longer than the line is broken where the line ends
                w = char_width(c)
                if piece and used + w > room:
                    count += 1
                    if keep:
                        out.append(piece)
                    piece, used = "", 0.0
                piece, used = piece + c, used + w
            line = [piece]
        count += 1
        if keep:
            out.append(" ".join(line))
    return count, out


def wrap(text: str, width: float, size: float = DEFAULT_SIZE, bold: bool = False) -> list[str]:
    """The lines a text wraps to in a column ``width`` units wide: at spaces, at line breaks, and inside a word
    that is longer than a line."""
    return _lines(text, width, size, bold, keep=True)[1]


@lru_cache(maxsize=8192)
def line_count(text: str, width: float, size: float = DEFAULT_SIZE, bold: bool = False) -> int:
    """Lines a text wraps to in a column; remembered, since a framework's questions and guidance recur in every
    report a server writes."""
    if not text:
        return 1
    if "\n" not in text and text_width(text, size, bold) <= width - CELL_PADDING:
        return 1
    return _lines(text, width, size, bold, keep=False)[0]


def height(lines: int, size: float = DEFAULT_SIZE) -> float:
    """Points a row needs for ``lines`` lines of wrapped text, at most the tallest row allowed."""
    return min(math.ceil(lines * LINE_PITCH * size + 2 * ROW_PADDING), MAX_ROW)


@dataclass(frozen=True)
class Cell:
    """A cell's text as it is laid out: its column's width and its type."""

    text: str
    width: float
    size: float = DEFAULT_SIZE
    bold: bool = False


def row_height(cells: Iterable[Cell]) -> float:
    """Points a row needs so that the text of every one of its cells prints whole."""
    return max(
        (height(line_count(c.text, c.width, c.size, c.bold), c.size) for c in cells if c.text), default=height(1)
    )


def fits(text: str, width: float, size: float = DEFAULT_SIZE, bold: bool = False) -> bool:
    """Whether a text prints whole in one cell of this width (wrapped, in the tallest row allowed)."""
    most = int((MAX_ROW - 2 * ROW_PADDING) / (LINE_PITCH * size))
    return line_count(text, width, size, bold) <= most


SMALLEST = 7.5  # points: long texts are set smaller to fit their row, never below this


def fitting_size(text: str, width: float, size: float = DEFAULT_SIZE, bold: bool = False) -> float:
    """The largest type, from ``size`` down to ``SMALLEST`` a point at a time, at which a text fits one row of a
    column this wide; ``SMALLEST`` when even that is too large (the rest of the text is then cut on paper)."""
    while size > SMALLEST and not fits(text, width, size, bold):
        size = max(size - 1, SMALLEST)
    return size


def column_width(
    texts: Iterable[str], least: float, most: float, size: float = DEFAULT_SIZE, bold: bool = False
) -> float:
    """A column wide enough for its longest line of text (``least`` to ``most`` units): wider text wraps."""
    widest = max((text_width(line, size, bold) for t in texts if t for line in t.split("\n")), default=0.0)
    return min(max(math.ceil(widest + CELL_PADDING + 0.5), least), most)


def split_to_fit(text: str, width: float, size: float = DEFAULT_SIZE, bold: bool = False) -> list[str]:
    """A text too long for one row as parts that each fit one (a long list continuing on the next rows); the
    parts joined with spaces give the text back when it was cut at spaces."""
    lines = wrap(text, width, size, bold)
    per_row = max(int((MAX_ROW - 2 * ROW_PADDING) / (LINE_PITCH * size)), 1)
    return [" ".join(lines[i : i + per_row]) for i in range(0, len(lines), per_row)]


# Paper: A4 with margins of MARGIN inches left and right, in column-width units as LibreOffice prints them (its 0
# of DejaVu Sans 11 pt is 7.0 points wide; Excel's Calibri 0 is 5.25, so Excel fits more on a page).
MARGIN = 0.5
_UNIT_POINTS = 7.0
_MARGINS = 2 * MARGIN * 72
PAGE_WIDTH = {"portrait": (595.3 - _MARGINS) / _UNIT_POINTS, "landscape": (841.9 - _MARGINS) / _UNIT_POINTS}
MIN_SCALE = 0.7  # type of 10-11 points printed at 70 % is still 7-7.7 points
XLSX_PAD = 0.72  # XlsxWriter writes a column of width w as w + 0.71 units (the cell padding of its pixels)


@dataclass(frozen=True)
class Paper:
    """How a sheet goes on paper: the orientation, and whether it is scaled down to one page's width."""

    landscape: bool
    fit_width: bool


def paper_for(widths: Iterable[float]) -> Paper:
    """Portrait when the columns fit a portrait page; else landscape, scaled to one page wide only where that keeps
    type at ``MIN_SCALE`` or more; wider sheets print across pages (their heading rows and first columns
    repeated by the caller)."""
    total = sum(w + XLSX_PAD for w in widths)
    if total <= PAGE_WIDTH["portrait"]:
        return Paper(landscape=False, fit_width=False)
    return Paper(landscape=True, fit_width=total <= PAGE_WIDTH["landscape"] / MIN_SCALE)
