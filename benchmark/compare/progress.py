"""Progress: cities assessed on several dates, their scores over time and the change from first to last."""

from __future__ import annotations

import pandas as pd

from ..framework.model import Framework
from .frame import OVERALL, number
from .names import subject_key


def progress(frame: pd.DataFrame, framework: Framework, assessment_type: str = "self") -> pd.DataFrame:
    """Long table (subject, date, section, score) for cities assessed on several dates; section "overall" too."""
    rows = frame[frame["type"] == assessment_type]
    rows = rows.assign(_key=rows["subject"].map(subject_key)).sort_values(["date", "id"])
    rows = rows.groupby(["_key", "date"], sort=False).tail(1)  # one assessment per date
    several = rows.groupby("_key")["date"].transform("nunique") > 1
    rows = rows[several].sort_values(["_key", "date"])
    sections = [OVERALL, *(s.id for s in framework.sections)]
    titles = {OVERALL: "Overall", **{s.id: s.title for s in framework.sections}}
    long = rows.melt(
        id_vars=["id", "subject", "date", "_key"], value_vars=sections, var_name="section", value_name="score"
    )
    long["title"] = long["section"].map(titles)
    long["_order"] = long["section"].map({s: n for n, s in enumerate(sections)})
    long = long.sort_values(["_key", "_order", "date"]).drop(columns=["_key", "_order"]).reset_index(drop=True)
    return long[["subject", "id", "date", "section", "title", "score"]]


def progress_deltas(frame: pd.DataFrame, framework: Framework, assessment_type: str = "self") -> pd.DataFrame:
    """Per city and section: first and last score and the change between them, in points."""
    long = progress(frame, framework, assessment_type)
    out = []
    for (subject, section), rows in long.groupby(["subject", "section"], sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        start, end = number(first["score"]), number(last["score"])
        out.append(
            {
                "subject": subject,
                "section": section,
                "title": first["title"],
                "first_date": first["date"],
                "last_date": last["date"],
                "first": start,
                "last": end,
                "delta": None if start is None or end is None else end - start,
            }
        )
    return pd.DataFrame(
        out, columns=["subject", "section", "title", "first_date", "last_date", "first", "last", "delta"]
    )
