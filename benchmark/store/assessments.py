"""Whole assessments and their piecewise saves (the details, the action plan, one team answer).

An assessment is one row holding everything but its answers, actions and respondents as JSON (its
``body``), one row per answer and one per action; respondents and agreed ratings are rows of their own
(:mod:`benchmark.store.respondents`, :mod:`benchmark.store.consensus`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from ..assessment import Action, Answer, Assessment
from . import answers as answer_rows
from . import consensus, links, respondents, sections
from .errors import Conflict
from .records import Links, Snapshot, Summary, as_utc
from .revisions import bump, exists, now, plausible_id, refuse_if_changed, require
from .schema import BODY_EXCLUDE, actions, answers, assessments, respondent_settings

c = assessments.c


def header(a: Assessment) -> dict[str, Any]:
    """The assessment row's columns but its id, times and revisions."""
    return {
        "framework": a.framework,
        "framework_version": a.framework_version,
        "subject_name": a.subject.name,
        "assessment_type": a.assessment_type,
        "assessed_on": a.date.isoformat(),
        "body": a.model_dump_json(exclude=BODY_EXCLUDE),
    }


def create(conn: Connection, a: Assessment) -> Links:
    """Store a new assessment with its edit and view links (an existing id is refused, not replaced)."""
    if exists(conn, a.id):
        raise ValueError(f"an assessment with id {a.id} already exists")
    insert_whole(conn, a, now())
    return links.new(conn, a.id)


def save(conn: Connection, a: Assessment, expected_revision: int | None = None) -> None:
    """Insert or replace a whole assessment (answers, actions, respondents and agreed ratings included),
    keeping its links (and the link of every respondent kept under the same id).

    A deliberate replacement (an imported report, a sample): it expects no revision, and every part
    gets a new one, so anyone still editing the old version gets a Conflict instead of mixing the two.
    With ``expected_revision`` (the whole assessment's, :attr:`Snapshot.revision`), a replacement made from
    what was read then (an assessment moved to a new framework version) is refused with :class:`Conflict`
    when anything was written since.
    """
    at = now()
    rev = bump(conn, a.id, at)
    if rev is None:
        insert_whole(conn, a, at)
        return
    if expected_revision is not None and rev != expected_revision + 1:
        raise Conflict("details", a.id, _stored(conn, a.id), a, rev - 1)
    conn.execute(
        update(assessments).where(c.id == a.id).values(**header(a), details_revision=rev, actions_revision=rev)
    )
    conn.execute(delete(answers).where(answers.c.assessment_id == a.id))
    _insert_answers(conn, a, at, rev)
    _write_actions(conn, a.id, a.actions)
    respondents.write_parts(conn, a, at, rev)
    sections.forget(conn, a.id)
    sections.write(conn, a, at, rev)


def insert_whole(conn: Connection, a: Assessment, at: dt.datetime, created_at: dt.datetime | None = None) -> None:
    """A new assessment, every part at revision 1, last written ``at``."""
    conn.execute(
        insert(assessments).values(
            id=a.id,
            created_at=created_at or at,
            updated_at=at,
            revision=1,
            details_revision=1,
            actions_revision=1,
            **header(a),
        )
    )
    _insert_answers(conn, a, at, 1)
    _write_actions(conn, a.id, a.actions)
    respondents.write_parts(conn, a, at, 1)
    sections.write(conn, a, at, 1)


def delete_content(conn: Connection, assessment_id: str) -> None:
    """Delete an assessment with its answers, actions and respondents (its links and memberships stay)."""
    # the assessment row first: every writer locks it before its answers, so no two wait on each other
    for table, col in ((assessments, c.id), (answers, answers.c.assessment_id), (actions, actions.c.assessment_id)):
        conn.execute(delete(table).where(col == assessment_id))
    respondents.delete_parts(conn, assessment_id)
    sections.forget(conn, assessment_id)


