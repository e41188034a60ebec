"""Hypothesis strategies that generate assessments valid for a given framework."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from benchmark.assessment import clean_text, PRIORITIES, STATUSES, Action, Answer, Assessment, Subject

# Awkward text: any unicode (no surrogates), newlines, and formula-looking starts.
awkward_text = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.sampled_from(["=SUM(A1:A3)", "+1", "-2", "@cmd", "\tTab", "line1\nline2", "São Paulo — Ĳssel 😀"]),
)


@st.composite
def assessments(draw, framework, answered_only=False):
    answers = {}
    for item_id, item in framework.item_by_id.items():
        values = [o.value for o in framework.scale_for(item).options]
        choice = draw(st.one_of(st.none(), st.sampled_from(values))) if not answered_only else draw(st.sampled_from(values))
        if choice is None and draw(st.booleans()):
            continue
        answers[item_id] = Answer(value=choice, evidence=draw(awkward_text), notes=draw(awkward_text))
    section_ids = list(framework.section_by_id)
    targets = draw(st.dictionaries(st.sampled_from(section_ids), st.floats(0, 100), max_size=len(section_ids)))
    weights = draw(st.dictionaries(st.sampled_from(section_ids), st.floats(0.1, 10), max_size=len(section_ids)))
    actions = draw(st.lists(st.builds(
        Action,
        measure=awkward_text,
        objective=awkward_text,
        section=st.sampled_from(section_ids + [""]),
        responsible=awkward_text,
        start=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
        priority=st.sampled_from(PRIORITIES),
        status=st.sampled_from(STATUSES),
    ), max_size=4))
    return Assessment(
        framework=framework.id,
        framework_version=framework.version,
        subject=Subject(name=draw(st.text(min_size=1, max_size=30).filter(lambda s: clean_text(s).strip())),
                        country=draw(st.sampled_from(["", "Italy", "Österreich"])),
                        population=draw(st.one_of(st.none(), st.integers(0, 10_000_000))),
                        migrant_share=draw(st.one_of(st.none(), st.floats(0, 100)))),
        assessment_type=draw(st.sampled_from(["self", "peer"])),
        assessors=draw(st.lists(awkward_text, max_size=3)),
        date=draw(st.dates(dt.date(2015, 1, 1), dt.date(2035, 1, 1))),
        answers=answers,
        targets=targets,
        weights=weights,
        actions=actions,
    )
