"""The comparison frame: every assessment scored once, one row each, which every other view reads.

Also the few rules on its cells the views share: a cell as a number, a shown (rounded) score, and when a
shortfall counts as a gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..assessment import Assessment
from ..framework.model import Framework
from ..scoring import score
from .names import subject_key

OVERALL = "overall"
FRAME_COLUMNS = (
    "id",
    "subject",
    "type",
    "date",
    "country",
    "population",
    "migrant_share",
    "reviewer_of",
    "overall",
    "completion",
)


def number(x: Any) -> float | None:
    """A frame cell as a float, or None where it holds no score (None, NaN, NA)."""
    return None if x is None or pd.isna(x) else float(x)


def rounded(x: Any, digits: int = 1) -> float | None:
    """A score as shown and exported: to one decimal, None where there is none."""
    n = number(x)
    return None if n is None else round(n, digits)


def below_target(gap: float, min_gap: float = 0) -> bool:
    """A gap counts only beyond float noise: 75 % against a 75 % target is no gap, however it was summed."""
    return round(gap, 6) > min_gap


def check_one_framework(assessments: Sequence[Assessment], framework: Framework) -> None:
    """Answers only mean something against the questions they were given for."""
    strangers = [
        f"{a.title} ({a.framework} {a.framework_version})"
        for a in assessments
        if (a.framework, a.framework_version) != (framework.id, framework.version)
    ]
    if strangers:
        raise ValueError(
            f"Only assessments of {framework.short_title} {framework.version} can be compared here; "
            f"not: {'; '.join(strangers)}"
        )


def scores_frame(assessments: Sequence[Assessment], framework: Framework) -> pd.DataFrame:
    """Every assessment scored once, so that all the views below read the same numbers without scoring again.

    One row per assessment, scores in %: columns ``FRAME_COLUMNS``, then one per section id, then
    each assessment's own target per section ("<id> target"), which the gap views need.
    """
    check_one_framework(assessments, framework)
    sections = [s.id for s in framework.sections]
    columns = [*FRAME_COLUMNS, *sections, *(f"{s} target" for s in sections)]
    rows = []
    for a in assessments:
        result = score(a, framework)
        row = {
            "id": a.id,
            "subject": a.subject.name,
            "type": a.assessment_type,
            "date": a.date,
            "country": a.subject.country,
            "population": a.subject.population,
            "migrant_share": a.subject.migrant_share,
            "reviewer_of": a.reviewer_of,
            "overall": result.overall,
            "completion": result.completion,
        }
        for s in result.sections:
            row[s.id] = s.score
            row[f"{s.id} target"] = s.target
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("overall", "completion", "migrant_share", *sections):
        frame[col] = frame[col].astype("float64")
    frame["population"] = frame["population"].astype("Int64")
    keys = frame["subject"].map(subject_key)
    frame = frame.assign(_key=keys).sort_values(["_key", "type", "date", "id"])
    return frame.drop(columns="_key").reset_index(drop=True)


def latest(frame: pd.DataFrame, assessment_type: str | None = "self") -> pd.DataFrame:
    """Per subject (and type), its latest assessment: the one a ranking should count.

    ``assessment_type=None`` keeps the latest of each type per subject.
    """
    rows = frame if assessment_type is None else frame[frame["type"] == assessment_type]
    rows = rows.assign(_key=rows["subject"].map(subject_key)).sort_values(["date", "id"])
    rows = rows.groupby(["_key", "type"], sort=False).tail(1)
    return rows.sort_values(["_key", "type"]).drop(columns="_key").reset_index(drop=True)


def subject_row(frame: pd.DataFrame, subject: str) -> pd.Series | None:
    """A city's latest row (by date, then id), whatever the case or spacing of its name; None when it has none."""
    key = subject_key(subject)
    rows = [
        (d, i, n)
        for n, (s, d, i) in enumerate(zip(frame["subject"], frame["date"], frame["id"]))
        if subject_key(s) == key
    ]
    return frame.iloc[max(rows)[2]] if rows else None
