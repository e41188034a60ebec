"""Registered steps that bring an older database to :data:`~benchmark.store.schema.SCHEMA_VERSION`.

Each step takes a database from version N to N + 1 inside the caller's transaction, so a migration is all
or nothing. A step spells out its own DDL instead of using the tables of :mod:`benchmark.store.schema`:
those describe the newest schema, and a later version changing them must not change what an old step does.
tests/test_storage.py checks that a migrated database has the same tables and columns as a new one.

A new version: raise ``SCHEMA_VERSION``, change the tables, and register ``@step(old_version)`` here.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import Connection

from .schema import SCHEMA_VERSION, metadata, schema_info

Step = Callable[[Connection], None]
MIGRATIONS: dict[int, Step] = {}  # the version a step starts from -> the step


def step(from_version: int) -> Callable[[Step], Step]:
    """Register a function as the step from ``from_version`` to the next version."""

    def register(fn: Step) -> Step:
        MIGRATIONS[from_version] = fn
        return fn

    return register


def migrate(conn: Connection) -> None:
    """Bring the database to this app's schema within ``conn``'s transaction: all steps happen, or none."""
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
            f"this app knows {SCHEMA_VERSION}); upgrade the app before using this database"
        )
    if version == SCHEMA_VERSION:
        return
    for start in range(version, SCHEMA_VERSION):
        MIGRATIONS[start](conn)
    schema_info.create(conn, checkfirst=True)
    conn.execute(delete(schema_info))
    conn.execute(insert(schema_info).values(id=1, version=SCHEMA_VERSION))


def stored_version(conn: Connection) -> int:
    """The schema version the database records."""
    return int(conn.execute(select(schema_info.c.version)).scalar_one())


@step(1)
def v1_to_v2(conn: Connection) -> None:
    """Revision counters for optimistic saves, access links, peer-review groups.

    Existing rows start at revision 1, so that "no row" (revision 0) never equals a row someone could have
    loaded. Existing assessments get no links: a link is shown once, when it is made, so links made here
    could never be handed to anyone; :meth:`benchmark.store.Store.rotate_links` (or ``python -m benchmark links``)
    makes them.
    """
    for table, column in (
        ("assessments", "revision"),
        ("assessments", "details_revision"),
        ("assessments", "actions_revision"),
        ("answers", "revision"),
    ):
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER DEFAULT 1 NOT NULL")
    v2 = MetaData()
    Table(
        "links",
        v2,
        Column("token_hash", String(64), primary_key=True),
        Column("assessment_id", String(64), nullable=False, index=True),
        Column("can_edit", Boolean, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "peer_groups",
        v2,
        Column("id", String(32), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("facilitator_hash", String(64), nullable=False, unique=True),
        Column("join_hash", String(64), nullable=False, unique=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "group_members",
        v2,
        Column("group_id", String(32), primary_key=True),
        Column("assessment_id", String(64), primary_key=True, index=True),
        Column("joined_at", DateTime(timezone=True), nullable=False),
    )
    v2.create_all(conn)


@step(2)
def v2_to_v3(conn: Connection) -> None:
    """Several respondents per assessment, a consensus per item, and the kind of each piece of evidence.

    Adds tables and one nullable column; nothing existing is changed or dropped, so every v2 assessment reads
    as before (no respondents, no consensus, no evidence kinds).
    """
    conn.exec_driver_sql("ALTER TABLE answers ADD COLUMN evidence_kind VARCHAR(16)")
    v3 = MetaData()
    Table(
        "respondents",
        v3,
        Column("assessment_id", String(64), primary_key=True),
        Column("id", String(32), primary_key=True),
        Column("role", String(200), nullable=False),
        Column("label", String(200), nullable=False),
        Column("position", Integer, nullable=False),
        Column("token_hash", String(64), unique=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "respondent_answers",
        v3,
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
    Table(
        "consensus",
        v3,
        Column("assessment_id", String(64), primary_key=True),
        Column("item_id", String(64), primary_key=True),
        Column("value", String(64), nullable=False),
        Column("agreed_by", Text, nullable=False),
        Column("rationale", Text, nullable=False),
        Column("decided_at", DateTime(timezone=True), nullable=False),
        Column("revision", Integer, nullable=False),
    )
    Table(
        "respondent_settings",
        v3,
        Column("assessment_id", String(64), primary_key=True),
        Column("extra_roles", Text, nullable=False),
        Column("min_group_size", Integer, nullable=False),
        Column("revealed", Boolean, nullable=False),
    )
    v3.create_all(conn)


@step(3)
def v3_to_v4(conn: Connection) -> None:
    """Whole sections marked "not relevant here" with the reason (``Assessment.not_relevant_sections``).

    One new table; nothing existing changes, so every v3 assessment reads as before (no section marked).
    """
    v4 = MetaData()
    Table(
        "section_marks",
        v4,
        Column("assessment_id", String(64), primary_key=True),
        Column("section_id", String(64), primary_key=True),
        Column("reason", Text, nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        Column("revision", Integer, nullable=False),
    )
    v4.create_all(conn)
