"""Several respondents per assessment (schema v3; what their views show is benchmark/respondents.py).

Each respondent has a link of their own (only its hash is stored, like the edit and view links): it opens
that respondent's own answers and nothing else, neither the edit page nor anyone else's answers. Their
answers are rows of their own, saved item by item like the team's. Respondents saved with a whole assessment
(a save, an import, a restore) have no link until :func:`rotate_link` makes one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, Row

from ..assessment import MAX_RESPONDENTS, Answer, Assessment, Respondent
from ..framework.model import Framework
from . import answers as answer_rows
from . import consensus, settings, tokens
from .errors import AccessDenied
from .records import RespondentAccess, RespondentSnapshot, as_utc
from .revisions import now, plausible_id, require
from .schema import RESPONDENT_TABLES, consensus_table, respondent_answers_table, respondent_settings, respondents_table

r, ra = respondents_table.c, respondent_answers_table.c


def from_row(row: Row[Any]) -> Respondent:
    return Respondent(id=row.id, role=row.role, label=row.label, created_at=as_utc(row.created_at))


def of(conn: Connection, assessment_id: str) -> list[Respondent]:
    """The respondents of an assessment in the order they were added; none for what cannot be an id."""
    if not plausible_id(assessment_id):
        return []
    rows = conn.execute(select(respondents_table).where(r.assessment_id == assessment_id).order_by(r.position, r.id))
    return [from_row(x) for x in rows]


def answers_of(conn: Connection, assessment_id: str) -> dict[str, dict[str, Answer]]:
    """Every respondent's answers: {respondent id: {item id: answer}}. Individual ratings: for the
    aggregation in benchmark/respondents.py, never to show as they are."""
    out: dict[str, dict[str, Answer]] = {}
    if not plausible_id(assessment_id):
        return out
    for x in conn.execute(
        select(respondent_answers_table).where(ra.assessment_id == assessment_id).order_by(ra.respondent_id, ra.item_id)
    ):
        out.setdefault(x.respondent_id, {})[x.item_id] = answer_rows.from_row(x)
    return out


def add(
    conn: Connection, assessment_id: str, role: str, label: str = "", frameworks: Mapping[str, Framework] | None = None
) -> tuple[Respondent, str]:
    """A new respondent and their link (shown once: only its hash is kept). The role must be one the
    assessment's framework offers or one added with :func:`benchmark.store.settings.add_role`."""
    respondent = Respondent(role=role, label=label)
    token = tokens.new_token()
    require(conn, assessment_id)
    if respondent.role not in settings.offered_roles(conn, assessment_id, frameworks):
        raise ValueError(f"'{respondent.role}' is not a role of this assessment; add the role first")
    count, last = conn.execute(select(func.count(), func.max(r.position)).where(r.assessment_id == assessment_id)).one()
    if count >= MAX_RESPONDENTS:
        raise ValueError(f"an assessment can have at most {MAX_RESPONDENTS} respondents")
    conn.execute(
        insert(respondents_table).values(
            assessment_id=assessment_id,
            id=respondent.id,
            role=respondent.role,
            label=respondent.label,
            position=(last or 0) + 1,
            token_hash=tokens.token_hash(token),
            created_at=respondent.created_at,
        )
    )
    return respondent, token


def remove(conn: Connection, assessment_id: str, respondent_id: str) -> bool:
    """Delete a respondent, their link and their answers; False when there was none."""
    require(conn, assessment_id)
    conn.execute(
        delete(respondent_answers_table).where(ra.assessment_id == assessment_id, ra.respondent_id == respondent_id)
    )
    return (
        conn.execute(delete(respondents_table).where(r.assessment_id == assessment_id, r.id == respondent_id)).rowcount
        > 0
    )


def rotate_link(conn: Connection, assessment_id: str, respondent_id: str) -> str:
    """A new link for a respondent (one saved, imported or restored has none); the old one stops working."""
    token = tokens.new_token()
    require(conn, assessment_id)
    if not set_link_hash(conn, assessment_id, respondent_id, tokens.token_hash(token)):
        raise KeyError(f"no respondent {respondent_id} in assessment {assessment_id}")
    return token


def set_link_hash(conn: Connection, assessment_id: str, respondent_id: str, digest: str) -> bool:
    """Give a respondent the link whose hash is ``digest`` (a new one, or one restored from a backup)."""
    done = conn.execute(
        update(respondents_table)
        .where(r.assessment_id == assessment_id, r.id == respondent_id)
        .values(token_hash=digest)
    )
    return done.rowcount > 0


def link_hashes(conn: Connection) -> dict[str, list[dict[str, str]]]:
    """The hashes of every respondent's link, by assessment: what a backup keeps of them."""
    out: dict[str, list[dict[str, str]]] = {}
    for x in conn.execute(
        select(r.assessment_id, r.id, r.token_hash)
        .where(r.token_hash.is_not(None))
        .order_by(r.assessment_id, r.position, r.id)
    ):
        out.setdefault(x.assessment_id, []).append({"respondent_id": x.id, "token_hash": x.token_hash})
    return out


