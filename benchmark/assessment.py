"""One assessment of one subject (a city or a practice) against one framework.

The assessment is plain data, saved and loaded as JSON. It records the framework
id *and* version so that answers are never read against a different edition of
the questions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import uuid
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .framework.model import ID_PATTERN, Framework
from .framework.vocabulary import (
    ASSESSMENT_TYPES,
    AssessmentType,
    EvidenceKind,
    Priority,
    Status,
)
from .i18n.translator import N_, Translator

SCHEMA_VERSION = 1
MAX_TEXT = 20_000  # characters in one evidence or note field: a few pages, never a dump
MERGED_PREFIX = N_("Other roles")  # the merged group of small roles is named "Other roles (groups under k)"
MAX_RESPONDENTS = 200
# The Assessment fields about several respondents: a report or a store keeps or replaces them together.
RESPONDENT_FIELDS = ("extra_roles", "respondents", "respondent_answers", "consensus", "min_group_size", "revealed")


# Characters no spreadsheet cell can hold (XML 1.0 forbids them); a carriage return is folded into a
# newline because the XML a workbook is made of would silently do so on the way back.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text as every format we write can carry it, so JSON, database and workbook agree."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


MAX_NAME = 200  # characters in a name: a city, an assessor, a role, a label, a group

# What a person may type as a name, and what the pages say when it cannot be one (N_: translated where shown).
INVISIBLE_NAME = N_("The name is empty once invisible characters are removed — type a visible name")
SUBJECT_TOO_LONG = N_("The name is too long: at most {limit} characters")
ASSESSOR_TOO_LONG = N_("The assessor's name is too long: at most {limit} characters")
ROLE_TOO_LONG = N_("The role's name is too long: at most {limit} characters")
LABEL_TOO_LONG = N_("The label is too long: at most {limit} characters")
GROUP_TOO_LONG = N_("The group's name is too long: at most {limit} characters")

# Characters that draw nothing although Unicode files them as letters or symbols (fillers, a blank braille cell);
# the categories C (control, format such as zero-width and direction marks, unassigned), Z (spaces) and M (marks,
# which only decorate another character) draw nothing on their own either.
_BLANK_LETTERS = frozenset("\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")


class NameProblem(ValueError):
    """A name that cannot be one: nothing visible in it (a title or a list would show a blank), or too long.

    ``message`` is the English text as marked for the catalog and ``params`` fill its placeholders, so a page shows
    it translated (:func:`name_problem_in` finds it inside a pydantic error); ``str()`` is the English sentence."""

    def __init__(self, message: str, **params: Any):
        self.message = message
        self.params = params
        super().__init__(message.format(**params))


def has_visible(text: str) -> bool:
    """Whether any character of ``text`` draws something (a name of zero-width or control characters does not)."""
    return any(unicodedata.category(c)[0] not in "CZM" and c not in _BLANK_LETTERS for c in text)


def check_name(name: str, too_long: str = SUBJECT_TOO_LONG, *, optional: bool = False, limit: int = MAX_NAME) -> str:
    """``name`` when it can be shown as a name; else :class:`NameProblem` saying what is wrong in plain words.

    An optional name may be empty; one that is not empty needs a visible character like any other."""
    if len(name) > limit:
        raise NameProblem(too_long, limit=limit)
    if not (optional and not name) and not has_visible(name):
        raise NameProblem(INVISIBLE_NAME)
    return name


def name_problem_in(exc: BaseException) -> NameProblem | None:
    """The :class:`NameProblem` an exception is or carries (pydantic wraps a validator's error), else None."""
    if isinstance(exc, NameProblem):
        return exc
    if isinstance(exc, ValidationError):
        for err in exc.errors():
            found = (err.get("ctx") or {}).get("error")
            if isinstance(found, NameProblem):
                return found
    return None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value: Any) -> Any:
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, list):
            return [clean_text(v) if isinstance(v, str) else v for v in value]
        if isinstance(value, dict):
            return {k: clean_text(v) if isinstance(v, str) else v for k, v in value.items()}
        return value


