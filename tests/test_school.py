"""A third framework, about schools (tests/frameworks/school.yaml), runs through the core and every page without a
code change: its subject kind, respondent roles, comparison bands and suggestion kinds come from the file."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmark.assessment import Answer, Subject, new_assessment
from benchmark.compare.frame import latest, scores_frame
from benchmark.compare.method import method_text
from benchmark.compare.similar import similar
from benchmark.disclosure import Withheld
from benchmark.respondents import grouping
from benchmark.xlsx.report_reader import read_report
from benchmark.xlsx.report_writer import export_report

from .apptest import app, no_errors, shown

PUPILS, TEACHERS = "Pupils", "Teachers"


def school_assessment(school, name, population, share, answers, **kw):
    return new_assessment(
        school,
        Subject(name=name, kind=school.subject_kind, population=population, migrant_share=share),
        answers={k: Answer(value=v) for k, v in answers.items()},
        **kw,
    )


@pytest.fixture
def schools(school):
    return [
        school_assessment(school, "North school", 150, 30, {"W.1": "full", "W.2": "some", "L.1": "none"}),
        school_assessment(school, "South school", 180, 10, {"W.1": "some", "W.2": "none", "L.1": "none"}),
        school_assessment(school, "East school", 450, 25, {"W.1": "full", "W.2": "full", "L.1": "some"}),
    ]


def test_the_school_framework_declares_what_was_city_specific(school):
    assert (school.subject_kind, school.subject_label) == ("school", "School")
    assert school.respondents.roles == [TEACHERS, PUPILS, "Parents", "School leaders"]
    assert school.respondents.compare_pair(school.respondents.roles) == (PUPILS, TEACHERS)
    assert school.comparison_bands.band("population", 200) == "200–500 pupils"
    assert school.suggestion_kinds == {"idea": "Idea", "visit": "School to visit"}
    assert school.draft_from == ["idea"]
    rules = " ".join(method_text(school))
    assert "Similar schools: population under 200 pupils, 200–500 pupils, 500 pupils and more" in rules


def test_similar_schools_use_the_frameworks_bands(schools, school):
    group = similar(latest(scores_frame(schools, school)), school, "North school", by="population")
    assert group.label == "population under 200 pupils"
    assert set(group.ranking["subject"]) == {"North school", "South school"}
    assert "2 schools" in group.note


def test_respondents_take_the_schools_roles_and_the_report_reads_back(store, school):
    a = school_assessment(school, "North school", 150, 30, {"W.1": "full"}, date=dt.date(2026, 5, 1))
    store.save(a)
    with pytest.raises(ValueError, match="not a role"):
        store.add_respondent(a.id, "City officials")
    for role in (PUPILS, PUPILS, TEACHERS):
        store.add_respondent(a.id, role)
    stored = store.get(a.id)
    assert stored.offered_roles(school) == school.respondents.roles
    assert list(grouping(stored, school).groups) == ["Other roles (groups under 3)"]
    back = read_report(export_report(stored, school), {"school": school})
    assert back.subject.kind == "school" and back.answers == stored.answers and back.respondents == []
    with pytest.raises(Withheld, match=r"Pupils \(2\), Teachers \(1\)"):
        export_report(stored.model_copy(update={"revealed": True}), school, individual_answers=True)
    store.add_respondent(a.id, PUPILS)
    for _ in range(2):
        store.add_respondent(a.id, TEACHERS)
    whole = store.get(a.id).model_copy(update={"revealed": True})
    back = read_report(export_report(whole, school, individual_answers=True), {"school": school})
    assert sorted(r.role for r in back.respondents) == [PUPILS] * 3 + [TEACHERS] * 3


def test_a_school_runs_through_home_assess_results_compare_and_the_report(school_env, schools, school):
    at = app()
    no_errors(at)
    at.text_input[0].input("West school")
    at.number_input[0].set_value(320)
    at.button(key="FormSubmitter:new_assessment-Start assessment").click().run()
    no_errors(at)
    [row] = school_env.list()
    west = school_env.get(row.id)
    assert west.subject.kind == "school" and west.framework == "school"

    at = app("assess", west.id)
    no_errors(at)
    at.radio(key=f"{west.id}:W.1:value").set_value("none").run()
    no_errors(at)
    assert school_env.get(west.id).answers["W.1"].value == "none"

    at = app("results", west.id)
    no_errors(at)
    assert "**School to visit: A buddy scheme.**" in "\n".join(m.value for m in at.markdown)

    at = app("respondents", west.id)
    no_errors(at)
    assert any(shown(c.value) == "Roles offered: " + ", ".join(school.respondents.roles) + "." for c in at.caption)

    for a in schools:
        school_env.save(a)
    for a in schools[:1]:
        for role in (PUPILS,) * 3 + (TEACHERS,) * 3:
            school_env.add_respondent(a.id, role)
        school_env.set_revealed(a.id, True)
    at = app("compare")
    no_errors(at)
    assert at.selectbox(key="compare_highlight").label == "Highlight a school"
    at.segmented_control(key="compare_view").set_value("ranking").run()
    at.selectbox(key="compare_highlight").set_value("North school").run()
    at.radio(key="compare_similar_by").set_value("population").run()
    no_errors(at)
    assert any(
        "compared with the 2 schools (itself included) with population under 200 pupils" in shown(m.value)
        for m in at.markdown
    )
    at.toggle(key="compare_roles").set_value(True).run()
    no_errors(at)
    assert (at.selectbox(key="compare_role_a").value, at.selectbox(key="compare_role_b").value) == (PUPILS, TEACHERS)

    at = app("exchange", west.id)
    no_errors(at)
