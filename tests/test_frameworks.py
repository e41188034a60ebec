"""The two real frameworks: complete, faithful to their sources, and cited item by item."""

from __future__ import annotations

import os
import re

import pytest

from .conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"

# Every condition in each UNITES key factor's "Explanation", as a phrase of the source (UNITES 1.1).
UNITES_CONDITIONS = {
    "KF1": [
        "positive, explicit vision of migration",
        "commitment to strive for integration",
        "wider equality framework",
        "purpose of co-design processes",
        "outcomes of work to co-design",
    ],
    "KF2": [
        "previous commitment to co-design",
        "regularly applied to guide changes in service provision",
        "clear guidelines and support to ensure that they are inclusive",
    ],
    "KF3": [
        "spans all or most service/functional areas",
        "specifies goals, with concrete actions",
        "specifies the timeframe",
        "includes a budget",
    ],
    "KF4": [
        "voice their needs",
        "identify solutions, that is to create the strategy",
        "take an oversight role",
        "representative of the wider migrant population",
        "lasting at least for the period of the integration strategy",
        "package of support including training; administrative support; access to data; and financial remuneration",
    ],
    "KF5": [
        "set up by the city authority",
        "chaired by Mayor or deputy",
        "last for the period of the strategy",
        "clear mandate to oversee",
        "include all 'delivery' stakeholders",
        "sign off the strategy",
        "strong migrant voice",
    ],
    "KF6": [
        "ethnic and national identities",
        "unaccompanied young people",
        "via social media and community organisations",
        "creating a framework to promote diversity and inclusion",
    ],
    "KF7": [
        "facilitates exchange between migrants",
        "tells the public at large",
    ],
}
UNITES_COUNTS = {"KF1": 5, "KF2": 3, "KF3": 4, "KF4": 6, "KF5": 7, "KF6": 4, "KF7": 2}
# The benchmark table of the UNITES guide (its lines 541-570): every rated item renders a condition of it.
BENCHMARK_LINES = (541, 570)


