"""One summary of a comparison as plain data: what ``python -m benchmark compare --json`` prints (its shape is
documented in ``shape.JSON_SHAPE``; the command line also writes it as text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..assessment import Assessment
from ..framework.model import Framework
from .frame import OVERALL, latest, rounded, scores_frame
from .ranking import ranking
from .self_peer import self_peer_all
from .stats import shared_gaps


def summary(assessments: Sequence[Assessment], framework: Framework, basis: str = "self") -> dict[str, Any]:
    """The data of ``python -m benchmark compare --json``, in the shape ``JSON_SHAPE`` documents."""
    frame = scores_frame(assessments, framework)
    basis_rows = latest(frame, basis)
    pairs = self_peer_all(assessments, framework, frame)
    sections = [s.id for s in framework.sections]
    return {
        "framework": {"id": framework.id, "version": framework.version, "title": framework.title},
        "basis": basis,
        "assessments": [
            {
                "id": r["id"],
                "subject": r["subject"],
                "type": r["type"],
                "date": r["date"].isoformat(),
                "overall": rounded(r[OVERALL]),
                "completion": rounded(r["completion"]),
                "sections": {s: rounded(r[s]) for s in sections},
            }
            for _, r in frame.iterrows()
        ],
        "ranking": [
            {
                "rank": None if pd.isna(r["rank"]) else int(r["rank"]),
                "subject": r["subject"],
                "id": r["id"],
                "date": r["date"].isoformat(),
                "overall": rounded(r["score"]),
            }
            for _, r in ranking(basis_rows).iterrows()
        ],
        "shared_gaps": [
            {
                "section": r["section"],
                "title": r["title"],
                "below": int(r["below"]),
                "rated": int(r["rated"]),
                "share": rounded(r["share"]),
                "subjects": list(r["subjects"]),
            }
            for _, r in shared_gaps(basis_rows, framework).iterrows()
        ],
        "self_vs_peer": [
            {
                "subject": p.subject,
                "self_id": p.self_id,
                "peer_id": p.peer_id,
                "self_overall": rounded(p.self_overall),
                "peer_overall": rounded(p.peer_overall),
                "difference": rounded(p.overall_difference),
                "agreement": rounded(p.agreement),
                "mean_abs_difference": rounded(p.mean_abs_difference),
                "sections": {r["section"]: rounded(r["difference"]) for r in p.section_rows},
            }
            for p in pairs
        ],
    }
