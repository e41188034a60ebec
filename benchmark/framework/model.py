"""Questionnaires (frameworks) as validated data.

A framework lives in one YAML file under ``questionnaires/``. Adding a framework
means adding a file: nothing here knows about UNITES or SPRING by name. The models
are strict (unknown keys are refused) so that a typo in a file is reported, not
silently ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

VERSION_PATTERN = re.compile(r"^\d+\.\d+(\.\d+)?$")
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.\-]*$"

NonEmpty = Field(min_length=1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Publication(_Strict):
    """A published document a framework rests on, as a reader finds it: its title as the document gives it, who
    published it, and (optionally) the year and an address. ``file`` names the copy of its text the tests check
    quotes against; it is never shown to a person."""

    id: str = Field(pattern=ID_PATTERN, description="How a source names this publication")
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    year: str = ""
    url: str = ""
    file: str = Field(min_length=1, description="Seed file name of its text, e.g. 001_5775159583a17f8a.txt")

    def cite(self) -> str:
        """ "Title (Publisher, year)": how a person finds the document."""
        made = ", ".join(x for x in (self.publisher, self.year) if x)
        return f"{self.title} ({made})"


class SourceRef(_Strict):
    """Where a piece of content comes from, so every question can be traced back."""

    file: str = Field(min_length=1, description="Seed file name, e.g. 001_5775159583a17f8a.txt")
    section: str = Field(min_length=1, description="Heading or table in that file")
    item: str | None = Field(default=None, description="Item number or label within the section")
    quote: str | None = Field(default=None, description="The passage the content rests on")

    def place(self) -> str:
        """The section and item within the document."""
        return ", ".join(x for x in (self.section, self.item) if x)

    def cite(self, publications: Sequence[Publication] = ()) -> str:
        """The citation a person can follow: the publication (by its file) with the section and item; the file
        name only when the framework names no publication for it (a test's framework, say)."""
        publication = next((p for p in publications if p.file == self.file), None)
        return f"{publication.cite() if publication else self.file}, {self.place()}"


class ScaleOption(_Strict):
    value: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    points: float | None = Field(default=None, ge=0)
    not_relevant: bool = False
    description: str = ""

    @model_validator(mode="after")
    def _points_or_not_relevant(self) -> ScaleOption:
        if self.not_relevant and self.points is not None:
            raise ValueError("a 'not relevant here' option must not carry points")
        if not self.not_relevant and self.points is None:
            raise ValueError("an option must have points unless it is marked not_relevant")
        return self


class Scale(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    options: list[ScaleOption] = Field(min_length=2)

    @model_validator(mode="after")
    def _check_options(self) -> Scale:
        seen: set[str] = set()
        for opt in self.options:
            if opt.value in seen:
                raise ValueError(f"duplicate option value '{opt.value}'")
            seen.add(opt.value)
        rated = [o for o in self.options if not o.not_relevant]
        if len(rated) < 2:
            raise ValueError("a scale needs at least two rated options")
        if max(o.points or 0.0 for o in rated) <= 0:  # rated options carry points (checked per option)
            raise ValueError("the highest option must be worth more than 0 points")
        return self

    @property
    def max_points(self) -> float:
        return max(o.points or 0.0 for o in self.options if not o.not_relevant)

    def option(self, value: str) -> ScaleOption | None:
        return next((o for o in self.options if o.value == value), None)

    def label(self, value: str | None) -> str | None:
        """How a stored value reads: its option's label; a value off the scale as it is (a file may hold one
        that a later check names), so nothing is hidden; None for no value."""
        if value is None:
            return None
        option = self.option(value)
        return option.label if option else value

    @property
    def rated_options(self) -> list[ScaleOption]:
        return [o for o in self.options if not o.not_relevant]

    @property
    def not_relevant_option(self) -> ScaleOption | None:
        return next((o for o in self.options if o.not_relevant), None)


class MaturityBand(_Strict):
    min: float = Field(ge=0, le=100)
    label: str = Field(min_length=1)
    description: str = ""


class Suggestion(_Strict):
    """Something from the guide that helps close a gap in a section."""

    kind: str = Field(pattern=ID_PATTERN, description="One of the framework's suggestion_kinds")
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)
    source: SourceRef


class Group(_Strict):
    """A sub-group of items inside a section (SPRING's guiding questions)."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    source: SourceRef


class Item(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    question: str = Field(min_length=1)
    guidance: str = ""
    group: str | None = None
    scale: str | None = None
    source: SourceRef


class Section(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    statement: str = Field(min_length=1, description="What the section asks, in plain words")
    purpose: str = ""
    source: SourceRef
    groups: list[Group] = []
    items: list[Item] = Field(min_length=1)
    suggestions: list[Suggestion] = []


# How pages name a suggestion's kind unless a framework says otherwise.
SUGGESTION_KINDS = {
    "tool": "Tool",
    "example": "Real-life example",
    "checklist": "Checklist",
    "tip": "Tip",
    "resource": "Resource",
}


class Band(_Strict):
    """One band of a figure for "similar subjects": values below ``below`` (the last band has none: open-ended)."""

    below: float | None = Field(default=None, ge=0)
    label: str = Field(min_length=1)

    def __contains__(self, value: float) -> bool:
        return self.below is None or value < self.below


OPEN_BAND = [Band(label="any")]


class ComparisonBands(_Strict):
    """Which subjects count as similar on Compare: bands of the subject's population and of its share of residents
    born abroad (a boundary value belongs to the higher band). By default every subject is in one band."""

    population: list[Band] = Field(default=OPEN_BAND, min_length=1)
    migrant_share: list[Band] = Field(default=OPEN_BAND, min_length=1)

    def band(self, figure: Literal["population", "migrant_share"], value: float) -> str:
        """The label of the band ``value`` falls in (the last band is open-ended, so there always is one)."""
        bands = self.population if figure == "population" else self.migrant_share
        return next(b.label for b in bands if value in b)


class Respondents(_Strict):
    """Who rates the items when several people do: the roles every assessment of this framework offers (a team may
    add more), and the two groups Compare sets against each other first."""

    roles: list[str] = []
    compare: tuple[str, str] | None = Field(default=None, description="Group and the group it is compared with")

    def compare_pair(self, offered: list[str]) -> tuple[str, str] | None:
        """The two groups Compare picks first among ``offered``: the declared pair, else the first two offered."""
        if self.compare and all(role in offered for role in self.compare):
            return self.compare
        return (offered[0], offered[1]) if len(offered) >= 2 else None


ChangeKind = Literal["same", "renamed", "merged", "split", "dropped", "new"]
# How many old and new items each kind of change names: (fewest old, most old, fewest new, most new)
CHANGE_ARITY: dict[str, tuple[int, int | None, int, int | None]] = {
    "same": (1, 1, 1, 1),
    "renamed": (1, 1, 1, 1),
    "merged": (2, None, 1, 1),
    "split": (1, 1, 2, None),
    "dropped": (1, None, 0, 1),
    "new": (0, 0, 1, None),
}


class ItemChange(_Strict):
    """What became of old items in a new version, declared in the new version's file.

    same: one item, same id, its answer carries over (a clarified wording says so in ``note``); renamed: one item
    under a new id, its answer carries over; merged: several into one, the rating carries over only when they
    agree; split: one into several, evidence and notes go to each and the rating needs a new answer; dropped: the
    item is gone, its evidence and notes go to the one ``new`` item named (or to the assessment's notes); new: an
    item without a predecessor, which needs an answer.
    """

    kind: ChangeKind
    old: list[str] = []
    new: list[str] = []
    note: str = ""

    @model_validator(mode="after")
    def _arity(self) -> ItemChange:
        least_old, most_old, least_new, most_new = CHANGE_ARITY[self.kind]
        for side, ids, least, most in (("old", self.old, least_old, most_old), ("new", self.new, least_new, most_new)):
            if len(ids) < least or (most is not None and len(ids) > most):
                wanted = f"{least}" if least == most else f"{least} or more" if most is None else f"{least} to {most}"
                raise ValueError(f"a '{self.kind}' change names {wanted} {side} item(s), not {len(ids)}")
        if self.kind == "same" and self.old != self.new:
            raise ValueError("a 'same' change keeps the id; use 'renamed' for a new id")
        if self.kind == "renamed" and self.old == self.new:
            raise ValueError("a 'renamed' change gives a new id; use 'same' when the id stays")
        return self


class Upgrade(_Strict):
    """How answers given under an earlier version of this framework move to this one."""

    from_version: str = Field(description="The version this file says how to move from")
    summary: str = Field(default="", description="What changed, in a sentence or two, for the team about to move")
    changes: list[ItemChange] = Field(
        default=[], description="Every item that did not stay as it was (items not named keep their id and answer)"
    )


class Framework(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    version: str
    title: str = Field(min_length=1)
    short_title: str = Field(min_length=1)
    description: str = ""
    order: int = Field(default=100, description="Position in lists of frameworks (lowest first)")
    section_label: str = Field(default="Section", min_length=1)
    section_label_plural: str | None = Field(default=None, min_length=1)
    subject_label: str = Field(default="City", min_length=1, description="What is assessed, as people read it")
    subject_label_plural: str | None = Field(default=None, min_length=1, description="Unless 'City' + s will do")
    subject_kind: str = Field(default="city", pattern=ID_PATTERN, description="What is assessed, as stored")
    respondents: Respondents = Respondents()
    comparison_bands: ComparisonBands = ComparisonBands()
    suggestion_kinds: dict[str, str] = Field(
        default=SUGGESTION_KINDS, min_length=1, description="Kind of suggestion (as stored) -> how pages name it"
    )
    draft_from: list[str] = Field(
        default=[],
        description="Kinds of suggestion a draft action is made from first (a measure to take, not an example); "
        "none declared: the section's first suggestion",
    )
    publications: list[Publication] = Field(
        default=[], description="The documents the sources quote, as a reader finds them"
    )
    source: SourceRef
    upgrade: Upgrade | None = None
    scales: list[Scale] = Field(min_length=1)
    default_scale: str
    default_target: float = Field(default=75, ge=0, le=100)
    maturity_bands: list[MaturityBand] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)

    @field_validator("version")
    @classmethod
    def _version(cls, v: str) -> str:
        if not VERSION_PATTERN.match(v):
            raise ValueError(f"version '{v}' must look like 1.0 or 1.0.2")
        return v

    # Cross-reference checks live in loader.py, where they can name the place in the file.

    # The other published versions of this framework kept beside it (the loader attaches them to the newest), so
    # an assessment made with any of them opens as it was made.
    _editions: dict[str, Framework] = PrivateAttr(default_factory=dict)

    def edition(self, version: str) -> Framework | None:
        """This framework as it was in ``version`` (this very one for its own version); None if it is not kept."""
        return self if version == self.version else self._editions.get(version)

    def keep_editions(self, others: Iterable[Framework]) -> None:
        """Set the other versions kept beside this one (the loader does, once, when it reads the folder)."""
        self._editions = {f.version: f for f in others if f.id == self.id and f.version != self.version}

    @property
    def editions(self) -> list[Framework]:
        """Every kept version, oldest first, this one last."""
        return [*sorted(self._editions.values(), key=lambda f: version_key(f.version)), self]

    def cite(self, source: SourceRef) -> str:
        """A source of this framework as a person can follow it (``SourceRef.cite`` with its publications)."""
        return source.cite(self.publications)

    @cached_property
    def scale_by_id(self) -> dict[str, Scale]:
        return {s.id: s for s in self.scales}

    @cached_property
    def section_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {i.id: i for s in self.sections for i in s.items}

    @cached_property
    def section_of_item(self) -> dict[str, str]:
        return {i.id: s.id for s in self.sections for i in s.items}

    def scale_for(self, item: Item) -> Scale:
        return self.scale_by_id[item.scale or self.default_scale]

    def rating_label(self, item_id: str, value: str | None) -> str | None:
        """How a stored rating reads for people, on the item's own scale (``Scale.label``). The one lookup for
        reports, comparisons and pages."""
        return self.scale_for(self.item_by_id[item_id]).label(value)

    def maturity(self, score: float | None) -> str:
        band = self.maturity_band(score)
        return "Not yet rated" if band is None else band.label

    def maturity_band(self, score: float | None) -> MaturityBand | None:
        """The band a score falls in (the lowest band below the first band's start); None when not yet rated."""
        if score is None:
            return None
        found = self.maturity_bands[0]
        for band in sorted(self.maturity_bands, key=lambda b: b.min):
            if score >= band.min:
                found = band
        return found

    @property
    def sections_label(self) -> str:
        return self.section_label_plural or f"{self.section_label}s"

    @property
    def subjects_label(self) -> str:
        """The subject in the plural (cities, practices): the file's ``subject_label_plural``, else English's rule."""
        if self.subject_label_plural:
            return self.subject_label_plural
        word = self.subject_label
        return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"

    @property
    def item_count(self) -> int:
        return len(self.item_by_id)

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"


def version_key(version: str) -> tuple[int, ...]:
    """ "1.10" after "1.9": versions compare by their numbers."""
    return tuple(int(n) for n in version.split("."))


def questionnaire_dir() -> Path:
    """The folder of framework files: ``BENCHMARK_QUESTIONNAIRES`` or ``questionnaires/`` beside the package."""
    configured = os.environ.get("BENCHMARK_QUESTIONNAIRES")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "questionnaires"
