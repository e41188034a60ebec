"""Rankings: competition ranks (1, 2, 2, 4) on the score as shown, overall or per section.

Two cities that read the same number share a place; a city without a score is listed last, unranked.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..framework.model import Framework
from .frame import OVERALL, number
from .names import subject_key


def competition_rank(values: Iterable[float | None]) -> list[int | None]:
    """Rank 1 for the highest; equal values (to one decimal) share the better rank, the next rank skips."""
    shown = [None if (x := number(v)) is None else round(x, 1) for v in values]
    order = sorted((v, n) for n, v in enumerate(shown) if v is not None)[::-1]
    ranks: list[int | None] = [None] * len(shown)
    previous, rank = None, 0
    for position, (value, n) in enumerate(order, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[n] = rank
    return ranks


def _column(section: str | None) -> str:
    return OVERALL if section is None else section


def ranking(frame: pd.DataFrame, section: str | None = None) -> pd.DataFrame:
    """Rows ranked on the overall score or one section's (pass one row per city, e.g. ``latest(frame)``).

    A row without a score gets no rank rather than the last one: "not yet rated" is not "worst".
    """
    col = _column(section)
    out = frame[["id", "subject", "type", "date", col]].rename(columns={col: "score"})
    out.insert(0, "rank", pd.array(competition_rank(out["score"]), dtype="Int64"))
    out = out.assign(_none=out["rank"].isna(), _key=out["subject"].map(subject_key))
    return out.sort_values(["_none", "rank", "_key", "date"]).drop(columns=["_none", "_key"]).reset_index(drop=True)


def rank_table(frame: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Each row's rank overall and in every section, side by side (for a heatmap's tooltips or a sheet)."""
    out = frame[["id", "subject", "type", "date"]].copy()
    for col in (OVERALL, *(s.id for s in framework.sections)):
        out[col] = pd.array(competition_rank(frame[col]), dtype="Int64")
    return out