class Subject(_Model):
    name: str = Field(description=f"Something visible, at most {MAX_NAME} characters")
    kind: str = Field(
        default="city",
        pattern=ID_PATTERN,
        max_length=64,
        description="What the subject is, as its framework's subject_kind says (city, practice, ...)",
    )
    country: str = Field(default="", max_length=100)
    population: int | None = Field(default=None, ge=0)
    migrant_share: float | None = Field(default=None, ge=0, le=100, description="Share of residents born abroad, in %")
    description: str = Field(default="", max_length=MAX_TEXT)

    @field_validator("name", mode="after")
    @classmethod
    def _name(cls, name: str) -> str:
        return check_name(name, SUBJECT_TOO_LONG)


class Answer(_Model):
    value: str | None = None
    reason: str = Field(default="", max_length=MAX_TEXT, description="Why the item is not relevant here")
    evidence: str = Field(default="", max_length=MAX_TEXT)
    notes: str = Field(default="", max_length=MAX_TEXT)
    evidence_kind: EvidenceKind | None = Field(
        default=None,
        description="What the evidence is: a policy or document, internal practice, or external or "
        "lived-experience evidence (keys of EVIDENCE_KINDS)",
    )

    def is_empty(self) -> bool:
        return self.value is None and not (self.reason or self.evidence or self.notes) and self.evidence_kind is None


