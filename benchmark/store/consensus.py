"""The team's agreed ratings, one row per item. An agreed rating also sets the team's answer to that item,
and while it stands the answer's rating changes only through it (see :func:`guard_answer`)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection, Row

from ..assessment import Answer, Consensus
from . import answers as answer_rows
from . import settings
from .errors import AgreedRating
from .records import as_utc
from .revisions import now, plausible_id, refuse_if_changed, require
from .schema import answers, consensus_table


def from_row(row: Row[Any]) -> Consensus:
    return Consensus(
        item_id=row.item_id,
        value=row.value,
        agreed_by=json.loads(row.agreed_by),
        rationale=row.rationale,
        decided_at=as_utc(row.decided_at),
    )


def to_row(assessment_id: str, agreed: Consensus, rev: int) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "item_id": agreed.item_id,
        "value": agreed.value,
        "agreed_by": json.dumps(agreed.agreed_by, ensure_ascii=False),
        "rationale": agreed.rationale,
        "decided_at": agreed.decided_at,
        "revision": rev,
    }


def rows(conn: Connection, assessment_id: str) -> list[Row[Any]]:
    return list(conn.execute(select(consensus_table).where(consensus_table.c.assessment_id == assessment_id)))


def of(conn: Connection, assessment_id: str) -> dict[str, Consensus]:
    """The agreed ratings of an assessment by item; none for what cannot be an id."""
    return {r.item_id: from_row(r) for r in rows(conn, assessment_id)} if plausible_id(assessment_id) else {}


def guard_answer(conn: Connection, assessment_id: str, item_id: str, answer: Answer) -> None:
    """AgreedRating when ``answer`` would change the rating of an item that has an agreed one."""
    c = consensus_table.c
    agreed = conn.execute(select(c.value).where(c.assessment_id == assessment_id, c.item_id == item_id)).scalar()
    if agreed is not None and answer.value != agreed:
        raise AgreedRating(
            f"item {item_id} has an agreed rating ('{agreed}'); change it in the consensus, "
            "or clear the consensus first"
        )


def set_consensus(conn: Connection, assessment_id: str, agreed: Consensus, expected_revision: int | None) -> int:
    """Record the team's agreed rating of an item; it becomes the item's rating (the team's answer keeps
    its evidence and notes). With ``expected_revision`` (from :meth:`Snapshot.consensus_revision`), a save
    over an agreement someone else recorded since is refused with :class:`Conflict`. Returns the revision."""
    at = now()
    rev = require(conn, assessment_id, at)
    settings.row(conn, assessment_id, create=True)
    c = consensus_table.c
    where = (c.assessment_id == assessment_id, c.item_id == agreed.item_id)
    row = conn.execute(select(consensus_table).where(*where)).first()
    ours: Consensus | None = agreed  # what is stored may be no agreement at all
    refuse_if_changed(
        "consensus",
        assessment_id,
        ours,
        expected_revision,
        row.revision if row else 0,
        lambda: from_row(row) if row else None,
        _same,
        agreed.item_id,
    )
    conn.execute(delete(consensus_table).where(*where))
    conn.execute(insert(consensus_table).values(**to_row(assessment_id, agreed, rev)))
    a = answers.c
    old = conn.execute(select(answers).where(a.assessment_id == assessment_id, a.item_id == agreed.item_id)).first()
    answer = (answer_rows.from_row(old) if old else Answer()).model_copy(update={"value": agreed.value})
    return answer_rows.put(
        conn, answers, {"assessment_id": assessment_id, "item_id": agreed.item_id}, answer, None, "answer", at, rev
    )


def _same(theirs: Consensus | None, ours: Consensus | None) -> bool:
    """The same agreement, whenever it was recorded."""
    return (
        theirs is not None
        and ours is not None
        and (theirs.model_dump(exclude={"decided_at"}) == ours.model_dump(exclude={"decided_at"}))
    )


def clear(conn: Connection, assessment_id: str, item_id: str) -> bool:
    """Drop the agreed rating of an item (its rating stays as agreed, and can be changed again); False when
    there was none."""
    require(conn, assessment_id)
    c = consensus_table.c
    return (
        conn.execute(delete(consensus_table).where(c.assessment_id == assessment_id, c.item_id == item_id)).rowcount > 0
    )
