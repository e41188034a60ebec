"""Where assessments live: SQLite by default, any SQLAlchemy database when configured.

Answers are stored one row per item and saved one at a time, so two people
answering different items of the same assessment never overwrite each other,
and an answer is on disk the moment it is given. The rest of an assessment
(subject, targets, weights, notes) is one JSON column, and the action plan one
row per action.

Nothing is lost when several people edit one assessment: every write bumps the
assessment's ``revision`` counter and stamps the part it wrote (the details, the
action plan, or one answer) with the new value. A save that says which revision
it started from is refused with :class:`Conflict`, carrying both versions, when
someone else wrote that part in between; see :meth:`Store.load`.

On a shared deployment an assessment is reached by link, not by a list: it has
an edit link and a view link (see :meth:`Store.create`, :meth:`Store.resolve`),
and a facilitator sees the assessments that joined a peer-review group with the
group's facilitator code. Only hashes of links and codes are stored. Assessments saved with
:meth:`Store.save` (samples, imports, anything from before links existed) have no links until
:meth:`Store.rotate_links` makes them: a link is shown once, when it is made.

Configuration, first match wins:
  * ``BENCHMARK_DATABASE_URL`` — any SQLAlchemy URL, e.g. ``postgresql+psycopg://user:pw@host/db``;
  * ``BENCHMARK_DATA_DIR`` — folder for the default SQLite file ``benchmark.db``;
  * otherwise ``./data/benchmark.db``, created on first use.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal

from sqlalchemy import (Boolean, Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, delete,
                        event, func, insert, inspect, select, text, update)
from sqlalchemy.engine import Connection, Engine

from .assessment import Action, Answer, Assessment, clean_text

SCHEMA_VERSION = 2

metadata = MetaData()

schema_info = Table(
    "schema_info", metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)

assessments = Table(
    "assessments", metadata,
    Column("id", String(64), primary_key=True),
    Column("framework", String(64), nullable=False, index=True),
    Column("framework_version", String(32), nullable=False),
    Column("subject_name", String(200), nullable=False),
    Column("assessment_type", String(16), nullable=False),
    Column("assessed_on", String(10), nullable=False),
    Column("body", Text, nullable=False),  # JSON: everything but answers and actions
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # v2: a counter bumped by every write, and the value it had when each whole part was last written
    Column("revision", Integer, nullable=False, server_default=text("1")),
    Column("details_revision", Integer, nullable=False, server_default=text("1")),
    Column("actions_revision", Integer, nullable=False, server_default=text("1")),
)

answers = Table(
    "answers", metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("item_id", String(64), primary_key=True),
    Column("value", String(64)),
    Column("reason", Text, nullable=False, default=""),
    Column("evidence", Text, nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False, server_default=text("1")),  # v2
)

actions = Table(
    "actions", metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("action_id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("body", Text, nullable=False),
)

links = Table(  # v2
    "links", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("assessment_id", String(64), nullable=False, index=True),
    Column("can_edit", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

peer_groups = Table(  # v2
    "peer_groups", metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("facilitator_hash", String(64), nullable=False, unique=True),
    Column("join_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

group_members = Table(  # v2
    "group_members", metadata,
    Column("group_id", String(32), primary_key=True),
    Column("assessment_id", String(64), primary_key=True, index=True),
    Column("joined_at", DateTime(timezone=True), nullable=False),
)

_BODY_EXCLUDE = {"answers", "actions"}


# Migrations -------------------------------------------------------------------
# Each step takes a database from version N to N + 1 inside the caller's transaction. A step spells out its
# own DDL instead of using the tables above: those describe the newest schema, and a later version changing
# them must not change what an old step does. tests/test_storage.py checks that a migrated database has the
# same tables and columns as a new one.

def _v1_to_v2(conn: Connection) -> None:
    """Revision counters for optimistic saves, access links, peer-review groups.

    Existing rows start at revision 1, so that "no row" (revision 0) never equals a row someone could have
    loaded. Existing assessments get no links: a link is shown once, when it is made, so links made here
    could never be handed to anyone; :meth:`Store.rotate_links` (or ``python -m benchmark links``) makes them.
    """
    for table, column in (("assessments", "revision"), ("assessments", "details_revision"),
                          ("assessments", "actions_revision"), ("answers", "revision")):
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER DEFAULT 1 NOT NULL")
    v2 = MetaData()
    Table("links", v2,
          Column("token_hash", String(64), primary_key=True),
          Column("assessment_id", String(64), nullable=False, index=True),
          Column("can_edit", Boolean, nullable=False),
          Column("created_at", DateTime(timezone=True), nullable=False))
    Table("peer_groups", v2,
          Column("id", String(32), primary_key=True),
          Column("name", String(200), nullable=False),
          Column("facilitator_hash", String(64), nullable=False, unique=True),
          Column("join_hash", String(64), nullable=False, unique=True),
          Column("created_at", DateTime(timezone=True), nullable=False))
    Table("group_members", v2,
          Column("group_id", String(32), primary_key=True),
          Column("assessment_id", String(64), primary_key=True, index=True),
          Column("joined_at", DateTime(timezone=True), nullable=False))
    v2.create_all(conn)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2}


def default_url() -> str:
    url = os.environ.get("BENCHMARK_DATABASE_URL")
    if url:
        return url
    folder = Path(os.environ.get("BENCHMARK_DATA_DIR") or "data")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / 'benchmark.db').resolve()}"


# Links and codes --------------------------------------------------------------
TOKEN_BYTES = 24
TOKEN_LENGTH = 32  # characters of secrets.token_urlsafe(TOKEN_BYTES)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{%d}" % TOKEN_LENGTH)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def well_formed(token: object) -> bool:
    """Whether a string could be one of our links or codes; anything else is refused before any query."""
    return isinstance(token, str) and len(token) == TOKEN_LENGTH and _TOKEN.fullmatch(token) is not None


def token_hash(token: str) -> str:
    """What is stored instead of a link or code, so a copy of the database opens nothing.

    A plain SHA-256 is enough: a token carries 192 random bits, so there is no dictionary to try and nothing
    for a slow password hash to protect. It also makes the lookup an equality on an indexed column, so the
    time a lookup takes depends on the hash, never on how much of a secret a guess got right.
    """
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Links:
    """The two links of an assessment, as tokens to put in a URL. Shown once: only their hashes are kept."""

    edit: str
    view: str


@dataclass(frozen=True)
class Access:
    """What a link opens."""

    assessment_id: str
    can_edit: bool


@dataclass(frozen=True)
class GroupCodes:
    """A peer-review group's two codes: members join with one, the facilitator reads with the other.

    Two codes, so that a city that joins does not thereby see the other cities' answers.
    """

    facilitator: str
    join: str


class AccessDenied(PermissionError):
    """A link or code does not allow what was asked; the message can be shown as it is."""


# Results ------------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    """One line of the list of assessments, without loading answers."""

    id: str
    framework: str
    framework_version: str
    subject: str
    assessment_type: str
    date: str
    updated_at: dt.datetime
    answered: int


@dataclass(frozen=True)
class Group:
    """What a facilitator sees of a group: its name and its members, read-only."""

    id: str
    name: str
    created_at: dt.datetime
    members: list[Summary]


@dataclass(frozen=True)
class Snapshot:
    """An assessment with the revisions of its parts, read at one instant.

    Pass these revisions back when saving (``expected_revision=``) so that a save over someone else's newer
    change is refused instead of silently replacing it.
    """

    assessment: Assessment
    details_revision: int
    actions_revision: int
    answer_revisions: dict[str, int] = field(default_factory=dict)

    def answer_revision(self, item_id: str) -> int:
        """0 for an item without an answer, which is what a save must expect for it."""
        return self.answer_revisions.get(item_id, 0)


class Conflict(Exception):
    """Someone else saved the same part since it was loaded; nothing was written.

    ``theirs`` is what is stored now (an :class:`Answer`, the action list, or the whole stored
    :class:`Assessment` for details), ``ours`` what this save tried to write, ``revision`` the stored part's
    revision: saving again with it as ``expected_revision`` deliberately replaces theirs.
    """

    def __init__(self, part: Literal["answer", "details", "actions"], assessment_id: str, theirs, ours,
                 revision: int, item_id: str | None = None):
        self.part, self.assessment_id, self.item_id = part, assessment_id, item_id
        self.theirs, self.ours, self.revision = theirs, ours, revision
        what = {"answer": f"the answer to item {item_id}", "details": "the details", "actions": "the action plan"}[part]
        super().__init__(f"someone else saved {what} of this assessment after you opened it; "
                         "your version was not saved and theirs was not overwritten")


def _plausible_id(assessment_id: object) -> bool:
    """Ids come from addresses too: what cannot be an id is answered like an unknown one, without a query
    (PostgreSQL refuses a NUL character in a string rather than finding nothing)."""
    return isinstance(assessment_id, str) and 0 < len(assessment_id) <= 64 and "\x00" not in assessment_id


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes although we only ever store UTC: make every backend answer alike."""
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment.astimezone(dt.timezone.utc)


