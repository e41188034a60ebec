"""One assessment of one subject (a city or a practice) against one framework.

The assessment is plain data, saved and loaded as JSON. It records the framework
id *and* version so that answers are never read against a different edition of
the questions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .questionnaire import Framework

SCHEMA_VERSION = 1
MAX_TEXT = 20_000  # characters in one evidence or note field: a few pages, never a dump
PRIORITIES = ("High", "Medium", "Low")
STATUSES = ("Not started", "In progress", "Done", "On hold")
ASSESSMENT_TYPES = {"self": "Self-assessment", "peer": "Peer review"}


# Characters no spreadsheet cell can hold (XML 1.0 forbids them); a carriage return is folded into a
# newline because the XML a workbook is made of would silently do so on the way back.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text as every format we write can carry it, so JSON, database and workbook agree."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value):
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, list):
            return [clean_text(v) if isinstance(v, str) else v for v in value]
        return value


class Subject(_Model):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["city", "practice"] = "city"
    country: str = Field(default="", max_length=100)
    population: int | None = Field(default=None, ge=0)
    migrant_share: float | None = Field(default=None, ge=0, le=100, description="Share of residents born abroad, in %")
    description: str = Field(default="", max_length=MAX_TEXT)


class Answer(_Model):
    value: str | None = None
    reason: str = Field(default="", max_length=MAX_TEXT, description="Why the item is not relevant here")
    evidence: str = Field(default="", max_length=MAX_TEXT)
    notes: str = Field(default="", max_length=MAX_TEXT)

    def is_empty(self) -> bool:
        return self.value is None and not (self.reason or self.evidence or self.notes)


class Action(_Model):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    measure: str = Field(default="", max_length=2_000)
    objective: str = Field(default="", max_length=MAX_TEXT)
    section: str = ""
    responsible: str = Field(default="", max_length=2_000)
    partners: str = Field(default="", max_length=MAX_TEXT)
    resources: str = Field(default="", max_length=MAX_TEXT)
    start: dt.date | None = None
    end: dt.date | None = None
    indicator: str = Field(default="", max_length=MAX_TEXT)
    priority: Literal["High", "Medium", "Low"] = "Medium"
    status: Literal["Not started", "In progress", "Done", "On hold"] = "Not started"


class Assessment(_Model):
    schema_version: int = SCHEMA_VERSION
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    framework: str
    framework_version: str
    subject: Subject
    assessment_type: Literal["self", "peer"] = "self"
    assessors: list[Annotated[str, Field(max_length=200)]] = Field(default=[], max_length=50)
    reviewer_of: str | None = Field(default=None, description="For a peer review: the id of the self-assessment it reviews")
    date: dt.date = Field(default_factory=dt.date.today)
    answers: dict[str, Answer] = {}
    targets: dict[str, float] = {}
    weights: dict[str, float] = {}
    actions: list[Action] = []
    notes: str = Field(default="", max_length=MAX_TEXT)
    sample: bool = False

    @field_validator("targets", "weights", mode="after")
    @classmethod
    def _two_decimals(cls, values: dict[str, float]) -> dict[str, float]:
        """Percent targets and weights need no more precision, and a spreadsheet keeps only about 15 digits."""
        return {k: round(v, 2) for k, v in values.items()}

    @property
    def title(self) -> str:
        return f"{self.subject.name} — {ASSESSMENT_TYPES[self.assessment_type]}, {self.date.isoformat()}"

    def target_for(self, framework: Framework, section_id: str) -> float:
        return self.targets.get(section_id, framework.default_target)

    def weight_for(self, section_id: str) -> float:
        return self.weights.get(section_id, 1.0)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> "Assessment":
        return cls.model_validate_json(text)


def new_assessment(framework: Framework, subject: Subject, **fields) -> Assessment:
    return Assessment(framework=framework.id, framework_version=framework.version, subject=subject, **fields)


class AssessmentError(ValueError):
    """An assessment does not fit its framework or is not a valid file; ``problems`` says where."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in this assessment:\n{lines}")


def check_against(assessment: Assessment, framework: Framework) -> list[str]:
    """Every way the assessment does not fit the framework (an empty list means it fits)."""
    problems: list[str] = []
    if assessment.framework != framework.id:
        problems.append(f"framework: the assessment is for '{assessment.framework}', not '{framework.id}'")
        return problems
    if assessment.framework_version != framework.version:
        problems.append(
            f"framework_version: the assessment was made with version {assessment.framework_version} "
            f"of {framework.short_title}, but this app has version {framework.version}"
        )
        return problems
    for item_id, answer in assessment.answers.items():
        item = framework.item_by_id.get(item_id)
        if item is None:
            problems.append(f"answers > {item_id}: no such item in {framework.short_title} {framework.version}")
            continue
        if answer.value is not None and framework.scale_for(item).option(answer.value) is None:
            allowed = ", ".join(o.value for o in framework.scale_for(item).options)
            problems.append(f"answers > {item_id} > value: '{answer.value}' is not on the scale (allowed: {allowed})")
    for kind, values in (("targets", assessment.targets), ("weights", assessment.weights)):
        for section_id, number in values.items():
            if section_id not in framework.section_by_id:
                problems.append(f"{kind} > {section_id}: no such {framework.section_label.lower()}")
            elif kind == "targets" and not 0 <= number <= 100:
                problems.append(f"targets > {section_id}: {number:g} is outside 0–100")
            elif kind == "weights" and number < 0:
                problems.append(f"weights > {section_id}: a weight cannot be negative")
    if assessment.weights and sum(assessment.weight_for(s.id) for s in framework.sections) <= 0:
        problems.append("weights: at least one section needs a weight above 0")
    for n, action in enumerate(assessment.actions, start=1):
        if action.section and action.section not in framework.section_by_id:
            problems.append(f"actions[{n}] > section: no such {framework.section_label.lower()} '{action.section}'")
        if action.start and action.end and action.end < action.start:
            problems.append(f"actions[{n}] > end: the end date is before the start date")
    return problems


def _pydantic_problems(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        place = " > ".join(str(p) for p in err["loc"]) or "file"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field"
        out.append(f"{place}: {msg}")
    return out


def parse_assessment(text: str | bytes, source: str = "assessment") -> Assessment:
    try:
        json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AssessmentError(source, [f"not valid JSON ({exc})"]) from None
    try:
        return Assessment.from_json(text)
    except ValidationError as exc:
        raise AssessmentError(source, _pydantic_problems(exc)) from None


def load_assessment(path: str | Path, framework: Framework | None = None) -> Assessment:
    """Read an assessment JSON file; with ``framework``, also check it fits."""
    path = Path(path)
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise AssessmentError(str(path), ["file not found"]) from None
    assessment = parse_assessment(text, path.name)
    if framework is not None:
        problems = check_against(assessment, framework)
        if problems:
            raise AssessmentError(path.name, problems)
    return assessment


def save_assessment(assessment: Assessment, path: str | Path) -> None:
    Path(path).write_text(assessment.to_json(), encoding="utf-8")
