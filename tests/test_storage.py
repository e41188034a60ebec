"""The store keeps every answer, item by item, and survives reopening."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from benchmark.assessment import Action, Answer, Subject, new_assessment
from benchmark.loader import load_framework
from benchmark.storage import Store, schema_info

from .conftest import DATA
from .strategies import assessments

MINI = load_framework(DATA / "mini.yaml")


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'b.db'}")


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


def test_set_answer_touches_only_its_item(store, tmp_path):
    a = new_assessment(MINI, Subject(name="Testville"))
    store.save(a)
    store.set_answer(a.id, "A.1", Answer(value="full", evidence="Council motion 2024"))
    store.set_answer(a.id, "B.1", Answer(value="yes"))
    store.set_answer(a.id, "A.1", Answer(value="some", evidence="Council motion 2024"))
    # a second process opening the same file sees both
    other = Store(f"sqlite:///{tmp_path / 'b.db'}")
    got = other.get(a.id)
    assert got.answers == {"A.1": Answer(value="some", evidence="Council motion 2024"), "B.1": Answer(value="yes")}
    store.set_answer(a.id, "B.1", Answer())
    assert set(other.get(a.id).answers) == {"A.1"}


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
        Store(store.url)
