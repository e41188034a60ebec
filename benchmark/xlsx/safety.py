"""What keeps workbooks safe, because reports travel by e-mail and come back from strangers.

User text is always written as text, never a formula, link or number (``SAFE_OPTIONS`` and ``text_for_cell``);
uploads are size-capped and their zip container is inspected before any XML is parsed (``check_container``);
reading stops at a number of rows no real report reaches; and openpyxl parses XML through defusedxml (a declared
dependency), which refuses entity bombs.
"""

from __future__ import annotations

import io
import zipfile

from ..assessment import clean_text

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a real report unpacks to well under 1 MB
MAX_RATIO = 100  # real workbooks compress XML about 5-20 times; bombs a thousand times
MAX_ROWS = 2_000  # rows read from one sheet: far beyond any real action plan
MAX_RESPONDENT_ROWS = 20_000  # 200 respondents x 100 items
MAX_CELL_TEXT = 32_767  # what one cell holds; longer text is cut there, as openpyxl cut it

# XlsxWriter stores text that looks like a formula, a link or a number as one unless told not to.
SAFE_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

# Text a spreadsheet would read as a formula or a command if it began a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_for_cell(value: str | None) -> str:
    """A user's text as a cell can hold it: what no cell can hold is dropped and it is cut to the most a cell
    holds."""
    return clean_text(value)[:MAX_CELL_TEXT] if value else ""


def reads_as_formula(text: str) -> bool:
    """Whether a spreadsheet would run this text as a formula once edited: such a cell needs a quote prefix."""
    return text.startswith(FORMULA_STARTS)


def check_container(data: bytes) -> list[str]:
    """What makes these bytes unsafe or impossible to open as a workbook, before any XML is parsed."""
    if len(data) > MAX_UPLOAD_BYTES:
        return [
            f"the file is {len(data) / 1024 / 1024:.1f} MB, more than the {MAX_UPLOAD_BYTES // 1024 // 1024} MB "
            "a report can be. Upload the report as the app exported it."
        ]
    if not data:
        return ["the file is empty."]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return [
            "this is an old-format Excel file (.xls). Open it in Excel or LibreOffice, save it as "
            "'Excel Workbook (.xlsx)', and upload that."
        ]
    if not data.startswith(b"PK"):
        return ["this is not an Excel workbook (.xlsx). Upload a report that was downloaded from this app."]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_UNPACKED_BYTES or any(
                m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members
            ):
                return [
                    "the file would unpack to far more data than any report holds (a 'zip bomb'), so it was not opened."
                ]
            if "xl/workbook.xml" not in names:
                return [
                    "this is a zip file but not an Excel workbook (.xlsx). Upload a report that was downloaded "
                    "from this app."
                ]
            bad = archive.testzip()
            if bad:
                return [f"the file is damaged (part '{bad}' is corrupt). Download the report again."]
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        return [
            "the file is damaged or incomplete (it may not have finished downloading or saving). "
            "Download or save the report again."
        ]
    return []
