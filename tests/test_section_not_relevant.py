"""A whole section (a UNITES key factor) marked "not relevant here", with the reason: the benchmark says "some
factors may not be relevant to specific cities". It leaves the overall score like an unrated section."""

from __future__ import annotations

import pytest

from benchmark.assessment import Answer, AssessmentError, check_against, load_assessment, parse_assessment
from benchmark.cli import main
from benchmark.scoring import score
from benchmark.xlsx.report_reader import read_report
from benchmark.xlsx.report_writer import export_report

from .conftest import DATA

REASON = "The town runs no services of this kind; the region does."


@pytest.fixture
def testville():
    return load_assessment(DATA / "mini_assessment.json")


def test_hand_computed_overall_without_the_section(mini, testville):
    # A: Fully in place (2 of 2) and Partly (1 of 2) -> 75 %; B: Met, Not met, not relevant -> 50 %
    assert score(testville, mini).overall == pytest.approx(62.5)
    testville.not_relevant_sections = {"B": REASON}
    result = score(testville, mini)
    assert result.overall == pytest.approx(75.0)  # B leaves the overall, as an unrated section would
    b = result.section("B")
    assert (b.score, b.gap, b.answered, b.relevant, b.not_relevant) == (None, None, 0, 0, 3)
    assert b.maturity == "Not relevant here" and b.not_relevant_reason == REASON
    assert result.completion == 100.0 and result.not_relevant_sections == ("B",)
    assert b not in result.gaps and b not in result.strengths


def test_a_section_not_relevant_keeps_its_item_answers(mini, testville):
    testville.not_relevant_sections = {"A": REASON}
    testville.answers = {**testville.answers, "A.2": Answer(value="none")}
    assert score(testville, mini).overall == pytest.approx(50.0)  # only B: Met and Not met
    testville.not_relevant_sections = {}
    assert score(testville, mini).section("A").score == pytest.approx(50.0)  # A's answers were kept


def test_weights_and_a_not_relevant_section(mini, testville):
    testville.weights = {"A": 3, "B": 1}
    assert score(testville, mini).overall == pytest.approx((75 * 3 + 50) / 4)
    testville.not_relevant_sections = {"A": REASON}
    assert score(testville, mini).overall == pytest.approx(50.0)
    testville.not_relevant_sections = {"A": REASON, "B": REASON}
    result = score(testville, mini)
    assert result.overall is None and result.maturity == "Not yet rated" and result.completion == 100.0


def test_a_reason_is_required_and_the_section_must_exist(mini, testville):
    with pytest.raises(AssessmentError, match="not_relevant_sections"):
        parse_assessment(
            testville.model_dump_json().replace('"not_relevant_sections":{}', '"not_relevant_sections":{"A":""}')
        )
    testville.not_relevant_sections = {"Z": REASON}
    assert check_against(testville, mini) == ["not_relevant_sections > Z: no such factor"]


def test_the_report_says_so_and_keeps_it(mini, testville):
    testville.not_relevant_sections = {"B": REASON}
    back = read_report(export_report(testville, mini), {"mini": mini}, "report.xlsx")
    assert back.not_relevant_sections == {"B": REASON}
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(export_report(testville, mini)))["Scores"]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "B")
    assert row[2] is None and row[9] == f"Not relevant here: {REASON}"


