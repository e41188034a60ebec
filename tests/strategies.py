"""Hypothesis strategies that generate assessments valid for a given framework."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from benchmark.assessment import (
    Action,
    Answer,
    Assessment,
    Consensus,
    Respondent,
    Subject,
    clean_text,
    has_visible,
)
from benchmark.framework.vocabulary import EVIDENCE_KINDS, PRIORITIES, STATUSES

# Awkward text: any unicode (no surrogates), newlines, formula-looking starts and the file format's escapes.
awkward_text = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.sampled_from(
        [
            "=SUM(A1:A3)",
            "+1",
            "-2",
            "@cmd",
            "\tTab",
            "line1\nline2",
            "São Paulo — Ĳssel 😀",
            "x005F_ a_x005F_b _x0041_ _x000D_",  # what the file format uses to escape characters
            "<r><t>rich?</t></r>",
        ]
    ),  # and the shape XlsxWriter takes for its own rich text
)


evidence_kinds = st.one_of(st.none(), st.sampled_from(list(EVIDENCE_KINDS)))
moments = st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2035, 1, 1), timezones=st.just(dt.UTC))


@st.composite
def panels(draw, framework, max_respondents=10, k=None):
    """Respondent fields for an assessment: respondents in a few roles, their answers, a few agreed ratings."""
    extra = draw(st.lists(st.sampled_from(["Youth council", "Schools", "Père Noël — 😀"]), max_size=2, unique=True))
    roles = [*framework.respondents.roles[:3], *extra]
    people = draw(
        st.lists(st.tuples(st.sampled_from(roles), st.sampled_from(["", "A.B.", "=X"])), max_size=max_respondents)
    )
    respondents = [
        Respondent(id=f"r{n}", role=role, label=label, created_at=draw(moments))
        for n, (role, label) in enumerate(people)
    ]
    items = list(framework.item_by_id.items())
    answers = {}
    for r in respondents:
        own = {}
        for item_id, item in items:
            values = [o.value for o in framework.scale_for(item).options]
            choice = draw(st.one_of(st.none(), st.sampled_from(values)))
            if choice is None and draw(st.booleans()):
                continue
            own[item_id] = Answer(
                value=choice,
                evidence=draw(st.sampled_from(["", "Minutes of 3 May", "=1+1"])),
                evidence_kind=draw(evidence_kinds),
            )
        answers[r.id] = own
    agreed = {}
    for item_id, item in draw(st.lists(st.sampled_from(items), max_size=2, unique_by=lambda x: x[0])):
        agreed[item_id] = Consensus(
            item_id=item_id,
            value=draw(st.sampled_from([o.value for o in framework.scale_for(item).options])),
            agreed_by=draw(st.lists(awkward_text.filter(lambda s: 0 < len(clean_text(s)) <= 200), max_size=2)),
            rationale=draw(awkward_text),
            decided_at=draw(moments),
        )
    return {
        "extra_roles": extra,
        "respondents": respondents,
        "respondent_answers": answers,
        "consensus": agreed,
        "min_group_size": k if k is not None else draw(st.integers(2, 4)),
        "revealed": draw(st.booleans()),
    }


@st.composite
def assessments(draw, framework, answered_only=False, with_respondents=False):
    answers = {}
    for item_id, item in framework.item_by_id.items():
        values = [o.value for o in framework.scale_for(item).options]
        choice = (
            draw(st.one_of(st.none(), st.sampled_from(values))) if not answered_only else draw(st.sampled_from(values))
        )
        if choice is None and draw(st.booleans()):
            continue
        answers[item_id] = Answer(
            value=choice, evidence=draw(awkward_text), notes=draw(awkward_text), evidence_kind=draw(evidence_kinds)
        )
    section_ids = list(framework.section_by_id)
    targets = draw(st.dictionaries(st.sampled_from(section_ids), st.floats(0, 100), max_size=len(section_ids)))
    weights = draw(st.dictionaries(st.sampled_from(section_ids), st.floats(0.1, 10), max_size=len(section_ids)))
    actions = draw(
        st.lists(
            st.builds(
                Action,
                measure=awkward_text,
                objective=awkward_text,
                section=st.sampled_from(section_ids + [""]),
                responsible=awkward_text,
                start=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
                priority=st.sampled_from(PRIORITIES),
                status=st.sampled_from(STATUSES),
            ),
            max_size=4,
        )
    )
    return Assessment(
        framework=framework.id,
        framework_version=framework.version,
        subject=Subject(
            name=draw(st.text(min_size=1, max_size=30).filter(lambda s: has_visible(clean_text(s)))),
            country=draw(st.sampled_from(["", "Italy", "Österreich"])),
            population=draw(st.one_of(st.none(), st.integers(0, 10_000_000))),
            migrant_share=draw(st.one_of(st.none(), st.floats(0, 100))),
        ),
        assessment_type=draw(st.sampled_from(["self", "peer"])),
        assessors=draw(st.lists(awkward_text.filter(lambda s: has_visible(clean_text(s))), max_size=3)),
        date=draw(st.dates(dt.date(2015, 1, 1), dt.date(2035, 1, 1))),
        answers=answers,
        targets=targets,
        weights=weights,
        actions=actions,
        **(draw(panels(framework)) if with_respondents else {}),
    )
