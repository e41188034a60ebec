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

Several respondents per assessment (schema v3, benchmark/respondents.py): each respondent's answers are
rows of their own, saved item by item like the team's, through the respondent's own link (hashed too),
which opens only their answers; the agreed ratings (consensus) are rows of their own and also set the
team's answer. Roles added, the minimum group size and the reveal flag live apart from the details, so a
details save never undoes a reveal. Respondents saved with :meth:`Store.save` have no link until
:meth:`Store.rotate_respondent_link` makes one.

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
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Literal

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine

from .assessment import MAX_RESPONDENTS, Action, Answer, Assessment, Consensus, Respondent, clean_text, role_name
from .framework.loader import framework_roles
from .framework.model import Framework

SCHEMA_VERSION = 3

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
    Column("evidence_kind", String(16)),  # v3
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

# v3: several respondents per assessment (benchmark/respondents.py). A respondent's link is stored hashed, like the
# edit and view links; it opens only that respondent's own answers (see Store.respondent_for).
respondents_table = Table(
    "respondents", metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("role", String(200), nullable=False),
    Column("label", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("token_hash", String(64), unique=True),  # none until a link is made (saved, imported, restored)
    Column("created_at", DateTime(timezone=True), nullable=False),
)

respondent_answers_table = Table(
    "respondent_answers", metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("respondent_id", String(32), primary_key=True),
    Column("item_id", String(64), primary_key=True),
    Column("value", String(64)),
    Column("reason", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("notes", Text, nullable=False),
    Column("evidence_kind", String(16)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False),
)

consensus_table = Table(
    "consensus", metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("item_id", String(64), primary_key=True),
    Column("value", String(64), nullable=False),
    Column("agreed_by", Text, nullable=False),  # JSON list of names or roles
    Column("rationale", Text, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False),
)

respondent_settings = Table(  # roles added, minimum group size, reveal: written apart from the details
    "respondent_settings", metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("extra_roles", Text, nullable=False),  # JSON list
    Column("min_group_size", Integer, nullable=False),
    Column("revealed", Boolean, nullable=False),
)

_RESPONDENT_TABLES = (respondents_table, respondent_answers_table, consensus_table, respondent_settings)
_RESPONDENT_FIELDS = {"extra_roles", "respondents", "respondent_answers", "consensus", "min_group_size", "revealed"}
_BODY_EXCLUDE = {"answers", "actions", *_RESPONDENT_FIELDS}


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


def _v2_to_v3(conn: Connection) -> None:
    """Several respondents per assessment, a consensus per item, and the kind of each piece of evidence.

    Adds tables and one nullable column; nothing existing is changed or dropped, so every v2 assessment reads
    as before (no respondents, no consensus, no evidence kinds).
    """
    conn.exec_driver_sql("ALTER TABLE answers ADD COLUMN evidence_kind VARCHAR(16)")
    v3 = MetaData()
    Table("respondents", v3,
          Column("assessment_id", String(64), primary_key=True),
          Column("id", String(32), primary_key=True),
          Column("role", String(200), nullable=False),
          Column("label", String(200), nullable=False),
          Column("position", Integer, nullable=False),
          Column("token_hash", String(64), unique=True),
          Column("created_at", DateTime(timezone=True), nullable=False))
    Table("respondent_answers", v3,
          Column("assessment_id", String(64), primary_key=True),
          Column("respondent_id", String(32), primary_key=True),
          Column("item_id", String(64), primary_key=True),
          Column("value", String(64)),
          Column("reason", Text, nullable=False),
          Column("evidence", Text, nullable=False),
          Column("notes", Text, nullable=False),
          Column("evidence_kind", String(16)),
          Column("updated_at", DateTime(timezone=True), nullable=False),
          Column("revision", Integer, nullable=False))
    Table("consensus", v3,
          Column("assessment_id", String(64), primary_key=True),
          Column("item_id", String(64), primary_key=True),
          Column("value", String(64), nullable=False),
          Column("agreed_by", Text, nullable=False),
          Column("rationale", Text, nullable=False),
          Column("decided_at", DateTime(timezone=True), nullable=False),
          Column("revision", Integer, nullable=False))
    Table("respondent_settings", v3,
          Column("assessment_id", String(64), primary_key=True),
          Column("extra_roles", Text, nullable=False),
          Column("min_group_size", Integer, nullable=False),
          Column("revealed", Boolean, nullable=False))
    v3.create_all(conn)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


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


class AgreedRating(ValueError):
    """The item has an agreed rating (a consensus): its rating changes through the consensus, not the answer."""


@dataclass(frozen=True)
class RespondentAccess:
    """What a respondent's link opens: that respondent's own answers in one assessment, and nothing else."""

    assessment_id: str
    respondent: Respondent


@dataclass(frozen=True)
class RespondentSession:
    """How an assessment's respondents are set up: roles added to the framework's, the minimum group size,
    and whether the team has revealed the views."""

    extra_roles: list[str]
    min_group_size: int
    revealed: bool


@dataclass(frozen=True)
class RespondentSnapshot:
    """What a respondent's page needs: their own answers with the revisions to save them with, and whether the
    team has revealed the views. Never anyone else's answers."""

    assessment_id: str
    respondent: Respondent
    answers: dict[str, Answer]
    answer_revisions: dict[str, int]
    revealed: bool

    def answer_revision(self, item_id: str) -> int:
        return self.answer_revisions.get(item_id, 0)


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
    consensus_revisions: dict[str, int] = field(default_factory=dict)  # v3
    revision: int = 0  # of the whole assessment: every write moves it by one
    updated_at: dt.datetime | None = None  # of the last write; with the revision, the ``Store.stamp`` it was read at

    def current(self, stamp: tuple[int, dt.datetime] | None) -> bool:
        """Whether this is still what is stored, given ``Store.stamp`` (a restore starts revisions at 1 again,
        so the time of the last write is compared too; a snapshot patched after its own save knows only the
        revision, which a restore, starting at 1, cannot reach)."""
        return stamp is not None and stamp[0] == self.revision and self.updated_at in (None, stamp[1])

    def with_answer(self, item_id: str, answer: Answer, revision: int) -> "Snapshot":
        """This snapshot after its own ``set_answer`` returned ``revision``: valid only when that is one more
        than this snapshot's revision (no one else wrote in between); otherwise read the assessment again."""
        if revision != self.revision + 1:
            raise ValueError("someone else wrote since this snapshot was read: load it again")
        answers = {k: v for k, v in self.assessment.answers.items() if k != item_id}
        revisions = {k: v for k, v in self.answer_revisions.items() if k != item_id}
        if not answer.is_empty():
            answers[item_id], revisions[item_id] = answer, revision
        return replace(self, assessment=self.assessment.model_copy(update={"answers": answers}),
                       answer_revisions=revisions, revision=revision, updated_at=None)

    def answer_revision(self, item_id: str) -> int:
        """0 for an item without an answer, which is what a save must expect for it."""
        return self.answer_revisions.get(item_id, 0)

    def consensus_revision(self, item_id: str) -> int:
        """0 for an item without an agreed rating."""
        return self.consensus_revisions.get(item_id, 0)


class Conflict(Exception):
    """Someone else saved the same part since it was loaded; nothing was written.

    ``theirs`` is what is stored now (an :class:`Answer`, the action list, the whole stored
    :class:`Assessment` for details, or a :class:`Consensus` or None for a consensus), ``ours`` what this save
    tried to write, ``revision`` the stored part's revision: saving again with it as ``expected_revision``
    deliberately replaces theirs. A respondent's answer conflicts only with the same respondent's other tab.
    """

    def __init__(self, part: Literal["answer", "details", "actions", "respondent_answer", "consensus"],
                 assessment_id: str, theirs, ours, revision: int, item_id: str | None = None):
        self.part, self.assessment_id, self.item_id = part, assessment_id, item_id
        self.theirs, self.ours, self.revision = theirs, ours, revision
        what = {"answer": f"the answer to item {item_id}", "details": "the details", "actions": "the action plan",
                "respondent_answer": f"your answer to item {item_id}",
                "consensus": f"the agreed rating of item {item_id}"}[part]
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

    def __init__(self, url: str | None = None, engine: Engine | None = None,
                 frameworks: Mapping[str, Framework] | None = None):
        """``frameworks`` say which respondent roles each assessment offers (the questionnaire folder's if None)."""
        self.frameworks = frameworks
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
        """Insert or replace a whole assessment (answers, actions, respondents and agreed ratings included),
        keeping its links (and the link of every respondent kept under the same id).

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
            self._write_respondent_parts(conn, a, now, rev)

    def load(self, assessment_id: str) -> Snapshot | None:
        """The assessment and the revisions to pass back when saving it, or None."""
        if not _plausible_id(assessment_id):
            return None
        with self._read() as conn:
            return self._load(conn, assessment_id)

    def stamp(self, assessment_id: str) -> tuple[int, dt.datetime] | None:
        """The assessment's revision and the time of its last write, or None when there is none: one indexed
        read, so a caller that kept a Snapshot knows whether it is still what is stored (``Snapshot.current``)."""
        if not _plausible_id(assessment_id):
            return None
        with self._read() as conn:
            row = conn.execute(select(assessments.c.revision, assessments.c.updated_at)
                               .where(assessments.c.id == assessment_id)).first()
        return None if row is None else (row.revision, as_utc(row.updated_at))

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
            agreed = conn.execute(select(consensus_table.c.value).where(
                consensus_table.c.assessment_id == assessment_id, consensus_table.c.item_id == item_id)).scalar()
            if agreed is not None and answer.value != agreed:
                raise AgreedRating(f"item {item_id} has an agreed rating ('{agreed}'); change it in the consensus, "
                                   "or clear the consensus first")
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

    # Respondents and consensus (v3) -------------------------------------------
    # Each respondent has a link of their own (only its hash is stored, like the edit and view links): it opens
    # that respondent's own answers and nothing else, neither the edit page nor anyone else's answers. The
    # facilitator (with the edit link) adds respondents and roles, sets the minimum group size, reveals the
    # views and records the consensus; benchmark/respondents.py computes what the views show.

    def respondent_session(self, assessment_id: str) -> RespondentSession:
        """The roles added, the minimum group size and the reveal flag of an assessment."""
        with self._read() as conn:
            if not _plausible_id(assessment_id) or not self._exists(conn, assessment_id):
                raise KeyError(f"no assessment with id {assessment_id}")
            row = self._settings(conn, assessment_id)
        return RespondentSession(json.loads(row.extra_roles), row.min_group_size, bool(row.revealed))

    def add_role(self, assessment_id: str, role: str) -> list[str]:
        """Offer one more role to this assessment's respondents; returns the roles added so far."""
        role = role_name(clean_text(role))
        if len(role) > 200:
            raise ValueError("a role name has at most 200 characters")
        with self._write() as conn:
            self._require(conn, assessment_id)
            extra = json.loads(self._settings(conn, assessment_id, create=True).extra_roles)
            if role not in self._framework_roles(conn, assessment_id) and role not in extra:
                if len(extra) >= 50:
                    raise ValueError("an assessment can have at most 50 roles of its own")
                extra.append(role)
                conn.execute(update(respondent_settings).where(respondent_settings.c.assessment_id == assessment_id)
                             .values(extra_roles=json.dumps(extra, ensure_ascii=False)))
            return extra

    def set_min_group_size(self, assessment_id: str, k: int) -> None:
        """Groups of fewer than ``k`` respondents are never shown on their own (2 to 100; 3 unless set)."""
        if isinstance(k, bool) or not isinstance(k, int) or not 2 <= k <= 100:
            raise ValueError("the minimum group size is a whole number from 2 to 100")
        self._set_setting(assessment_id, min_group_size=k)

    def set_revealed(self, assessment_id: str, revealed: bool) -> None:
        """Reveal the respondents' views to each other (by role, respecting the minimum group size), or hide them."""
        self._set_setting(assessment_id, revealed=bool(revealed))

    def revealed(self, assessment_id: str) -> bool:
        return self.respondent_session(assessment_id).revealed

    def add_respondent(self, assessment_id: str, role: str, label: str = "") -> tuple[Respondent, str]:
        """A new respondent and their link (shown once: only its hash is kept). The role must be one of the
        default roles or one added with :meth:`add_role`."""
        respondent = Respondent(role=role, label=label)
        token = new_token()
        with self._write() as conn:
            self._require(conn, assessment_id)
            extra = json.loads(self._settings(conn, assessment_id, create=True).extra_roles)
            if respondent.role not in (*self._framework_roles(conn, assessment_id), *extra):
                raise ValueError(f"'{respondent.role}' is not a role of this assessment; add the role first")
            r = respondents_table.c
            count, last = conn.execute(select(func.count(), func.max(r.position))
                                       .where(r.assessment_id == assessment_id)).one()
            if count >= MAX_RESPONDENTS:
                raise ValueError(f"an assessment can have at most {MAX_RESPONDENTS} respondents")
            conn.execute(insert(respondents_table).values(
                assessment_id=assessment_id, id=respondent.id, role=respondent.role, label=respondent.label,
                position=(last or 0) + 1, token_hash=token_hash(token), created_at=respondent.created_at))
        return respondent, token

    def respondents(self, assessment_id: str) -> list[Respondent]:
        if not _plausible_id(assessment_id):
            return []
        with self._read() as conn:
            return self._respondents(conn, assessment_id)

    def remove_respondent(self, assessment_id: str, respondent_id: str) -> bool:
        """Delete a respondent, their link and their answers; False when there was none."""
        with self._write() as conn:
            self._require(conn, assessment_id)
            ra = respondent_answers_table.c
            conn.execute(delete(respondent_answers_table).where(ra.assessment_id == assessment_id,
                                                                ra.respondent_id == respondent_id))
            r = respondents_table.c
            return conn.execute(delete(respondents_table).where(r.assessment_id == assessment_id,
                                                                r.id == respondent_id)).rowcount > 0

    def rotate_respondent_link(self, assessment_id: str, respondent_id: str) -> str:
        """A new link for a respondent (one saved, imported or restored has none); the old one stops working."""
        token = new_token()
        with self._write() as conn:
            self._require(conn, assessment_id)
            r = respondents_table.c
            done = conn.execute(update(respondents_table).where(r.assessment_id == assessment_id, r.id == respondent_id)
                                .values(token_hash=token_hash(token)))
            if done.rowcount == 0:
                raise KeyError(f"no respondent {respondent_id} in assessment {assessment_id}")
        return token

    def respondent_for(self, token: object) -> RespondentAccess | None:
        """Whom a respondent's link belongs to, or None for anything else (never raises on odd input)."""
        if not well_formed(token):
            return None
        digest = token_hash(token)
        with self._read() as conn:
            row = conn.execute(select(respondents_table).where(respondents_table.c.token_hash == digest)).first()
        if row is None or not hmac.compare_digest(row.token_hash, digest):
            return None
        return RespondentAccess(row.assessment_id, self._respondent(row))

    def own_answers(self, token: object) -> RespondentSnapshot | None:
        """A respondent's own answers (with revisions) and the reveal flag, read with their link; None for
        anything that is not a respondent's link."""
        if not well_formed(token):
            return None
        digest = token_hash(token)
        with self._read() as conn:
            row = conn.execute(select(respondents_table).where(respondents_table.c.token_hash == digest)).first()
            if row is None or not hmac.compare_digest(row.token_hash, digest):
                return None
            ra = respondent_answers_table.c
            rows = conn.execute(select(respondent_answers_table).where(
                ra.assessment_id == row.assessment_id, ra.respondent_id == row.id)).all()
            revealed = bool(self._settings(conn, row.assessment_id).revealed)
        return RespondentSnapshot(row.assessment_id, self._respondent(row), {x.item_id: self._answer(x) for x in rows},
                                  {x.item_id: x.revision for x in rows}, revealed)

    def set_own_answer(self, token: object, item_id: str, answer: Answer, expected_revision: int | None = None) -> int:
        """Save an answer with a respondent's link: it can only ever write that respondent's own answers."""
        access = self.respondent_for(token)
        if access is None:
            raise AccessDenied("this link does not belong to any respondent; it may be incomplete or have been replaced")
        return self.set_respondent_answer(access.assessment_id, access.respondent.id, item_id, answer,
                                          expected_revision)

    def set_respondent_answer(self, assessment_id: str, respondent_id: str, item_id: str, answer: Answer,
                              expected_revision: int | None = None) -> int:
        """Save one respondent's answer to one item (0 once cleared), like :meth:`set_answer`: with
        ``expected_revision`` (from :attr:`RespondentSnapshot.answer_revisions`), a save over a newer answer
        (the same respondent in another tab) is refused with :class:`Conflict`, unless both wrote the same."""
        now = _now()
        with self._write() as conn:
            rev = self._require(conn, assessment_id, now)
            r = respondents_table.c
            if conn.execute(select(r.id).where(r.assessment_id == assessment_id, r.id == respondent_id)).first() is None:
                raise KeyError(f"no respondent {respondent_id} in assessment {assessment_id}")
            ra = respondent_answers_table.c
            where = (ra.assessment_id == assessment_id, ra.respondent_id == respondent_id, ra.item_id == item_id)
            if expected_revision is not None:
                row = conn.execute(select(respondent_answers_table).where(*where)).first()
                current = row.revision if row else 0
                theirs = self._answer(row) if row else Answer()
                if current != expected_revision and theirs != answer:
                    raise Conflict("respondent_answer", assessment_id, theirs, answer, current, item_id)
            conn.execute(delete(respondent_answers_table).where(*where))
            if answer.is_empty():
                return 0
            conn.execute(insert(respondent_answers_table).values(
                **self._answer_row(assessment_id, item_id, answer, now, rev), respondent_id=respondent_id))
            return rev

    def respondent_answers(self, assessment_id: str) -> dict[str, dict[str, Answer]]:
        """Every respondent's answers: {respondent id: {item id: answer}}. Individual ratings: for the
        aggregation in benchmark/respondents.py, never to show as they are."""
        if not _plausible_id(assessment_id):
            return {}
        with self._read() as conn:
            return self._respondent_answer_rows(conn, assessment_id)

    def set_consensus(self, assessment_id: str, agreed: Consensus, expected_revision: int | None = None) -> int:
        """Record the team's agreed rating of an item; it becomes the item's rating (the team's answer keeps
        its evidence and notes). With ``expected_revision`` (from :meth:`Snapshot.consensus_revision`), a save
        over an agreement someone else recorded since is refused with :class:`Conflict`. Returns the revision."""
        now = _now()
        with self._write() as conn:
            rev = self._require(conn, assessment_id, now)
            self._settings(conn, assessment_id, create=True)
            c = consensus_table.c
            where = (c.assessment_id == assessment_id, c.item_id == agreed.item_id)
            row = conn.execute(select(consensus_table).where(*where)).first()
            if expected_revision is not None:
                current = row.revision if row else 0
                theirs = self._consensus(row) if row else None
                same = theirs is not None and (theirs.model_dump(exclude={"decided_at"})
                                               == agreed.model_dump(exclude={"decided_at"}))
                if current != expected_revision and not same:
                    raise Conflict("consensus", assessment_id, theirs, agreed, current, agreed.item_id)
            conn.execute(delete(consensus_table).where(*where))
            conn.execute(insert(consensus_table).values(**self._consensus_row(assessment_id, agreed, rev)))
            a = answers.c
            answer_where = (a.assessment_id == assessment_id, a.item_id == agreed.item_id)
            old = conn.execute(select(answers).where(*answer_where)).first()
            answer = (self._answer(old) if old else Answer()).model_copy(update={"value": agreed.value})
            conn.execute(delete(answers).where(*answer_where))
            conn.execute(insert(answers).values(**self._answer_row(assessment_id, agreed.item_id, answer, now, rev)))
            return rev

    def clear_consensus(self, assessment_id: str, item_id: str) -> bool:
        """Drop the agreed rating of an item (its rating stays as agreed, and can be changed again); False when
        there was none."""
        with self._write() as conn:
            self._require(conn, assessment_id, _now())
            c = consensus_table.c
            return conn.execute(delete(consensus_table).where(c.assessment_id == assessment_id,
                                                              c.item_id == item_id)).rowcount > 0

    def consensus(self, assessment_id: str) -> dict[str, Consensus]:
        if not _plausible_id(assessment_id):
            return {}
        with self._read() as conn:
            rows = conn.execute(select(consensus_table).where(consensus_table.c.assessment_id == assessment_id)).all()
        return {r.item_id: self._consensus(r) for r in rows}

    # Helpers of respondents and consensus
    def _require(self, conn: Connection, assessment_id: str, now: dt.datetime | None = None) -> int:
        """Lock the assessment and count one more write (:meth:`_bump`); KeyError when there is none."""
        rev = self._bump(conn, assessment_id, now)
        if rev is None:
            raise KeyError(f"no assessment with id {assessment_id}")
        return rev

    def _framework_roles(self, conn: Connection, assessment_id: str) -> tuple[str, ...]:
        """The roles the assessment's framework offers every respondent (see ``Framework.respondents``)."""
        framework = conn.execute(select(assessments.c.framework).where(assessments.c.id == assessment_id)).scalar()
        return framework_roles(framework, self.frameworks) if framework else ()

    def _set_setting(self, assessment_id: str, **values) -> None:
        with self._write() as conn:
            self._require(conn, assessment_id)
            self._settings(conn, assessment_id, create=True)
            conn.execute(update(respondent_settings).where(respondent_settings.c.assessment_id == assessment_id)
                         .values(**values))

    @staticmethod
    def _settings(conn: Connection, assessment_id: str, create: bool = False):
        """The settings row; without one, the defaults (and with ``create``, a stored row of them)."""
        row = conn.execute(select(respondent_settings)
                           .where(respondent_settings.c.assessment_id == assessment_id)).first()
        if row is not None:
            return row
        defaults = {"assessment_id": assessment_id, "extra_roles": "[]",
                    "min_group_size": Assessment.model_fields["min_group_size"].default, "revealed": False}
        if create:
            conn.execute(insert(respondent_settings).values(**defaults))
        return SimpleNamespace(**defaults)

    @staticmethod
    def _respondent(row) -> Respondent:
        return Respondent(id=row.id, role=row.role, label=row.label, created_at=as_utc(row.created_at))

    def _respondents(self, conn: Connection, assessment_id: str) -> list[Respondent]:
        r = respondents_table.c
        rows = conn.execute(select(respondents_table).where(r.assessment_id == assessment_id)
                            .order_by(r.position, r.id)).all()
        return [self._respondent(x) for x in rows]

    def _respondent_answer_rows(self, conn: Connection, assessment_id: str) -> dict[str, dict[str, Answer]]:
        ra = respondent_answers_table.c
        out: dict[str, dict[str, Answer]] = {}
        for x in conn.execute(select(respondent_answers_table).where(ra.assessment_id == assessment_id)
                              .order_by(ra.respondent_id, ra.item_id)):
            out.setdefault(x.respondent_id, {})[x.item_id] = self._answer(x)
        return out

    @staticmethod
    def _consensus(row) -> Consensus:
        return Consensus(item_id=row.item_id, value=row.value, agreed_by=json.loads(row.agreed_by),
                         rationale=row.rationale, decided_at=as_utc(row.decided_at))

    @staticmethod
    def _consensus_row(assessment_id: str, agreed: Consensus, rev: int) -> dict:
        return {"assessment_id": assessment_id, "item_id": agreed.item_id, "value": agreed.value,
                "agreed_by": json.dumps(agreed.agreed_by, ensure_ascii=False), "rationale": agreed.rationale,
                "decided_at": agreed.decided_at, "revision": rev}

    def _respondent_parts(self, conn: Connection, assessment_id: str, settings) -> tuple[dict, dict[str, int]]:
        """The respondent fields of an assessment as stored, and the revisions of its agreed ratings."""
        rows = conn.execute(select(consensus_table).where(consensus_table.c.assessment_id == assessment_id)).all()
        parts = {
            "extra_roles": json.loads(settings.extra_roles),
            "min_group_size": settings.min_group_size,
            "revealed": bool(settings.revealed),
            "respondents": [r.model_dump() for r in self._respondents(conn, assessment_id)],
            "respondent_answers": {rid: {i: x.model_dump() for i, x in items.items()}
                                   for rid, items in self._respondent_answer_rows(conn, assessment_id).items()},
            "consensus": {r.item_id: self._consensus(r).model_dump() for r in rows},
        }
        return parts, {r.item_id: r.revision for r in rows}

    def _write_respondent_parts(self, conn: Connection, a: Assessment, now: dt.datetime, rev: int) -> None:
        """Replace the respondent fields of a whole assessment; a respondent kept under the same id keeps
        their link."""
        r = respondents_table.c
        tokens = dict(conn.execute(select(r.id, r.token_hash).where(r.assessment_id == a.id)).all())
        for table in _RESPONDENT_TABLES:
            conn.execute(delete(table).where(table.c.assessment_id == a.id))
        default_k = Assessment.model_fields["min_group_size"].default
        if not (a.respondents or a.consensus or a.extra_roles or a.revealed or a.min_group_size != default_k):
            return  # no settings row: the assessment reads with one query less
        conn.execute(insert(respondent_settings).values(
            assessment_id=a.id, extra_roles=json.dumps(a.extra_roles, ensure_ascii=False),
            min_group_size=a.min_group_size, revealed=a.revealed))
        if a.respondents:
            conn.execute(insert(respondents_table), [
                {"assessment_id": a.id, "id": x.id, "role": x.role, "label": x.label, "position": n,
                 "token_hash": tokens.get(x.id), "created_at": x.created_at}
                for n, x in enumerate(a.respondents, start=1)])
        rows = [{**self._answer_row(a.id, item_id, ans, now, rev), "respondent_id": rid}
                for rid, items in a.respondent_answers.items() for item_id, ans in items.items() if not ans.is_empty()]
        if rows:
            conn.execute(insert(respondent_answers_table), rows)
        if a.consensus:
            conn.execute(insert(consensus_table), [self._consensus_row(a.id, x, rev) for x in a.consensus.values()])

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
        # every write moves the time too: with the revision it is the stamp a kept Snapshot is checked against,
        # and a restore starts revisions at 1 again
        values = {"revision": assessments.c.revision + 1, "updated_at": now or _now()}
        if conn.execute(update(assessments).where(assessments.c.id == assessment_id).values(**values)).rowcount == 0:
            return None
        return conn.execute(select(assessments.c.revision).where(assessments.c.id == assessment_id)).scalar_one()

    @staticmethod
    def _delete_content(conn: Connection, assessment_id: str) -> None:
        # the assessment row first: every writer locks it before its answers, so no two wait on each other
        for table, col in ((assessments, assessments.c.id), (answers, answers.c.assessment_id),
                           (actions, actions.c.assessment_id)):
            conn.execute(delete(table).where(col == assessment_id))
        for table in _RESPONDENT_TABLES:  # v3
            conn.execute(delete(table).where(table.c.assessment_id == assessment_id))

    def _insert_whole(self, conn: Connection, a: Assessment, now: dt.datetime,
                      created_at: dt.datetime | None = None) -> None:
        conn.execute(insert(assessments).values(id=a.id, created_at=created_at or now, updated_at=now, revision=1,
                                                details_revision=1, actions_revision=1, **self._header(a)))
        self._insert_answers(conn, a, now, 1)
        self._write_actions(conn, a.id, a.actions)
        self._write_respondent_parts(conn, a, now, 1)

    def _insert_answers(self, conn: Connection, a: Assessment, now: dt.datetime, rev: int) -> None:
        rows = [self._answer_row(a.id, item_id, ans, now, rev) for item_id, ans in a.answers.items() if not ans.is_empty()]
        if rows:
            conn.execute(insert(answers), rows)

    def _load(self, conn: Connection, assessment_id: str) -> Snapshot | None:
        settings = respondent_settings.c
        head = conn.execute(select(assessments, settings.extra_roles, settings.min_group_size, settings.revealed)
                            .outerjoin(respondent_settings, settings.assessment_id == assessments.c.id)
                            .where(assessments.c.id == assessment_id)).first()
        if head is None:
            return None
        body = json.loads(head.body)
        rows = conn.execute(select(answers).where(answers.c.assessment_id == assessment_id)).all()
        body["answers"] = {r.item_id: self._answer(r).model_dump() for r in rows}
        body["actions"] = [x.model_dump(mode="json") for x in self._actions(conn, assessment_id)]
        consensus_revisions: dict[str, int] = {}
        if head.min_group_size is not None:  # only assessments with respondents or a consensus have settings
            parts, consensus_revisions = self._respondent_parts(conn, assessment_id, head)
            body |= parts
        return Snapshot(Assessment.model_validate(body), head.details_revision, head.actions_revision,
                        {r.item_id: r.revision for r in rows}, consensus_revisions, head.revision,
                        as_utc(head.updated_at))

    @staticmethod
    def _actions(conn: Connection, assessment_id: str) -> list[Action]:
        rows = conn.execute(select(actions.c.body).where(actions.c.assessment_id == assessment_id)
                            .order_by(actions.c.position)).all()
        return [Action.model_validate_json(r.body) for r in rows]

    @staticmethod
    def _answer(row) -> Answer:
        return Answer(value=row.value, reason=row.reason, evidence=row.evidence, notes=row.notes,
                      evidence_kind=row.evidence_kind)

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
                "evidence": ans.evidence, "notes": ans.notes, "evidence_kind": ans.evidence_kind,
                "updated_at": now, "revision": rev}

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