def access(conn: Connection, token: object) -> RespondentAccess | None:
    """Whom a respondent's link belongs to, or None for anything else (never raises on odd input)."""
    row = tokens.find(conn, r.token_hash, token)
    return None if row is None else RespondentAccess(row.assessment_id, from_row(row))


def own_answers(conn: Connection, token: object) -> RespondentSnapshot | None:
    """A respondent's own answers (with revisions) and the reveal flag, read with their link; None for
    anything that is not a respondent's link."""
    row = tokens.find(conn, r.token_hash, token)
    if row is None:
        return None
    rows = conn.execute(
        select(respondent_answers_table).where(ra.assessment_id == row.assessment_id, ra.respondent_id == row.id)
    ).all()
    revealed = bool(settings.row(conn, row.assessment_id).revealed)
    return RespondentSnapshot(
        row.assessment_id,
        from_row(row),
        {x.item_id: answer_rows.from_row(x) for x in rows},
        {x.item_id: x.revision for x in rows},
        revealed,
    )


def set_own_answer(
    conn: Connection, token: object, item_id: str, answer: Answer, expected_revision: int | None = None
) -> int:
    """Save an answer with a respondent's link: it can only ever write that respondent's own answers."""
    found = access(conn, token)
    if found is None:
        raise AccessDenied("this link does not belong to any respondent; it may be incomplete or have been replaced")
    return set_answer(conn, found.assessment_id, found.respondent.id, item_id, answer, expected_revision)


def set_answer(
    conn: Connection,
    assessment_id: str,
    respondent_id: str,
    item_id: str,
    answer: Answer,
    expected_revision: int | None = None,
) -> int:
    """Save one respondent's answer to one item (0 once cleared), like the team's: with
    ``expected_revision`` (from :attr:`RespondentSnapshot.answer_revisions`), a save over a newer answer
    (the same respondent in another tab) is refused with :class:`Conflict`, unless both wrote the same."""
    at = now()
    rev = require(conn, assessment_id, at)
    if conn.execute(select(r.id).where(r.assessment_id == assessment_id, r.id == respondent_id)).first() is None:
        raise KeyError(f"no respondent {respondent_id} in assessment {assessment_id}")
    keys = {"assessment_id": assessment_id, "respondent_id": respondent_id, "item_id": item_id}
    return answer_rows.put(
        conn, respondent_answers_table, keys, answer, expected_revision, "respondent_answer", at, rev
    )


# An assessment read or written whole ---------------------------------------------------------------------------


def parts(conn: Connection, assessment_id: str, stored: Any) -> tuple[dict[str, Any], dict[str, int]]:
    """The respondent fields of an assessment as stored (``stored``: its settings), and the revisions of its
    agreed ratings."""
    agreed = consensus.rows(conn, assessment_id)
    fields = {
        "extra_roles": json.loads(stored.extra_roles),
        "min_group_size": stored.min_group_size,
        "revealed": bool(stored.revealed),
        "respondents": [x.model_dump() for x in of(conn, assessment_id)],
        "respondent_answers": {
            rid: {i: x.model_dump() for i, x in items.items()} for rid, items in answers_of(conn, assessment_id).items()
        },
        "consensus": {x.item_id: consensus.from_row(x).model_dump() for x in agreed},
    }
    return fields, {x.item_id: x.revision for x in agreed}


def write_parts(conn: Connection, a: Assessment, at: dt.datetime, rev: int) -> None:
    """Replace the respondent fields of a whole assessment; a respondent kept under the same id keeps
    their link."""
    kept = {x.id: x.token_hash for x in conn.execute(select(r.id, r.token_hash).where(r.assessment_id == a.id))}
    delete_parts(conn, a.id)
    if not (
        a.respondents
        or a.consensus
        or a.extra_roles
        or a.revealed
        or a.min_group_size != settings.default_min_group_size()
    ):
        return  # no settings row: the assessment reads with one query less
    conn.execute(
        insert(respondent_settings).values(
            assessment_id=a.id,
            extra_roles=json.dumps(a.extra_roles, ensure_ascii=False),
            min_group_size=a.min_group_size,
            revealed=a.revealed,
        )
    )
    if a.respondents:
        conn.execute(
            insert(respondents_table),
            [
                {
                    "assessment_id": a.id,
                    "id": x.id,
                    "role": x.role,
                    "label": x.label,
                    "position": n,
                    "token_hash": kept.get(x.id),
                    "created_at": x.created_at,
                }
                for n, x in enumerate(a.respondents, start=1)
            ],
        )
    rows = [
        {**answer_rows.to_row(a.id, item_id, ans, at, rev), "respondent_id": rid}
        for rid, items in a.respondent_answers.items()
        for item_id, ans in items.items()
        if not ans.is_empty()
    ]
    if rows:
        conn.execute(insert(respondent_answers_table), rows)
    if a.consensus:
        conn.execute(insert(consensus_table), [consensus.to_row(a.id, x, rev) for x in a.consensus.values()])


def delete_parts(conn: Connection, assessment_id: str) -> None:
    for table in RESPONDENT_TABLES:
        conn.execute(delete(table).where(table.c.assessment_id == assessment_id))