def load(conn: Connection, assessment_id: str) -> Snapshot | None:
    """The assessment and the revisions to pass back when saving it, or None."""
    if not plausible_id(assessment_id):
        return None
    settings = respondent_settings.c
    head = conn.execute(
        select(assessments, settings.extra_roles, settings.min_group_size, settings.revealed)
        .outerjoin(respondent_settings, settings.assessment_id == c.id)
        .where(c.id == assessment_id)
    ).first()
    if head is None:
        return None
    body = json.loads(head.body)
    rows = conn.execute(select(answers).where(answers.c.assessment_id == assessment_id)).all()
    body["answers"] = {r.item_id: answer_rows.from_row(r).model_dump() for r in rows}
    body["actions"] = [x.model_dump(mode="json") for x in actions_of(conn, assessment_id)]
    body["not_relevant_sections"], section_revisions = sections.of(conn, assessment_id)
    consensus_revisions: dict[str, int] = {}
    if head.min_group_size is not None:  # only assessments with respondents or a consensus have settings
        parts, consensus_revisions = respondents.parts(conn, assessment_id, head)
        body |= parts
    return Snapshot(
        Assessment.model_validate(body),
        head.details_revision,
        head.actions_revision,
        {r.item_id: r.revision for r in rows},
        consensus_revisions,
        head.revision,
        as_utc(head.updated_at),
        section_revisions,
    )


def stamp(conn: Connection, assessment_id: str) -> tuple[int, dt.datetime] | None:
    """The assessment's revision and the time of its last write, or None when there is none: one indexed
    read, so a caller that kept a Snapshot knows whether it is still what is stored (``Snapshot.current``)."""
    if not plausible_id(assessment_id):
        return None
    row = conn.execute(select(c.revision, c.updated_at).where(c.id == assessment_id)).first()
    return None if row is None else (row.revision, as_utc(row.updated_at))


def summaries(conn: Connection, framework: str | None = None, ids: Select[Any] | None = None) -> list[Summary]:
    """One line per assessment (of ``framework``, among ``ids``), the last written first."""
    counts = (
        select(answers.c.assessment_id, func.count().label("n"))
        .where(answers.c.value.is_not(None))
        .group_by(answers.c.assessment_id)
        .subquery()
    )
    q = (
        select(assessments, func.coalesce(counts.c.n, 0).label("answered"))
        .outerjoin(counts, counts.c.assessment_id == c.id)
        .order_by(c.updated_at.desc(), c.id)
    )
    if framework:
        q = q.where(c.framework == framework)
    if ids is not None:
        q = q.where(c.id.in_(ids))
    return [
        Summary(
            r.id,
            r.framework,
            r.framework_version,
            r.subject_name,
            r.assessment_type,
            r.assessed_on,
            as_utc(r.updated_at),
            r.answered,
        )
        for r in conn.execute(q)
    ]


def times(conn: Connection) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """Every assessment's id with when it was created and last written, by id: what a backup keeps."""
    rows = conn.execute(select(c.id, c.created_at, c.updated_at).order_by(c.id))
    return [(r.id, as_utc(r.created_at), as_utc(r.updated_at)) for r in rows]


def present(conn: Connection, ids: list[str]) -> set[str]:
    """Which of these assessment ids are stored."""
    return set(conn.execute(select(c.id).where(c.id.in_(ids))).scalars()) if ids else set()


# Piecewise saves (what the app does as the user types) ---------------------------------------------------------


def set_answer(
    conn: Connection, assessment_id: str, item_id: str, answer: Answer, expected_revision: int | None = None
) -> int:
    """Save one item's answer; other items, possibly edited by someone else, are untouched.

    With ``expected_revision`` (from :meth:`Snapshot.answer_revision`), a save over an answer someone else
    changed since is refused with :class:`Conflict`, unless both wrote the same. Returns the item's new
    revision (0 once the answer is cleared).
    """
    at = now()
    rev = require(conn, assessment_id, at)
    consensus.guard_answer(conn, assessment_id, item_id, answer)
    return answer_rows.put(
        conn,
        answers,
        {"assessment_id": assessment_id, "item_id": item_id},
        answer,
        expected_revision,
        "answer",
        at,
        rev,
    )


