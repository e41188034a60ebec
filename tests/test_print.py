"""Both workbooks printed as a reader prints them (LibreOffice headless to PDF): nothing drawn over anything,
nothing too small, nothing cut off (see tests/printed.py for how that is read off the paper)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import xlsxwriter

from benchmark.assessment import (
    Action,
    Answer,
    Subject,
    load_assessment,
    new_assessment,
)
from benchmark.samples import load_samples, sample_dir
from benchmark.xlsx.comparison import compare_workbook
from benchmark.xlsx.report_writer import export_report

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


# ------------------------------------------------------------------------------------------ the workbooks


def torreluma(frameworks):
    return load_assessment(sample_dir() / "unites" / "torreluma-self-2026.json", frameworks["unites"])


def stressed(frameworks):
    """Texts as long as a team writes them: thousands of characters, words no line holds, four scripts. Each is
    as long as its column prints in one row (at the smallest type, ``measure.SMALLEST``): the 4,000 characters of
    an evidence, the 2,000 of a measure; longer texts stay whole in the cell but are cut on paper."""
    fw = frameworks["unites"]
    scripts = [
        "تعتمد المدينة استراتيجية للاندماج المحلي بالتعاون مع جمعيات المهاجرين والمجتمع المدني. ",
        "Η πόλη υιοθέτησε στρατηγική ένταξης σε συνεργασία με τις ενώσεις μεταναστών. ",
        "Місто ухвалило стратегію інтеграції разом з об'єднаннями мігрантів. ",
        "城市与移民协会和公民社会合作通过了地方融合战略。",
        "Evidence: council minutes 2024-2026, https://example.org/"
        + "integrationsstrategieumsetzungsbericht" * 3
        + " and interviews with twelve associations. ",
    ]

    def text(n: int, length: int) -> str:
        return "".join(scripts[(n + k) % len(scripts)] for k in range(length // 40))[:length]

    a = new_assessment(
        fw,
        Subject(name="Ville-sur-Longue-Évidence " * 3, country="Ελλάδα / Україна / 中国"),
        assessors=["Migrant council " + "Ω" * 80, "Office of the mayor"],
        date=dt.date(2026, 6, 1),
    )
    for n, item_id in enumerate(fw.item_by_id):
        value = ("full", "partly", "planned", "not_in_place", "not_relevant")[n % 5]
        a.answers[item_id] = Answer(
            value=value,
            evidence=text(n, 4_000) if value != "not_relevant" else "",
            notes=text(n + 1, 2_500),
            reason=text(n, 1_500) if value == "not_relevant" else "",
        )
    a.actions = [
        Action(
            measure=text(k, 2_000),
            objective=text(k + 1, 1_800),
            section="KF1",
            responsible="Office of the mayor " * 14,
            partners="Partner " * 80,
            resources="€ 10,000 " * 50,
            indicator=text(k + 2, 1_200),
        )
        for k in range(6)
    ]
    return a


CASES = {
    "torreluma": lambda fws: export_report(torreluma(fws), fws["unites"]),
    "spring": lambda fws: export_report(
        load_assessment(sample_dir() / "spring" / "spring-p05-queer-base.json", fws["spring"]), fws["spring"]
    ),
    "network": lambda fws: compare_workbook([a for a in load_samples() if a.framework == "unites"], fws["unites"]),
    "stress": lambda fws: export_report(stressed(fws), fws["unites"]),
    # the longest words of the report languages (German compounds, French and Spanish sentences) print too
    "spring-fr": lambda fws: export_report(
        load_assessment(sample_dir() / "spring" / "spring-p05-queer-base.json", fws["spring"]),
        fws["spring"],
        language="fr",
    ),
    "stress-es": lambda fws: export_report(stressed(fws), fws["unites"], language="es"),
}


@pytest.mark.parametrize("case", CASES)
def test_every_workbook_prints_readably(case, frameworks, tmp_path):
    problems = printed(CASES[case](frameworks), tmp_path, case).problems()
    assert not problems, problems


def test_the_german_report_prints_readably(frameworks, tmp_path):
    """Its longer texts once pushed the Views by role chart across a page end (printed on both pages, the legend
    over the footer): the sheet's title wrapped in the narrow ID column into a row over 100 points, repeated atop
    every page. The title and table headings now span the first columns."""
    data = export_report(torreluma(frameworks), frameworks["unites"], language="de")
    problems = printed(data, tmp_path, "torreluma-de").problems()
    assert not problems, problems
