"""Framework versions side by side: an assessment keeps the version it was made with, and moves to a newer one
only by the mapping the newer file declares, checked on load, with nothing lost on the way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from benchmark.assessment import Answer, check_against, load_assessment
from benchmark.cli import main
from benchmark.framework.loader import QuestionnaireError, framework_for, load_frameworks
from benchmark.scoring import score
from benchmark.services import import_report, load_many
from benchmark.store import Conflict, Store
from benchmark.upgrade import describe_moves, on_version, plan
from benchmark.xlsx.report_reader import WorkbookError, read_report
from benchmark.xlsx.report_writer import export_report

from .conftest import DATA

MINI = (DATA / "mini.yaml").read_text(encoding="utf-8")
OLD_ASSESSMENT = DATA / "mini_assessment.json"

# Mini 1.1: A.2 split in two, B.1 renamed, B.2 and B.3 merged, a new section C with a new item.
ITEMS_B_OLD = MINI[MINI.index("      - {id: B.1") : MINI.index("\nsubject_kind")]
ITEMS_B_NEW = """\
      - {id: B.10, group: B.q1, scale: yesno, question: "Third question?", source: {file: test, section: B, item: "1"}}
      - {id: B.23, group: B.q1, scale: yesno, question: "Fourth, fifth?", source: {file: test, section: B, item: "2"}}
  - id: C
    title: Third
    statement: The third factor.
    source: {file: test, section: C}
    items:
      - {id: C.1, question: "Sixth question?", source: {file: test, section: C, item: "1"}}
"""
ITEM_A2 = '      - {id: A.2, question: "Second question?", source: {file: test, section: A, item: "2"}}\n'
ITEMS_A_NEW = (
    '      - {id: A.2, question: "Second, first half?", source: {file: test, section: A, item: "2"}}\n'
    '      - {id: A.3, question: "Second, other half?", source: {file: test, section: A, item: "2"}}\n'
)
UPGRADE = """
upgrade:
  from_version: "1.0"
  summary: Mini 1.1 splits A.2 and merges B.2 with B.3.
  changes:
    - {kind: split, old: [A.2], new: [A.2, A.3], note: A.2 asked two things.}
    - {kind: renamed, old: [B.1], new: [B.10]}
    - {kind: merged, old: [B.2, B.3], new: [B.23]}
    - {kind: new, new: [C.1]}
