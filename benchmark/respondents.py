"""Several respondents per assessment: their roles, their views side by side, and the team's consensus.

The data lives on the assessment (benchmark/assessment.py) and is saved with it (benchmark/store/):

* ``Assessment.respondents``: ``Respondent(id, role, label, created_at)``. A role comes from
  the framework's ``respondents.roles`` or from ``Assessment.extra_roles`` (added by the facilitator); ``label`` is
  optional (initials, say) and is never shown in a view or report.
* ``Assessment.respondent_answers``: ``{respondent id: {item id: Answer}}``. Each respondent rates the items
  on their own, through their own link, with their own evidence (and its kind: ``EVIDENCE_KINDS``) and notes.
* ``Assessment.revealed``: respondents see only their own answers until the team reveals the views.
* ``Assessment.consensus``: ``{item id: Consensus(item_id, value, agreed_by, rationale, decided_at)}``.
  The agreed rating *is* the item's rating: ``Assessment.answers[item].value`` always equals it (the model
  enforces it), so scores, reports and comparisons use it; every respondent's own rating stays stored.
* ``Assessment.min_group_size`` (k, default 3).

Minimum group size. No view, table, chart or report shows a rating that could be one person's:

* Respondents are grouped by role. A role with fewer than k respondents is never shown on its own; all such
  small roles together form one group, "Other roles (groups under k)", shown only if it has k or more
  respondents. Respondents in no shown group are left out of every figure (only their number is given).
* A figure for one item, section or the overall score is shown for a group only when at least k of its
  respondents gave a rating there that counts (not "not relevant here", not unanswered).
* Figures over several groups (spread, SD, the suggested consensus) use only the shown figures and the
  respondents behind them: a figure over everyone could be subtracted from the shown ones to recover a
  small group's rating.

The figures, in % of the scale's top (as scores are, via ``scoring.item_share``); a respondent's section and
overall score follow the app's scoring rules, applied to their own answers:

* per group: n (respondents counted), mean, lowest, highest, SD (population SD of their shares, in points);
* spread: highest minus lowest group mean, in points (needs two shown groups); SD: of the individual
  shares of every respondent counted in a shown group;
* disagreement ranking: items (or sections) by spread, largest first (ties: larger SD first, then
  framework order); ``Views.gap(a, b)`` gives one group's mean minus another's (e.g. migrants − officials).

Consensus suggestion: the median of the shown groups' means (each group counts once, however many people
it sent), rounded to the nearest rating on the item's scale (halfway: the lower one). A starting point for
the discussion, nothing more.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from .assessment import MERGED_PREFIX, Answer, Assessment, Consensus, Respondent  # noqa: F401
from .framework.model import Framework
from .framework.vocabulary import EVIDENCE_KINDS
from .scoring import Result, is_not_relevant, item_share, score

Level = Literal["item", "section", "overall"]
OVERALL = "overall"


def merged_label(k: int) -> str:
    """The name of the group that merges every role with fewer than ``k`` respondents."""
    return f"{MERGED_PREFIX} (groups under {k})"


def evidence_kind_label(kind: str | None) -> str:
    return EVIDENCE_KINDS.get(kind, "") if kind else ""


# ------------------------------------------------------------------------------------------ groups


@dataclass(frozen=True)
class Grouping:
    """Who is counted in which shown group; respondents in no shown group are only counted in ``suppressed``."""

    k: int
    groups: dict[str, tuple[str, ...]]  # group name -> respondent ids, in display order
    suppressed: int

    def group_of(self, respondent_id: str) -> str | None:
        return next((g for g, ids in self.groups.items() if respondent_id in ids), None)


def grouping(assessment: Assessment, framework: Framework) -> Grouping:
    k = assessment.min_group_size
    by_role: dict[str, list[str]] = {}
    for r in assessment.respondents:
        by_role.setdefault(r.role, []).append(r.id)
    groups: dict[str, tuple[str, ...]] = {}
    small: list[str] = []
    for role in assessment.offered_roles(framework):
        ids = by_role.get(role, [])
        if len(ids) >= k:
            groups[role] = tuple(ids)
        else:
            small.extend(ids)
    suppressed = 0
    if len(small) >= k:
        groups[merged_label(k)] = tuple(small)
    else:
        suppressed = len(small)
    return Grouping(k, groups, suppressed)


# ------------------------------------------------------------------------------------------ views


@dataclass(frozen=True)
class GroupView:
    """One group's figures on one line; only ever made for ``n >= k``."""

    group: str
    n: int
    mean: float
    low: float
    high: float
    sd: float
    not_relevant: int = 0


