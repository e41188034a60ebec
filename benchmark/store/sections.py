"""Whole sections marked "not relevant here" (schema v4): one row per marked section, with the reason, saved on
its own against its revision, like an answer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from ..assessment import Assessment
from .revisions import now, refuse_if_changed, require
from .schema import section_marks

m = section_marks.c


def of(conn: Connection, assessment_id: str) -> tuple[dict[str, str], dict[str, int]]:
    """The marked sections' reasons and revisions, by section id."""
    rows = conn.execute(select(section_marks).where(m.assessment_id == assessment_id).order_by(m.section_id)).all()
    return {r.section_id: r.reason for r in rows}, {r.section_id: r.revision for r in rows}


def write(conn: Connection, a: Assessment, at: dt.datetime, rev: int) -> None:
    """A whole assessment's marks, after :func:`forget` (a save or a restore)."""
    rows = [
        {"assessment_id": a.id, "section_id": s, "reason": reason, "updated_at": at, "revision": rev}
        for s, reason in a.not_relevant_sections.items()
    ]
    if rows:
        conn.execute(insert(section_marks), rows)


def forget(conn: Connection, assessment_id: str) -> None:
    conn.execute(delete(section_marks).where(m.assessment_id == assessment_id))


def set_not_relevant(
    conn: Connection, assessment_id: str, section_id: str, reason: str | None, expected_revision: int | None = None
) -> int:
    """Mark a section not relevant here for ``reason``, or (None) relevant again; returns the mark's new revision
    (0 once unmarked). With ``expected_revision`` (``Snapshot.section_revision``), a save over a mark someone else
    changed since is refused with :class:`Conflict`, unless both wrote the same."""
    if reason is not None and not reason.strip():
        raise ValueError("say why this is not relevant here")
    at = now()
    rev = require(conn, assessment_id, at)
    where = (m.assessment_id == assessment_id, m.section_id == section_id)
    row = conn.execute(select(section_marks).where(*where)).first()
    refuse_if_changed(
        "section",
        assessment_id,
        reason,
        expected_revision,
        row.revision if row else 0,
        lambda: row.reason if row else None,
        lambda theirs, ours: theirs == ours,
        section_id,
    )
    conn.execute(delete(section_marks).where(*where))
    if reason is None:
        return 0
    conn.execute(
        insert(section_marks).values(
            assessment_id=assessment_id, section_id=section_id, reason=reason.strip(), updated_at=at, revision=rev
        )
    )
    return rev
