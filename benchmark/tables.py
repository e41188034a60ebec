"""The numbers behind every chart, as tables (for the app, screen readers and Excel)."""

from __future__ import annotations

import pandas as pd

from .framework.model import Framework
from .scoring import Result


def section_table(result: Result, framework: Framework) -> pd.DataFrame:
    """One row per section: score, target, gap and what the score rests on."""
    label = framework.section_label
    return pd.DataFrame(
        [
            {
                label: s.id,
                "Title": s.title,
                "Score %": None if s.score is None else round(s.score, 1),
                "Target %": round(s.target, 1),
                "Gap (points)": None if s.gap is None else round(s.gap, 1),
                "Rated": s.answered,
                "Not relevant": s.not_relevant,
                "Unanswered": s.unanswered,
                "Maturity": s.maturity if s.not_relevant_reason is None else f"{s.maturity}: {s.not_relevant_reason}",
            }
            for s in result.sections
        ]
    )


def status_of(gap: float | None) -> str:
    if gap is None:
        return "Not yet rated"
    return "Below target" if gap > 0 else "At or above target"
