"""Key findings: what a peer-review session asks first, in a few records the page puts into words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from ..framework.model import Framework
from .ranking import ranking
from .self_peer import SelfPeer
from .stats import shared_gaps

WIDE_GAP = 25.0  # a gap of more than this many points counts as wide, for the key findings


@dataclass(frozen=True)
class Leader:
    """The strongest in one section: several subjects when they tie on the score as shown."""

    section: str
    title: str
    subjects: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class Findings:
    """What a peer-review session asks first, from one row per city (e.g. ``latest(frame, "peer")``).

    ``leaders`` are the top subjects per section (ties included, only with a score above 0).
    ``shared_gap`` is the first row of ``shared_gaps`` counting only cities more than ``gap_from`` points
    below target (``WIDE_GAP``, or 0 when no city is that far below anywhere); ``any_gap`` counts any
    shortfall. ``generous`` is the pair whose self-assessment is furthest above its peer review in one
    section (``generous.most_generous``).
    """

    leaders: tuple[Leader, ...]
    shared_gap: dict[str, Any] | None
    gap_from: float
    any_gap: dict[str, Any] | None
    generous: SelfPeer | None


def key_findings(rows: pd.DataFrame, pairs: Sequence[SelfPeer], framework: Framework) -> Findings:
    leaders = []
    for s in framework.sections:
        ranked = ranking(rows, s.id)
        top = ranked[(ranked["rank"] == 1) & (ranked["score"] > 0)]
        if len(top):
            leaders.append(Leader(s.id, s.title, tuple(dict.fromkeys(top["subject"])), float(top["score"].iloc[0])))

    def first(min_gap: float) -> dict[str, Any] | None:
        table = shared_gaps(rows, framework, min_gap)
        return table.iloc[0].to_dict() if len(table) and table.iloc[0]["below"] > 0 else None

    any_gap = first(0)
    shared, gap_from = first(WIDE_GAP), WIDE_GAP
    if shared is None:
        shared, gap_from = any_gap, 0.0
    # on a tie the first in the order given (``self_peer_all``: the most generous overall first)
    generous = max(
        (p for p in pairs if p.most_generous is not None),
        key=lambda p: round(cast(dict[str, Any], p.most_generous)["difference"], 6),
        default=None,
    )
    return Findings(tuple(leaders), shared, gap_from, any_gap, generous)
