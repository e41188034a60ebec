"""The action plan: measures tied to gaps, with the fields the UNITES guide asks for."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

import pandas as pd
from pydantic import ValidationError

from .assessment import Action
from .framework.model import Framework
from .framework.vocabulary import PRIORITIES, STATUSES
from .i18n.languages import languages
from .i18n.translator import N_, Translator, translator
from .scoring import Result

# Field name -> column heading a city officer reads (also used by the Excel sheet), marked for the catalogs.
COLUMNS: dict[str, str] = {
    "measure": N_("Measure"),
    "objective": N_("Objective"),
    "section": N_("Linked section"),
    "responsible": N_("Responsible"),
    "partners": N_("Partners"),
    "resources": N_("Resources / budget"),
    "start": N_("Start"),
    "end": N_("End"),
    "indicator": N_("Indicator"),
    "priority": N_("Priority"),
    "status": N_("Status"),
}
TEXT_FIELDS = ("measure", "objective", "section", "responsible", "partners", "resources", "indicator")


def actions_to_frame(actions: list[Action], t: Translator | None = None) -> pd.DataFrame:
    """The plan as a table; with ``t``, priority and status as its language names them (stored in English)."""
    rows = [{"id": a.id, **{f: getattr(a, f) for f in COLUMNS}} for a in actions]
    frame = pd.DataFrame(rows, columns=["id", *COLUMNS])
    for f in ("start", "end"):
        frame[f] = pd.to_datetime(frame[f]).dt.date if len(frame) else pd.Series(dtype="object")
    if t is not None:
        for f in CHOICES:
            frame[f] = frame[f].map(lambda v: t.gettext(v) if isinstance(v, str) else v)
    return frame


@functools.cache
def _stored_choices() -> dict[str, dict[str, str]]:
    """Each drop-down label of every shipped language -> the stored value (a table drawn before a language switch
    still holds the old language's labels)."""
    return {
        field: {translator(code).gettext(value): value for code in languages() for value in values}
        for field, values in CHOICES.items()
    }


def _clean(value: Any) -> Any:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


CHOICES = {"priority": PRIORITIES, "status": STATUSES}  # what a drop-down cell may hold, stored in English


def frame_to_actions(
    frame: pd.DataFrame, t: Translator | None = None, saved: Sequence[Action] = ()
) -> tuple[list[Action], list[str]]:
    """Rows of an edited table back to actions; rows that cannot be read are reported (in the reader's language,
    ``t``), never dropped: one that was ``saved`` before keeps its saved version in its place until corrected."""
    t = t or translator(None)
    before = {a.id: a for a in saved}
    actions: list[Action] = []
    problems: list[str] = []
    for n, row in enumerate(frame.to_dict("records"), start=1):
        values = {f: _clean(row.get(f)) for f in COLUMNS}
        if all(values[f] in (None, "") for f in TEXT_FIELDS):
            continue  # an empty row the table added
        for f in TEXT_FIELDS:
            values[f] = "" if values[f] is None else str(values[f])
        for f in ("start", "end"):
            v = values[f]
            if isinstance(v, pd.Timestamp | dt.datetime):
                values[f] = v.date()
        for f, stored in _stored_choices().items():
            values[f] = stored.get(values[f], values[f]) if isinstance(values[f], str) else values[f]
        values["priority"] = values["priority"] or "Medium"
        values["status"] = values["status"] or "Not started"
        ident = _clean(row.get("id"))
        if ident:
            values["id"] = str(ident)
        try:
            actions.append(Action(**values))
        except ValidationError as exc:
            if ident and str(ident) in before:
                actions.append(before[str(ident)])
            err = exc.errors()[0]
            name = str(err["loc"][0])
            field = COLUMNS.get(name, name)
            problem = err["msg"]
            if name in CHOICES and err["type"] == "literal_error":  # pydantic's "Input should be …", in plain words
                problem = t.gettext("'{text}' is not one of {choices}.").format(
                    text=str(err["input"])[:40], choices=", ".join(t.gettext(c) for c in CHOICES[name])
                )
            problems.append(
                t.gettext("Row {n}, {field}: {problem}").format(n=t.number(n), field=t.gettext(field), problem=problem)
            )
    return actions, problems


def seed_actions(
    result: Result, framework: Framework, existing: list[Action], limit: int = 3, t: Translator | None = None
) -> list[Action]:
    """Draft actions for the largest gaps that have no action yet, from the guide's suggestions, written in the
    reader's language (``t``, with ``framework`` in it): they are the team's text from then on."""
    t = t or translator(None)
    _ = t.gettext
    covered = {a.section for a in existing}
    drafts: list[Action] = []
    for gap in result.gaps:
        if gap.id in covered:
            continue
        section = framework.section_by_id[gap.id]
        idea = next((s for s in section.suggestions if s.kind in framework.draft_from), None)
        idea = idea or (section.suggestions[0] if section.suggestions else None)
        measure = (
            f"{section.title}: {idea.title}" if idea else _("Close the gap on {title}").format(title=section.title)
        )
        drafts.append(
            Action(
                measure=measure[:2000],
                objective=_("Raise {id} from {score} to the target of {target}.").format(
                    id=gap.id, score=_pct(gap.score, t), target=_pct(gap.target, t)
                )
                + f" {section.statement}",
                section=gap.id,
                indicator=_("{section} {id} score at or above {target} at the next assessment").format(
                    section=framework.section_label, id=gap.id, target=_pct(gap.target, t)
                ),
                priority="High" if (gap.gap or 0.0) >= 25 else "Medium",
            )
        )
        if len(drafts) >= limit:
            break
    return drafts


def _pct(x: float | None, t: Translator) -> str:
    return t.gettext("{n} %").format(n=t.number(x or 0.0, 0))
