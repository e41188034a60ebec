"""Answer rows, the team's and a respondent's alike: one item each, saved one at a time, so two people
answering different items never overwrite each other."""

from __future__ import annotations

import datetime as dt
import operator
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.engine import Connection, Row

from ..assessment import Answer
from .errors import Part
from .revisions import refuse_if_changed


def from_row(row: Row[Any]) -> Answer:
    return Answer(
        value=row.value, reason=row.reason, evidence=row.evidence, notes=row.notes, evidence_kind=row.evidence_kind
    )


def to_row(assessment_id: str, item_id: str, ans: Answer, at: dt.datetime, rev: int) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "item_id": item_id,
        "value": ans.value,
        "reason": ans.reason,
        "evidence": ans.evidence,
        "notes": ans.notes,
        "evidence_kind": ans.evidence_kind,
        "updated_at": at,
        "revision": rev,
    }


def put(
    conn: Connection,
    table: Table,
    keys: dict[str, str],
    answer: Answer,
    expected: int | None,
    part: Part,
    at: dt.datetime,
    rev: int,
) -> int:
    """Replace the answer ``keys`` name (assessment, item and, for a respondent, whose) in ``table``, after
    the revision check; returns the new revision, 0 once the answer is cleared (an empty answer has no row)."""
    where = [table.c[k] == v for k, v in keys.items()]
    if expected is not None:
        row = conn.execute(select(table).where(*where)).first()
        refuse_if_changed(
            part,
            keys["assessment_id"],
            answer,
            expected,
            row.revision if row else 0,
            lambda: from_row(row) if row else Answer(),
            operator.eq,
            keys["item_id"],
        )
    conn.execute(delete(table).where(*where))
    if answer.is_empty():
        return 0
    conn.execute(insert(table).values({**to_row(keys["assessment_id"], keys["item_id"], answer, at, rev), **keys}))
    return rev