@dataclass(frozen=True)
class Line:
    """One item, section or the overall score: the shown groups' figures and how far apart they are."""

    id: str
    title: str
    section: str
    level: Level
    groups: dict[str, GroupView]
    spread: float | None  # highest minus lowest group mean, points; None with fewer than two groups
    sd: float | None  # SD of the individual shares counted in the shown groups, points
    n: int  # respondents counted in the shown groups
    agreed: Consensus | None = None

    def mean(self, group: str) -> float | None:
        view = self.groups.get(group)
        return None if view is None else view.mean


@dataclass(frozen=True)
class Views:
    """Everything the side-by-side view, the consensus view and the report show; never an individual rating."""

    k: int
    groups: tuple[str, ...]  # shown groups, in order
    members: dict[str, int]  # respondents per shown group
    suppressed: int  # respondents in no shown group
    respondents: int
    items: tuple[Line, ...]
    sections: tuple[Line, ...]
    overall: Line
    _by_id: dict[str, Line] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({x.id: x for x in (*self.items, *self.sections)})
        self._by_id[OVERALL] = self.overall

    def line(self, line_id: str) -> Line:
        """An item, a section, or ``"overall"``."""
        return self._by_id[line_id]

    def lines(self, level: Level) -> tuple[Line, ...]:
        return {"item": self.items, "section": self.sections, "overall": (self.overall,)}[level]

    def disagreement(self, level: Level = "item", top: int | None = None) -> list[Line]:
        """Lines where the groups' means are furthest apart, largest spread first; lines without a spread
        (fewer than two groups shown there) are left out."""
        lines = [x for x in self.lines(level) if x.spread is not None]
        order = {x.id: n for n, x in enumerate(self.lines(level))}
        ranked = sorted(lines, key=lambda x: (-round(x.spread or 0.0, 9), -round(x.sd or 0, 9), order[x.id]))
        return ranked if top is None else ranked[:top]

    def rank(self, level: Level = "item") -> dict[str, int]:
        """Disagreement rank (1 = the groups differ most) of each line that has a spread."""
        return {x.id: n for n, x in enumerate(self.disagreement(level), start=1)}

    def gap(self, group_a: str, group_b: str, level: Level = "section") -> dict[str, float | None]:
        """``group_a``'s mean minus ``group_b``'s, in points, per line; None where either is not shown."""
        out = {}
        for x in self.lines(level):
            a, b = x.mean(group_a), x.mean(group_b)
            out[x.id] = None if a is None or b is None else a - b
        return out

    def frame(self, level: Level = "item") -> pd.DataFrame:
        """Long table for charts: one row per line and shown group (id, title, section, group, n, mean, low,
        high, sd, not_relevant)."""
        rows = [
            {
                "id": x.id,
                "title": x.title,
                "section": x.section,
                "group": g.group,
                "n": g.n,
                "mean": g.mean,
                "low": g.low,
                "high": g.high,
                "sd": g.sd,
                "not_relevant": g.not_relevant,
            }
            for x in self.lines(level)
            for g in x.groups.values()
        ]
        return pd.DataFrame(
            rows, columns=["id", "title", "section", "group", "n", "mean", "low", "high", "sd", "not_relevant"]
        )

    def spread_frame(self, level: Level = "item") -> pd.DataFrame:
        """Wide table: one row per line with each shown group's mean and n, the spread, SD and rank."""
        ranks = self.rank(level)
        rows = []
        for x in self.lines(level):
            row: dict[str, object] = {"id": x.id, "title": x.title, "section": x.section}
            for g in self.groups:
                view = x.groups.get(g)
                row[f"{g} %"] = None if view is None else view.mean
                row[f"{g} n"] = None if view is None else view.n
            row |= {"spread": x.spread, "sd": x.sd, "n": x.n, "rank": ranks.get(x.id)}
            if level == "item":
                row |= {"agreed": x.agreed.value if x.agreed else None}
            rows.append(row)
        frame = pd.DataFrame(rows)
        for g in self.groups:
            frame[f"{g} n"] = frame[f"{g} n"].astype("Int64")
        frame["rank"] = frame["rank"].astype("Int64")
        return frame


