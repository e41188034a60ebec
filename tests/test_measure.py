"""Text measured for a cell: lines, row heights, column widths and paper, estimated generously."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from benchmark.xlsx import measure as m

WORDS = st.lists(
    st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=0x4E80, categories=("L", "N", "P")),
        min_size=1,
        max_size=60,
    ),
    min_size=1,
    max_size=80,
)


def test_a_word_longer_than_its_line_is_broken_where_the_line_ends():
    word = "Rechtsberatungsangebotsverzeichnis" * 4
    lines = m.wrap(word, 12)
    assert len(lines) > 4 and "".join(lines) == word
    assert all(m.text_width(line) <= 12 - m.CELL_PADDING for line in lines)


@given(WORDS, st.floats(min_value=3, max_value=120))
def test_every_line_fits_its_column_and_no_character_is_lost(words, width):
    text = " ".join(words)
    lines = m.wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert m.line_count(text, width) == len(lines)
    assert all(m.text_width(line) <= max(width - m.CELL_PADDING, 1) or len(line) == 1 for line in lines)


def test_scripts_take_their_own_room():
    latin, chinese = "integration", "城市与移民协会和公民社会合"
    assert m.text_width(chinese) > 1.5 * m.text_width(latin[: len(chinese)])
    assert m.text_width("e\u0301") == m.text_width("e")  # a combining accent takes no room
    assert m.text_width("αβγδε жзкнп") == m.text_width("abcde opqrs")  # Greek and Cyrillic as wide as Latin
    assert m.text_width("WWW") > m.text_width("iii") * 2 and m.text_width("ABC", bold=True) > m.text_width("ABC")
    assert m.line_count("مدينة " * 40, 20) > 1


def test_a_row_grows_with_its_text_up_to_the_tallest_row_allowed():
    short, longer = m.Cell("Partly in place", 18), m.Cell("evidence " * 60, 30)
    assert m.row_height([short]) == m.height(1) >= 15
    assert m.row_height([short, longer]) == m.height(m.line_count(longer.text, 30)) > 100
    assert m.row_height([m.Cell("x " * 5000, 30)]) == m.MAX_ROW
    assert m.row_height([m.Cell("", 30)]) == m.height(1)
    assert m.height(2, 8) < m.height(2, 11)


def test_a_text_too_long_for_one_row_continues_in_parts_that_each_fit():
    codes = ", ".join(f"KF{n // 8 + 1}.{n % 8 + 1}" for n in range(400))
    assert not m.fits(codes, 40)
    parts = m.split_to_fit(codes, 40)
    assert len(parts) > 1 and all(m.fits(p, 40) for p in parts)
    assert " ".join(parts) == codes
    assert m.split_to_fit("short", 40) == ["short"]


def test_columns_are_as_wide_as_their_longest_line_within_bounds():
    assert m.column_width(["Fully in place", "Planned"], 8, 40) >= m.text_width("Fully in place") + m.CELL_PADDING
    assert m.column_width(["x" * 300], 8, 40) == 40
    assert m.column_width(["", None], 8, 40) == 8  # type: ignore[list-item]


def test_a_sheet_goes_on_paper_so_its_type_stays_readable():
    assert m.paper_for([10, 20, 30]) == m.Paper(landscape=False, fit_width=False)
    assert m.paper_for([40] * 3) == m.Paper(landscape=True, fit_width=True)
    assert m.paper_for([12] * 40) == m.Paper(landscape=True, fit_width=False)
