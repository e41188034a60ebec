"""Peer-review groups: cities join with the group's join code (and their edit link), and the facilitator reads
the members' assessments with the facilitator code. Two codes, so that joining does not show a city the
others' answers; only their hashes are stored."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection, Row

from ..assessment import GROUP_TOO_LONG, check_name, clean_text
from . import assessments, links, tokens
from .errors import AccessDenied
from .records import Group, GroupCodes, as_utc
from .revisions import now, plausible_id
from .schema import group_members, peer_groups

g, m = peer_groups.c, group_members.c


def create(conn: Connection, name: str) -> GroupCodes:
    name = check_name(clean_text(name).strip() if isinstance(name, str) else "", GROUP_TOO_LONG)
    codes = GroupCodes(facilitator=tokens.new_token(), join=tokens.new_token())
    conn.execute(
        insert(peer_groups).values(
            id=uuid.uuid4().hex,
            name=name,
            created_at=now(),
            facilitator_hash=tokens.token_hash(codes.facilitator),
            join_hash=tokens.token_hash(codes.join),
        )
    )
    return codes


def _joined(conn: Connection, join_code: object) -> Row[Any]:
    group = tokens.find(conn, g.join_hash, join_code)
    if group is None:
        raise AccessDenied("this code does not match any peer-review group")
    return group


def join(conn: Connection, edit_token: object, join_code: object) -> str:
    """Add the assessment an edit link opens to a group; returns the group's name. Joining twice is harmless."""
    assessment_id = links.require_edit(conn, edit_token)
    group = _joined(conn, join_code)
    present = conn.execute(select(m.group_id).where(m.group_id == group.id, m.assessment_id == assessment_id)).first()
    if present is None:
        conn.execute(insert(group_members).values(group_id=group.id, assessment_id=assessment_id, joined_at=now()))
    return str(group.name)


def leave(conn: Connection, edit_token: object, join_code: object) -> bool:
    """Take the assessment out of a group; False when it was not in it."""
    assessment_id = links.require_edit(conn, edit_token)
    group = _joined(conn, join_code)
    return (
        conn.execute(delete(group_members).where(m.group_id == group.id, m.assessment_id == assessment_id)).rowcount > 0
    )


def names_of(conn: Connection, assessment_id: str) -> list[str]:
    """Names of the groups an assessment has joined (what its team may see about its sharing)."""
    if not plausible_id(assessment_id):
        return []
    q = select(g.name).join(group_members, m.group_id == g.id).where(m.assessment_id == assessment_id).order_by(g.name)
    return list(conn.execute(q).scalars())


def opened_by(conn: Connection, facilitator_code: object) -> Group | None:
    """The group a facilitator code opens, with its members; None for any other string."""
    row = tokens.find(conn, g.facilitator_hash, facilitator_code)
    if row is None:
        return None
    members = select(m.assessment_id).where(m.group_id == row.id)
    return Group(row.id, row.name, as_utc(row.created_at), assessments.summaries(conn, ids=members))


def forget_member(conn: Connection, assessment_id: str) -> None:
    """Take an assessment out of every group (it is deleted, or replaced by a restore)."""
    conn.execute(delete(group_members).where(m.assessment_id == assessment_id))


# What a backup keeps ---------------------------------------------------------------------------------------------


def export(conn: Connection) -> list[dict[str, Any]]:
    """Every group with its codes' hashes and its members' ids."""
    members: dict[str, list[str]] = {}
    for r in conn.execute(select(group_members).order_by(m.group_id, m.assessment_id)):
        members.setdefault(r.group_id, []).append(r.assessment_id)
    return [
        {
            "id": x.id,
            "name": x.name,
            "facilitator_hash": x.facilitator_hash,
            "join_hash": x.join_hash,
            "created_at": as_utc(x.created_at),
            "members": members.get(x.id, []),
        }
        for x in conn.execute(select(peer_groups).order_by(g.id))
    ]


def present(conn: Connection, ids: Iterable[str]) -> set[str]:
    """Which of these group ids are stored."""
    wanted = list(ids)
    return set(conn.execute(select(g.id).where(g.id.in_(wanted))).scalars()) if wanted else set()


def remove(conn: Connection, group_id: str) -> None:
    conn.execute(delete(group_members).where(m.group_id == group_id))
    conn.execute(delete(peer_groups).where(g.id == group_id))


def restore(conn: Connection, group: dict[str, Any]) -> int:
    """Store a group as :func:`export` gave it (its members stored already); returns how many members."""
    created: dt.datetime = group["created_at"]
    conn.execute(
        insert(peer_groups).values(
            id=group["id"],
            name=group["name"],
            created_at=created,
            facilitator_hash=group["facilitator_hash"],
            join_hash=group["join_hash"],
        )
    )
    rows = [{"group_id": group["id"], "assessment_id": x, "joined_at": created} for x in group["members"]]
    if rows:
        conn.execute(insert(group_members), rows)
    return len(rows)
