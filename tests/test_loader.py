"""A broken questionnaire file fails with a message naming file, place, line and problem."""

from __future__ import annotations

import pytest

from benchmark.framework.loader import (
    QuestionnaireError,
    load_framework,
    load_frameworks,
    parse_framework,
)

from .conftest import DATA

MINI = (DATA / "mini.yaml").read_text(encoding="utf-8")


def broken(old: str, new: str) -> str:
    assert old in MINI, f"test set-up: {old!r} not in mini.yaml"
    return MINI.replace(old, new, 1)


def errors_of(text: str) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as info:
        parse_framework(text, "broken.yaml")
    return info.value


def test_mini_loads(mini):
    assert mini.key == "mini@1.0"
    assert [s.id for s in mini.sections] == ["A", "B"]
    assert mini.scale_for(mini.item_by_id["B.1"]).id == "yesno"
    assert mini.scale_for(mini.item_by_id["A.1"]).max_points == 2


CASES = [
    # (description, old, new, expected place, expected message fragment, expected line)
    (
        "duplicate item id",
        "id: A.2,",
        "id: A.1,",
        "sections[1] (A) > items[2] (A.1) > id",
        "duplicate item id 'A.1'",
        35,
    ),
    ("duplicate section id", "  - id: B\n", "  - id: A\n", "sections[2] (A) > id", "duplicate section id 'A'", 38),
    (
        "unknown scale",
        'scale: yesno, question: "Fourth',
        'scale: likert, question: "Fourth',
        "sections[2] (B) > items[2] (B.2) > scale",
        "unknown scale 'likert'",
        46,
    ),
    (
        "unknown default scale",
        "default_scale: level",
        "default_scale: stars",
        "default_scale",
        "unknown scale 'stars'",
        22,
    ),
    (
        "missing question text",
        'question: "First question?"',
        'question: ""',
        "sections[1] (A) > items[1] (A.1) > question",
        "must not be empty",
        34,
    ),
    ("bad version", 'version: "1.0"', 'version: "first"', "version", "version 'first' must look like 1.0", 3),
    (
        "missing source",
        ', source: {file: test, section: A, item: "2"}}',
        "}",
        "sections[1] (A) > items[2] (A.2) > source",
        "required field is missing",
        35,
    ),
    (
        "unknown group",
        'group: B.q1, scale: yesno, question: "Fifth',
        'group: B.q9, scale: yesno, question: "Fifth',
        "sections[2] (B) > items[3] (B.3) > group",
        "unknown group 'B.q9'",
        47,
    ),
    (
        "misspelt field",
        "    statement: The first factor.",
        "    statment: The first factor.",
        "sections[1] (A) > statment",
        "unknown field",
        31,
    ),
    (
        "option with points and not relevant",
        "{value: na, label: Not relevant here, not_relevant: true}\n  - id: yesno",
        "{value: na, label: Not relevant here, not_relevant: true, points: 0}\n  - id: yesno",
        "scales[1] (level) > options[4] (na)",
        "must not carry points",
        15,
    ),
    (
        "unknown suggestion kind",
        "kind: tool",
        "kind: gadget",
        "sections[1] (A) > suggestions[1] > kind",
        "unknown suggestion kind 'gadget' (suggestion_kinds: tool,",
        37,
    ),
    (
        "unknown kind to draft actions from",
        "suggestion_kinds:\n",
        "draft_from: [tip, gizmo]\nsuggestion_kinds:\n",
        "draft_from[2]",
        "unknown suggestion kind 'gizmo' (suggestion_kinds: tool,",
        73,
    ),
    (
        "unknown role to compare",
        "compare: [Migrant residents and their organisations, City officials]",
        "compare: [Migrant residents and their organisations, Mayors]",
        "respondents > compare[2]",
        "unknown role 'Mayors'",
        59,
    ),
    ("duplicate role", "    - Peer reviewer", "    - City officials", "respondents > roles[5]", "duplicate role", 57),
    (
        "comparison bands out of order",
        "{below: 250000,",
        "{below: 50000,",
        "comparison_bands > population[2] > below",
        "increasing order of 'below'",
        65,
    ),
    (
        "comparison band open before the last",
        "{below: 15, label:",
        "{label:",
        "comparison_bands > migrant_share[2] > below",
        "only the last band is open-ended",
        70,
    ),
    (
        "bands out of order",
        "{min: 80, label: Advanced}",
        "{min: 40, label: Advanced}",
        "maturity_bands[3] > min",
        "increasing order",
        27,
    ),
    (
        "item without group in grouped section",
        'group: B.q1, scale: yesno, question: "Third',
        'scale: yesno, question: "Third',
        "sections[2] (B) > items[1] (B.1)",
        "must name its group",
        45,
    ),
    (
        "bad id characters",
        "id: A.1,",
        'id: "1 A",',
        "sections[1] (A) > items[1] (1 A) > id",
        "must start with a letter",
        34,
    ),
]


@pytest.mark.parametrize("desc, old, new, place, message, line", CASES, ids=[c[0] for c in CASES])
def test_each_defect_is_located(desc, old, new, place, message, line):
    err = errors_of(broken(old, new))
    assert err.file == "broken.yaml"
    matching = [p for p in err.problems if p.place == place]
    assert matching, f"no problem at {place!r}; got {[str(p) for p in err.problems]}"
    assert message in matching[0].message
    assert matching[0].line == line
    assert str(err).startswith("broken.yaml: ")
    assert place in str(err)


def test_all_structural_problems_reported_together():
    text = broken('version: "1.0"', 'version: "x"').replace('question: "First question?"', 'question: ""')
    err = errors_of(text)
    assert {p.place for p in err.problems} >= {"version", "sections[1] (A) > items[1] (A.1) > question"}


def test_invalid_yaml_names_line():
    err = errors_of(MINI.replace("sections:\n", "sections: [\n", 1))
    assert "not valid YAML" in err.problems[0].message
    assert err.problems[0].line is not None


def test_not_a_mapping():
    err = errors_of("- just\n- a list\n")
    assert "must hold a mapping" in str(err)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(QuestionnaireError, match="file not found"):
        load_framework(tmp_path / "nope.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("title: S\xe3o Paulo".encode("latin-1"))
    with pytest.raises(QuestionnaireError, match="not UTF-8"):
        load_framework(bad)


def test_yaml_tags_cannot_run_code():
    err = errors_of("!!python/object/apply:os.system ['echo hacked']\n")
    assert "not valid YAML" in str(err)


def test_translation_files_beside_a_framework_are_not_frameworks(tmp_path):
    (tmp_path / "mini.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "mini.fr.yaml").write_text("framework: mini\nlanguage: fr\ntitle: Mini\n", encoding="utf-8")
    assert list(load_frameworks(tmp_path)) == ["mini"]
