"""Where assessments live: SQLite by default, any SQLAlchemy database when configured.

Answers are stored one row per item and saved one at a time, so two people
answering different items of the same assessment never overwrite each other,
and an answer is on disk the moment it is given. The rest of an assessment
(subject, targets, weights, notes) is one JSON column, and the action plan one
row per action.

Configuration, first match wins:
  * ``BENCHMARK_DATABASE_URL`` — any SQLAlchemy URL, e.g. ``postgresql+psycopg://user:pw@host/db``;
  * ``BENCHMARK_DATA_DIR`` — folder for the default SQLite file ``benchmark.db``;
  * otherwise ``./data/benchmark.db``, created on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, delete, event,
                        func, insert, select, update)
from sqlalchemy.engine import Engine

from .assessment import Action, Answer, Assessment

SCHEMA_VERSION = 1

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
)

actions = Table(
    "actions", metadata,
    Column("assessment_id", String(64), primary_key=True),
    Column("action_id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("body", Text, nullable=False),
)

_BODY_EXCLUDE = {"answers", "actions"}


def default_url() -> str:
    url = os.environ.get("BENCHMARK_DATABASE_URL")
    if url:
        return url
    folder = Path(os.environ.get("BENCHMARK_DATA_DIR") or "data")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / 'benchmark.db').resolve()}"


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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Store:
    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.url = url or default_url()
        self.engine = engine or create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate()

    # Schema -----------------------------------------------------------------
    def migrate(self) -> None:
        """Create the tables on first use; later versions add steps here, never drop data."""
        metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            row = conn.execute(select(schema_info.c.version)).first()
            if row is None:
                conn.execute(insert(schema_info).values(id=1, version=SCHEMA_VERSION))
            elif row.version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"the database was written by a newer version of this app (schema {row.version}, "
                    f"this app knows {SCHEMA_VERSION}); upgrade the app before using this database")

    # Whole assessments ------------------------------------------------------
    def save(self, a: Assessment) -> None:
        """Insert or replace a whole assessment (answers and actions included)."""
        now = _now()
        with self.engine.begin() as conn:
            exists = conn.execute(select(assessments.c.id).where(assessments.c.id == a.id)).first()
            values = self._header(a) | {"updated_at": now}
            if exists:
                conn.execute(update(assessments).where(assessments.c.id == a.id).values(**values))
                conn.execute(delete(answers).where(answers.c.assessment_id == a.id))
            else:
                conn.execute(insert(assessments).values(id=a.id, created_at=now, **values))
            rows = [self._answer_row(a.id, item_id, ans, now) for item_id, ans in a.answers.items() if not ans.is_empty()]
            if rows:
                conn.execute(insert(answers), rows)
            self._write_actions(conn, a.id, a.actions)

    def get(self, assessment_id: str) -> Assessment | None:
        with self.engine.connect() as conn:
            head = conn.execute(select(assessments).where(assessments.c.id == assessment_id)).first()
            if head is None:
                return None
            body = json.loads(head.body)
            ans = conn.execute(select(answers).where(answers.c.assessment_id == assessment_id)).all()
            acts = conn.execute(
                select(actions.c.body).where(actions.c.assessment_id == assessment_id).order_by(actions.c.position)
            ).all()
        body["answers"] = {
            r.item_id: {"value": r.value, "reason": r.reason, "evidence": r.evidence, "notes": r.notes} for r in ans
        }
        body["actions"] = [json.loads(r.body) for r in acts]
        return Assessment.model_validate(body)

    def list(self, framework: str | None = None) -> list[Summary]:
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
        with self.engine.connect() as conn:
            return [
                Summary(r.id, r.framework, r.framework_version, r.subject_name, r.assessment_type, r.assessed_on,
                        r.updated_at, r.answered)
                for r in conn.execute(q)
            ]

    def all(self, framework: str | None = None) -> list[Assessment]:
        return [a for s in self.list(framework) if (a := self.get(s.id)) is not None]

    def delete(self, assessment_id: str) -> None:
        with self.engine.begin() as conn:
            for table, col in ((answers, answers.c.assessment_id), (actions, actions.c.assessment_id),
                               (assessments, assessments.c.id)):
                conn.execute(delete(table).where(col == assessment_id))

    # Piecewise saves (what the app does as the user types) ----------------
    def set_answer(self, assessment_id: str, item_id: str, answer: Answer) -> None:
        """Save one item's answer; other items, possibly edited by someone else, are untouched."""
        now = _now()
        with self.engine.begin() as conn:
            self._require(conn, assessment_id)
            conn.execute(delete(answers).where(answers.c.assessment_id == assessment_id, answers.c.item_id == item_id))
            if not answer.is_empty():
                conn.execute(insert(answers).values(**self._answer_row(assessment_id, item_id, answer, now)))
            conn.execute(update(assessments).where(assessments.c.id == assessment_id).values(updated_at=now))

    def save_details(self, a: Assessment) -> None:
        """Save everything but answers and actions (subject, targets, weights, notes)."""
        with self.engine.begin() as conn:
            self._require(conn, a.id)
            conn.execute(update(assessments).where(assessments.c.id == a.id).values(**self._header(a), updated_at=_now()))

    def set_actions(self, assessment_id: str, new_actions: list[Action]) -> None:
        with self.engine.begin() as conn:
            self._require(conn, assessment_id)
            self._write_actions(conn, assessment_id, new_actions)
            conn.execute(update(assessments).where(assessments.c.id == assessment_id).values(updated_at=_now()))

    # Helpers ------------------------------------------------------------------
    @staticmethod
    def _require(conn, assessment_id: str) -> None:
        if conn.execute(select(assessments.c.id).where(assessments.c.id == assessment_id)).first() is None:
            raise KeyError(f"no assessment with id {assessment_id}")

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
    def _answer_row(assessment_id: str, item_id: str, ans: Answer, now: dt.datetime) -> dict:
        return {"assessment_id": assessment_id, "item_id": item_id, "value": ans.value, "reason": ans.reason,
                "evidence": ans.evidence, "notes": ans.notes, "updated_at": now}

    @staticmethod
    def _write_actions(conn, assessment_id: str, new_actions: list[Action]) -> None:
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


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()
