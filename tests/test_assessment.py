"""Assessment files: JSON round trip, fit to the framework, clear errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from benchmark.assessment import (
    Action,
    Answer,
    AssessmentError,
    Subject,
    check_against,
    load_assessment,
    new_assessment,
    parse_assessment,
    save_assessment,
)

from .builders import MINI
from .strategies import assessments


@settings(max_examples=100, deadline=None)
@given(assessments(MINI))
def test_json_save_load_is_lossless(a):
    assert parse_assessment(a.to_json()) == a
    assert check_against(a, MINI) == []


def test_file_round_trip(tmp_path):
    a = new_assessment(MINI, Subject(name="Testville", population=120_000, migrant_share=14.5))
    a.answers["A.1"] = Answer(value="some", evidence='=HYPERLINK("x")\nsecond line')
    a.actions.append(Action(measure="Set up a migrant council", section="A"))
    path = tmp_path / "a.json"
    save_assessment(a, path)
    assert load_assessment(path, MINI) == a


def test_wrong_version_is_refused():
    a = new_assessment(MINI, Subject(name="X"))
    a.framework_version = "0.9"
    assert check_against(a, MINI) == [
        "framework_version: the assessment was made with version 0.9 of Mini, not with version 1.0"
    ]


def test_misfits_are_each_located():
    a = new_assessment(MINI, Subject(name="X"), targets={"Z": 50, "A": 150}, weights={"B": -1})
    a.answers = {"A.1": Answer(value="yes"), "Q.9": Answer(value="full")}
    a.actions = [Action(section="nope")]
    problems = check_against(a, MINI)
    assert "answers > A.1 > value: 'yes' is not on the scale (allowed: none, some, full, na)" in problems
    assert "answers > Q.9: no such item in Mini 1.0" in problems
    assert "targets > Z: no such factor" in problems
    assert "targets > A: 150 is outside 0–100" in problems
    assert "weights > B: a weight cannot be negative" in problems
    assert "actions[1] > section: no such factor 'nope'" in problems


def test_bad_json_and_bad_fields():
    with pytest.raises(AssessmentError, match="not valid JSON"):
        parse_assessment("{not json", "x.json")
    with pytest.raises(AssessmentError) as info:
        parse_assessment(json.dumps({"framework": "mini", "subject": {"name": ""}, "colour": 1}), "x.json")
    text = str(info.value)
    assert "framework_version: required field is missing" in text
    assert "colour: unknown field" in text
    assert "subject > name" in text


def test_end_before_start_is_reported():
    import datetime as dt

    a = new_assessment(MINI, Subject(name="X"))
    a.actions = [Action(start=dt.date(2027, 5, 1), end=dt.date(2027, 1, 1))]
    assert check_against(a, MINI) == ["actions[1] > end: the end date is before the start date"]
