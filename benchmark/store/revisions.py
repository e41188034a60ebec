"""The versioned save, written once: every write locks its assessment and counts one more revision, and a
save that says which revision it started from is refused when someone else wrote that part since.

Every write to an assessment starts with :func:`require` (or :func:`bump`, for a save that may insert), so on
PostgreSQL the row lock puts concurrent writers to one assessment in line, and what a write checks cannot
change before it writes. A part (the details, the action plan, one answer, one agreed rating) is stamped with
the revision of the write that last wrote it; :func:`refuse_if_changed` compares that stamp.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from .errors import Conflict, Part
from .schema import assessments

T = TypeVar("T")


def plausible_id(assessment_id: object) -> bool:
    """Ids come from addresses too: what cannot be an id is answered like an unknown one, without a query
    (PostgreSQL refuses a NUL character in a string rather than finding nothing)."""
    return isinstance(assessment_id, str) and 0 < len(assessment_id) <= 64 and "\x00" not in assessment_id


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def exists(conn: Connection, assessment_id: str) -> bool:
    return (
        plausible_id(assessment_id)
        and conn.execute(select(assessments.c.id).where(assessments.c.id == assessment_id)).first() is not None
    )


def bump(conn: Connection, assessment_id: str, at: dt.datetime | None = None) -> int | None:
    """Lock the assessment for this transaction and count one more write; None when there is none."""
    if not plausible_id(assessment_id):
        return None
    # every write moves the time too: with the revision it is the stamp a kept Snapshot is checked against,
    # and a restore starts revisions at 1 again
    values = {"revision": assessments.c.revision + 1, "updated_at": at or now()}
    if conn.execute(update(assessments).where(assessments.c.id == assessment_id).values(**values)).rowcount == 0:
        return None
    return int(conn.execute(select(assessments.c.revision).where(assessments.c.id == assessment_id)).scalar_one())


def require(conn: Connection, assessment_id: str, at: dt.datetime | None = None) -> int:
    """:func:`bump`, with KeyError when there is no such assessment; returns the new revision."""
    rev = bump(conn, assessment_id, at)
    if rev is None:
        raise KeyError(f"no assessment with id {assessment_id}")
    return rev


def refuse_if_changed(
    part: Part,
    assessment_id: str,
    ours: T,
    expected: int | None,
    current: int,
    theirs: Callable[[], T],
    same: Callable[[T, T], bool],
    item_id: str | None = None,
) -> None:
    """Raise :class:`Conflict` when the stored part moved past ``expected`` and holds something else than
    ``ours``: writing the same twice (a double click) is no conflict. ``theirs`` reads what is stored, only
    when needed; without ``expected`` the save is a deliberate last-one-wins."""
    if expected is None or current == expected:
        return
    stored = theirs()
    if not same(stored, ours):
        raise Conflict(part, assessment_id, stored, ours, current, item_id)