def test_the_cli_says_so(tmp_path, testville, capsys):
    testville.not_relevant_sections = {"B": REASON}
    path = tmp_path / "a.json"
    path.write_text(testville.to_json())
    assert main(["score", str(path), "--questionnaires", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert f"not relevant here: {REASON}" in out and "Overall 75.0 %" in out
    assert main(["score", str(path), "--json", "--questionnaires", str(DATA)]) == 0
    assert '"not_relevant_sections": [\n    "B"\n  ]' in capsys.readouterr().out


def test_compare_counts_it_as_no_score(mini, testville):
    from benchmark.compare.frame import scores_frame

    testville.not_relevant_sections = {"B": REASON}
    frame = scores_frame([testville], mini)
    assert frame["B"].isna().all() and frame["overall"].iloc[0] == pytest.approx(75.0)


# Stored: one row per marked section (schema v4), saved on its own against its revision --------------------------


def test_a_mark_is_saved_on_its_own_and_a_stale_one_is_refused(open_store, db_url, testville):
    from benchmark.store import Conflict

    store = open_store(db_url)
    store.save(testville)
    snap = store.load(testville.id)
    assert snap.assessment.not_relevant_sections == {} and snap.section_revision("B") == 0
    rev = store.set_section_not_relevant(testville.id, "B", REASON, expected_revision=0)
    store.set_answer(testville.id, "A.2", Answer(value="full"))  # an answer meanwhile is no conflict
    again = store.load(testville.id)
    assert again.assessment.not_relevant_sections == {"B": REASON} and again.section_revision("B") == rev
    with pytest.raises(Conflict):  # someone else's tab still shows B as relevant
        store.set_section_not_relevant(testville.id, "B", "Another reason", expected_revision=0)
    assert store.set_section_not_relevant(testville.id, "B", None, expected_revision=rev) == 0
    assert store.get(testville.id).not_relevant_sections == {}
    with pytest.raises(ValueError, match="say why"):
        store.set_section_not_relevant(testville.id, "B", "  ")


def test_a_whole_save_and_a_backup_keep_the_marks(open_store, db_url, another_db, testville):
    from benchmark.store import backup

    testville.not_relevant_sections = {"B": REASON}
    store = open_store(db_url)
    store.save(testville)
    assert store.get(testville.id) == testville
    other = open_store(another_db())
    backup.restore(other, backup.backup(store))
    assert other.get(testville.id).not_relevant_sections == {"B": REASON}


def test_a_v3_database_migrates_to_the_shape_of_a_new_one(open_store, db_url, another_db, testville):
    """A v3 database is a new one without the v4 table: migrated, it has exactly the new one's shape, its
    assessments read as before (no section marked), and marking works."""
    from sqlalchemy import create_engine, text

    from benchmark.store import SCHEMA_VERSION

    from .old_databases import db_shape

    store = open_store(db_url)
    store.save(testville)
    store.engine.dispose()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE section_marks"))
        conn.execute(text("UPDATE schema_info SET version = 3"))
    engine.dispose()
    migrated = open_store(db_url)
    assert migrated.schema_version() == SCHEMA_VERSION == 4
    assert db_shape(db_url) == db_shape(open_store(another_db()).url)
    assert migrated.get(testville.id) == testville
    migrated.set_section_not_relevant(testville.id, "A", REASON)
    assert migrated.get(testville.id).not_relevant_sections == {"A": REASON}


# On the pages -----------------------------------------------------------------------------------------------------


def test_assess_marks_a_factor_not_relevant_and_results_say_so(env):
    from .apptest import app, no_errors, on_screen, saved

    a = saved(env, {"A.1": "full", "A.2": "some", "B.1": "yes", "B.2": "no"})
    at = app("assess", aid=a.id)
    at.selectbox(key=f"section:{a.id}").set_value("B").run()
    at.button(key=f"not_relevant:{a.id}:B").click().run()  # without a reason: refused, nothing saved
    assert env.get(a.id).not_relevant_sections == {}
    assert "Say why this factor is not relevant" in on_screen(at)
    at.text_area(key=f"why:{a.id}:B").input(REASON).run()
    at.button(key=f"not_relevant:{a.id}:B").click().run()
    no_errors(at)
    assert env.get(a.id).not_relevant_sections == {"B": REASON}
    assert "This whole factor is marked **not relevant here**" in at.info[-1].value
    results = app("results", aid=a.id)
    no_errors(results)
    assert "**B Second** is marked not relevant here" in on_screen(results)
    assert results.metric[0].value == "75 %"  # A only: (100 + 50) / 2
    at = app("assess", aid=a.id)
    at.selectbox(key=f"section:{a.id}").set_value("B").run()
    at.button(key=f"relevant:{a.id}:B").click().run()
    assert env.get(a.id).not_relevant_sections == {}
