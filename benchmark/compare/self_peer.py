"""Self-assessment against peer review: a peer review paired with the self-assessment it names (else the same
city's nearest in date), compared item by item and section by section."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from ..assessment import Assessment
from ..framework.model import Framework
from ..scoring import item_share, score
from .frame import OVERALL, number
from .names import subject_key

ITEM_COLUMNS = [
    "item",
    "section",
    "question",
    "self_rating",
    "peer_rating",
    "self_share",
    "peer_share",
    "difference",
    "same",
]
SECTION_COLUMNS = ["section", "title", "self", "peer", "difference"]


@dataclass(frozen=True)
class SelfPeer:
    """One city's own view against its peer review. Records are plain dicts (cheap for 500 cities);
    ``items`` and ``sections`` give them as tables."""

    subject: str
    self_id: str
    peer_id: str
    self_date: dt.date
    peer_date: dt.date
    item_rows: tuple[dict[str, Any], ...]
    section_rows: tuple[dict[str, Any], ...]
    compared: int
    same: int
    agreement: float | None
    mean_abs_difference: float | None
    self_overall: float | None
    peer_overall: float | None

    @cached_property
    def items(self) -> pd.DataFrame:
        """Item by item, the most generous self-rating first; shares and difference in % points."""
        table = pd.DataFrame(list(self.item_rows), columns=ITEM_COLUMNS)
        table["difference"] = table["difference"].astype("float64")
        return table

    @cached_property
    def sections(self) -> pd.DataFrame:
        table = pd.DataFrame(list(self.section_rows), columns=SECTION_COLUMNS)
        for col in ("self", "peer", "difference"):
            table[col] = table[col].astype("float64")
        return table

    @property
    def overall_difference(self) -> float | None:
        if self.self_overall is None or self.peer_overall is None:
            return None
        return self.self_overall - self.peer_overall

    @property
    def most_generous(self) -> dict[str, Any] | None:
        """The section where the city's own view is furthest above the reviewers' (None if none is)."""
        rated = [r for r in self.section_rows if r["difference"] is not None and r["difference"] > 0]
        return max(rated, key=lambda r: r["difference"], default=None)


def pair_reviews(assessments: Sequence[Assessment]) -> list[tuple[Assessment, Assessment]]:
    """(self-assessment, peer review) pairs: by ``reviewer_of``, else the same city's nearest-dated one."""
    by_id = {a.id: a for a in assessments}
    selfs: dict[str, list[Assessment]] = {}
    for a in assessments:
        if a.assessment_type == "self":
            selfs.setdefault(subject_key(a.subject.name), []).append(a)
    pairs = []
    for peer in sorted(
        (a for a in assessments if a.assessment_type == "peer"),
        key=lambda a: (subject_key(a.subject.name), a.date, a.id),
    ):
        own = by_id.get(peer.reviewer_of or "")
        if own is None or own.assessment_type != "self":
            candidates = selfs.get(subject_key(peer.subject.name), [])
            # the nearest date; on a tie the earlier one, which the review can have seen
            own = min(
                candidates, key=lambda a: (abs((a.date - peer.date).days), a.date > peer.date, a.id), default=None
            )
        if own is not None:
            pairs.append((own, peer))
    return pairs


def _score_lookup(frame: pd.DataFrame | None, framework: Framework) -> dict[str, dict[str, float | None]]:
    if frame is None:
        return {}
    cols = [OVERALL, *(s.id for s in framework.sections)]
    return {r["id"]: {c: number(r[c]) for c in cols} for r in frame[["id", *cols]].to_dict("records")}


