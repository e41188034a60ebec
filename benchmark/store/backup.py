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
from sqlalchemy.exc import IntegrityError

from ..assessment import Assessment
from . import assessments, groups, links, respondents
from .facade import Store
from .records import as_utc
from .schema import SCHEMA_VERSION

FORMAT = "integration-benchmark-backup"
FORMAT_VERSION = 1
_HASH = re.compile(r"[0-9a-f]{64}")

# an assessment as checked: it, when it was created and last written, its links and its respondents' links
Item = tuple[Assessment, dt.datetime, dt.datetime, list[dict[str, Any]], list[dict[str, str]]]


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
        text = (
            f"{self.assessments} assessments ({self.answers} answers, {self.actions} actions), "
            f"{self.links} links, {self.groups} groups with {self.memberships} memberships"
        )
        if self.respondents:
            text += f", {self.respondents} respondents ({self.respondent_links} links)"
        return text + (f"; {self.replaced} replaced what was stored under the same id" if self.replaced else "")


def backup(store: Store) -> dict[str, Any]:
    """Everything in the store, read as of one instant (one transaction)."""
    with store.db.read() as conn:
        link_rows = links.hashes(conn)
        respondent_links = respondents.link_hashes(conn)
        out_assessments = []
        for aid, created, updated in assessments.times(conn):
            snap = assessments.load(conn, aid)
            assert snap is not None  # listed in this same transaction
            entry: dict[str, Any] = {
                "assessment": snap.assessment.model_dump(mode="json"),
                "created_at": created.isoformat(),
                "updated_at": updated.isoformat(),
                "links": [{**x, "created_at": x["created_at"].isoformat()} for x in link_rows.get(aid, [])],
            }
            if aid in respondent_links:
                entry["respondent_links"] = respondent_links[aid]
            out_assessments.append(entry)
        out_groups = [{**x, "created_at": x["created_at"].isoformat()} for x in groups.export(conn)]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "written_at": _iso(dt.datetime.now(dt.UTC)),
        "schema_version": SCHEMA_VERSION,
        "assessments": out_assessments,
        "groups": out_groups,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False)


def loads(text: str | bytes, source: str = "the backup") -> Any:
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
    items, group_list = _check(data, source)
    try:
        return _write(store, items, group_list, replace, source)
    except IntegrityError as exc:  # e.g. a link hash the database already holds for another assessment
        raise BackupError(f"{source}: the database refused a row ({exc.orig}); nothing was restored") from None


def _write(store: Store, items: list[Item], group_list: list[dict[str, Any]], replace: bool, source: str) -> Counts:
    with store.db.write() as conn:
        present = assessments.present(conn, [a.id for a, *_ in items])
        present_groups = groups.present(conn, [g["id"] for g in group_list])
        if (present or present_groups) and not replace:
            raise BackupError(
                f"{source}: the database already holds {len(present)} of its assessments and "
                f"{len(present_groups)} of its groups; nothing was restored (restore with --replace "
                "to replace them with the backup's)"
            )
        for aid in present:
            links.forget(conn, aid)
            groups.forget_member(conn, aid)
        for gid in present_groups:
            groups.remove(conn, gid)
        n_links = n_respondent_links = 0
        for a, created, updated, link_list, respondent_link_list in items:
            if a.id in present:
                assessments.delete_content(conn, a.id)
            assessments.insert_whole(conn, a, updated, created_at=created)
            n_links += links.restore(conn, a.id, link_list)
            for x in respondent_link_list:
                respondents.set_link_hash(conn, a.id, x["respondent_id"], x["token_hash"])
                n_respondent_links += 1
        n_members = sum(groups.restore(conn, g) for g in group_list)
    return Counts(
        len(items),
        sum(len([x for x in a.answers.values() if not x.is_empty()]) for a, *_ in items),
        sum(len(a.actions) for a, *_ in items),
        n_links,
        len(group_list),
        n_members,
        len(present) + len(present_groups),
        sum(len(a.respondents) for a, *_ in items),
        n_respondent_links,
    )