def seed_text(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"source file {path} is missing: CI must have shared/ beside the clone")
        pytest.skip(f"source file {path} is not here (shared/ is beside the clone in CI)")
    return normalise(path.read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    text = re.sub(r"<[^>]+>|\*\*|[□■·]", " ", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def test_spring_has_5_criteria_12_questions_40_items(spring):
    assert [s.title for s in spring.sections] == [
        "Inclusivity & Participation",
        "Relevance & Complementarity",
        "Effectiveness",
        "Sustainability",
        "Partnership & Collaboration",
    ]
    assert sum(len(s.groups) for s in spring.sections) == 12
    assert spring.item_count == 40
    assert [len(s.items) for s in spring.sections] == [9, 11, 10, 6, 4]
    for section in spring.sections:
        for item in section.items:
            q, n = re.fullmatch(r"question (\d+), checklist item (\d+)", item.source.item).groups()
            assert item.id == f"{section.id}.Q{q}.{n}" and item.group == f"{section.id}.Q{q}"
            assert item.source.section == section.title


def test_spring_scale_is_met_not_met_not_relevant(spring):
    scale = spring.scale_by_id[spring.default_scale]
    assert [(o.label, o.points, o.not_relevant) for o in scale.options] == [
        ("Not met", 0, False),
        ("Met", 1, False),
        ("Not relevant here", None, True),
    ]


def test_unites_has_every_condition_of_each_factor(unites):
    assert [s.id for s in unites.sections] == list(UNITES_CONDITIONS)
    for section in unites.sections:
        quotes = [normalise(i.source.quote or "") for i in section.items]
        for phrase in UNITES_CONDITIONS[section.id]:
            assert any(phrase in q for q in quotes), f"{section.id}: no item renders “{phrase}”"
        assert len(section.items) == len(UNITES_CONDITIONS[section.id])


def test_unites_1_1_counts_per_key_factor(unites):
    assert unites.version == "1.1"
    assert {s.id: len(s.items) for s in unites.sections} == UNITES_COUNTS
    assert unites.item_count == 31


def test_every_unites_item_rests_on_a_condition_of_the_benchmark_table(frameworks):
    """No scored item without a condition in the source: each item's quote is in the table itself."""
    lines = (SEEDS / "001_5775159583a17f8a.txt").read_text(encoding="utf-8").splitlines()
    table = normalise(" ".join(lines[BENCHMARK_LINES[0] - 1 : BENCHMARK_LINES[1]]))
    for fw in frameworks["unites"].editions:
        for item in fw.item_by_id.values():
            assert normalise(item.source.quote or "") in table, f"{fw.key} {item.id}"


def test_unites_1_1_rates_the_framework_not_its_examples_and_not_the_reasons(unites):
    """The five measures the benchmark offers "for example", and the two reasons it gives for telling the
    public, are guidance of the item they belong to, never items of their own."""
    examples = ["training and technical support", "family needs", "payment for attending", "as senior as possible"]
    reasons = ["read-across or synergy", "belongs in the mainstream"]
    framework, telling = unites.item_by_id["KF6.9"], unites.item_by_id["KF7.2"]
    for phrase in examples:
        assert phrase in framework.guidance
    assert "read-across or synergy" in telling.guidance and "mainstream" in telling.guidance
    for item in unites.item_by_id.values():
        if item.id not in ("KF6.9", "KF7.2"):
            assert not any(p in normalise(item.source.quote or "") for p in examples + reasons), item.id
    assert "communicate clearly" in unites.item_by_id["KF1.5"].question
    assert "is feasible" in telling.question


def test_unites_1_0_is_kept_as_published(unites):
    old = unites.edition("1.0")
    assert old is not None and old.item_count == 36
    assert [len(s.items) for s in old.sections] == [5, 3, 4, 6, 6, 8, 4]


def test_unites_1_1_says_why_and_cites_every_change(unites):
    """The file says why the diversity examples are guidance and notes the source's slip at line 550."""
    text = (ROOT / "questionnaires" / "unites.yaml").read_text(encoding="utf-8")
    assert "Why guidance and not five example items" in text
    assert "Line 550" in text and "KF 7 below on diversity" in unites.item_by_id["KF4.4"].guidance
    assert unites.upgrade is not None and unites.upgrade.from_version == "1.0"
    assert all(c.note for c in unites.upgrade.changes)


def test_unites_scale_has_not_relevant(unites):
    scale = unites.scale_by_id[unites.default_scale]
    assert [o.label for o in scale.options] == [
        "Not in place",
        "Planned",
        "Partly in place",
        "Fully in place",
        "Not relevant here",
    ]
    assert scale.not_relevant_option is not None


@pytest.mark.parametrize("fw_id", ["unites", "unites@1.0", "spring"])
def test_every_quote_is_verbatim_in_its_source(frameworks, fw_id):
    name, _, version = fw_id.partition("@")
    fw = frameworks[name].edition(version) if version else frameworks[name]
    assert fw is not None
    refs = [fw.source] + [s.source for s in fw.sections] + [i.source for s in fw.sections for i in s.items]
    refs += [g.source for s in fw.sections for g in s.groups] + [x.source for s in fw.sections for x in s.suggestions]
    for ref in refs:
        text = seed_text(ref.file)
        if ref.quote:
            assert normalise(ref.quote) in text, f"{ref.cite()}: quote not found in the source: {ref.quote!r}"


@pytest.mark.parametrize("fw_id", ["unites", "spring"])
def test_every_item_has_guidance_and_every_section_suggestions(frameworks, fw_id):
    fw = frameworks[fw_id]
    for section in fw.sections:
        assert section.suggestions, f"{section.id} has no suggestion for closing a gap"
        for item in section.items:
            assert item.guidance and item.source.quote, item.id


def test_every_citation_shown_names_the_publication_never_a_file(frameworks):
    """Assess, About and the report show ``Framework.cite``: the document's title and publisher with the section,
    never the seed file the tests check quotes against."""
    for fw in [e for f in frameworks.values() for e in f.editions]:
        refs = [fw.source] + [s.source for s in fw.sections] + [i.source for s in fw.sections for i in s.items]
        refs += [x.source for s in fw.sections for x in s.suggestions]
        for ref in refs:
            shown = fw.cite(ref)
            assert ".txt" not in shown, f"{fw.key}: {shown}"
            assert any(shown.startswith(p.cite()) for p in fw.publications), shown


def test_the_report_cites_the_publication(unites):
    import io

    from openpyxl import load_workbook

    from benchmark.assessment import Subject, new_assessment
    from benchmark.xlsx.report_writer import export_report

    wb = load_workbook(io.BytesIO(export_report(new_assessment(unites, Subject(name="X")), unites)))
    cells = [
        str(c)
        for ws in wb.worksheets
        if not ws.title.startswith("_")
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert not [c for c in cells if ".txt" in c]
    assert any("How To Co-design Integration Strategies with Migrants and Other Stakeholders" in c for c in cells)
