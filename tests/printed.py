"""A workbook printed as a reader would print it, and what on the paper does not read well.

LibreOffice headless prints the workbook to PDF; poppler's ``pdftotext -bbox`` gives every printed word with its
box. Three things are looked for, each named with its page and words so a failing test says what to fix:

* words drawn over each other: wrapped text spilling into the next row, a number running into a word;
* type too small to read: a wide sheet squeezed onto one page width;
* text that never reaches the paper: a cell's text cut at the cell's edge or a row too short for its lines, a
  list that stops part-way. Spreadsheets clip such text rather than print it, so it cannot overlap anything;
  it is found by counting the characters of every visible text cell against the characters printed.

A word's box in poppler's output is the font's full height (ascent to descent), taller than the line pitch of
text wrapped in one cell, so two lines of one cell always overlap a little (about a tenth of a box). Text
spilling over another row overlaps it by most of a box. Only an overlap of more than ``SAME_LINE_SHARE`` of the
lower box counts.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

MIN_PT = 6.5  # smaller type is hard to read on paper
BOX_PER_PT = 1.30  # box height per point of type for DejaVu Sans, which LibreOffice prints for Calibri here
SAME_LINE_SHARE = 0.35  # two lines of one wrapped cell overlap by about 0.1 of a box; spilled text by 0.8
SLACK = 0.5  # points: boxes that merely touch do not overlap


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def points(self) -> float:
        return (self.y1 - self.y0) / BOX_PER_PT


@dataclass
class Printout:
    """What a printed workbook looks like, counted."""

    pages: int
    words: list[Word]
    overlaps: list[tuple[Word, Word]] = field(default_factory=list)
    small: list[Word] = field(default_factory=list)
    missing: Counter[str] = field(default_factory=Counter)
    cut: list[str] = field(default_factory=list)  # cells with a word not printed whole, as "Sheet!B4: 'word'"

    def figures(self) -> str:
        return (
            f"{self.pages} pages, {len(self.words)} words, {len(self.overlaps)} overlapping pairs, "
            f"{len(self.small)} words under {MIN_PT} pt, {sum(self.missing.values())} characters not printed"
        )

    def problems(self, shown: int = 12) -> str:
        """Empty when the printout reads well; else the figures and the first problems, by page and word."""
        if not (self.overlaps or self.small or self.missing):
            return ""
        lines = [self.figures()]
        lines += [f"  page {a.page}: {a.text!r} over {b.text!r} at y={a.y0:.0f}" for a, b in self.overlaps[:shown]]
        lines += [f"  page {w.page}: {w.text!r} in {w.points:.1f} pt" for w in self.small[:shown]]
        if self.missing:
            lines.append("  not printed: " + ", ".join(f"{c!r} x{n}" for c, n in self.missing.most_common(shown)))
            lines += [f"  cut: {place}" for place in self.cut[:shown]]
        return "\n".join(lines)


def to_pdf(soffice: str, xlsx: Path) -> Path:
    """The PDF LibreOffice prints of a workbook, next to it; its own profile in the same folder, so tests that
    run LibreOffice at the same time do not share one."""
    folder = xlsx.parent
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{folder}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(xlsx),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = folder / (xlsx.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    return pdf


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def read_words(pdf: Path) -> tuple[int, list[Word]]:
    """The number of pages and every printed word with its box (points from the page's top left)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = html.split("<page ")[1:]
    out = []
    for n, page in enumerate(pages, start=1):
        for m in _WORD.finditer(page):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            out.append(Word(n, x0, y0, x1, y1, unescape(m.group(5))))
    return len(pages), out


def overlaps(words: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs of words drawn over each other; words of one line never overlap (a space parts them), nor do the
    lines of one wrapped cell (see the module docstring)."""
    found = []
    by_page: dict[int, list[Word]] = {}
    for w in words:
        by_page.setdefault(w.page, []).append(w)
    for page in by_page.values():
        page.sort(key=lambda w: w.y0)
        for i, a in enumerate(page):
            for b in page[i + 1 :]:
                if b.y0 >= a.y1:
                    break
                across = min(a.x1, b.x1) - max(a.x0, b.x0)
                down = min(a.y1, b.y1) - max(a.y0, b.y0)
                if across > SLACK and down > SAME_LINE_SHARE * min(a.y1 - a.y0, b.y1 - b.y0):
                    found.append((a, b))
    return found


def too_small(words: list[Word]) -> list[Word]:
    return [w for w in words if w.points < MIN_PT]


def _letters(text: str) -> Counter[str]:
    """Characters as a count, without spaces; compatibility forms folded (Arabic letters print in their joined
    forms, ligatures as one glyph)."""
    return Counter(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def visible_cells(data: bytes) -> list[tuple[str, str]]:
    """Every text cell of the sheets a reader sees (hidden sheets are not printed), as (place, text)."""
    wb = load_workbook(BytesIO(data))
    out = [
        (f"{ws.title}!{cell.coordinate}", cell.value)
        for ws in wb.worksheets
        if ws.sheet_state == "visible"
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "s" and cell.value
    ]
    wb.close()
    return out


def _cut(cells: list[tuple[str, str]], words: list[Word]) -> list[str]:
    """Cells with a word that is not among the printed words (a hint where text was cut; a long word broken over
    lines is also named here)."""
    printed = {w.text for w in words}
    out = []
    for place, text in cells:
        lost = next((w for w in text.split() if w not in printed), None)
        if lost is not None:
            out.append(f"{place}: {lost[:40]!r}")
    return out


def print_workbook(soffice: str, data: bytes, folder: Path, name: str = "workbook") -> Printout:
    """Print the workbook's bytes and count what does not read well."""
    folder.mkdir(parents=True, exist_ok=True)
    xlsx = folder / f"{name}.xlsx"
    xlsx.write_bytes(data)
    pages, words = read_words(to_pdf(soffice, xlsx))
    cells = visible_cells(data)
    missing = _letters("\n".join(text for _, text in cells)) - _letters(" ".join(w.text for w in words))
    return Printout(pages, words, overlaps(words), too_small(words), missing, _cut(cells, words) if missing else [])
