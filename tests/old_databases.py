"""Databases as an older version of the app left them, and the shape of a database (tables, columns, types,
indexes), for the migration tests of the store and of the respondents' tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, inspect

from benchmark.assessment import Action, Answer, Assessment, Subject, new_assessment

from .builders import MINI


def v1_tables() -> MetaData:
    """The schema as version 1 of the app created it (before links and revisions)."""
    md = MetaData()
    Table("schema_info", md, Column("id", Integer, primary_key=True), Column("version", Integer, nullable=False))
    Table(
        "assessments",
        md,
        Column("id", String(64), primary_key=True),
        Column("framework", String(64), nullable=False, index=True),
        Column("framework_version", String(32), nullable=False),
        Column("subject_name", String(200), nullable=False),
        Column("assessment_type", String(16), nullable=False),
        Column("assessed_on", String(10), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "answers",
        md,
        Column("assessment_id", String(64), primary_key=True),
        Column("item_id", String(64), primary_key=True),
        Column("value", String(64)),
        Column("reason", Text, nullable=False, default=""),
        Column("evidence", Text, nullable=False, default=""),
        Column("notes", Text, nullable=False, default=""),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "actions",
        md,
        Column("assessment_id", String(64), primary_key=True),
        Column("action_id", String(64), primary_key=True),
        Column("position", Integer, nullable=False),
        Column("body", Text, nullable=False),
    )
    return md


def v1_database(url: str) -> Assessment:
    """A version-1 database holding one assessment with answers and an action, written as version 1 wrote it."""
    a = new_assessment(
        MINI,
        Subject(name="Oldtown", country="Nowhere"),
        targets={"A": 60},
        notes="Kept",
        answers={"A.1": Answer(value="full", evidence="Motion 12/2024"), "B.1": Answer(value="no")},
        actions=[Action(measure="Migrant council", priority="High")],
    )
    engine = create_engine(url)
    md = v1_tables()
    now = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    with engine.begin() as conn:
        md.create_all(conn)
        t = md.tables
        conn.execute(t["schema_info"].insert().values(id=1, version=1))
        conn.execute(
            t["assessments"]
            .insert()
            .values(
                id=a.id,
                framework=a.framework,
                framework_version=a.framework_version,
                subject_name=a.subject.name,
                assessment_type=a.assessment_type,
                assessed_on=a.date.isoformat(),
                body=a.model_dump_json(exclude={"answers", "actions"}),
                created_at=now,
                updated_at=now,
            )
        )
        conn.execute(
            t["answers"].insert(),
            [
                {
                    "assessment_id": a.id,
                    "item_id": k,
                    "value": v.value,
                    "reason": v.reason,
                    "evidence": v.evidence,
                    "notes": v.notes,
                    "updated_at": now,
                }
                for k, v in a.answers.items()
            ],
        )
        conn.execute(
            t["actions"]
            .insert()
            .values(assessment_id=a.id, action_id=a.actions[0].id, position=0, body=a.actions[0].model_dump_json())
        )
    engine.dispose()
    return a


def db_shape(url: str) -> dict:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            i = inspect(conn)
            return {
                t: {c["name"]: (str(c["type"]), c["nullable"]) for c in i.get_columns(t)}
                | {"indexes": sorted(tuple(x["column_names"]) for x in i.get_indexes(t))}
                for t in i.get_table_names()
            }
    finally:
        engine.dispose()
