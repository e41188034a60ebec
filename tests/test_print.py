"""Both workbooks printed as a reader prints them (LibreOffice headless to PDF): nothing drawn over anything,
nothing too small, nothing cut off (see tests/printed.py for how that is read off the paper)."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from .conftest import require
from .printed import Printout, print_workbook

pytestmark = pytest.mark.libreoffice


def printed(data: bytes, tmp_path, name: str) -> Printout:
    require("pdftotext", "poppler-utils reads the words off the printed pages")
    return print_workbook(require("soffice", "LibreOffice prints the workbook"), data, tmp_path / name, name)


def tiny(cells) -> bytes:
    """A workbook of (row, column, text, width, row height or None, wrapped) cells."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet()
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for row, col, text, width, height, wrapped in cells:
        ws.set_column(col, col, width)
        if height:
            ws.set_row(row, height)
        ws.write_string(row, col, text, wrap if wrapped else None)
    book.close()
    return out.getvalue()


def test_words_of_one_line_and_lines_of_one_cell_are_not_taken_for_overlaps(tmp_path):
    cells = [(r, c, f"label {r} of column {c}", 24, None, False) for r in range(12) for c in (0, 1)]
    cells.append((13, 1, "a wrapped cell whose words run over several lines of one tall cell", 24, 90, True))
    p = printed(tiny(cells), tmp_path, "separate")
    assert (p.overlaps, p.small, p.missing) == ([], [], {}), p.problems()
    assert len(p.words) == 12 * 2 * 5 + 13


def test_wrapped_text_in_a_row_too_short_is_found_drawn_over_and_cut(tmp_path):
    cells = [(r, 0, "a wrapped question that needs many lines in a narrow column", 8, None, True) for r in range(6)]
    p = printed(tiny(cells), tmp_path, "overflow")
    assert p.overlaps and p.missing
    assert "over" in p.problems() and "not printed" in p.problems()


def test_type_squeezed_below_readable_size_is_found(tmp_path):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.add_worksheet().write_string(0, 0, "tiny print", book.add_format({"font_size": 5}))
    book.close()
    p = printed(out.getvalue(), tmp_path, "small")
    assert [w.text for w in p.small] == ["tiny", "print"]
