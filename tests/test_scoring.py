"""Scoring rules on hand-computed cases, and their invariants under generated assessments."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.assessment import Answer, Subject, new_assessment
from benchmark.scoring import score

from .builders import MINI
from .strategies import assessments


def make(answers: dict[str, str | None], **kw):
    a = new_assessment(MINI, Subject(name="Testville"), **kw)
    a.answers = {k: Answer(value=v) for k, v in answers.items()}
    return a


def test_hand_computed_case():
    # A: full (2/2) + some (1/2) -> 75 %. B: yes, no, not relevant -> 1 of 2 rated -> 50 %.
    r = score(make({"A.1": "full", "A.2": "some", "B.1": "yes", "B.2": "no", "B.3": "na"}), MINI)
    a, b = r.sections
    assert a.score == pytest.approx(75.0)
    assert b.score == pytest.approx(50.0)
    assert (b.answered, b.not_relevant, b.relevant, b.items, b.unanswered) == (2, 1, 2, 3, 0)
    assert r.overall == pytest.approx(62.5)  # plain mean of 75 and 50, not item-weighted (3/5 = 60)
    assert r.completion == pytest.approx(100.0)
    assert r.not_relevant_items == ("B.3",)
    assert a.gap == pytest.approx(0.0) and b.gap == pytest.approx(25.0)
    assert [s.id for s in r.gaps] == ["B"] and [s.id for s in r.strengths] == ["A"]
    assert r.maturity == "Developing" and a.maturity == "Developing"


def test_unanswered_items_are_reported_not_counted():
    r = score(make({"A.1": "full"}), MINI)
    a, b = r.sections
    assert a.score == pytest.approx(100.0)  # rests on 1 rated item, and says so
    assert (a.answered, a.unanswered) == (1, 1)
    assert b.score is None and b.gap is None and b.maturity == "Not yet rated"
    assert r.overall == pytest.approx(100.0)
    assert r.completion == pytest.approx(20.0)
    assert r.unanswered_items == ("A.2", "B.1", "B.2", "B.3")


def test_empty_assessment_has_no_score():
    r = score(make({}), MINI)
    assert r.overall is None and r.completion == 0 and r.maturity == "Not yet rated"


def test_all_not_relevant_section_leaves_overall():
    r = score(make({"A.1": "none", "A.2": "none", "B.1": "na", "B.2": "na", "B.3": "na"}), MINI)
    assert r.section("B").score is None and r.section("B").relevant == 0
    assert r.overall == pytest.approx(0.0)
    assert r.completion == pytest.approx(100.0)


def test_weights_and_targets():
    r = score(make({"A.1": "full", "A.2": "full", "B.1": "no", "B.2": "no"}, weights={"A": 3}, targets={"B": 40}), MINI)
    assert r.overall == pytest.approx((100 * 3 + 0 * 1) / 4)
    assert r.section("B").target == 40 and r.section("B").gap == pytest.approx(40)
    assert r.section("A").target == MINI.default_target


def test_zero_weight_excludes_section():
    r = score(make({"A.1": "full", "B.1": "no"}, weights={"B": 0}), MINI)
    assert r.overall == pytest.approx(100.0)


def test_to_dict_has_documented_shape():
    d = score(make({"A.1": "some"}), MINI).to_dict()
    assert {"framework", "subject", "overall", "completion", "sections"} <= set(d)
    assert {"id", "title", "score", "target", "gap", "answered", "relevant", "items"} <= set(d["sections"][0])
    assert d["sections"][0]["score"] == 50.0 and d["sections"][1]["score"] is None


@settings(max_examples=150, deadline=None)
@given(assessments(MINI))
def test_scores_stay_in_range(a):
    r = score(a, MINI)
    for s in r.sections:
        assert s.score is None or 0 <= s.score <= 100
        assert s.answered + s.not_relevant + s.unanswered == s.items
    assert r.overall is None or 0 <= r.overall <= 100 + 1e-9
    assert 0 <= r.completion <= 100


@settings(max_examples=150, deadline=None)
@given(assessments(MINI), st.sampled_from(sorted(MINI.item_by_id)))
def test_not_relevant_never_changes_other_sections(a, item_id):
    before = score(a, MINI)
    na = next(o.value for o in MINI.scale_for(MINI.item_by_id[item_id]).options if o.not_relevant)
    a.answers = {**a.answers, item_id: Answer(value=na)}
    after = score(a, MINI)
    own = MINI.section_of_item[item_id]
    for s0, s1 in zip(before.sections, after.sections):
        if s0.id != own:
            assert s0 == s1


@settings(max_examples=150, deadline=None)
@given(assessments(MINI))
def test_equal_weights_equal_plain_mean(a):
    a.weights = {s.id: 2.5 for s in MINI.sections}
    r = score(a, MINI)
    scored = [s.score for s in r.sections if s.score is not None]
    if scored:
        assert r.overall == pytest.approx(sum(scored) / len(scored))
    else:
        assert r.overall is None
