"""The store keeps every answer, item by item, on SQLite and PostgreSQL: across restarts, concurrent
sessions, a schema migration, and a backup restored into another database."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings

from benchmark.assessment import Action, Answer, Assessment, Subject, new_assessment
from benchmark.store import SCHEMA_VERSION, Access, Conflict, Store, backup, migrations
from benchmark.store.schema import schema_info

from .builders import MINI
from .conftest import ROOT
from .old_databases import db_shape, v1_database
from .strategies import assessments


def test_default_url_uses_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("BENCHMARK_DATABASE_URL", raising=False)
    monkeypatch.setenv("BENCHMARK_DATA_DIR", str(tmp_path / "d"))
    s = Store()
    assert (tmp_path / "d" / "benchmark.db").exists()
    assert s.list() == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=assessments(MINI))
def test_save_get_lossless(store, a):
    store.save(a)
    got = store.get(a.id)
    # empty answers are not stored: they carry nothing
    a.answers = {k: v for k, v in a.answers.items() if not v.is_empty()}
    assert got == a


def test_set_answer_touches_only_its_item(store, open_store):
    a = new_assessment(MINI, Subject(name="Testville"))
    store.save(a)
    store.set_answer(a.id, "A.1", Answer(value="full", evidence="Council motion 2024"))
    store.set_answer(a.id, "B.1", Answer(value="yes"))
    store.set_answer(a.id, "A.1", Answer(value="some", evidence="Council motion 2024"))
    # a second process opening the same file sees both
    other = open_store(store.url)
    got = other.get(a.id)
    assert got.answers == {"A.1": Answer(value="some", evidence="Council motion 2024"), "B.1": Answer(value="yes")}
    store.set_answer(a.id, "B.1", Answer())
    assert set(other.get(a.id).answers) == {"A.1"}


def test_a_kept_snapshot_is_current_until_anyone_writes(store, open_store):
    """What a page keeps between reruns: the stamp moves with every write, from this store or another process,
    and a snapshot patched after its own save equals what a fresh read gives."""
    a = new_assessment(MINI, Subject(name="Keepville"))
    store.save(a)
    kept = store.load(a.id)
    assert kept.current(store.stamp(a.id)) and store.stamp(a.id)[0] == kept.revision
    rev = store.set_answer(a.id, "A.1", Answer(value="full", evidence="Minutes"), expected_revision=0)
    assert not kept.current(store.stamp(a.id))
    patched = kept.with_answer("A.1", Answer(value="full", evidence="Minutes"), rev)
    fresh = store.load(a.id)
    assert patched.current(store.stamp(a.id))
    assert (patched.assessment, patched.answer_revisions, patched.revision) == (
        fresh.assessment,
        fresh.answer_revisions,
        fresh.revision,
    )
    open_store(store.url).set_answer(a.id, "B.1", Answer(value="yes"))  # someone else, elsewhere
    assert not patched.current(store.stamp(a.id)) and not fresh.current(store.stamp(a.id))
    latest = store.load(a.id)
    with pytest.raises(ValueError):  # another write came in between: the snapshot cannot be patched
        kept.with_answer("A.2", Answer(value="none"), store.set_answer(a.id, "A.2", Answer(value="none")))
    assert not latest.current(store.stamp(a.id))
    assert store.load(a.id).current(store.stamp(a.id))
    cleared = store.load(a.id)
    assert cleared.with_answer("A.1", Answer(), cleared.revision + 1).assessment.answers.keys() == {"B.1", "A.2"}
    assert store.stamp("no-such-assessment") is None and not kept.current(None)


def test_a_restore_does_not_pass_for_a_kept_snapshot(store):
    """A restore starts revisions at 1 again: the time of the last write tells the two states apart."""
    a = new_assessment(MINI, Subject(name="Restoreville"))
    store.save(a)
    first = store.load(a.id)
    store.add_role(a.id, "Harbour staff")  # writes that are not answers move the stamp too
    store.set_revealed(a.id, True)
    data = backup.backup(store)
    backup.restore(store, data, replace=True)
    stamp = store.stamp(a.id)
    assert stamp[0] == first.revision == 1  # the same revision number, another state
    assert not first.current(stamp)


def test_details_and_actions_do_not_touch_answers(store):
    a = new_assessment(MINI, Subject(name="Testville"))
    store.save(a)
    store.set_answer(a.id, "A.1", Answer(value="full"))
    a.targets = {"A": 60}
    a.subject.country = "Nowhere"
    store.save_details(a)  # `a` in memory has no answers: they must survive
    dup = Action(measure="one")
    store.set_actions(a.id, [dup, dup.model_copy(update={"measure": "copy"})])
    got = store.get(a.id)
    assert got.answers["A.1"].value == "full"
    assert got.targets == {"A": 60} and got.subject.country == "Nowhere"
    assert [x.measure for x in got.actions] == ["one", "copy"]
    assert got.actions[0].id != got.actions[1].id


def test_list_counts_rated_answers_and_filters(store):
    a = new_assessment(MINI, Subject(name="Alpha"))
    b = new_assessment(MINI, Subject(name="Beta"), assessment_type="peer")
    a.answers = {"A.1": Answer(value="full"), "A.2": Answer(evidence="only notes so far")}
    store.save(a)
    store.save(b)
    rows = {r.subject: r for r in store.list()}
    assert rows["Alpha"].answered == 1 and rows["Beta"].answered == 0
    assert rows["Beta"].assessment_type == "peer"
    assert store.list("other") == []
    store.delete(a.id)
    assert [r.subject for r in store.list("mini")] == ["Beta"]
    assert store.get(a.id) is None


def test_missing_assessment_is_a_clear_error(store):
    with pytest.raises(KeyError, match="no assessment with id nope"):
        store.set_answer("nope", "A.1", Answer(value="full"))


def test_newer_schema_is_refused(store):
    with store.engine.begin() as conn:
        conn.execute(schema_info.update().values(version=99))
    with pytest.raises(RuntimeError, match="newer version of this app"):
        Store(store.url).engine.dispose()


def test_restart_keeps_everything(store, open_store):
    a = new_assessment(MINI, Subject(name="Testville"))
    made = store.create(a)
    store.set_answer(a.id, "A.1", Answer(value="full", evidence="Council motion"))
    store.set_actions(a.id, [Action(measure="Set up a migrant council")])
    codes = store.create_group("UNITES peer review")
    store.join_group(made.edit, codes.join)
    before = store.load(a.id)
    store.engine.dispose()  # the app stops

    again = open_store(store.url)  # ...and starts again
    assert again.load(a.id) == before
    assert again.resolve(made.edit).can_edit and not again.resolve(made.view).can_edit
    assert [s.id for s in again.group_members(codes.facilitator)] == [a.id]
    assert again.list()[0].updated_at.tzinfo is not None  # alike on every backend


# Concurrency: nothing is silently overwritten ----------------------------------------------------------------


def test_stale_details_conflict_keeps_both_versions(store, open_store):
    a = new_assessment(MINI, Subject(name="Testville"))
    store.create(a)
    mine, theirs_session = store.load(a.id), open_store(store.url).load(a.id)

    theirs = theirs_session.assessment.model_copy(deep=True)
    theirs.targets = {"A": 90}
    theirs_rev = open_store(store.url).save_details(theirs, expected_revision=theirs_session.details_revision)
    ours = mine.assessment.model_copy(deep=True)
    ours.notes = "Our notes"
    with pytest.raises(Conflict, match="someone else saved the details") as caught:
        store.save_details(ours, expected_revision=mine.details_revision)
    c = caught.value
    assert (c.part, c.revision) == ("details", theirs_rev)
    assert c.theirs.targets == {"A": 90} and c.theirs.notes == ""
    assert c.ours.notes == "Our notes" and c.ours.targets == {}
    assert store.get(a.id).targets == {"A": 90}  # theirs untouched
    # the user merges both and saves deliberately over the revision the conflict showed
    ours.targets = c.theirs.targets
    store.save_details(ours, expected_revision=c.revision)
    got = store.get(a.id)
    assert got.targets == {"A": 90} and got.notes == "Our notes"


def test_stale_action_plan_conflict_keeps_both_versions(store, open_store):
    a = new_assessment(MINI, Subject(name="Testville"))
    store.create(a)
    other = open_store(store.url)
    rev_mine = store.load(a.id).actions_revision
    rev_theirs = other.load(a.id).actions_revision
    other.set_actions(a.id, [Action(measure="Theirs")], expected_revision=rev_theirs)
    with pytest.raises(Conflict) as caught:
        store.set_actions(a.id, [Action(measure="Ours")], expected_revision=rev_mine)
    assert [x.measure for x in caught.value.theirs] == ["Theirs"]
    assert [x.measure for x in caught.value.ours] == ["Ours"]
    assert [x.measure for x in store.get(a.id).actions] == ["Theirs"]
    # a save that does not say what it started from keeps the old behaviour: last one wins
    store.set_actions(a.id, [Action(measure="Ours")])
    assert [x.measure for x in other.get(a.id).actions] == ["Ours"]


def test_saving_what_is_already_there_is_no_conflict(store):
    """A double click sends the same save twice from the same snapshot: the second is written, not refused."""
    a = new_assessment(MINI, Subject(name="Testville"))
    store.create(a)
    snap = store.load(a.id)
    same = [Action(measure="Same", id="x1")]
    first = store.set_actions(a.id, same, expected_revision=snap.actions_revision)
    second = store.set_actions(a.id, same, expected_revision=snap.actions_revision)  # a double click
    assert second == first + 1 and store.load(a.id).actions_revision == second
    first = store.set_answer(a.id, "A.1", Answer(value="full"), expected_revision=0)
    second = store.set_answer(a.id, "A.1", Answer(value="full"), expected_revision=0)
    assert second == first + 1 and store.load(a.id).answer_revision("A.1") == second
    details = snap.assessment.model_copy(update={"notes": "Double clicked"})
    first = store.save_details(details, expected_revision=snap.details_revision)
    second = store.save_details(details, expected_revision=snap.details_revision)
    assert second == first + 1 and store.load(a.id).details_revision == second
    stored = store.get(a.id)
    assert ([x.model_dump() for x in stored.actions], stored.answers, stored.notes) == (
        [x.model_dump() for x in same],
        {"A.1": Answer(value="full")},
        "Double clicked",
    )
    # while a different save from the same old snapshot is still refused
    with pytest.raises(Conflict):
        store.set_answer(a.id, "A.1", Answer(value="none"), expected_revision=0)


def test_two_sessions_different_items_persist_same_item_conflicts(store, open_store):
    a = new_assessment(MINI, Subject(name="Testville"))
    store.create(a)
    one, two = store, open_store(store.url)
    s1, s2 = one.load(a.id), two.load(a.id)
    r1 = one.set_answer(a.id, "A.1", Answer(value="full"), expected_revision=s1.answer_revision("A.1"))
    two.set_answer(a.id, "B.1", Answer(value="yes"), expected_revision=s2.answer_revision("B.1"))
    assert {k: v.value for k, v in one.get(a.id).answers.items()} == {"A.1": "full", "B.1": "yes"}

    # session two still holds the page as loaded before session one answered A.1
    with pytest.raises(Conflict) as caught:
        two.set_answer(
            a.id, "A.1", Answer(value="none", notes="we disagree"), expected_revision=s2.answer_revision("A.1")
        )
    c = caught.value
    assert (c.part, c.item_id, c.revision) == ("answer", "A.1", r1)
    assert c.theirs == Answer(value="full") and c.ours == Answer(value="none", notes="we disagree")
    assert one.get(a.id).answers["A.1"] == Answer(value="full")
    # a session that reloaded saves normally, and clearing an answer brings its revision back to 0
    fresh = two.load(a.id)
    assert two.set_answer(a.id, "A.1", Answer(), expected_revision=fresh.answer_revision("A.1")) == 0
    assert two.load(a.id).answer_revision("A.1") == 0


def test_clear_then_answer_again_still_conflicts_with_the_old_page(store, open_store):
    """Revisions never repeat: an answer cleared and given again is not mistaken for the one first loaded."""
    a = new_assessment(MINI, Subject(name="Testville"))
    store.create(a)
    store.set_answer(a.id, "A.1", Answer(value="some"))
    stale = open_store(store.url).load(a.id)
    store.set_answer(a.id, "A.1", Answer())
    store.set_answer(a.id, "A.1", Answer(value="full"))
    with pytest.raises(Conflict):
        store.set_answer(a.id, "A.1", Answer(value="none"), expected_revision=stale.answer_revision("A.1"))


def test_replacing_a_whole_assessment_conflicts_with_open_pages(store):
    a = new_assessment(MINI, Subject(name="Testville"), answers={"A.1": Answer(value="some")})
    store.create(a)
    stale = store.load(a.id)
    imported = a.model_copy(deep=True)
    imported.answers["A.1"] = Answer(value="full")
    imported.notes = "from the workbook"
    store.save(imported)  # e.g. an edited report loaded back
    with pytest.raises(Conflict):
        store.set_answer(a.id, "A.1", Answer(value="none"), expected_revision=stale.answer_revision("A.1"))
    with pytest.raises(Conflict):
        store.save_details(stale.assessment, expected_revision=stale.details_revision)
    with pytest.raises(Conflict):
        store.set_actions(a.id, [Action(measure="x")], expected_revision=stale.actions_revision)


def test_simultaneous_saves_of_one_item_exactly_one_wins(store, open_store):
    a = new_assessment(MINI, Subject(name="Testville"))
    store.create(a)
    sessions = [open_store(store.url) for _ in range(6)]
    start = threading.Barrier(len(sessions))
    outcome: dict[int, str] = {}

    def edit(n: int, s: Store) -> None:
        start.wait()
        try:
            s.set_answer(a.id, "A.1", Answer(value="some", notes=f"session {n}"), expected_revision=0)
            outcome[n] = "saved"
        except Conflict:
            outcome[n] = "conflict"

    threads = [threading.Thread(target=edit, args=(n, s)) for n, s in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcome.values()) == ["conflict"] * (len(sessions) - 1) + ["saved"]
    [winner] = [n for n, v in outcome.items() if v == "saved"]
    assert store.get(a.id).answers["A.1"].notes == f"session {winner}"


def test_simultaneous_saves_of_different_items_all_persist(store, open_store):
    items = list(MINI.item_by_id)
    a = new_assessment(MINI, Subject(name="Testville"))
    store.create(a)
    sessions = [open_store(store.url) for _ in items]
    start = threading.Barrier(len(items))
    errors = []

    def edit(item_id: str, s: Store) -> None:
        start.wait()
        try:
            for k in range(5):
                snap = s.load(a.id)
                assert snap is not None
                s.set_answer(
                    a.id, item_id, Answer(notes=f"{item_id} {k}"), expected_revision=snap.answer_revision(item_id)
                )
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(i, s)) for i, s in zip(items, sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert {k: v.notes for k, v in store.get(a.id).answers.items()} == {i: f"{i} 4" for i in items}


# Migration ---------------------------------------------------------------------------------------------------


def test_migration_from_v1_keeps_every_row_and_adds_the_new_tables(db_url, open_store, another_db):
    old = v1_database(db_url)
    store = open_store(db_url)
    assert store.schema_version() == SCHEMA_VERSION == 4
    assert store.get(old.id) == old
    assert store.list()[0].updated_at == dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    # the migrated database has exactly the tables and columns of a new one
    assert db_shape(db_url) == db_shape(open_store(another_db()).url)
    # migrated assessments have no links until someone makes them
    assert not store.has_links(old.id)
    made = store.rotate_links(old.id)
    assert store.resolve(made.edit).assessment_id == old.id
    # and the new parts work on old rows
    snap = store.load(old.id)
    assert snap.answer_revision("A.1") == 1
    with pytest.raises(Conflict):
        store.set_answer(old.id, "A.1", Answer(value="none"), expected_revision=0)
    store.set_answer(old.id, "A.1", Answer(value="none"), expected_revision=1)
    store.engine.dispose()
    assert open_store(db_url).get(old.id).answers["A.1"].value == "none"  # opening again migrates nothing twice


def test_a_failing_migration_changes_nothing(db_url, open_store, monkeypatch):
    old = v1_database(db_url)
    before = db_shape(db_url)

    def broken(conn):
        migrations.v1_to_v2(conn)
        raise RuntimeError("disk full halfway")

    monkeypatch.setitem(migrations.MIGRATIONS, 1, broken)
    with pytest.raises(RuntimeError, match="disk full"):
        Store(db_url)
    assert db_shape(db_url) == before  # the columns and tables added before the failure are gone too
    monkeypatch.undo()
    assert open_store(db_url).get(old.id) == old


# Backup and restore ------------------------------------------------------------------------------------------


def _populated(store: Store) -> tuple[list[Assessment], dict]:
    made = {}
    out = []
    for n, name in enumerate(["Alpha", "Beta", "São Paulo — Ĳssel 😀"]):
        a = new_assessment(
            MINI,
            Subject(name=name),
            answers={"A.1": Answer(value="full", evidence="=SUM(A1)\nline")},
            actions=[Action(measure=f"Measure {n}", start=dt.date(2026, 1, n + 1))],
            targets={"B": 55.5},
        )
        made[a.id] = store.create(a)
        out.append(a)
    legacy = new_assessment(MINI, Subject(name="No links"), assessment_type="peer", reviewer_of=out[0].id)
    store.save(legacy)
    out.append(legacy)
    codes = store.create_group("Network")
    store.join_group(made[out[0].id].edit, codes.join)
    store.join_group(made[out[1].id].edit, codes.join)
    return out, {"links": made, "codes": codes}


@pytest.mark.postgres
def test_backup_from_sqlite_restores_into_postgresql(tmp_path, open_store, postgres_server):
    source = open_store(f"sqlite:///{tmp_path / 'local.db'}")
    originals, secrets = _populated(source)
    data = json.loads(backup.dumps(backup.backup(source)))  # through the file format
    target = open_store(postgres_server.new_database())
    counts = backup.restore(target, data)
    assert (counts.assessments, counts.answers, counts.actions, counts.links, counts.groups, counts.memberships) == (
        4,
        3,
        3,
        6,
        1,
        2,
    )
    assert {a.id: a for a in target.all()} == {a.id: a for a in source.all()} == {a.id: a for a in originals}
    assert target.list() == source.list()  # same times, same order
    for aid, made in secrets["links"].items():
        assert target.resolve(made.edit) == Access(aid, True)
        assert target.resolve(made.view) == Access(aid, False)
    assert [s.subject for s in target.group_members(secrets["codes"].facilitator)] == [
        s.subject for s in source.group_members(secrets["codes"].facilitator)
    ]
    # and back again, into a new SQLite file: the same backup
    back = open_store(f"sqlite:///{tmp_path / 'back.db'}")
    backup.restore(back, backup.backup(target))
    assert {k: v for k, v in backup.backup(back).items() if k != "written_at"} == {
        k: v for k, v in data.items() if k != "written_at"
    }


def test_restore_refuses_what_it_cannot_do_and_changes_nothing(store, open_store, tmp_path):
    originals, _ = _populated(store)
    data = backup.backup(store)
    with pytest.raises(backup.BackupError, match="already holds 4 of its assessments and 1 of its groups"):
        backup.restore(store, data)
    with pytest.raises(backup.BackupError, match="format version 99; this app reads version 1"):
        backup.restore(store, data | {"format_version": 99})
    with pytest.raises(backup.BackupError, match="not a backup of this app"):
        backup.restore(store, {"assessments": []})
    broken = json.loads(json.dumps(data))
    with_links = [n for n, x in enumerate(broken["assessments"]) if x["links"]]
    broken["assessments"][with_links[0]]["assessment"]["answers"]["A.1"]["evidence"] = "x" * 20_001
    broken["assessments"][with_links[1]]["links"][0]["token_hash"] = "not a hash"
    empty = open_store(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(backup.BackupError, match=r"2 problem\(s\), nothing was restored") as caught:
        backup.restore(empty, broken)
    assert f"assessment {with_links[0] + 1}: 1 invalid field(s), first: answers.A.1.evidence" in str(caught.value)
    assert "a link is not {token_hash: 64 hex digits, can_edit: true/false}" in str(caught.value)
    assert empty.list() == []
    # --replace puts the backup's version back
    store.set_answer(originals[0].id, "A.1", Answer(value="none"))
    counts = backup.restore(store, data, replace=True)
    assert counts.replaced == 5
    assert store.get(originals[0].id) == originals[0]


def test_backup_and_restore_commands(tmp_path, open_store):
    store = open_store(f"sqlite:///{tmp_path / 'local.db'}")
    originals, secrets = _populated(store)
    out = tmp_path / "backup.json"
    done = run_cli("backup", str(out), "--database", store.url)
    assert done.returncode == 0, done.stderr
    assert "4 assessments (3 answers, 3 actions), 6 links, 1 groups with 2 memberships" in done.stdout
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    done = run_cli("restore", str(out), "--database", target)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("restored 4 assessments")
    again = run_cli("restore", str(out), "--database", target)
    assert again.returncode == 1 and "nothing was restored (restore with --replace" in again.stderr
    restored = Store(target)
    assert {a.id: a for a in restored.all()} == {a.id: a for a in originals}
    first = originals[0].id
    done = run_cli("links", first, "--database", target)
    assert done.returncode == 0, done.stderr
    edit = re.search(r"^edit: (\S+)$", done.stdout, re.M).group(1)
    assert restored.resolve(edit) == Access(first, True)
    assert restored.resolve(secrets["links"][first].edit) is None  # the old links stopped working
    restored.engine.dispose()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "integration-benchmark-backup", "format_version": 2}')
    done = run_cli("restore", str(bad), "--database", target)
    assert done.returncode == 1 and done.stderr.strip() == (
        "error: bad.json has backup format version 2; this app reads version 1 only (a newer app wrote it? "
        "restore it with that version)"
    )


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "benchmark", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
