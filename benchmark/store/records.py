"""What the store hands out: plain frozen records, read at one instant, never live rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..assessment import Answer, Assessment, Respondent


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes although we only ever store UTC: make every backend answer alike."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


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
    section_revisions: dict[str, int] = field(default_factory=dict)  # v4: sections marked not relevant here

    def current(self, stamp: tuple[int, dt.datetime] | None) -> bool:
        """Whether this is still what is stored, given ``Store.stamp`` (a restore starts revisions at 1 again,
        so the time of the last write is compared too; a snapshot patched after its own save knows only the
        revision, which a restore, starting at 1, cannot reach)."""
        return stamp is not None and stamp[0] == self.revision and self.updated_at in (None, stamp[1])

    def with_answer(self, item_id: str, answer: Answer, revision: int) -> Snapshot:
        """This snapshot after its own ``set_answer`` returned ``revision``: valid only when that is one more
        than this snapshot's revision (no one else wrote in between); otherwise read the assessment again."""
        if revision != self.revision + 1:
            raise ValueError("someone else wrote since this snapshot was read: load it again")
        answers = {k: v for k, v in self.assessment.answers.items() if k != item_id}
        revisions = {k: v for k, v in self.answer_revisions.items() if k != item_id}
        if not answer.is_empty():
            answers[item_id], revisions[item_id] = answer, revision
        return replace(
            self,
            assessment=self.assessment.model_copy(update={"answers": answers}),
            answer_revisions=revisions,
            revision=revision,
            updated_at=None,
        )

    def answer_revision(self, item_id: str) -> int:
        """0 for an item without an answer, which is what a save must expect for it."""
        return self.answer_revisions.get(item_id, 0)

    def section_revision(self, section_id: str) -> int:
        """0 for a section not marked "not relevant here"."""
        return self.section_revisions.get(section_id, 0)

    def consensus_revision(self, item_id: str) -> int:
        """0 for an item without an agreed rating."""
        return self.consensus_revisions.get(item_id, 0)