def _utc(moment: dt.datetime) -> dt.datetime:
    """Times are kept in UTC; a time without a zone is taken as UTC (as every store hands them back)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def role_name(role: str) -> str:
    role = check_name(" ".join(role.split()), ROLE_TOO_LONG)
    if role.casefold().startswith(MERGED_PREFIX.casefold()):
        raise ValueError(f"'{MERGED_PREFIX} …' names the merged group of small roles; choose another name")
    return role


class Respondent(_Model):
    """One person (or one delegation) who rates the items on their own, through their own link.

    ``label`` is optional (initials, say): never a full name is needed, and no view or report shows it.
    """

    id: str = Field(default_factory=lambda: uuid.uuid4().hex, min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    role: str
    label: str = ""
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @field_validator("role", mode="after")
    @classmethod
    def _role(cls, role: str) -> str:
        return role_name(role)

    @field_validator("label", mode="after")
    @classmethod
    def _label(cls, label: str) -> str:
        return check_name(" ".join(label.split()), LABEL_TOO_LONG, optional=True)

    @field_validator("created_at", mode="after")
    @classmethod
    def _created(cls, moment: dt.datetime) -> dt.datetime:
        return _utc(moment)


class Consensus(_Model):
    """The rating the team agreed for one item, who agreed it and why.

    It takes precedence over the team's own answer: ``Assessment.answers[item_id].value`` is always the
    agreed value (see ``Assessment._agreed_ratings``), so scores, reports and comparisons use it, while
    every respondent's own rating stays stored.
    """

    item_id: str = Field(min_length=1, max_length=64)
    value: str = Field(min_length=1, max_length=64)
    agreed_by: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(default=[], max_length=50)
    rationale: str = Field(default="", max_length=MAX_TEXT)
    decided_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @field_validator("decided_at", mode="after")
    @classmethod
    def _decided(cls, moment: dt.datetime) -> dt.datetime:
        return _utc(moment)


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
    priority: Priority = "Medium"
    status: Status = "Not started"


Reason = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


class EarlierVersion(_Model):
    """What an assessment held under an earlier version of its framework, kept when the team moved it on
    (``benchmark/upgrade.py``): the answers as they were given, so nothing of them is lost."""

    framework_version: str = Field(min_length=1, max_length=32)
    moved_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    answers: dict[str, Answer] = {}
    not_relevant_sections: dict[str, Reason] = {}
    consensus: dict[str, Consensus] = {}
    respondent_answers: dict[str, dict[str, Answer]] = {}

    @field_validator("moved_at", mode="after")
    @classmethod
    def _moved(cls, moment: dt.datetime) -> dt.datetime:
        return _utc(moment)


class Assessment(_Model):
    schema_version: int = SCHEMA_VERSION
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    framework: str
    framework_version: str
    subject: Subject
    assessment_type: AssessmentType = "self"
    assessors: list[str] = Field(default=[], max_length=50)
    reviewer_of: str | None = Field(
        default=None, description="For a peer review: the id of the self-assessment it reviews"
    )
    date: dt.date = Field(default_factory=dt.date.today)
    language: str | None = Field(
        default=None,
        max_length=16,
        description="The team's language for this assessment (a language code): its report's, unless one is chosen",
    )
    answers: dict[str, Answer] = {}
    not_relevant_sections: dict[str, Reason] = Field(
        default={},
        description="Section id -> why the whole section (a UNITES key factor) is not relevant to this subject",
    )
    targets: dict[str, float] = {}
    weights: dict[str, float] = {}
    actions: list[Action] = []
    notes: str = Field(default="", max_length=MAX_TEXT)
    sample: bool = False
    # Several respondents (benchmark/respondents.py); all optional, so files from before them still load.
    extra_roles: list[str] = Field(default=[], max_length=50, description="Roles added to the framework's")
    respondents: list[Respondent] = Field(default=[], max_length=MAX_RESPONDENTS)
    respondent_answers: dict[str, dict[str, Answer]] = Field(default={}, description="Respondent id -> item -> answer")
    consensus: dict[str, Consensus] = Field(default={}, description="Item id -> the agreed rating")
    min_group_size: int = Field(default=3, ge=2, le=100, description="Smallest group whose ratings are shown")
    revealed: bool = Field(default=False, description="Whether the team has revealed the respondents' views")
    earlier_versions: list[EarlierVersion] = Field(
        default=[], description="The answers it held under earlier framework versions, oldest first"
    )

    @field_validator("extra_roles", mode="after")
    @classmethod
    def _roles(cls, roles: list[str]) -> list[str]:
        return list(dict.fromkeys(role_name(r) for r in roles))

    @field_validator("assessors", mode="after")
    @classmethod
    def _assessors(cls, names: list[str]) -> list[str]:
        return [check_name(n, ASSESSOR_TOO_LONG) for n in names]

    @field_validator("respondent_answers", mode="after")
    @classmethod
    def _drop_empty(cls, answers: dict[str, dict[str, Answer]]) -> dict[str, dict[str, Answer]]:
        """An empty answer carries nothing, and a respondent without answers has no entry."""
        kept = {rid: {i: x for i, x in items.items() if not x.is_empty()} for rid, items in answers.items()}
        return {rid: items for rid, items in kept.items() if items}

    @model_validator(mode="after")
    def _agreed_ratings(self) -> Assessment:
        """Respondents are unique and known; an agreed rating (consensus) is the item's rating.

        Runs on every construction and assignment, so no Assessment holds a rating that differs from the
        one the team agreed. Nothing is mutated in place (a copy may share the answers): a new dictionary
        replaces ``answers`` when a rating has to change.
        """
        ids = [r.id for r in self.respondents]
        if len(ids) != len(set(ids)):
            raise ValueError("respondents: two respondents have the same id")
        unknown = [rid for rid in self.respondent_answers if rid not in set(ids)]
        if unknown:
            raise ValueError(f"respondent_answers: no respondent with id {unknown[0]}")
        changed: dict[str, Answer] = {}
        for item_id, agreed in self.consensus.items():
            if agreed.item_id != item_id:
                raise ValueError(f"consensus > {item_id}: the record is for item {agreed.item_id}")
            answer = self.answers.get(item_id)
            if answer is None:
                changed[item_id] = Answer(value=agreed.value)
            elif answer.value != agreed.value:
                changed[item_id] = answer.model_copy(update={"value": agreed.value})
        if changed:
            self.__dict__["answers"] = {**self.answers, **changed}  # not via setattr: that would validate again
        return self

    @field_validator("targets", "weights", mode="after")
    @classmethod
    def _two_decimals(cls, values: dict[str, float]) -> dict[str, float]:
        """Percent targets and weights need no more precision, and a spreadsheet keeps only about 15 digits."""
        return {k: round(v, 2) for k, v in values.items()}

    @property
    def title(self) -> str:
        return f"{self.subject.name} — {ASSESSMENT_TYPES[self.assessment_type]}, {self.date.isoformat()}"

    def title_in(self, t: Translator) -> str:
        """The title as a page in ``t``'s language writes it ("Torreluma — Auto-évaluation, 2026-05-12")."""
        kind = t.gettext(ASSESSMENT_TYPES[self.assessment_type])
        return t.gettext("{subject} — {kind}, {date}").format(
            subject=self.subject.name, kind=kind, date=self.date.isoformat()
        )

    def target_for(self, framework: Framework, section_id: str) -> float:
        return self.targets.get(section_id, framework.default_target)

    def weight_for(self, section_id: str) -> float:
        return self.weights.get(section_id, 1.0)

    def offered_roles(self, framework: Framework) -> list[str]:
        """The roles respondents can have here: the framework's, those the facilitator added, any in use."""
        in_use = (r.role for r in self.respondents)
        return list(dict.fromkeys([*framework.respondents.roles, *self.extra_roles, *in_use]))

    def respondent(self, respondent_id: str) -> Respondent | None:
        return next((r for r in self.respondents if r.id == respondent_id), None)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> Assessment:
        return cls.model_validate_json(text)


