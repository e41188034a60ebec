"""What keeps workbooks safe, because reports travel by e-mail and come back from strangers.

User text is always written as text, never a formula, link or number (``SAFE_OPTIONS`` and ``text_for_cell``);
uploads are size-capped and their zip container is inspected before any XML is parsed (``check_container``);
what the XML holds is then counted in one streaming pass, with no tree built, and bounded (``scan_contents``), because
a small file can hold millions of styles or strings that would cost openpyxl minutes and gigabytes to parse while
every other user of the server waits; reading stops at a number of rows no real report reaches; and openpyxl parses
XML through defusedxml (a declared dependency), which refuses entity bombs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from ..assessment import clean_text
from ..i18n.sentence import Sentence
from ..i18n.translator import N_

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a real report unpacks to well under 1 MB
MAX_RATIO = 100  # real workbooks compress XML about 5-20 times; bombs a thousand times
MAX_ROWS = 2_000  # rows read from one sheet: far beyond any real action plan
MAX_RESPONDENT_ROWS = 20_000  # 200 respondents x 100 items
MAX_CELL_TEXT = 32_767
# What one report may hold, counted before openpyxl parses it. The largest sample report (UNITES, Torreluma, every
# item answered with evidence and an action plan) holds 39 styles, 567 shared strings, 3,837 cells, 9,911 XML
# elements, XML 10 levels deep: the limits leave room for long edits and stop hostile files within a second.
MAX_STYLES = 5_000  # style records in xl/styles.xml (cell formats, fonts, fills, borders, number formats)
MAX_SHARED_STRINGS = 100_000
MAX_CELLS = 200_000  # MAX_RESPONDENT_ROWS rows of the widest block, and the other sheets
MAX_XML_DEPTH = 100
MAX_XML_ELEMENTS = 2_000_000  # what one cell holds; longer text is cut there, as openpyxl cut it

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
            Sentence(
                N_(
                    "the file is {size} MB, more than the {limit} MB a report can be. Upload the report as the app "
                    "exported it."
                ),
                size=f"{len(data) / 1024 / 1024:.1f}",
                limit=MAX_UPLOAD_BYTES // 1024 // 1024,
            )
        ]
    if not data:
        return [Sentence(N_("the file is empty."))]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return [
            Sentence(
                N_(
                    "this is an old-format Excel file (.xls). Open it in Excel or LibreOffice, save it as "
                    "'Excel Workbook (.xlsx)', and upload that."
                )
            )
        ]
    if not data.startswith(b"PK"):
        return [Sentence(NOT_A_WORKBOOK)]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_UNPACKED_BYTES or any(
                m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members
            ):
                return [
                    Sentence(
                        N_(
                            "the file would unpack to far more data than any report holds (a 'zip bomb'), so it was "
                            "not opened."
                        )
                    )
                ]
            if "xl/workbook.xml" not in names:
                return [
                    Sentence(
                        N_(
                            "this is a zip file but not an Excel workbook (.xlsx). Upload a report that was "
                            "downloaded from this app."
                        )
                    )
                ]
            bad = archive.testzip()
            if bad:
                return [
                    Sentence(N_("the file is damaged (part '{part}' is corrupt). Download the report again."), part=bad)
                ]
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        return [
            Sentence(
                N_(
                    "the file is damaged or incomplete (it may not have finished downloading or saving). Download "
                    "or save the report again."
                )
            )
        ]
    return []


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STYLE_TAGS = {f"{_MAIN} {t}" for t in ("xf", "font", "fill", "border", "numFmt", "dxf", "cellStyle")}


@dataclass
class Contents:
    """What a workbook's XML holds, as counted by ``scan_contents``; ``problems`` says which limit it passes."""

    styles: int = 0
    shared_strings: int = 0
    cells: int = 0
    depth: int = 0
    elements: int = 0
    # sheet name -> references (such as "D5") of formula cells that carry no saved result: read with cached values,
    # openpyxl gives None for them, which would silently become an unanswered item or an empty field
    uncalculated: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


NOT_A_WORKBOOK = N_("this is not an Excel workbook (.xlsx). Upload a report that was downloaded from this app.")
DECLARATIONS_REFUSED = N_(
    "the file contains XML constructs that are refused for safety (entity declarations). "
    "Export the report again from the app."
)


class _Declared(Exception):
    """A DTD or entity declaration: defusedxml's rule, applied to every part, also those openpyxl never reads."""


class _TooMuch(Exception):
    """Stops the scan at the first limit passed, so a hostile part is never read to its end."""


def _limit(what: str, limit: int) -> str:
    return Sentence(
        N_(
            "the file holds more {what} than a report can (more than {limit}); a report from this app holds a few "
            "hundred. It may have been damaged or made to overload the app, so it was not opened. Export the "
            "report again from the app, or copy your edits into a freshly exported report."
        ),
        what=what,
        limit=f"{limit:,}",
    )


