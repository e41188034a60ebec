"""The one object pages, the CLI and the report import talk to: each call is one transaction, opened here,
over the repository functions of this package, which do the work (and say what each call does)."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.engine import Connection, Engine

from ..assessment import Action, Answer, Assessment, Consensus, Respondent
from ..framework.model import Framework
from . import assessments, consensus, groups, links, migrations, records, respondents, sections, settings
from .database import Database
from .revisions import plausible_id

P = ParamSpec("P")
T = TypeVar("T")


class Store:
    """One per process (the app caches it): each call takes its own connection, so threads can share it."""

    def __init__(
        self, url: str | None = None, engine: Engine | None = None, frameworks: Mapping[str, Framework] | None = None
    ) -> None:
        """``frameworks`` say which respondent roles each assessment offers (the questionnaire folder's if None)."""
        self.frameworks = frameworks
        self.db = Database(url, engine)
        self.url, self.engine = self.db.url, self.db.engine
        self.migrate()

    def _reading(self, fn: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        return self.db.reading(fn, *args, **kwargs)

    def _writing(self, fn: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        return self.db.writing(fn, *args, **kwargs)

    # Schema -------------------------------------------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the database to this app's schema in one transaction: all steps happen, or none."""
        self._writing(migrations.migrate)

    def schema_version(self) -> int:
        return self._reading(migrations.stored_version)

    # Whole assessments (benchmark.store.assessments) --------------------------------------------------------
    def create(self, a: Assessment) -> records.Links:
        return self._writing(assessments.create, a)

    def save(self, a: Assessment, expected_revision: int | None = None) -> None:
        self._writing(assessments.save, a, expected_revision)

    def load(self, assessment_id: str) -> records.Snapshot | None:
        return self._reading(assessments.load, assessment_id)

    def stamp(self, assessment_id: str) -> tuple[int, dt.datetime] | None:
        return self._reading(assessments.stamp, assessment_id)

    def get(self, assessment_id: str) -> Assessment | None:
        snap = self.load(assessment_id)
        return None if snap is None else snap.assessment

    def list(self, framework: str | None = None) -> builtins.list[records.Summary]:
        """Every assessment: for a single-team or local deployment, where whoever opens the app may see all."""
        return self._reading(assessments.summaries, framework)

    def all(self, framework: str | None = None) -> builtins.list[Assessment]:
        return [a for s in self.list(framework) if (a := self.get(s.id)) is not None]

    def delete(self, assessment_id: str) -> None:
        """Delete an assessment with its links and group memberships."""
        if plausible_id(assessment_id):
            self._writing(_delete, assessment_id)

    def set_answer(self, assessment_id: str, item_id: str, answer: Answer, expected_revision: int | None = None) -> int:
        return self._writing(assessments.set_answer, assessment_id, item_id, answer, expected_revision)

    def set_section_not_relevant(
        self, assessment_id: str, section_id: str, reason: str | None, expected_revision: int | None = None
    ) -> int:
        """Mark a whole section not relevant here (``reason``), or relevant again (None)."""
        return self._writing(sections.set_not_relevant, assessment_id, section_id, reason, expected_revision)

    def save_details(self, a: Assessment, expected_revision: int | None = None) -> int:
        return self._writing(assessments.save_details, a, expected_revision)

    def set_language(self, assessment_id: str, language: str | None) -> int:
        return self._writing(assessments.set_language, assessment_id, language)

    def set_actions(
        self, assessment_id: str, new_actions: builtins.list[Action], expected_revision: int | None = None
    ) -> int:
        return self._writing(assessments.set_actions, assessment_id, new_actions, expected_revision)

    # Access by link (benchmark.store.links) -----------------------------------------------------------------
    def resolve(self, token: object) -> records.Access | None:
        return self._reading(links.resolve, token)

    def require_edit(self, token: object) -> str:
        return self._reading(links.require_edit, token)

    def rotate_links(self, assessment_id: str) -> records.Links:
        return self._writing(links.rotate, assessment_id)

    def has_links(self, assessment_id: str) -> bool:
        return self._reading(links.has_links, assessment_id)

    # Peer-review groups (benchmark.store.groups) ------------------------------------------------------------
    def create_group(self, name: str) -> records.GroupCodes:
        return self._writing(groups.create, name)

    def join_group(self, edit_token: object, join_code: object) -> str:
        return self._writing(groups.join, edit_token, join_code)

    def leave_group(self, edit_token: object, join_code: object) -> bool:
        return self._writing(groups.leave, edit_token, join_code)

    def groups_of(self, assessment_id: str) -> builtins.list[str]:
        return self._reading(groups.names_of, assessment_id)

    def group(self, facilitator_code: object) -> records.Group | None:
        return self._reading(groups.opened_by, facilitator_code)

    def group_members(self, facilitator_code: object) -> builtins.list[records.Summary]:
        """The member assessments a facilitator code opens; a wrong code sees nothing."""
        g = self.group(facilitator_code)
        return [] if g is None else g.members

    def group_assessments(self, facilitator_code: object, framework: str | None = None) -> builtins.list[Assessment]:
        """The members in full, read-only, for putting side by side."""
        ids = [s.id for s in self.group_members(facilitator_code) if framework is None or s.framework == framework]
        return [a for i in ids if (a := self.get(i)) is not None]

    # Respondents and consensus (benchmark.store.settings, .respondents, .consensus) -------------------------
    def respondent_session(self, assessment_id: str) -> records.RespondentSession:
        return self._reading(settings.session, assessment_id)

    def add_role(self, assessment_id: str, role: str) -> builtins.list[str]:
        return self._writing(settings.add_role, assessment_id, role, self.frameworks)

    def set_min_group_size(self, assessment_id: str, k: int) -> None:
        self._writing(settings.set_min_group_size, assessment_id, k)

    def set_revealed(self, assessment_id: str, revealed: bool) -> None:
        self._writing(settings.reveal, assessment_id, revealed)

    def revealed(self, assessment_id: str) -> bool:
        return self.respondent_session(assessment_id).revealed

    def add_respondent(self, assessment_id: str, role: str, label: str = "") -> tuple[Respondent, str]:
        return self._writing(respondents.add, assessment_id, role, label, self.frameworks)

    def respondents(self, assessment_id: str) -> builtins.list[Respondent]:
        return self._reading(respondents.of, assessment_id)

    def remove_respondent(self, assessment_id: str, respondent_id: str) -> bool:
        return self._writing(respondents.remove, assessment_id, respondent_id)

    def rotate_respondent_link(self, assessment_id: str, respondent_id: str) -> str:
        return self._writing(respondents.rotate_link, assessment_id, respondent_id)

    def respondent_for(self, token: object) -> records.RespondentAccess | None:
        return self._reading(respondents.access, token)

    def own_answers(self, token: object) -> records.RespondentSnapshot | None:
        return self._reading(respondents.own_answers, token)

    def set_own_answer(self, token: object, item_id: str, answer: Answer, expected_revision: int | None = None) -> int:
        return self._writing(respondents.set_own_answer, token, item_id, answer, expected_revision)

    def set_respondent_answer(
        self, assessment_id: str, respondent_id: str, item_id: str, answer: Answer, expected_revision: int | None = None
    ) -> int:
        return self._writing(respondents.set_answer, assessment_id, respondent_id, item_id, answer, expected_revision)

    def respondent_answers(self, assessment_id: str) -> dict[str, dict[str, Answer]]:
        return self._reading(respondents.answers_of, assessment_id)

    def set_consensus(self, assessment_id: str, agreed: Consensus, expected_revision: int | None = None) -> int:
        return self._writing(consensus.set_consensus, assessment_id, agreed, expected_revision)

    def clear_consensus(self, assessment_id: str, item_id: str) -> bool:
        return self._writing(consensus.clear, assessment_id, item_id)

    def consensus(self, assessment_id: str) -> dict[str, Consensus]:
        return self._reading(consensus.of, assessment_id)


def _delete(conn: Connection, assessment_id: str) -> None:
    assessments.delete_content(conn, assessment_id)
    links.forget(conn, assessment_id)
    groups.forget_member(conn, assessment_id)