class Store:
    """One per process (the app caches it): each call takes its own connection, so threads can share it."""

    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.url = url or default_url()
        self.engine = engine or create_engine(self.url, future=True)
        self._writer = self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        self._reader = self.engine
        if self.engine.dialect.name == "sqlite":
            if not event.contains(self.engine, "connect", _sqlite_connect):
                event.listen(self.engine, "connect", _sqlite_connect)
                event.listen(self.engine, "begin", _sqlite_begin)
        elif self.engine.dialect.name == "postgresql":
            # one snapshot for all the statements of a read, so a loaded assessment matches its revisions
            self._reader = self.engine.execution_options(isolation_level="REPEATABLE READ")
        self.migrate()

    def _write(self) -> contextlib.AbstractContextManager[Connection]:
        """A write transaction; on SQLite it takes the write lock at once, so it waits instead of failing."""
        return self._writer.begin()

    def _read(self) -> contextlib.AbstractContextManager[Connection]:
        return self._reader.connect()

    # Schema -----------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the database to this app's schema in one transaction: all steps happen, or none."""
        with self._write() as conn:
            if conn.dialect.name == "postgresql":  # two app processes starting at once migrate one after the other
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7305942118)")
            tables = set(inspect(conn).get_table_names())
            version = None
            if "schema_info" in tables:
                row = conn.execute(select(schema_info.c.version)).first()
                version = row.version if row else None
            if version is None and "assessments" in tables:
                version = 1  # version 1 created its tables before recording its version
            if version is None:
                metadata.create_all(conn)
                conn.execute(insert(schema_info).values(id=1, version=SCHEMA_VERSION))
                return
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"the database was written by a newer version of this app (schema {version}, "
                    f"this app knows {SCHEMA_VERSION}); upgrade the app before using this database")
            if version == SCHEMA_VERSION:
                return
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](conn)
            schema_info.create(conn, checkfirst=True)
            conn.execute(delete(schema_info))
            conn.execute(insert(schema_info).values(id=1, version=SCHEMA_VERSION))

    def schema_version(self) -> int:
        with self._read() as conn:
            return conn.execute(select(schema_info.c.version)).scalar_one()

    # Whole assessments ------------------------------------------------------
    def create(self, a: Assessment) -> Links:
        """Store a new assessment with its edit and view links (an existing id is refused, not replaced)."""
        with self._write() as conn:
            if self._exists(conn, a.id):
                raise ValueError(f"an assessment with id {a.id} already exists")
            self._insert_whole(conn, a, _now())
            return self._new_links(conn, a.id)

    def save(self, a: Assessment) -> None:
        """Insert or replace a whole assessment (answers and actions included), keeping its links.

        A deliberate replacement (an imported report, a sample): it expects no revision, and every part
        gets a new one, so anyone still editing the old version gets a Conflict instead of mixing the two.
        """
        now = _now()
        with self._write() as conn:
            rev = self._bump(conn, a.id, now)
            if rev is None:
                self._insert_whole(conn, a, now)
                return
            conn.execute(update(assessments).where(assessments.c.id == a.id)
                         .values(**self._header(a), details_revision=rev, actions_revision=rev))
            conn.execute(delete(answers).where(answers.c.assessment_id == a.id))
            self._insert_answers(conn, a, now, rev)
            self._write_actions(conn, a.id, a.actions)

    def load(self, assessment_id: str) -> Snapshot | None:
        """The assessment and the revisions to pass back when saving it, or None."""
        if not _plausible_id(assessment_id):
            return None
        with self._read() as conn:
            return self._load(conn, assessment_id)

    def get(self, assessment_id: str) -> Assessment | None:
        snap = self.load(assessment_id)
        return None if snap is None else snap.assessment

    def list(self, framework: str | None = None) -> list[Summary]:
        """Every assessment: for a single-team or local deployment, where whoever opens the app may see all."""
        with self._read() as conn:
            return self._summaries(conn, framework=framework)

    def all(self, framework: str | None = None) -> list[Assessment]:
        return [a for s in self.list(framework) if (a := self.get(s.id)) is not None]

    def delete(self, assessment_id: str) -> None:
        """Delete an assessment with its links and group memberships."""
        if not _plausible_id(assessment_id):
            return
        with self._write() as conn:
            self._delete_content(conn, assessment_id)
            conn.execute(delete(links).where(links.c.assessment_id == assessment_id))
            conn.execute(delete(group_members).where(group_members.c.assessment_id == assessment_id))

    # Piecewise saves (what the app does as the user types) ----------------
    def set_answer(self, assessment_id: str, item_id: str, answer: Answer, expected_revision: int | None = None) -> int:
        """Save one item's answer; other items, possibly edited by someone else, are untouched.

        With ``expected_revision`` (from :meth:`Snapshot.answer_revision`), a save over an answer someone else
        changed since is refused with :class:`Conflict`, unless both wrote the same. Returns the item's new
        revision (0 once the answer is cleared).
        """
        now = _now()
        with self._write() as conn:
            rev = self._bump(conn, assessment_id, now)
            if rev is None:
                raise KeyError(f"no assessment with id {assessment_id}")
            where = (answers.c.assessment_id == assessment_id, answers.c.item_id == item_id)
            if expected_revision is not None:
                row = conn.execute(select(answers).where(*where)).first()
                current = row.revision if row else 0
                theirs = self._answer(row) if row else Answer()
                if current != expected_revision and theirs != answer:
                    raise Conflict("answer", assessment_id, theirs, answer, current, item_id)
            conn.execute(delete(answers).where(*where))
            if answer.is_empty():
                return 0
            conn.execute(insert(answers).values(**self._answer_row(assessment_id, item_id, answer, now, rev)))
            return rev

    def save_details(self, a: Assessment, expected_revision: int | None = None) -> int:
        """Save everything but answers and actions (subject, targets, weights, notes); returns their new revision.

        With ``expected_revision`` (from :attr:`Snapshot.details_revision`), a save over details someone else
        changed since is refused with :class:`Conflict`, unless both wrote the same.
        """
        now = _now()
        with self._write() as conn:
            rev = self._bump(conn, a.id, now)
            if rev is None:
                raise KeyError(f"no assessment with id {a.id}")
            if expected_revision is not None:
                current = conn.execute(select(assessments.c.details_revision)
                                       .where(assessments.c.id == a.id)).scalar_one()
                if current != expected_revision:
                    theirs = self._load(conn, a.id).assessment
                    if self._header(theirs) != self._header(a):
                        raise Conflict("details", a.id, theirs, a, current)
            conn.execute(update(assessments).where(assessments.c.id == a.id)
                         .values(**self._header(a), details_revision=rev))
            return rev

    def set_actions(self, assessment_id: str, new_actions: list[Action], expected_revision: int | None = None) -> int:
        """Replace the action plan; returns its new revision.

        With ``expected_revision`` (from :attr:`Snapshot.actions_revision`), a save over a plan someone else
        changed since is refused with :class:`Conflict`, unless both wrote the same.
        """
        now = _now()
        with self._write() as conn:
            rev = self._bump(conn, assessment_id, now)
            if rev is None:
                raise KeyError(f"no assessment with id {assessment_id}")
            if expected_revision is not None:
                current = conn.execute(select(assessments.c.actions_revision)
                                       .where(assessments.c.id == assessment_id)).scalar_one()
                if current != expected_revision:
                    theirs = self._actions(conn, assessment_id)
                    if [x.model_dump() for x in theirs] != [x.model_dump() for x in new_actions]:
                        raise Conflict("actions", assessment_id, theirs, list(new_actions), current)
            self._write_actions(conn, assessment_id, new_actions)
            conn.execute(update(assessments).where(assessments.c.id == assessment_id).values(actions_revision=rev))
            return rev

    # Access by link ---------------------------------------------------------
    def resolve(self, token: object) -> Access | None:
        """What a link opens, or None for anything that is not a current link (never raises on odd input)."""
        if not well_formed(token):
            return None
        digest = token_hash(token)
        with self._read() as conn:
            row = conn.execute(select(links).where(links.c.token_hash == digest)).first()
        if row is None or not hmac.compare_digest(row.token_hash, digest):
            return None
        return Access(row.assessment_id, bool(row.can_edit))

    def require_edit(self, token: object) -> str:
        """The id of the assessment an edit link opens; AccessDenied for a view link or anything else."""
        access = self.resolve(token)
        if access is None:
            raise AccessDenied("this link does not open any assessment; it may be incomplete or have been replaced")
        if not access.can_edit:
            raise AccessDenied("this is a view link: ask the team for the edit link to make changes")
        return access.assessment_id

    def rotate_links(self, assessment_id: str) -> Links:
        """New edit and view links; the old ones stop working at once."""
        with self._write() as conn:
            if self._bump(conn, assessment_id, None) is None:
                raise KeyError(f"no assessment with id {assessment_id}")
            conn.execute(delete(links).where(links.c.assessment_id == assessment_id))
            return self._new_links(conn, assessment_id)

    def has_links(self, assessment_id: str) -> bool:
        if not _plausible_id(assessment_id):
            return False
        with self._read() as conn:
            return conn.execute(select(links.c.token_hash).where(links.c.assessment_id == assessment_id)).first() is not None

    # Peer-review groups -----------------------------------------------------
    def create_group(self, name: str) -> GroupCodes:
        name = clean_text(name).strip() if isinstance(name, str) else ""
        if not 1 <= len(name) <= 200:
            raise ValueError("a group needs a name of 1 to 200 characters")
        codes = GroupCodes(facilitator=new_token(), join=new_token())
        with self._write() as conn:
            conn.execute(insert(peer_groups).values(
                id=uuid.uuid4().hex, name=name, facilitator_hash=token_hash(codes.facilitator),
                join_hash=token_hash(codes.join), created_at=_now()))
        return codes

    def join_group(self, edit_token: object, join_code: object) -> str:
        """Add the assessment an edit link opens to a group; returns the group's name. Joining twice is harmless."""
        assessment_id = self.require_edit(edit_token)
        with self._write() as conn:
            group = self._group_by(conn, peer_groups.c.join_hash, join_code)
            if group is None:
                raise AccessDenied("this code does not match any peer-review group")
            present = conn.execute(select(group_members.c.group_id).where(
                group_members.c.group_id == group.id, group_members.c.assessment_id == assessment_id)).first()
            if present is None:
                conn.execute(insert(group_members).values(group_id=group.id, assessment_id=assessment_id,
                                                          joined_at=_now()))
            return group.name

    def leave_group(self, edit_token: object, join_code: object) -> bool:
        """Take the assessment out of a group; False when it was not in it."""
        assessment_id = self.require_edit(edit_token)
        with self._write() as conn:
            group = self._group_by(conn, peer_groups.c.join_hash, join_code)
            if group is None:
                raise AccessDenied("this code does not match any peer-review group")
            gone = conn.execute(delete(group_members).where(group_members.c.group_id == group.id,
                                                            group_members.c.assessment_id == assessment_id))
            return gone.rowcount > 0

    def groups_of(self, assessment_id: str) -> list[str]:
        """Names of the groups an assessment has joined (what its team may see about its sharing)."""
        if not _plausible_id(assessment_id):
            return []
        with self._read() as conn:
            q = (select(peer_groups.c.name).join(group_members, group_members.c.group_id == peer_groups.c.id)
                 .where(group_members.c.assessment_id == assessment_id).order_by(peer_groups.c.name))
            return list(conn.execute(q).scalars())

    def group(self, facilitator_code: object) -> Group | None:
        """The group a facilitator code opens, with its members; None for any other string."""
        with self._read() as conn:
            row = self._group_by(conn, peer_groups.c.facilitator_hash, facilitator_code)
            if row is None:
                return None
            members = select(group_members.c.assessment_id).where(group_members.c.group_id == row.id)
            return Group(row.id, row.name, as_utc(row.created_at), self._summaries(conn, ids=members))

    def group_members(self, facilitator_code: object) -> list[Summary]:
        """The member assessments a facilitator code opens; a wrong code sees nothing."""
        g = self.group(facilitator_code)
        return [] if g is None else g.members

    def group_assessments(self, facilitator_code: object, framework: str | None = None) -> list[Assessment]:
        """The members in full, read-only, for putting side by side."""
        ids = [s.id for s in self.group_members(facilitator_code) if framework is None or s.framework == framework]
        return [a for i in ids if (a := self.get(i)) is not None]

    # Helpers ------------------------------------------------------------------
    @staticmethod
    def _exists(conn: Connection, assessment_id: str) -> bool:
        return conn.execute(select(assessments.c.id).where(assessments.c.id == assessment_id)).first() is not None

    @staticmethod
    def _bump(conn: Connection, assessment_id: str, now: dt.datetime | None) -> int | None:
        """Lock the assessment for this transaction and count one more write; None when there is none.

        Every write to an assessment starts here, so on PostgreSQL the row lock puts concurrent writers to one
        assessment in line, and what a write checks cannot change before it writes.
        """
        if not _plausible_id(assessment_id):
            return None
        values = {"revision": assessments.c.revision + 1} | ({"updated_at": now} if now else {})
        if conn.execute(update(assessments).where(assessments.c.id == assessment_id).values(**values)).rowcount == 0:
            return None
        return conn.execute(select(assessments.c.revision).where(assessments.c.id == assessment_id)).scalar_one()

    @staticmethod
    def _delete_content(conn: Connection, assessment_id: str) -> None:
        # the assessment row first: every writer locks it before its answers, so no two wait on each other
        for table, col in ((assessments, assessments.c.id), (answers, answers.c.assessment_id),
                           (actions, actions.c.assessment_id)):
            conn.execute(delete(table).where(col == assessment_id))

    def _insert_whole(self, conn: Connection, a: Assessment, now: dt.datetime,
                      created_at: dt.datetime | None = None) -> None:
        conn.execute(insert(assessments).values(id=a.id, created_at=created_at or now, updated_at=now, revision=1,
                                                details_revision=1, actions_revision=1, **self._header(a)))
        self._insert_answers(conn, a, now, 1)
        self._write_actions(conn, a.id, a.actions)

    def _insert_answers(self, conn: Connection, a: Assessment, now: dt.datetime, rev: int) -> None:
        rows = [self._answer_row(a.id, item_id, ans, now, rev) for item_id, ans in a.answers.items() if not ans.is_empty()]
        if rows:
            conn.execute(insert(answers), rows)

    def _load(self, conn: Connection, assessment_id: str) -> Snapshot | None:
        head = conn.execute(select(assessments).where(assessments.c.id == assessment_id)).first()
        if head is None:
            return None
        body = json.loads(head.body)
        rows = conn.execute(select(answers).where(answers.c.assessment_id == assessment_id)).all()
        body["answers"] = {r.item_id: self._answer(r).model_dump() for r in rows}
        body["actions"] = [x.model_dump(mode="json") for x in self._actions(conn, assessment_id)]
        return Snapshot(Assessment.model_validate(body), head.details_revision, head.actions_revision,
                        {r.item_id: r.revision for r in rows})

    @staticmethod
    def _actions(conn: Connection, assessment_id: str) -> list[Action]:
        rows = conn.execute(select(actions.c.body).where(actions.c.assessment_id == assessment_id)
                            .order_by(actions.c.position)).all()
        return [Action.model_validate_json(r.body) for r in rows]

    @staticmethod
    def _answer(row) -> Answer:
        return Answer(value=row.value, reason=row.reason, evidence=row.evidence, notes=row.notes)

    @staticmethod
    def _summaries(conn: Connection, framework: str | None = None, ids=None) -> list[Summary]:
        counts = (
            select(answers.c.assessment_id, func.count().label("n"))
            .where(answers.c.value.is_not(None))
            .group_by(answers.c.assessment_id)
            .subquery()
        )
        q = (
            select(assessments, func.coalesce(counts.c.n, 0).label("answered"))
            .outerjoin(counts, counts.c.assessment_id == assessments.c.id)
            .order_by(assessments.c.updated_at.desc(), assessments.c.id)
        )
        if framework:
            q = q.where(assessments.c.framework == framework)
        if ids is not None:
            q = q.where(assessments.c.id.in_(ids))
        return [
            Summary(r.id, r.framework, r.framework_version, r.subject_name, r.assessment_type, r.assessed_on,
                    as_utc(r.updated_at), r.answered)
            for r in conn.execute(q)
        ]

    @staticmethod
    def _new_links(conn: Connection, assessment_id: str) -> Links:
        made = Links(edit=new_token(), view=new_token())
        now = _now()
        conn.execute(insert(links), [
            {"token_hash": token_hash(made.edit), "assessment_id": assessment_id, "can_edit": True, "created_at": now},
            {"token_hash": token_hash(made.view), "assessment_id": assessment_id, "can_edit": False, "created_at": now},
        ])
        return made

    @staticmethod
    def _group_by(conn: Connection, column, code: object):
        if not well_formed(code):
            return None
        digest = token_hash(code)
        row = conn.execute(select(peer_groups).where(column == digest)).first()
        if row is None or not hmac.compare_digest(getattr(row, column.name), digest):
            return None
        return row

    @staticmethod
    def _header(a: Assessment) -> dict:
        return {
            "framework": a.framework,
            "framework_version": a.framework_version,
            "subject_name": a.subject.name,
            "assessment_type": a.assessment_type,
            "assessed_on": a.date.isoformat(),
            "body": a.model_dump_json(exclude=_BODY_EXCLUDE),
        }

    @staticmethod
    def _answer_row(assessment_id: str, item_id: str, ans: Answer, now: dt.datetime, rev: int) -> dict:
        return {"assessment_id": assessment_id, "item_id": item_id, "value": ans.value, "reason": ans.reason,
                "evidence": ans.evidence, "notes": ans.notes, "updated_at": now, "revision": rev}

    @staticmethod
    def _write_actions(conn: Connection, assessment_id: str, new_actions: list[Action]) -> None:
        conn.execute(delete(actions).where(actions.c.assessment_id == assessment_id))
        seen: set[str] = set()
        rows = []
        for n, act in enumerate(new_actions):
            if act.id in seen:  # a copied row in a spreadsheet keeps its id: give the copy its own
                act = act.model_copy(update={"id": Action().id})
            seen.add(act.id)
            rows.append({"assessment_id": assessment_id, "action_id": act.id, "position": n,
                         "body": act.model_dump_json()})
        if rows:
            conn.execute(insert(actions), rows)


def _sqlite_connect(dbapi_conn, _record) -> None:
    # The driver's own transaction handling starts transactions late and leaves DDL outside them; take it over
    # (SQLAlchemy's documented recipe) so that a migration is all or nothing and writes lock at their start.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))
