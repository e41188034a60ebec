"""Similar subjects: one ranked among those of its population band, its share of residents born abroad, or both,
in the bands its framework declares (``comparison_bands``; UNITES and SPRING group cities as the Intercultural
Cities Index does). One without the figure is grouped with the others without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from ..framework.model import Framework
from ..i18n.sentence import Sentence
from ..i18n.translator import N_
from .names import subject_key
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
    inline: Callable[[str], str] = str.lower,
) -> SimilarGroup:
    """The subject ranked among the subjects of its size band, share band or both (pass one row per subject).
    ``inline`` writes the framework's subject label inside a sentence (lower case, except in German).

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
    words = {"population_band": N_("population {band}"), "share_band": N_("residents born abroad {band}")}
    label = Sentence(
        N_("{first} and {second}") if len(columns) == 2 else "{first}",
        **{k: Sentence(words[c], band=me[c]) for k, c in zip(("first", "second"), columns)},
    )
    group = banded[mask]
    ranked = ranking(group, section).merge(group[["id", "population_band", "share_band"]], on="id")
    position = ranked.loc[ranked["id"] == me["id"], "rank"].iloc[0]
    n = len(group)
    one, many = inline(framework.subject_label), inline(framework.subjects_label)
    note: str
    if known:
        note = Sentence(
            N_("{subject} is compared with the {n} {subjects} (itself included) with {label}."),
            subject=me["subject"],
            n=n,
            subjects=one if n == 1 else many,
            label=label,
        )
    else:
        missing = Sentence(
            N_("{first} or {second}") if sum(me[c] == UNKNOWN for c in columns) == 2 else "{first}",
            **{
                k: Sentence(N_("population") if c == "population_band" else N_("share of residents born abroad"))
                for k, c in zip(("first", "second"), [c for c in columns if me[c] == UNKNOWN])
            },
        )
        note = Sentence(
            N_(
                "{subject} has no {missing} on record, so it is grouped with the {n} other {subjects} whose figure "
                "is also unknown, not with {all} of its size. Add the figure to its assessment to compare it with "
                "similar {again}."
            ),
            subject=me["subject"],
            missing=missing,
            n=n - 1,
            subjects=one if n - 1 == 1 else many,
            all=many,
            again=many,
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
