"""How an assessment's respondents are set up (roles added, the minimum group size, the reveal flag): a row
of its own, written apart from the details, so a details save never undoes a reveal."""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from ..assessment import Assessment, clean_text, role_name
from ..framework.loader import framework_roles
from ..framework.model import Framework
from .records import RespondentSession
from .revisions import exists, require
from .schema import assessments, respondent_settings

MAX_EXTRA_ROLES = 50


def default_min_group_size() -> int:
    return int(Assessment.model_fields["min_group_size"].default)


def row(conn: Connection, assessment_id: str, create: bool = False) -> Any:
    """The settings row; without one, the defaults (and with ``create``, a stored row of them)."""
    found = conn.execute(
        select(respondent_settings).where(respondent_settings.c.assessment_id == assessment_id)
    ).first()
    if found is not None:
        return found
    defaults = {
        "assessment_id": assessment_id,
        "extra_roles": "[]",
        "min_group_size": default_min_group_size(),
        "revealed": False,
    }
    if create:
        conn.execute(insert(respondent_settings).values(**defaults))
    return SimpleNamespace(**defaults)


def session(conn: Connection, assessment_id: str) -> RespondentSession:
    """The roles added, the minimum group size and the reveal flag; KeyError when there is no assessment."""
    if not exists(conn, assessment_id):
        raise KeyError(f"no assessment with id {assessment_id}")
    settings = row(conn, assessment_id)
    return RespondentSession(json.loads(settings.extra_roles), settings.min_group_size, bool(settings.revealed))


def framework_roles_of(
    conn: Connection, assessment_id: str, frameworks: Mapping[str, Framework] | None
) -> tuple[str, ...]:
    """The roles the assessment's framework offers every respondent (of ``frameworks``, or else of the
    questionnaire folder; see ``Framework.respondents``)."""
    framework = conn.execute(select(assessments.c.framework).where(assessments.c.id == assessment_id)).scalar()
    return framework_roles(framework, frameworks) if framework else ()


def offered_roles(conn: Connection, assessment_id: str, frameworks: Mapping[str, Framework] | None) -> tuple[str, ...]:
    """Every role a respondent of the assessment may take: the framework's and the ones added, in that order,
    storing the default settings when there were none (the caller writes next)."""
    return (*framework_roles_of(conn, assessment_id, frameworks), *extra_roles(conn, assessment_id))


def extra_roles(conn: Connection, assessment_id: str) -> list[str]:
    """The roles added so far, storing the default settings when there were none (the caller writes next)."""
    roles: list[str] = json.loads(row(conn, assessment_id, create=True).extra_roles)
    return roles


def _store(conn: Connection, assessment_id: str, **values: Any) -> None:
    require(conn, assessment_id)
    row(conn, assessment_id, create=True)
    conn.execute(
        update(respondent_settings).where(respondent_settings.c.assessment_id == assessment_id).values(**values)
    )


def add_role(conn: Connection, assessment_id: str, role: str, frameworks: Mapping[str, Framework] | None) -> list[str]:
    """Offer one more role to this assessment's respondents; returns the roles added so far."""
    role = role_name(clean_text(role))  # a plain NameProblem when it is invisible or too long
    require(conn, assessment_id)
    extra = extra_roles(conn, assessment_id)
    if role not in framework_roles_of(conn, assessment_id, frameworks) and role not in extra:
        if len(extra) >= MAX_EXTRA_ROLES:
            raise ValueError(f"an assessment can have at most {MAX_EXTRA_ROLES} roles of its own")
        extra.append(role)
        conn.execute(
            update(respondent_settings)
            .where(respondent_settings.c.assessment_id == assessment_id)
            .values(extra_roles=json.dumps(extra, ensure_ascii=False))
        )
    return extra


def set_min_group_size(conn: Connection, assessment_id: str, k: int) -> None:
    """Groups of fewer than ``k`` respondents are never shown on their own (2 to 100; 3 unless set)."""
    if isinstance(k, bool) or not isinstance(k, int) or not 2 <= k <= 100:
        raise ValueError("the minimum group size is a whole number from 2 to 100")
    _store(conn, assessment_id, min_group_size=k)


def reveal(conn: Connection, assessment_id: str, revealed: bool) -> None:
    """Reveal the respondents' views to each other (by role, respecting the minimum group size), or hide them."""
    _store(conn, assessment_id, revealed=bool(revealed))