def scan_contents(data: bytes) -> Contents:
    """Count what the XML parts of a workbook hold, in one streaming pass with no tree built, and stop at the first
    limit passed; pass ``check_container`` first. Formula cells without a saved result are listed by sheet."""
    found = Contents()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.endswith((".xml", ".rels", ".vml"))]
        sheet_of = _sheet_names(archive, names)
        order = ["xl/styles.xml", "xl/sharedStrings.xml"]
        for name in [n for n in order if n in names] + [n for n in names if n not in order]:
            try:
                _scan_part(archive, name, sheet_of.get(name), found)
            except _TooMuch as exc:
                found.problems.append(str(exc))
                break
            except _Declared:
                found.problems.append(Sentence(DECLARATIONS_REFUSED))
                break
            except expat.ExpatError:
                continue  # openpyxl's parser says the file is damaged, in the words the reader already uses
    return found


def _sheet_names(archive: zipfile.ZipFile, names: list[str]) -> dict[str, str]:
    """Zip part -> sheet name, from the workbook and its relationships (small parts, read with the same limits)."""
    targets: dict[str, str] = {}
    sheets: list[tuple[str, str]] = []

    def rel(tag: str, attrs: dict[str, str]) -> None:
        if tag.endswith(" Relationship") or tag == "Relationship":
            target = attrs.get("Target", "")
            targets[attrs.get("Id", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target

    def sheet(tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{_MAIN} sheet":
            sheets.append((attrs.get(f"{_REL} id", ""), attrs.get("name", "")))

    try:
        for part, on_start in (("xl/_rels/workbook.xml.rels", rel), ("xl/workbook.xml", sheet)):
            if part in names:
                _scan_part(archive, part, None, Contents(), on_start)
    except (_TooMuch, _Declared, expat.ExpatError):
        return {}  # the scan of the part itself says so
    return {targets[rid]: name for rid, name in sheets if rid in targets}


def _scan_part(
    archive: zipfile.ZipFile,
    name: str,
    sheet: str | None,
    found: Contents,
    on_start: Callable[[str, dict[str, str]], None] | None = None,
) -> None:
    """One part through expat, counting as it goes (``on_start`` sees every element, for the small parts read for
    their content); a DTD or entity declaration is refused."""
    parser = expat.ParserCreate(namespace_separator=" ")
    depth = 0
    cell: dict[str, object] | None = None  # the <c> being read: its reference, whether it has a formula and a value
    in_value = False
    styles, strings = name == "xl/styles.xml", name == "xl/sharedStrings.xml"

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth, cell, in_value
        depth += 1
        found.elements += 1
        found.depth = max(found.depth, depth)
        if depth > MAX_XML_DEPTH:
            raise _TooMuch(_limit(Sentence(N_("levels of XML nesting ({part})"), part=name), MAX_XML_DEPTH))
        if found.elements > MAX_XML_ELEMENTS:
            raise _TooMuch(_limit(Sentence(N_("XML elements")), MAX_XML_ELEMENTS))
        if on_start is not None:
            on_start(tag, attrs)
        if styles and tag in _STYLE_TAGS:
            found.styles += 1
            if found.styles > MAX_STYLES:
                raise _TooMuch(_limit(Sentence(N_("cell styles")), MAX_STYLES))
        elif strings and tag == f"{_MAIN} si":
            found.shared_strings += 1
            if found.shared_strings > MAX_SHARED_STRINGS:
                raise _TooMuch(_limit(Sentence(N_("texts (shared strings)")), MAX_SHARED_STRINGS))
        elif sheet is not None:
            if tag == f"{_MAIN} c":
                found.cells += 1
                if found.cells > MAX_CELLS:
                    raise _TooMuch(_limit(Sentence(N_("cells")), MAX_CELLS))
                cell = {"ref": attrs.get("r", ""), "formula": False, "value": False}
            elif cell is not None and tag == f"{_MAIN} f":
                cell["formula"] = True
            elif cell is not None and tag == f"{_MAIN} v":
                in_value = True
            elif cell is not None and tag == f"{_MAIN} is":
                cell["value"] = True

    def end(tag: str) -> None:
        nonlocal depth, cell, in_value
        depth -= 1
        if sheet is None or cell is None:
            return
        if tag == f"{_MAIN} v":
            in_value = False
        elif tag == f"{_MAIN} c":
            if cell["formula"] and not cell["value"] and cell["ref"]:
                found.uncalculated.setdefault(sheet, []).append(str(cell["ref"]))
            cell = None

    def text(chars: str) -> None:
        if in_value and cell is not None and chars:
            cell["value"] = True

    def refuse(*_: object) -> None:
        raise _Declared

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    with archive.open(name) as src:
        while chunk := src.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