def respondent_results(assessment: Assessment, framework: Framework) -> dict[str, Result]:
    """Each respondent's own answers scored with the app's rules (and the assessment's targets and weights)."""
    return {
        r.id: score(
            assessment.model_copy(update={"answers": assessment.respondent_answers.get(r.id, {}), "consensus": {}}),
            framework,
        )
        for r in assessment.respondents
    }


def _line(
    line_id: str,
    title: str,
    section: str,
    level: Level,
    shares: dict[str, float | None],
    not_relevant: set[str],
    grouping_: Grouping,
    agreed: Consensus | None = None,
) -> Line:
    """Figures from ``shares`` (respondent id -> share in %, None when it does not count)."""
    views: dict[str, GroupView] = {}
    pooled: list[float] = []
    for group, ids in grouping_.groups.items():
        values = [v for i in ids if (v := shares.get(i)) is not None]
        if len(values) < grouping_.k:
            continue
        views[group] = GroupView(
            group,
            len(values),
            statistics.fmean(values),
            min(values),
            max(values),
            statistics.pstdev(values),
            sum(i in not_relevant for i in ids),
        )
        pooled.extend(values)
    means = [v.mean for v in views.values()]
    return Line(
        line_id,
        title,
        section,
        level,
        views,
        spread=max(means) - min(means) if len(means) >= 2 else None,
        sd=statistics.pstdev(pooled) if pooled else None,
        n=len(pooled),
        agreed=agreed,
    )


def views(assessment: Assessment, framework: Framework, results: dict[str, Result] | None = None) -> Views:
    """The respondents' views by role, with every figure under the minimum group size left out."""
    g = grouping(assessment, framework)
    results = respondent_results(assessment, framework) if results is None else results
    items, sections = [], []
    for section in framework.sections:
        for item in section.items:
            shares, nr = {}, set()
            for rid in (i for ids in g.groups.values() for i in ids):
                answer = assessment.respondent_answers.get(rid, {}).get(item.id)
                value = answer.value if answer else None
                share = item_share(framework, item.id, value)
                shares[rid] = None if share is None else 100 * share
                if is_not_relevant(framework, item.id, value):
                    nr.add(rid)
            items.append(
                _line(item.id, item.question, section.id, "item", shares, nr, g, assessment.consensus.get(item.id))
            )
        shares = {rid: results[rid].section(section.id).score for ids in g.groups.values() for rid in ids}
        sections.append(_line(section.id, section.title, section.id, "section", shares, set(), g))
    overall = _line(
        OVERALL,
        "Overall",
        "",
        "overall",
        {rid: results[rid].overall for ids in g.groups.values() for rid in ids},
        set(),
        g,
    )
    return Views(
        g.k,
        tuple(g.groups),
        {name: len(ids) for name, ids in g.groups.items()},
        g.suppressed,
        len(assessment.respondents),
        tuple(items),
        tuple(sections),
        overall,
    )


# ------------------------------------------------------------------------------------------ consensus