"""


def new_version(upgrade: str = UPGRADE) -> str:
    text = MINI.replace('version: "1.0"', 'version: "1.1"').replace(ITEM_A2, ITEMS_A_NEW)
    return text.replace(ITEMS_B_OLD, ITEMS_B_NEW) + upgrade


def folder(tmp_path: Path, upgrade: str = UPGRADE) -> Path:
    (tmp_path / "versions").mkdir(parents=True)
    shutil.copy(DATA / "mini.yaml", tmp_path / "versions" / "mini-1.0.yaml")
    (tmp_path / "mini.yaml").write_text(new_version(upgrade), encoding="utf-8")
    return tmp_path


@pytest.fixture
def versions(tmp_path):
    return load_frameworks(folder(tmp_path))["mini"]


def old_assessment():
    return load_assessment(OLD_ASSESSMENT)


def test_both_versions_load_side_by_side(versions):
    assert versions.version == "1.1"
    old = versions.edition("1.0")
    assert old is not None and old.version == "1.0"
    assert list(old.item_by_id) == ["A.1", "A.2", "B.1", "B.2", "B.3"]
    assert list(versions.item_by_id) == ["A.1", "A.2", "A.3", "B.10", "B.23", "C.1"]
    assert [e.version for e in versions.editions] == ["1.0", "1.1"]
    assert versions.edition("0.9") is None
    assert old.edition("1.1") is versions  # each version knows the others


def test_a_1_0_assessment_opens_and_scores_as_1_0(versions):
    a = old_assessment()
    fw = framework_for({"mini": versions}, a.framework, a.framework_version)
    assert fw is not None and fw.version == "1.0"
    assert check_against(a, fw) == []
    assert score(a, fw).section("A").score == 75.0  # full (2/2) and some (1/2)
    assert check_against(a, versions)  # never read against the other version's questions


@pytest.mark.parametrize(
    ("upgrade", "message"),
    [
        (UPGRADE.replace("old: [B.1]", "old: [B.9]"), "'B.9' is not an item of Mini 1.0"),
        (UPGRADE.replace("new: [B.10]}", "new: [B.11]}"), "'B.11' is not an item of Mini 1.1"),
        (UPGRADE.replace("old: [B.2, B.3]", "old: [B.1, B.3]"), "'B.1' is mapped twice (also in change 2)"),
        (UPGRADE.replace("    - {kind: new, new: [C.1]}\n", ""), "'C.1' is new in 1.1 but no change declares it"),
        (UPGRADE.replace("    - {kind: renamed, old: [B.1], new: [B.10]}\n", ""), "'B.1' of 1.0 is not in 1.1"),
        (UPGRADE.replace("new: [B.23]", "new: [B.10]"), "'B.10' is mapped twice"),
        (UPGRADE.replace("kind: merged, old: [B.2, B.3]", "kind: merged, old: [B.2]"), "names 2 or more old"),
    ],
)
def test_the_mapping_is_checked_on_load(tmp_path, upgrade, message):
    with pytest.raises(QuestionnaireError) as info:
        load_frameworks(folder(tmp_path, upgrade))
    text = str(info.value)
    assert "mini.yaml" in text and message in text
    assert "line " in text  # placed in the file


def test_a_split_item_keeps_its_evidence_on_each_half_and_needs_new_ratings(versions):
    up = plan(old_assessment(), versions)
    moved = up.assessment
    assert moved.framework_version == "1.1"
    assert check_against(moved, versions) == []
    assert moved.answers["A.1"] == old_assessment().answers["A.1"]  # unchanged: kept as it was
    for half in ("A.2", "A.3"):
        assert moved.answers[half].value is None
        assert (
            "From Mini 1.0, item A.2" in moved.answers[half].notes
            and "rated 'Partly in place'" in moved.answers[half].notes
        )
    assert moved.answers["B.10"].value == "yes"  # renamed: the rating carries
    # merged: B.2 'no' and B.3 'not relevant' disagree, so B.23 needs a new rating; both answers are in its notes
    assert moved.answers["B.23"].value is None
    assert "B.2" in moved.answers["B.23"].notes and "No such service in town" in moved.answers["B.23"].notes
    step = up.steps[0]
    assert step.carried == ("A.1", "B.10")
    assert set(step.to_answer) == {"A.2", "A.3", "B.23", "C.1"}
    assert up.to_answer == step.to_answer


def test_nothing_is_lost_when_moving(versions):
    a = old_assessment()
    a.answers = {
        **a.answers,
        "A.2": Answer(value="some", evidence="Minutes 12", notes="Ask Ana", evidence_kind="policy"),
        "B.3": Answer(value="no", evidence="Survey 2025"),
    }
    moved = plan(a, versions).assessment
    texts = " ".join(x.evidence + " " + x.notes for x in moved.answers.values()) + moved.notes
    for old in a.answers.values():
        for text in (old.evidence, old.notes, old.reason):
            assert text in texts
    assert moved.answers["A.3"].evidence == "Minutes 12" and moved.answers["A.3"].evidence_kind == "policy"
    # the old answers stay whole in the history
    assert moved.earlier_versions[-1].framework_version == "1.0"
    assert moved.earlier_versions[-1].answers == a.answers
    assert moved.targets == a.targets and moved.actions == a.actions  # sections A and B are still there


def test_merged_items_that_agree_keep_their_rating(versions):
    a = old_assessment()
    a.answers = {**a.answers, "B.3": Answer(value="no")}
    moved = plan(a, versions).assessment
    assert moved.answers["B.23"].value == "no"


def test_a_dropped_item_leaves_its_answer_as_a_note(tmp_path):
    drop = UPGRADE.replace(
        "    - {kind: merged, old: [B.2, B.3], new: [B.23]}\n",
        "    - {kind: renamed, old: [B.2], new: [B.23]}\n"
        "    - {kind: dropped, old: [B.3], new: [B.10], note: now part of B.10's guidance}\n",
    )
    fw = load_frameworks(folder(tmp_path, drop))["mini"]
    moved = plan(old_assessment(), fw).assessment
    assert moved.answers["B.23"].value == "no"
    assert moved.answers["B.10"].value == "yes"  # its own answer, with the dropped item's as a note
    assert "item B.3 (no longer rated in 1.1; now part of B.10's guidance)" in moved.answers["B.10"].notes
    assert "No such service in town" in moved.answers["B.10"].notes
    no_target = drop.replace("new: [B.10], note", "note")
    fw = load_frameworks(folder(tmp_path / "x", no_target))["mini"]
    moved = plan(old_assessment(), fw).assessment
    assert "No such service in town" in moved.notes  # the assessment's own notes, never silently gone


def test_an_assessment_of_the_newest_version_has_nothing_to_move(versions):
    moved = plan(old_assessment(), versions).assessment
    again = plan(moved, versions)
    assert not again.changed and again.assessment is moved


def test_a_1_0_report_exports_and_imports_as_1_0(versions, tmp_path):
    a = old_assessment()
    old = versions.edition("1.0")
    assert old is not None
    data = export_report(a, old)
    back = read_report(data, {"mini": versions}, "report.xlsx")
    assert back.framework_version == "1.0"
    assert back.answers == {k: v for k, v in a.answers.items()}
    moved = plan(a, versions).assessment
    back = read_report(export_report(moved, versions), {"mini": versions}, "report.xlsx")
    assert back.framework_version == "1.1" and back.earlier_versions == moved.earlier_versions  # the history travels


def test_an_old_report_cannot_undo_a_move(versions, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}", frameworks={"mini": versions})
    a = old_assessment()
    old_report = export_report(a, versions.edition("1.0"))
    store.save(a)
    snap = store.load(a.id)
    store.save(plan(a, versions).assessment, expected_revision=snap.revision)
    with pytest.raises(WorkbookError, match="moved to version 1.1 since"):
        import_report(store, old_report, {"mini": versions})
    assert store.get(a.id).framework_version == "1.1"


def test_a_move_from_a_stale_page_is_refused(versions, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}", frameworks={"mini": versions})
    a = old_assessment()
    store.save(a)
    snap = store.load(a.id)
    store.set_answer(a.id, "A.1", Answer(value="none"))  # someone answers after the preview was drawn
    with pytest.raises(Conflict):
        store.save(plan(snap.assessment, versions).assessment, expected_revision=snap.revision)
    stored = store.get(a.id)
    assert stored.framework_version == "1.0" and stored.answers["A.1"].value == "none"


def test_compare_across_versions_goes_through_the_mapping_and_says_so(versions):
    old = old_assessment()
    new = plan(old, versions).assessment.model_copy(
        update={"id": "other", "subject": old.subject.model_copy(update={"name": "Otherville"})}
    )
    files = [("old.json", old.to_json().encode()), ("new.json", new.to_json().encode())]
    loaded, problems = load_many(files, {"mini": versions})
    assert problems == {} and {a.framework_version for a in loaded} == {"1.0", "1.1"}
    same, moved = on_version(loaded, versions)
    assert {a.framework_version for a in same} == {"1.1"}
    assert [a.id for a, _ in moved] == [old.id]
    note = describe_moves(moved, versions)
    assert "compared through the mapping" in note and "Testville" in note and "1.0" in note


def test_cli_upgrade_dry_run_lists_and_writes_nothing(versions, tmp_path, capsys):
    q = str(folder(tmp_path / "q"))
    out = tmp_path / "moved.json"
    assert main(["upgrade", str(OLD_ASSESSMENT), "--dry-run", "--questionnaires", q]) == 0
    text = capsys.readouterr().out
    assert "1.0 -> 1.1" in text and "split" in text and "A.2, A.3" in text and "Dry run" in text
    assert not out.exists()
    assert main(["upgrade", str(OLD_ASSESSMENT), "-o", str(out), "--questionnaires", q]) == 0
    moved = json.loads(out.read_text())
    assert moved["framework_version"] == "1.1" and moved["earlier_versions"][0]["framework_version"] == "1.0"
    assert main(["score", str(out), "--questionnaires", q]) == 0
    assert main(["score", str(OLD_ASSESSMENT), "--questionnaires", q]) == 0  # the 1.0 file still scores as 1.0
    assert "Mini test framework 1.0" in capsys.readouterr().out


def test_a_mapping_from_a_version_not_kept_moves_nothing(tmp_path):
    """A folder with the newest file only (its earlier version not kept beside it) loads; nothing can be moved."""
    from benchmark.upgrade import UpgradeError

    fw = load_frameworks(folder(tmp_path, UPGRADE.replace('from_version: "1.0"', 'from_version: "0.9"')))["mini"]
    with pytest.raises(UpgradeError, match="no version of Mini says how to move from 1.0"):
        plan(old_assessment(), fw)
