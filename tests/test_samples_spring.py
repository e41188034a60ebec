"""The ten SPRING sample practices carry the source's checklist marks exactly.

Every number below was counted by hand from the seed file
``003_c3132830ee13a41f.txt`` (the SPRING "Good Practice Criteria" applied to ten
practices, ✓ = met, – or − = not met), not from the sample files themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark.assessment import check_against, load_assessment
from benchmark.samples import list_samples, sample_dir
from benchmark.scoring import score

SPRING_DIR = sample_dir() / "spring"

# practice id -> {criterion: (items marked ✓, items marked ✓ or –)}
EXPECTED = {
    "spring-p01-ciac-mentoring": {"C1": (9, 9), "C2": (9, 11), "C3": (7, 10), "C4": (2, 3), "C5": (4, 4)},
    "spring-p02-homelands": {"C1": (9, 9), "C2": (8, 11), "C3": (8, 10), "C4": (4, 6), "C5": (3, 4)},
    "spring-p03-refugee-reception-centre": {"C1": (6, 6), "C2": (10, 10), "C3": (6, 10), "C4": (3, 3), "C5": (4, 4)},
    "spring-p04-partecipazione": {"C1": (9, 9), "C2": (11, 11), "C3": (10, 10), "C4": (5, 6), "C5": (4, 4)},
    "spring-p05-queer-base": {"C1": (9, 9), "C2": (10, 10), "C3": (10, 10), "C4": (2, 3), "C5": (4, 4)},
    "spring-p06-kicken-ohne-grenzen": {"C1": (9, 9), "C2": (11, 11), "C3": (7, 10), "C4": (2, 3), "C5": (2, 2)},
    "spring-p07-cosmopolis-grandhotel": {"C1": (6, 9), "C2": (4, 7), "C3": (5, 10), "C4": (2, 3), "C5": (0, 0)},
    "spring-p08-migracode": {"C1": (9, 9), "C2": (8, 8), "C3": (7, 7), "C4": (6, 6), "C5": (4, 4)},
    "spring-p09-buddy-teams": {"C1": (7, 9), "C2": (8, 10), "C3": (7, 10), "C4": (2, 2), "C5": (3, 4)},
    "spring-p10-multicultural-centre-warsaw": {"C1": (9, 9), "C2": (9, 10), "C3": (7, 10), "C4": (3, 3), "C5": (2, 2)},
}

# Guiding questions the source has no assessment for (no answer key at all for their items).
OMITTED_QUESTIONS = {
    "spring-p01-ciac-mentoring": {"C4.Q1"},
    "spring-p02-homelands": set(),
    "spring-p03-refugee-reception-centre": {"C1.Q3", "C4.Q1"},
    "spring-p04-partecipazione": set(),
    "spring-p05-queer-base": {"C4.Q1"},
    "spring-p06-kicken-ohne-grenzen": {"C4.Q2", "C5.Q2"},
    "spring-p07-cosmopolis-grandhotel": {"C2.Q1", "C4.Q1", "C5.Q1", "C5.Q2"},
    "spring-p08-migracode": {"C2.Q1"},
    "spring-p09-buddy-teams": {"C4.Q1"},
    "spring-p10-multicultural-centre-warsaw": {"C4.Q2", "C5.Q2"},
}

# Items missing from an otherwise present checklist (no answer key, like an omitted question).
NOT_LISTED = {
    "spring-p07-cosmopolis-grandhotel": {"C2.Q3.1"},  # lines 1049-1051 list only C2.Q3.3 and C2.Q3.2
    "spring-p09-buddy-teams": {"C2.Q3.1", "C4.Q2.2"},  # lines 1341-1343 and 1387-1389
    "spring-p10-multicultural-centre-warsaw": {"C2.Q3.3"},  # lines 1495-1497
}

# Items the source lists without any ✓ or – mark: kept with value None and a note saying so.
UNMARKED = {
    "spring-p03-refugee-reception-centre": {"C2.Q2.3"},  # line 397
    "spring-p05-queer-base": {"C2.Q2.3"},  # line 735
    "spring-p08-migracode": {"C3.Q1.5", "C3.Q2.2", "C3.Q2.5"},  # lines 1191, 1203, 1209
}

# Checklist lines whose text is garbled; the mark is recorded by position and the answer says so.
GARBLED = {
    "spring-p04-partecipazione": {"C2.Q2.3": "met"},  # line 555: narrative text instead of the item
    "spring-p08-migracode": {"C2.Q2.3": "met"},  # line 1153: repeats C2.Q2.2
    "spring-p09-buddy-teams": {"C2.Q2.3": "met"},  # line 1329: repeats C2.Q2.2 (marked – at line 1327)
}

# Checklist lines with both marks at once: recorded as the mark the line starts with, and the answer says so.
DOUBLE_MARKED = {
    "spring-p05-queer-base": {"C3.Q1.3": "met"},  # line 769: "✓- Develop a communications strategy ..."
}

NAMES = {
    "spring-p02-homelands": "Homelands",
    "spring-p04-partecipazione": "PartecipAzione",
    "spring-p05-queer-base": "Queer Base",
    "spring-p06-kicken-ohne-grenzen": "Kicken ohne Grenzen",
    "spring-p07-cosmopolis-grandhotel": "Cosmopolis Grandhotel",
    "spring-p08-migracode": "MigraCode",
    "spring-p10-multicultural-centre-warsaw": "Multicultural Centre in Warsaw",
}


def _path(practice_id: str) -> Path:
    return SPRING_DIR / f"{practice_id}.json"


@pytest.fixture(scope="module")
def samples(spring):
    return {pid: load_assessment(_path(pid), spring) for pid in EXPECTED}


def test_exactly_ten_spring_samples():
    spring_files = [p for p in list_samples() if load_assessment(p).framework == "spring"]
    assert len(spring_files) == 10
    assert sorted(p.stem for p in spring_files) == sorted(EXPECTED)
    assert sorted(p.stem for p in SPRING_DIR.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("practice_id", sorted(EXPECTED))
def test_sample_fits_framework(practice_id, spring, samples):
    a = samples[practice_id]
    assert a.id == practice_id
    assert check_against(a, spring) == []
    assert a.framework == "spring" and a.framework_version == spring.version
    assert a.subject.kind == "practice"
    assert a.assessment_type == "peer"
    assert set(a.answers) <= set(spring.item_by_id)
    assert {ans.value for ans in a.answers.values()} <= {"met", "not_met", None}
    if practice_id in NAMES:
        assert a.subject.name == NAMES[practice_id]


@pytest.mark.parametrize("practice_id", sorted(EXPECTED))
def test_met_counts_match_source(practice_id, spring, samples):
    a = samples[practice_id]
    result = score(a, spring)
    for section in spring.sections:
        values = [a.answers[i.id].value for i in section.items if i.id in a.answers]
        rated = [v for v in values if v is not None]
        met = rated.count("met")
        assert (met, len(rated)) == EXPECTED[practice_id][section.id], (practice_id, section.id)
        s = result.section(section.id)
        assert s.answered == len(rated) and s.not_relevant == 0
        if rated:
            assert s.score == pytest.approx(100 * met / len(rated))
        else:
            assert s.score is None


@pytest.mark.parametrize("practice_id", sorted(EXPECTED))
def test_unanswered_items_are_exactly_what_the_source_leaves_out(practice_id, spring, samples):
    a = samples[practice_id]
    omitted = {i.id for i in spring.item_by_id.values() if i.group in OMITTED_QUESTIONS[practice_id]}
    not_listed = NOT_LISTED.get(practice_id, set())
    unmarked = UNMARKED.get(practice_id, set())
    # Omitted questions and unlisted items have no answer key at all.
    assert not (omitted | not_listed) & set(a.answers)
    # Every other item has an answer; only the unmarked ones lack a value.
    assert set(a.answers) == set(spring.item_by_id) - omitted - not_listed
    assert {i for i, ans in a.answers.items() if ans.value is None} == unmarked
    for item_id in unmarked:
        assert "without a ✓ or – mark" in a.answers[item_id].notes
    assert set(score(a, spring).unanswered_items) == omitted | not_listed | unmarked
    # Omitted questions are named in the assessment's notes.
    for question in OMITTED_QUESTIONS[practice_id]:
        assert question in a.notes


@pytest.mark.parametrize("practice_id", sorted(GARBLED))
def test_garbled_items_are_recorded_by_position_and_explained(practice_id, samples):
    a = samples[practice_id]
    for item_id, value in GARBLED[practice_id].items():
        assert a.answers[item_id].value == value
        assert "in this position" in a.answers[item_id].notes
        assert item_id in a.notes


@pytest.mark.parametrize("practice_id", sorted(DOUBLE_MARKED))
def test_double_marked_items_are_recorded_by_their_first_mark_and_explained(practice_id, samples):
    a = samples[practice_id]
    for item_id, value in DOUBLE_MARKED[practice_id].items():
        assert a.answers[item_id].value == value
        assert "✓-" in a.answers[item_id].notes
        assert item_id in a.notes


def test_every_evidence_text_is_on_a_met_item(samples):
    for a in samples.values():
        for item_id, ans in a.answers.items():
            if ans.evidence:
                assert ans.value == "met", (a.id, item_id)
                assert ans.evidence.startswith("Source:")
