"""Similar subjects: one ranked among those of its population band, its share of residents born abroad, or both,
in the bands its framework declares (``comparison_bands``; UNITES and SPRING group cities as the Intercultural
Cities Index does). One without the figure is grouped with the others without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from ..framework.model import Framework
from .names import plural, subject_key
from .ranking import ranking

UNKNOWN = "unknown"


def population_band(framework: Framework, population: float | None) -> str:
    if population is None or pd.isna(population):
        return UNKNOWN
    return framework.comparison_bands.band("population", population)


def share_band(framework: Framework, migrant_share: float | None) -> str:
    if migrant_share is None or pd.isna(migrant_share):
        return UNKNOWN
    return framework.comparison_bands.band("migrant_share", migrant_share)


@dataclass(frozen=True)
class SimilarGroup:
    subject: str
    by: str
    label: str
    known: bool
    note: str
    ranking: pd.DataFrame
    position: int | None


def with_bands(frame: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    return frame.assign(
        population_band=frame["population"].map(lambda v: population_band(framework, v)),
        share_band=frame["migrant_share"].map(lambda v: share_band(framework, v)),
    )


def similar(
    frame: pd.DataFrame,
    framework: Framework,
    subject: str,
    by: Literal["population", "share", "both"] = "both",
    section: str | None = None,
) -> SimilarGroup:
    """The subject ranked among the subjects of its size band, share band or both (pass one row per subject).

    Raises KeyError if the subject is not in the frame.
    """
    banded = with_bands(frame, framework)
    mine = banded[banded["subject"].map(subject_key) == subject_key(subject)]
    if mine.empty:
        raise KeyError(f"{subject} is not among the compared assessments")
    me = mine.sort_values(["date", "id"]).iloc[-1]
    columns = {"population": ["population_band"], "share": ["share_band"], "both": ["population_band", "share_band"]}[
        by
    ]
    mask = pd.Series(True, index=banded.index)
    for col in columns:
        mask &= banded[col] == me[col]
    known = all(me[col] != UNKNOWN for col in columns)
    words = {"population_band": "population", "share_band": "residents born abroad"}
    label = " and ".join(f"{words[c]} {me[c]}" for c in columns)
    group = banded[mask]
    ranked = ranking(group, section).merge(group[["id", "population_band", "share_band"]], on="id")
    position = ranked.loc[ranked["id"] == me["id"], "rank"].iloc[0]
    n = len(group)
    one, many = framework.subject_label.lower(), plural(framework.subject_label)
    if known:
        note = f"{me['subject']} is compared with the {n} {one if n == 1 else many} (itself included) with {label}."
    else:
        missing = " or ".join(
            words[c].replace("residents born abroad", "share of residents born abroad")
            for c in columns
            if me[c] == UNKNOWN
        )
        note = (
            f"{me['subject']} has no {missing} on record, so it is grouped with the {n - 1} other "
            f"{one if n - 1 == 1 else many} whose figure is also unknown, not with {many} of its size. "
            f"Add the figure to its assessment to compare it with similar {many}."
        )
    return SimilarGroup(
        subject=me["subject"],
        by=by,
        label=label,
        known=known,
        note=note,
        ranking=ranked,
        position=None if pd.isna(position) else int(position),
    )
