"""Who can learn from whom: per section the strongest cities, with their evidence, and the cities below target
pointed to those of them that score higher."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..assessment import Assessment
from ..framework.model import Framework
from .frame import below_target
from .names import subject_key
from .ranking import competition_rank


@dataclass(frozen=True)
class Evidence:
    item: str
    question: str
    rating: str | None
    text: str


@dataclass(frozen=True)
class Strong:
    subject: str
    assessment_id: str
    score: float
    rank: int
    at_target: bool
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Learner:
    subject: str
    assessment_id: str
    score: float
    gap: float
    peers: tuple[str, ...]


@dataclass(frozen=True)
class SectionLearning:
    section: str
    title: str
    strongest: tuple[Strong, ...]
    learners: tuple[Learner, ...]


def learning_pairs(
    frame: pd.DataFrame, assessments: Sequence[Assessment], framework: Framework, top: int = 2
) -> list[SectionLearning]:
    """Who can learn from whom, section by section (pass one row per city, e.g. ``latest(frame)``).

    The strongest are the top ``top`` by score (ties included, above 0); each city below its target
    is pointed to the strongest that score higher than it, and their evidence shows what they do.
    """
    by_id = {a.id: a for a in assessments}
    out = []
    for s in framework.sections:
        target = f"{s.id} target"
        rows = frame.loc[frame[s.id].notna(), ["id", "subject", s.id, target]].to_dict("records")
        for row, rank in zip(rows, competition_rank(r[s.id] for r in rows)):
            row["rank"] = rank
        rows.sort(key=lambda r: (r["rank"], subject_key(r["subject"])))
        strongest = []
        for row in rows:
            if row["rank"] > top or row[s.id] <= 0:
                continue
            answers = by_id[row["id"]].answers if row["id"] in by_id else {}
            evidence = tuple(
                Evidence(
                    item.id,
                    item.question,
                    framework.rating_label(item.id, answers[item.id].value),
                    answers[item.id].evidence.strip(),
                )
                for item in s.items
                if item.id in answers and answers[item.id].evidence.strip()
            )
            strongest.append(
                Strong(
                    row["subject"],
                    row["id"],
                    row[s.id],
                    row["rank"],
                    not below_target(row[target] - row[s.id]),
                    evidence,
                )
            )
        # The strongest are in falling score order, so the peers scoring above a city are a prefix of them:
        # found by bisection, which keeps a network with thousands of tied top scores linear.
        falling = [-round(p.score, 1) for p in strongest]
        names = [p.subject for p in strongest]
        learners = []
        for row in rows:
            gap = row[target] - row[s.id]
            if not below_target(gap):
                continue
            peers = tuple(names[: bisect.bisect_left(falling, -round(row[s.id], 1))])
            learners.append(Learner(row["subject"], row["id"], row[s.id], gap, peers))
        learners.sort(key=lambda x: (-x.gap, subject_key(x.subject)))
        out.append(SectionLearning(s.id, s.title, tuple(strongest), tuple(learners)))
    return out
