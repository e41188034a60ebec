"""Per section across the network: the spread of scores, and the gaps many cities share."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..framework.model import Framework
from .frame import number, subject_row


def section_stats(frame: pd.DataFrame, framework: Framework, subject: str | None = None) -> pd.DataFrame:
    """Per section the spread of scores across the rows (pass one row per city), and one city's own score."""
    mine = subject_row(frame, subject) if subject is not None else None
    out = []
    for s in framework.sections:  # plain numpy per column: pandas' own machinery costs more at a few dozen rows
        values = frame[s.id].to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        n = int(values.size)
        out.append(
            {
                "section": s.id,
                "title": s.title,
                "n": n,
                "mean": float(values.mean()) if n else None,
                "median": float(np.median(values)) if n else None,
                "min": float(values.min()) if n else None,
                "max": float(values.max()) if n else None,
                "subject_score": None if mine is None else number(mine[s.id]),
            }
        )
    return pd.DataFrame(out, columns=["section", "title", "n", "mean", "median", "min", "max", "subject_score"])


def shared_gaps(frame: pd.DataFrame, framework: Framework, min_gap: float = 0) -> pd.DataFrame:
    """Sections where many cities fall short of their own target, the most widely shared first
    (on a tie, the larger mean gap first).

    With the default 75 % target most sections are gaps for most cities; ``min_gap`` (in points)
    counts only the cities that far below target, to find where many are *well* short of it.
    """
    out = []
    for order, s in enumerate(framework.sections):
        rated = frame[frame[s.id].notna()]
        gaps = rated[f"{s.id} target"] - rated[s.id]
        below = rated.assign(gap=gaps)[gaps.round(6) > min_gap]  # the rule of below_target, for a whole column
        below = below.sort_values("gap", ascending=False)
        n = len(rated)
        out.append(
            {
                "section": s.id,
                "title": s.title,
                "below": len(below),
                "rated": n,
                "share": 100 * len(below) / n if n else None,
                "mean_gap": number(gaps.mean()) if n else None,
                "most": n > 0 and len(below) > n / 2,
                "subjects": list(below["subject"]),
                "_order": order,
            }
        )
    table = pd.DataFrame(
        out, columns=["section", "title", "below", "rated", "share", "mean_gap", "most", "subjects", "_order"]
    )
    table = table.assign(_share=table["share"].fillna(-1), _gap=table["mean_gap"].fillna(float("-inf")))
    return (
        table.sort_values(["below", "_share", "_gap", "_order"], ascending=[False, False, False, True])
        .drop(columns=["_order", "_share", "_gap"])
        .reset_index(drop=True)
    )