def save_details(conn: Connection, a: Assessment, expected_revision: int | None = None) -> int:
    """Save everything but answers and actions (subject, targets, weights, notes); returns their new revision.

    With ``expected_revision`` (from :attr:`Snapshot.details_revision`), a save over details someone else
    changed since is refused with :class:`Conflict`, unless both wrote the same.
    """
    rev = require(conn, a.id, now())
    if expected_revision is not None:
        current = conn.execute(select(c.details_revision).where(c.id == a.id)).scalar_one()
        refuse_if_changed(
            "details",
            a.id,
            a,
            expected_revision,
            current,
            lambda: _stored(conn, a.id),
            lambda theirs, ours: header(theirs) == header(ours),
        )
    conn.execute(update(assessments).where(c.id == a.id).values(**header(a), details_revision=rev))
    return rev


def set_actions(
    conn: Connection, assessment_id: str, new_actions: list[Action], expected_revision: int | None = None
) -> int:
    """Replace the action plan; returns its new revision.

    With ``expected_revision`` (from :attr:`Snapshot.actions_revision`), a save over a plan someone else
    changed since is refused with :class:`Conflict`, unless both wrote the same.
    """
    rev = require(conn, assessment_id, now())
    if expected_revision is not None:
        current = conn.execute(select(c.actions_revision).where(c.id == assessment_id)).scalar_one()
        refuse_if_changed(
            "actions",
            assessment_id,
            list(new_actions),
            expected_revision,
            current,
            lambda: actions_of(conn, assessment_id),
            _same_actions,
        )
    _write_actions(conn, assessment_id, new_actions)
    conn.execute(update(assessments).where(c.id == assessment_id).values(actions_revision=rev))
    return rev


def actions_of(conn: Connection, assessment_id: str) -> list[Action]:
    rows = conn.execute(
        select(actions.c.body).where(actions.c.assessment_id == assessment_id).order_by(actions.c.position)
    ).all()
    return [Action.model_validate_json(r.body) for r in rows]


def _same_actions(theirs: list[Action], ours: list[Action]) -> bool:
    return [x.model_dump() for x in theirs] == [x.model_dump() for x in ours]


def _stored(conn: Connection, assessment_id: str) -> Assessment:
    snap = load(conn, assessment_id)
    assert snap is not None  # the caller has just locked its row
    return snap.assessment


def _insert_answers(conn: Connection, a: Assessment, at: dt.datetime, rev: int) -> None:
    rows = [answer_rows.to_row(a.id, item_id, ans, at, rev) for item_id, ans in a.answers.items() if not ans.is_empty()]
    if rows:
        conn.execute(insert(answers), rows)


def _write_actions(conn: Connection, assessment_id: str, new_actions: list[Action]) -> None:
    conn.execute(delete(actions).where(actions.c.assessment_id == assessment_id))
    seen: set[str] = set()
    rows = []
    for n, act in enumerate(new_actions):
        if act.id in seen:  # a copied row in a spreadsheet keeps its id: give the copy its own
            act = act.model_copy(update={"id": Action().id})
        seen.add(act.id)
        rows.append({"assessment_id": assessment_id, "action_id": act.id, "position": n, "body": act.model_dump_json()})
    if rows:
        conn.execute(insert(actions), rows)


def set_language(conn: Connection, assessment_id: str, language: str | None) -> int:
    """The team's language for the assessment (its report's by default), written alone: targets, weights and
    notes saved meanwhile by someone else stay as they are. Returns the details' new revision."""
    rev = require(conn, assessment_id, now())
    body = json.loads(conn.execute(select(c.body).where(c.id == assessment_id)).scalar_one())
    body["language"] = language
    conn.execute(update(assessments).where(c.id == assessment_id).values(body=json.dumps(body), details_revision=rev))
    return rev