def _scores_of(
    a: Assessment, framework: Framework, lookup: dict[str, dict[str, float | None]]
) -> dict[str, float | None]:
    if a.id in lookup:
        return lookup[a.id]
    result = score(a, framework)
    return {OVERALL: result.overall, **{s.id: s.score for s in result.sections}}


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _self_vs_peer(
    own: Assessment, peer: Assessment, framework: Framework, lookup: dict[str, dict[str, float | None]]
) -> SelfPeer:
    rows: list[tuple[int, dict[str, Any]]] = []
    same = compared = 0
    for order, (item_id, section_id) in enumerate(framework.section_of_item.items()):
        a, b = own.answers.get(item_id), peer.answers.get(item_id)
        va, vb = (a.value if a else None), (b.value if b else None)
        if va is not None and vb is not None:
            compared += 1
            same += va == vb
        sa, sb = item_share(framework, item_id, va), item_share(framework, item_id, vb)
        sa, sb = (None if sa is None else 100 * sa), (None if sb is None else 100 * sb)
        rows.append(
            (
                order,
                {
                    "item": item_id,
                    "section": section_id,
                    "question": framework.item_by_id[item_id].question,
                    "self_rating": framework.rating_label(item_id, va),
                    "peer_rating": framework.rating_label(item_id, vb),
                    "self_share": sa,
                    "peer_share": sb,
                    "difference": _difference(sa, sb),
                    "same": va == vb,
                },
            )
        )
    # most generous first; items without a difference last, in questionnaire order
    rows.sort(key=lambda p: (p[1]["difference"] is None, -(p[1]["difference"] or 0), p[0]))
    diffs = [r["difference"] for _, r in rows if r["difference"] is not None]
    mine, theirs = _scores_of(own, framework, lookup), _scores_of(peer, framework, lookup)
    sections = tuple(
        {
            "section": s.id,
            "title": s.title,
            "self": mine[s.id],
            "peer": theirs[s.id],
            "difference": _difference(mine[s.id], theirs[s.id]),
        }
        for s in framework.sections
    )
    return SelfPeer(
        subject=own.subject.name,
        self_id=own.id,
        peer_id=peer.id,
        self_date=own.date,
        peer_date=peer.date,
        item_rows=tuple(r for _, r in rows),
        section_rows=sections,
        compared=compared,
        same=same,
        agreement=100 * same / compared if compared else None,
        mean_abs_difference=sum(abs(d) for d in diffs) / len(diffs) if diffs else None,
        self_overall=mine[OVERALL],
        peer_overall=theirs[OVERALL],
    )


def self_vs_peer(
    own: Assessment, peer: Assessment, framework: Framework, frame: pd.DataFrame | None = None
) -> SelfPeer:
    """Item by item, where the city's own view and the reviewers' differ; most generous self-rating first.

    Shares and differences are in % points. Give ``frame`` to reuse its scores instead of scoring again.
    """
    lookup = {} if frame is None else _score_lookup(frame[frame["id"].isin([own.id, peer.id])], framework)
    return _self_vs_peer(own, peer, framework, lookup)


def self_peer_all(
    assessments: Sequence[Assessment], framework: Framework, frame: pd.DataFrame | None = None
) -> list[SelfPeer]:
    """Every pair in the set, the city whose own view is most generous overall first."""
    lookup = _score_lookup(frame, framework)
    out = [_self_vs_peer(own, peer, framework, lookup) for own, peer in pair_reviews(assessments)]
    return sorted(
        out, key=lambda p: (p.overall_difference is None, -(p.overall_difference or 0), subject_key(p.subject))
    )


def self_peer_summary(pairs: Sequence[SelfPeer]) -> pd.DataFrame:
    """One row per pair: overall scores, their difference, agreement and the most generous section."""
    rows = []
    for p in pairs:
        top = p.most_generous
        rows.append(
            {
                "subject": p.subject,
                "self_id": p.self_id,
                "peer_id": p.peer_id,
                "self_date": p.self_date,
                "peer_date": p.peer_date,
                "self_overall": p.self_overall,
                "peer_overall": p.peer_overall,
                "difference": p.overall_difference,
                "agreement": p.agreement,
                "compared": p.compared,
                "mean_abs_difference": p.mean_abs_difference,
                "most_generous_section": None if top is None else top["section"],
                "most_generous_difference": None if top is None else top["difference"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "subject",
            "self_id",
            "peer_id",
            "self_date",
            "peer_date",
            "self_overall",
            "peer_overall",
            "difference",
            "agreement",
            "compared",
            "mean_abs_difference",
            "most_generous_section",
            "most_generous_difference",
        ],
    )
