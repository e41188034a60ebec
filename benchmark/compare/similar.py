"""Similar cities: a city ranked among those of its population band, its share of residents born abroad, or both,
as the Intercultural Cities Index groups them. A city without the figure is grouped with the others without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .names import subject_key
from .ranking import ranking

UNKNOWN = "unknown"
POPULATION_BANDS = ((100_000, "under 100,000"), (250_000, "100,000–250,000"),
                    (500_000, "250,000–500,000"), (None, "500,000 and more"))
SHARE_BANDS = ((10, "under 10 %"), (15, "10–15 %"), (25, "15–25 %"), (None, "25 % and more"))


def band(value: float | None, bands) -> str:
    if value is None or pd.isna(value):
        return UNKNOWN
    for upper, label in bands:
        if upper is None or value < upper:
            return label
    raise AssertionError("the last band is open-ended")


def population_band(population: int | None) -> str:
    return band(population, POPULATION_BANDS)


def share_band(migrant_share: float | None) -> str:
    return band(migrant_share, SHARE_BANDS)


@dataclass(frozen=True)
class SimilarGroup:
    subject: str
    by: str
    label: str
    known: bool
    note: str
    ranking: pd.DataFrame
    position: int | None


def with_bands(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(population_band=frame["population"].map(population_band, na_action=None),
                        share_band=frame["migrant_share"].map(share_band, na_action=None))


def similar(frame: pd.DataFrame, subject: str, by: Literal["population", "share", "both"] = "both",
            section: str | None = None) -> SimilarGroup:
    """The subject ranked among the cities of its size band, share band or both (pass one row per city).

    Raises KeyError if the subject is not in the frame.
    """
    banded = with_bands(frame)
    mine = banded[banded["subject"].map(subject_key) == subject_key(subject)]
    if mine.empty:
        raise KeyError(f"{subject} is not among the compared assessments")
    me = mine.sort_values(["date", "id"]).iloc[-1]
    columns = {"population": ["population_band"], "share": ["share_band"],
               "both": ["population_band", "share_band"]}[by]
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
    if known:
        note = (f"{me['subject']} is compared with the {n} cit{'y' if n == 1 else 'ies'} (itself included) "
                f"with {label}.")
    else:
        missing = " or ".join(words[c].replace("residents born abroad", "share of residents born abroad")
                              for c in columns if me[c] == UNKNOWN)
        note = (f"{me['subject']} has no {missing} on record, so it is grouped with the {n - 1} other "
                f"cit{'y' if n - 1 == 1 else 'ies'} whose figure is also unknown, not with cities of its size. "
                f"Add the figure to its assessment to compare it with similar cities.")
    return SimilarGroup(subject=me["subject"], by=by, label=label, known=known, note=note, ranking=ranked,
                        position=None if pd.isna(position) else int(position))

