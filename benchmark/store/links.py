"""An assessment's edit and view links. On a shared deployment an assessment is reached by link, not by a
list; only the links' hashes are stored, so a link is shown once, when it is made. Assessments saved whole
(samples, imports, anything from before links existed) have none until :func:`rotate` makes them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from . import tokens
from .errors import AccessDenied
from .records import Access, Links, as_utc
from .revisions import now, plausible_id, require
from .schema import links


def new(conn: Connection, assessment_id: str) -> Links:
    made = Links(edit=tokens.new_token(), view=tokens.new_token())
    at = now()
    conn.execute(
        insert(links),
        [
            {
                "token_hash": tokens.token_hash(token),
                "assessment_id": assessment_id,
                "can_edit": can_edit,
                "created_at": at,
            }
            for token, can_edit in ((made.edit, True), (made.view, False))
        ],
    )
    return made


def resolve(conn: Connection, token: object) -> Access | None:
    """What a link opens, or None for anything that is not a current link (never raises on odd input)."""
    row = tokens.find(conn, links.c.token_hash, token)
    return None if row is None else Access(row.assessment_id, bool(row.can_edit))


def require_edit(conn: Connection, token: object) -> str:
    """The id of the assessment an edit link opens; AccessDenied for a view link or anything else."""
    access = resolve(conn, token)
    if access is None:
        raise AccessDenied("this link does not open any assessment; it may be incomplete or have been replaced")
    if not access.can_edit:
        raise AccessDenied("this is a view link: ask the team for the edit link to make changes")
    return access.assessment_id


def rotate(conn: Connection, assessment_id: str) -> Links:
    """New edit and view links; the old ones stop working at once."""
    require(conn, assessment_id)
    forget(conn, assessment_id)
    return new(conn, assessment_id)


def has_links(conn: Connection, assessment_id: str) -> bool:
    if not plausible_id(assessment_id):
        return False
    return conn.execute(select(links.c.token_hash).where(links.c.assessment_id == assessment_id)).first() is not None


def forget(conn: Connection, assessment_id: str) -> None:
    """Delete the links of an assessment."""
    conn.execute(delete(links).where(links.c.assessment_id == assessment_id))


def hashes(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every link as its hash, by assessment, edit link first: what a backup keeps of them."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute(select(links).order_by(links.c.assessment_id, links.c.can_edit.desc(), links.c.token_hash)):
        out.setdefault(r.assessment_id, []).append(
            {"token_hash": r.token_hash, "can_edit": bool(r.can_edit), "created_at": as_utc(r.created_at)}
        )
    return out


def restore(conn: Connection, assessment_id: str, kept: list[dict[str, Any]]) -> int:
    """Store links as :func:`hashes` gave them (a restored backup); returns how many."""
    if kept:
        conn.execute(insert(links), [{"assessment_id": assessment_id, **x} for x in kept])
    return len(kept)