def consensus_suggestion(
    assessment: Assessment, framework: Framework, item_id: str, views_: Views | None = None
) -> str | None:
    """A rating to start the discussion from: the median of the shown groups' means on the item, rounded to
    the nearest rating on its scale (halfway: the lower). None when no group is shown for the item."""
    line = (views_ or views(assessment, framework)).line(item_id)
    means = [v.mean for v in line.groups.values()]
    if not means:
        return None
    middle = statistics.median(means)
    scale = framework.scale_for(framework.item_by_id[item_id])
    options = [o for o in scale.options if not o.not_relevant]
    best = min(options, key=lambda o: (abs(100 * (o.points or 0.0) / scale.max_points - middle), o.points or 0.0))
    return best.value


def apply_consensus(assessment: Assessment) -> Assessment:
    """A copy whose answers carry the agreed ratings (what every Assessment built or assigned already does;
    use this after editing ``answers`` or ``consensus`` dictionaries in place)."""
    return Assessment.model_validate(assessment.model_dump())


def agree(assessment: Assessment, consensus: Consensus) -> Assessment:
    """A copy with ``consensus`` recorded (replacing any earlier one for the item) and applied."""
    return apply_consensus(
        assessment.model_copy(update={"consensus": {**assessment.consensus, consensus.item_id: consensus}})
    )


# ------------------------------------------------------------------------------------------ evidence and progress


def evidence_kinds(assessment: Assessment, item_id: str) -> list[str]:
    """The kinds of evidence given for an item, by the team or any respondent, in EVIDENCE_KINDS order."""
    answers = [assessment.answers.get(item_id)] + [a.get(item_id) for a in assessment.respondent_answers.values()]
    found = {a.evidence_kind for a in answers if a is not None and a.evidence_kind and a.evidence.strip()}
    return [k for k in EVIDENCE_KINDS if k in found]


def has_evidence(assessment: Assessment, item_id: str) -> bool:
    answers = [assessment.answers.get(item_id)] + [a.get(item_id) for a in assessment.respondent_answers.values()]
    return any(a is not None and a.evidence.strip() for a in answers)


def no_evidence_items(assessment: Assessment, framework: Framework) -> list[str]:
    """Items with a rating that counts (not "not relevant here") and no evidence text at all: neither in the
    team's answer nor in any respondent's."""
    out = []
    for item_id in framework.item_by_id:
        answer = assessment.answers.get(item_id)
        if (
            answer
            and item_share(framework, item_id, answer.value) is not None
            and not has_evidence(assessment, item_id)
        ):
            out.append(item_id)
    return out


@dataclass(frozen=True)
class Progress:
    """How far one respondent has got (no ratings: safe to show the facilitator before the reveal)."""

    respondent: Respondent
    answered: int  # a rating or "not relevant here"
    items: int

    @property
    def share(self) -> float:
        return 100 * self.answered / self.items if self.items else 0.0


def progress(assessment: Assessment, framework: Framework) -> list[Progress]:
    return [
        Progress(
            r,
            sum(
                1
                for i, a in assessment.respondent_answers.get(r.id, {}).items()
                if a.value is not None and i in framework.item_by_id
            ),
            framework.item_count,
        )
        for r in assessment.respondents
    ]


def own_answers(assessment: Assessment, respondent_id: str) -> dict[str, Answer]:
    return dict(assessment.respondent_answers.get(respondent_id, {}))


__all__ = [
    "EVIDENCE_KINDS",
    "Answer",
    "Consensus",
    "GroupView",
    "Grouping",
    "Line",
    "Progress",
    "Respondent",
    "Views",
    "agree",
    "apply_consensus",
    "consensus_suggestion",
    "evidence_kind_label",
    "evidence_kinds",
    "grouping",
    "has_evidence",
    "merged_label",
    "no_evidence_items",
    "own_answers",
    "progress",
    "respondent_results",
    "views",
]
