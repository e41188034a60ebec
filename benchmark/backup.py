"""One JSON file holding a whole store, to keep as a backup or to move to another database.

The file is independent of the database: a SQLite store can be restored into PostgreSQL and back.
Links and group codes travel as their hashes, so links handed out before keep working after a move, and
the file, like the database, opens no assessment by itself.

Shape (``format_version`` 1)::

    {
      "format": "integration-benchmark-backup",
      "format_version": 1,
      "written_at": "2026-05-01T10:00:00+00:00",
      "schema_version": 2,                       # of the store it was written from; informative
      "assessments": [
        {
          "assessment": { ...an assessment file: answers and action plan included... },
          "created_at": "...", "updated_at": "...",
          "links": [{"token_hash": "<sha256 hex>", "can_edit": true, "created_at": "..."}],
          "respondent_links": [{"respondent_id": "...", "token_hash": "<sha256 hex>"}]   # optional (schema 3)
        }
      ],
      "groups": [
        {"id": "...", "name": "...", "facilitator_hash": "<sha256 hex>", "join_hash": "<sha256 hex>",
         "created_at": "...", "members": ["<assessment id>", ...]}
      ]
    }

Respondents, their answers and the agreed ratings travel inside the assessment (its ``respondents``,
``respondent_answers`` and ``consensus``); their links, as hashes, in ``respondent_links``. A backup
without ``respondent_links`` (written before respondents existed) restores as before.

Not kept: revision numbers (they only order the edits made within one database) and when each single
answer was last saved (restored answers take their assessment's ``updated_at``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .assessment import Assessment
from .storage import (SCHEMA_VERSION, Store, as_utc, assessments, group_members, links, peer_groups,
                      respondents_table)

FORMAT = "integration-benchmark-backup"
FORMAT_VERSION = 1
_HASH = re.compile(r"[0-9a-f]{64}")


class BackupError(ValueError):
    """A backup file that cannot be restored; nothing was written."""


@dataclass(frozen=True)
class Counts:
    assessments: int
    answers: int
    actions: int
    links: int
    groups: int
    memberships: int
    replaced: int = 0
    respondents: int = 0
    respondent_links: int = 0

    def __str__(self) -> str:
        text = (f"{self.assessments} assessments ({self.answers} answers, {self.actions} actions), "
                f"{self.links} links, {self.groups} groups with {self.memberships} memberships")
        if self.respondents:
            text += f", {self.respondents} respondents ({self.respondent_links} links)"
        return text + (f"; {self.replaced} replaced what was stored under the same id" if self.replaced else "")


def backup(store: Store) -> dict[str, Any]:
    """Everything in the store, read as of one instant (one transaction)."""
    with store._read() as conn:
        ids = list(conn.execute(select(assessments.c.id, assessments.c.created_at, assessments.c.updated_at)
                                .order_by(assessments.c.id)))
        link_rows: dict[str, list] = {}
        for r in conn.execute(select(links).order_by(links.c.assessment_id, links.c.can_edit.desc(),
                                                     links.c.token_hash)):
            link_rows.setdefault(r.assessment_id, []).append(
                {"token_hash": r.token_hash, "can_edit": bool(r.can_edit), "created_at": _iso(r.created_at)})
        respondent_links: dict[str, list] = {}
        rt = respondents_table.c
        for r in conn.execute(select(rt.assessment_id, rt.id, rt.token_hash).where(rt.token_hash.is_not(None))
                              .order_by(rt.assessment_id, rt.position, rt.id)):
            respondent_links.setdefault(r.assessment_id, []).append({"respondent_id": r.id, "token_hash": r.token_hash})
        out_assessments = []
        for r in ids:
            snap = store._load(conn, r.id)
            entry = {"assessment": snap.assessment.model_dump(mode="json"),
                     "created_at": _iso(r.created_at), "updated_at": _iso(r.updated_at),
                     "links": link_rows.get(r.id, [])}
            if r.id in respondent_links:
                entry["respondent_links"] = respondent_links[r.id]
            out_assessments.append(entry)
        members: dict[str, list[str]] = {}
        for r in conn.execute(select(group_members).order_by(group_members.c.group_id, group_members.c.assessment_id)):
            members.setdefault(r.group_id, []).append(r.assessment_id)
        out_groups = [{"id": g.id, "name": g.name, "facilitator_hash": g.facilitator_hash, "join_hash": g.join_hash,
                       "created_at": _iso(g.created_at), "members": members.get(g.id, [])}
                      for g in conn.execute(select(peer_groups).order_by(peer_groups.c.id))]
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "written_at": _iso(dt.datetime.now(dt.timezone.utc)),
            "schema_version": SCHEMA_VERSION, "assessments": out_assessments, "groups": out_groups}


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False)


def loads(text: str | bytes, source: str = "the backup") -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{source} is not a JSON file ({exc})") from None
    return data


def restore(store: Store, data: Any, replace: bool = False, source: str = "the backup") -> Counts:
    """Load a backup into a store, all of it or nothing.

    Assessments or groups already stored under the same id are refused unless ``replace``, which replaces
    them, their links and their memberships with the backup's.
    """
    items, groups = _check(data, source)
    try:
        return _write(store, items, groups, replace, source)
    except IntegrityError as exc:  # e.g. a link hash the database already holds for another assessment
        raise BackupError(f"{source}: the database refused a row ({exc.orig}); nothing was restored") from None


def _write(store: Store, items, groups, replace: bool, source: str) -> Counts:
    ids = [a.id for a, *_ in items]
    n_respondent_links = 0
    group_ids = [g["id"] for g in groups]
    with store._write() as conn:
        present = set(conn.execute(select(assessments.c.id).where(assessments.c.id.in_(ids))).scalars()) if ids else set()
        present_groups = (set(conn.execute(select(peer_groups.c.id).where(peer_groups.c.id.in_(group_ids))).scalars())
                          if group_ids else set())
        if (present or present_groups) and not replace:
            raise BackupError(f"{source}: the database already holds {len(present)} of its assessments and "
                              f"{len(present_groups)} of its groups; nothing was restored (restore with --replace "
                              "to replace them with the backup's)")
        for aid in present:
            for table, col in ((links, links.c.assessment_id), (group_members, group_members.c.assessment_id)):
                conn.execute(delete(table).where(col == aid))
        for gid in present_groups:
            conn.execute(delete(group_members).where(group_members.c.group_id == gid))
            conn.execute(delete(peer_groups).where(peer_groups.c.id == gid))
        n_links = 0
        for a, created, updated, link_list, respondent_link_list in items:
            if a.id in present:
                store._delete_content(conn, a.id)
            store._insert_whole(conn, a, updated, created_at=created)
            if link_list:
                conn.execute(insert(links), [{"assessment_id": a.id, **x} for x in link_list])
                n_links += len(link_list)
            for x in respondent_link_list:
                conn.execute(update(respondents_table).where(respondents_table.c.assessment_id == a.id,
                                                             respondents_table.c.id == x["respondent_id"])
                             .values(token_hash=x["token_hash"]))
                n_respondent_links += 1
        n_members = 0
        for g in groups:
            conn.execute(insert(peer_groups).values(id=g["id"], name=g["name"], facilitator_hash=g["facilitator_hash"],
                                                    join_hash=g["join_hash"], created_at=g["created_at"]))
            rows = [{"group_id": g["id"], "assessment_id": m, "joined_at": g["created_at"]} for m in g["members"]]
            if rows:
                conn.execute(insert(group_members), rows)
                n_members += len(rows)
    return Counts(len(items), sum(len([x for x in a.answers.values() if not x.is_empty()]) for a, *_ in items),
                  sum(len(a.actions) for a, *_ in items), n_links, len(groups), n_members,
                  len(present) + len(present_groups), sum(len(a.respondents) for a, *_ in items), n_respondent_links)


def _check(data: Any, source: str):
    """Every problem found before anything is written, so a refused file changes nothing."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{source} is not a backup of this app (no \"format\": \"{FORMAT}\")")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(f"{source} has backup format version {version!r}; this app reads version {FORMAT_VERSION} "
                          "only (a newer app wrote it? restore it with that version)")
    problems: list[str] = []
    items = []
    seen_ids: set[str] = set()
    valid_ids: set[str] = set()
    seen_hashes: set[str] = set()
    raw = data.get("assessments")
    if not isinstance(raw, list):
        raise BackupError(f"{source}: \"assessments\" must be a list")
    for n, entry in enumerate(raw, 1):
        where = f"assessment {n}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not an object")
            continue
        raw_id = entry.get("assessment", {}).get("id") if isinstance(entry.get("assessment"), dict) else None
        if isinstance(raw_id, str):
            seen_ids.add(raw_id)  # reported once, as invalid, not again as a group's unknown member
        try:
            a = Assessment.model_validate(entry.get("assessment"))
        except ValidationError as exc:
            problems.append(f"{where}: {exc.error_count()} invalid field(s), first: "
                            f"{'.'.join(map(str, exc.errors()[0]['loc']))}: {exc.errors()[0]['msg']}")
            continue
        where = f"assessment {n} ({a.id})"
        if a.id in valid_ids:
            problems.append(f"{where}: the same id appears twice")
        valid_ids.add(a.id)
        created, updated = _time(entry.get("created_at"), where, problems), _time(entry.get("updated_at"), where, problems)
        link_list = []
        for x in entry.get("links") or []:
            ok = (isinstance(x, dict) and isinstance(x.get("token_hash"), str) and _HASH.fullmatch(x["token_hash"])
                  and isinstance(x.get("can_edit"), bool))
            if not ok:
                problems.append(f"{where}: a link is not {{token_hash: 64 hex digits, can_edit: true/false}}")
                continue
            if x["token_hash"] in seen_hashes:
                problems.append(f"{where}: a link hash appears twice")
            seen_hashes.add(x["token_hash"])
            link_list.append({"token_hash": x["token_hash"], "can_edit": x["can_edit"],
                              "created_at": _time(x.get("created_at"), where, problems)})
        respondent_link_list = []
        known = {r.id for r in a.respondents}
        for x in entry.get("respondent_links") or []:
            ok = (isinstance(x, dict) and isinstance(x.get("token_hash"), str) and _HASH.fullmatch(x["token_hash"])
                  and x.get("respondent_id") in known)
            if not ok:
                problems.append(f"{where}: a respondent link is not {{respondent_id: one of its respondents, "
                                "token_hash: 64 hex digits}")
                continue
            if x["token_hash"] in seen_hashes:
                problems.append(f"{where}: a link hash appears twice")
            seen_hashes.add(x["token_hash"])
            respondent_link_list.append({"respondent_id": x["respondent_id"], "token_hash": x["token_hash"]})
        items.append((a, created, updated, link_list, respondent_link_list))
    groups = []
    raw_groups = data.get("groups", [])
    if not isinstance(raw_groups, list):
        raise BackupError(f"{source}: \"groups\" must be a list")
    for n, g in enumerate(raw_groups, 1):
        where = f"group {n}"
        if not (isinstance(g, dict) and isinstance(g.get("id"), str) and 0 < len(g["id"]) <= 32
                and isinstance(g.get("name"), str) and 0 < len(g["name"]) <= 200
                and all(isinstance(g.get(k), str) and _HASH.fullmatch(g[k]) for k in ("facilitator_hash", "join_hash"))
                and isinstance(g.get("members", []), list)):
            problems.append(f"{where}: needs id, name, facilitator_hash and join_hash (64 hex digits), members")
            continue
        unknown = [m for m in g.get("members", []) if m not in seen_ids]
        if unknown:
            problems.append(f"{where} ({g['name']}): members not in the backup: {', '.join(map(str, unknown[:5]))}")
        groups.append({**g, "members": list(dict.fromkeys(g.get("members", []))),
                       "created_at": _time(g.get("created_at"), where, problems)})
    if problems:
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BackupError(f"{source}: {len(problems)} problem(s), nothing was restored:\n{shown}{more}")
    return items, groups


def _iso(moment: dt.datetime) -> str:
    return as_utc(moment).isoformat()


def _time(value: Any, where: str, problems: list[str]) -> dt.datetime:
    try:
        return as_utc(dt.datetime.fromisoformat(value))
    except (TypeError, ValueError):
        problems.append(f"{where}: {value!r} is not a date and time")
        return dt.datetime.now(dt.timezone.utc)