def new_assessment(framework: Framework, subject: Subject, **fields: Any) -> Assessment:
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
            f"of {framework.short_title}, not with version {framework.version}"
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
    for section_id in assessment.not_relevant_sections:
        if section_id not in framework.section_by_id:
            problems.append(f"not_relevant_sections > {section_id}: no such {framework.section_label.lower()}")
    for kind, values in (("targets", assessment.targets), ("weights", assessment.weights)):
        for section_id, number in values.items():
            if section_id not in framework.section_by_id:
                problems.append(f"{kind} > {section_id}: no such {framework.section_label.lower()}")
            elif kind == "targets" and not 0 <= number <= 100:
                problems.append(f"targets > {section_id}: {number:g} is outside 0–100")
            elif kind == "weights" and number < 0:
                problems.append(f"weights > {section_id}: a weight cannot be negative")

    def off_scale(item_id: str, value: str | None) -> str | None:
        item = framework.item_by_id.get(item_id)
        if item is None:
            return f"no such item in {framework.short_title} {framework.version}"
        if value is not None and framework.scale_for(item).option(value) is None:
            allowed = ", ".join(o.value for o in framework.scale_for(item).options)
            return f"'{value}' is not on the scale (allowed: {allowed})"
        return None

    for rid, items in assessment.respondent_answers.items():
        for item_id, answer in items.items():
            problem = off_scale(item_id, answer.value)
            if problem:
                problems.append(f"respondent_answers > {rid} > {item_id}: {problem}")
    for item_id, agreed in assessment.consensus.items():
        problem = off_scale(item_id, agreed.value)
        if problem:
            problems.append(f"consensus > {item_id}: {problem}")
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


NESTED_TOO_DEEP = (
    "not an assessment file: its brackets are nested far too deep (an assessment file nests a few levels). "
    "Export the assessment again from the app"
)


def parse_assessment(text: str | bytes, source: str = "assessment") -> Assessment:
    try:
        json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AssessmentError(source, [f"not valid JSON ({exc})"]) from None
    except RecursionError:  # brackets nested thousands deep: no assessment file is, and it must not sink the caller
        raise AssessmentError(source, [NESTED_TOO_DEEP]) from None
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