def _check(data: Any, source: str) -> tuple[list[Item], list[dict[str, Any]]]:
    """Every problem found before anything is written, so a refused file changes nothing."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f'{source} is not a backup of this app (no "format": "{FORMAT}")')
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"{source} has backup format version {version!r}; this app reads version {FORMAT_VERSION} "
            "only (a newer app wrote it? restore it with that version)"
        )
    problems: list[str] = []
    items: list[Item] = []
    seen_ids: set[str] = set()
    valid_ids: set[str] = set()
    seen_hashes: set[str] = set()
    raw = data.get("assessments")
    if not isinstance(raw, list):
        raise BackupError(f'{source}: "assessments" must be a list')
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
            problems.append(
                f"{where}: {exc.error_count()} invalid field(s), first: "
                f"{'.'.join(map(str, exc.errors()[0]['loc']))}: {exc.errors()[0]['msg']}"
            )
            continue
        where = f"assessment {n} ({a.id})"
        if a.id in valid_ids:
            problems.append(f"{where}: the same id appears twice")
        valid_ids.add(a.id)
        created = _time(entry.get("created_at"), where, problems)
        updated = _time(entry.get("updated_at"), where, problems)
        link_list: list[dict[str, Any]] = []
        for x in entry.get("links") or []:
            ok = (
                isinstance(x, dict)
                and isinstance(x.get("token_hash"), str)
                and _HASH.fullmatch(x["token_hash"])
                and isinstance(x.get("can_edit"), bool)
            )
            if not ok:
                problems.append(f"{where}: a link is not {{token_hash: 64 hex digits, can_edit: true/false}}")
                continue
            if x["token_hash"] in seen_hashes:
                problems.append(f"{where}: a link hash appears twice")
            seen_hashes.add(x["token_hash"])
            link_list.append(
                {
                    "token_hash": x["token_hash"],
                    "can_edit": x["can_edit"],
                    "created_at": _time(x.get("created_at"), where, problems),
                }
            )
        respondent_link_list: list[dict[str, str]] = []
        known = {r.id for r in a.respondents}
        for x in entry.get("respondent_links") or []:
            ok = (
                isinstance(x, dict)
                and isinstance(x.get("token_hash"), str)
                and _HASH.fullmatch(x["token_hash"])
                and x.get("respondent_id") in known
            )
            if not ok:
                problems.append(
                    f"{where}: a respondent link is not {{respondent_id: one of its respondents, "
                    "token_hash: 64 hex digits}"
                )
                continue
            if x["token_hash"] in seen_hashes:
                problems.append(f"{where}: a link hash appears twice")
            seen_hashes.add(x["token_hash"])
            respondent_link_list.append({"respondent_id": x["respondent_id"], "token_hash": x["token_hash"]})
        items.append((a, created, updated, link_list, respondent_link_list))
    group_list: list[dict[str, Any]] = []
    raw_groups = data.get("groups", [])
    if not isinstance(raw_groups, list):
        raise BackupError(f'{source}: "groups" must be a list')
    for n, g in enumerate(raw_groups, 1):
        where = f"group {n}"
        if not (
            isinstance(g, dict)
            and isinstance(g.get("id"), str)
            and 0 < len(g["id"]) <= 32
            and isinstance(g.get("name"), str)
            and 0 < len(g["name"]) <= 200
            and all(isinstance(g.get(k), str) and _HASH.fullmatch(g[k]) for k in ("facilitator_hash", "join_hash"))
            and isinstance(g.get("members", []), list)
        ):
            problems.append(f"{where}: needs id, name, facilitator_hash and join_hash (64 hex digits), members")
            continue
        unknown = [m for m in g.get("members", []) if m not in seen_ids]
        if unknown:
            problems.append(f"{where} ({g['name']}): members not in the backup: {', '.join(map(str, unknown[:5]))}")
        group_list.append(
            {
                **g,
                "members": list(dict.fromkeys(g.get("members", []))),
                "created_at": _time(g.get("created_at"), where, problems),
            }
        )
    if problems:
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BackupError(f"{source}: {len(problems)} problem(s), nothing was restored:\n{shown}{more}")
    return items, group_list


def _iso(moment: dt.datetime) -> str:
    return as_utc(moment).isoformat()


def _time(value: Any, where: str, problems: list[str]) -> dt.datetime:
    try:
        return as_utc(dt.datetime.fromisoformat(value))
    except (TypeError, ValueError):
        problems.append(f"{where}: {value!r} is not a date and time")
        return dt.datetime.now(dt.UTC)
