"""The newest schema, as SQLAlchemy tables: what a new database is created with.

An older database is brought here by :mod:`benchmark.store.migrations`, whose steps spell out their own DDL;
tests/test_storage.py checks that both end with the same tables and columns.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text, text

from ..assessment import RESPONDENT_FIELDS

SCHEMA_VERSION = 4

metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)

assessments = Table(
    "assessments",
    metadata,
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
    "answers",
    metadata,
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
    "actions",
    metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("action_id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("body", Text, nullable=False),
)

links = Table(  # v2
    "links",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("assessment_id", String(64), nullable=False, index=True),
    Column("can_edit", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

peer_groups = Table(  # v2
    "peer_groups",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("facilitator_hash", String(64), nullable=False, unique=True),
    Column("join_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

group_members = Table(  # v2
    "group_members",
    metadata,
    Column("group_id", String(32), primary_key=True),
    Column("assessment_id", String(64), primary_key=True, index=True),
    Column("joined_at", DateTime(timezone=True), nullable=False),
)

# v3: several respondents per assessment (benchmark/respondents.py). A respondent's link is stored hashed, like the
# edit and view links; it opens only that respondent's own answers (see respondents.respondent_for).
respondents_table = Table(
    "respondents",
    metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("role", String(200), nullable=False),
    Column("label", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("token_hash", String(64), unique=True),  # none until a link is made (saved, imported, restored)
    Column("created_at", DateTime(timezone=True), nullable=False),
)

respondent_answers_table = Table(
    "respondent_answers",
    metadata,
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
    "consensus",
    metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("item_id", String(64), primary_key=True),
    Column("value", String(64), nullable=False),
    Column("agreed_by", Text, nullable=False),  # JSON list of names or roles
    Column("rationale", Text, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False),
)

respondent_settings = Table(  # roles added, minimum group size, reveal: written apart from the details
    "respondent_settings",
    metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("extra_roles", Text, nullable=False),  # JSON list
    Column("min_group_size", Integer, nullable=False),
    Column("revealed", Boolean, nullable=False),
)

# v4: a whole section (a UNITES key factor) marked not relevant here, with the reason; one row per section, saved
# on its own with its own revision like an answer, so marking a factor never conflicts with an answer or the targets
section_marks = Table(
    "section_marks",
    metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("section_id", String(64), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False),
)

# what belongs to an assessment's respondents: deleted and written again with them
RESPONDENT_TABLES = (respondents_table, respondent_answers_table, consensus_table, respondent_settings)
# the fields of an assessment kept in rows of their own, not in its JSON ``body``
BODY_EXCLUDE = {"answers", "actions", "not_relevant_sections", *RESPONDENT_FIELDS}
