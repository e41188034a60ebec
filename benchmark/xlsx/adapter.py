"""The one place that reaches into XlsxWriter's and openpyxl's internals, with the versions pinned in pyproject.toml.

XlsxWriter writes the workbooks and openpyxl reads a report back. openpyxl can do both, but its writer serialises
every cell in pure Python and took most of an export's time; XlsxWriter writes the same workbook several times
faster, and cannot read one. Each library needs one correction, and both corrections override private methods:

* Writing: XlsxWriter copies a shared string that starts with ``<r>`` and ends with ``</r>`` into the file as raw
  XML (its own rich-text runs), so such a text typed by a user could damage the file or change other cells. This
  app writes no rich text, so ``Book`` swaps in a packager (``Workbook._get_packager``, the hook XlsxWriter's own
  docs point to) whose shared-strings part writes every string escaped (``SharedStrings._write_si``, with
  XlsxWriter's ``_escape_control_characters`` and ``utility._preserve_whitespace``).
* Reading: in the shared-strings part ``_xHHHH_`` stands for a character and ``_x005F_`` for a literal underscore
  before such a sequence; openpyxl deletes every ``x005F_`` instead (``ExcelReader.read_strings``), so a text that
  contains it would come back changed. ``load_workbook`` decodes them as the file format says.

These are not public APIs, which is why they live here alone and why pyproject.toml pins both libraries to the
range the tests passed with (XlsxWriter 3.2.1, where ``_preserve_whitespace`` got its name, to 3.3.1; openpyxl
3.1.0 to 3.1.5): a new version must pass tests/test_excel.py and tests/test_hostile.py before the pin moves.
"""

from __future__ import annotations

import io
import re
from typing import Any

import xlsxwriter
from openpyxl.cell.text import Text
from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.workbook.workbook import Workbook as ReadWorkbook
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse
from xlsxwriter.format import Format
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import _preserve_whitespace
from xlsxwriter.worksheet import Worksheet

from .paper import Header, Sizes
from .safety import SAFE_OPTIONS


class Sheet(Worksheet):
    """A worksheet that knows its workbook, so the cell helpers (``kit``) need only the sheet to share its formats."""

    book: Book
    sizes: Sizes  # what its rows hold, for their heights on paper


class _PlainSharedStrings(SharedStrings):
    """Every shared string written escaped, whatever its shape (see the module docstring)."""

    def _write_si(self, string: str) -> None:
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


class Book(xlsxwriter.Workbook):
    """A workbook written in memory that never turns text into a formula, link or number (``SAFE_OPTIONS``), and
    makes each cell format once: XlsxWriter writes a style per Format object, so a Format per cell would bloat the
    file and slow the writing."""

    worksheet_class = Sheet

    def __init__(self, title: str, header: Header | None = None):
        super().__init__(io.BytesIO(), SAFE_OPTIONS)
        self.set_properties({"title": title, "author": "Integration benchmark"})
        self._styles: dict[tuple[Any, ...], Format] = {}
        self.header = header  # what every printed page names

    def _get_packager(self) -> Packager:  # XlsxWriter's documented place to put another packager
        return _Packager()

    def style(self, **props: Any) -> Format | None:
        if not props:
            return None
        key = tuple(sorted(props.items()))
        fmt = self._styles.get(key)
        if fmt is None:
            fmt = self._styles[key] = self.add_format(props)
        return fmt

    def sheet(self, name: str, hidden: bool = False) -> Sheet:
        ws: Sheet = self.add_worksheet(name)
        ws.book = self
        ws.sizes = Sizes(measured=not hidden)
        if hidden:
            ws.hide()
        return ws

    def to_bytes(self) -> bytes:
        self.close()
        data: bytes = self.filename.getvalue()
        return data


class _WorkbookReader(ExcelReader):
    """openpyxl's reader with its shared strings decoded as the file format says (see the module docstring)."""

    def read_strings(self) -> None:
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


def load_workbook(data: bytes) -> ReadWorkbook:
    """The workbook in ``data``, read only and with cached values instead of formulas; check it with
    ``safety.check_container`` first."""
    reader = _WorkbookReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read()
    return reader.wb
