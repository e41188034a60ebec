"""Many assessments of one framework side by side: the numbers behind the peer-review views.

Everything starts from ``scores_frame``, which scores each assessment exactly once; the other
views read that table (and, where they need items, the answers), so a network of 500 cities
costs 500 scorings, not one per view. Subjects are matched by name, ignoring case and extra
spaces, because a peer review team types the city's name again.

Ranks are competition ranks (1, 2, 2, 4) judged on the score as shown, to one decimal: two
cities that read the same number share a place. Cities without a score are listed last, unranked.
"""

from __future__ import annotations

import bisect

import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Literal, Sequence

import numpy as np
import pandas as pd

from .assessment import Assessment, AssessmentError, check_against, parse_assessment
from .compare_shape import JSON_SHAPE  # noqa: F401 - documented here too
from .excel import MAX_UPLOAD_BYTES, _rating_label, read_report
from .questionnaire import Framework
from .scoring import item_share, score

TYPES = {"self": "Self-assessment", "peer": "Peer review"}
OVERALL = "overall"
UNKNOWN = "unknown"
POPULATION_BANDS = ((100_000, "under 100,000"), (250_000, "100,000–250,000"),
                    (500_000, "250,000–500,000"), (None, "500,000 and more"))
SHARE_BANDS = ((10, "under 10 %"), (15, "10–15 %"), (25, "15–25 %"), (None, "25 % and more"))

FRAME_COLUMNS = ("id", "subject", "type", "date", "country", "population", "migrant_share", "reviewer_of",
                 "overall", "completion")

METHOD = """\
* Each assessment is scored with the app's own rules; the {section} and overall scores are in %.
* Ranks are competition ranks (1, 2, 2, 4) on the score rounded to one decimal, so {subjects} that
  show the same score share a place. One with no score in a {section} is listed last, unranked.
* Rankings, statistics, shared gaps and learning pairs use one assessment per {subject}: its latest
  assessment of the chosen type (self-assessment unless stated otherwise).
* Similar {subjects}: population under 100,000, 100,000–250,000, 250,000–500,000, 500,000 and more;
  share of residents born abroad under 10 %, 10–15 %, 15–25 %, 25 % and more (a boundary value
  belongs to the higher band). One without the figure is grouped with the others without it.
* Shared gaps: for each {section}, how many of the {subjects} with a score there are below their own
  target (gap = target − score above 0), and what share of those {subjects} that is.
* Who can learn from whom: in each {section} the strongest {subjects} are the top two by score (ties
  included, and only with a score above 0); one below its target there is pointed to those of
  them that score higher than it does, with their evidence item by item.
* Self-assessment against peer review: a peer review is paired with the self-assessment it names;
  failing that, with the same {subject}'s self-assessment nearest in date. Difference = self − peer
  in points (a positive difference means the self-assessment is the higher). Agreement is the share
  of items both answered with the very same rating (or both "not relevant here").
* Progress: {subjects} with assessments of the same type on several dates; change = last − first.
"""


def method_text(framework: Framework) -> list[str]:
    """The rules above in the framework's own words (key factor, criterion; city, practice), one per entry."""
    text = METHOD.format(section=framework.section_label.lower(), subject=framework.subject_label.lower(),
                         subjects=plural(framework.subject_label))
    return [" ".join(rule.removeprefix("* ").split()) for rule in text.split("\n* ")]


class MixedFrameworksError(ValueError):
    """Files of different frameworks or versions cannot share one comparison: their items differ."""

    def __init__(self, groups: dict[str, list[str]], problems: dict[str, list[str]] | None = None):
        self.groups = groups
        self.problems = problems or {}
        parts = "; ".join(f"{label}: {', '.join(names)}" for label, names in groups.items())
        super().__init__(f"These files are for different frameworks or versions and cannot be compared together — "
                         f"{parts}. Compare the files of one framework and version at a time.")


# ------------------------------------------------------------------------------------------ helpers


def subject_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def plural(label: str) -> str:
    """City → cities, practice → practices: frameworks name their subjects in the singular."""
    word = label.lower()
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _round(x, digits: int = 1) -> float | None:
    x = _num(x)
    return None if x is None else round(x, digits)


def competition_rank(values: Iterable[float | None]) -> list[int | None]:
    """Rank 1 for the highest; equal values (to one decimal) share the better rank, the next rank skips."""
    shown = [None if _num(v) is None else round(float(v), 1) for v in values]
    order = sorted((v, n) for n, v in enumerate(shown) if v is not None)[::-1]
    ranks: list[int | None] = [None] * len(shown)
    previous, rank = None, 0
    for position, (value, n) in enumerate(order, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[n] = rank
    return ranks


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


def _below(gap: float, min_gap: float = 0) -> bool:
    """A gap counts only beyond float noise: 75 % against a 75 % target is no gap, however it was summed."""
    return round(gap, 6) > min_gap


def _column(section: str | None) -> str:
    return OVERALL if section is None else section


# ------------------------------------------------------------------------------------------ the table


def check_one_framework(assessments: Sequence[Assessment], framework: Framework) -> None:
    """Answers only mean something against the questions they were given for."""
    strangers = [f"{a.title} ({a.framework} {a.framework_version})" for a in assessments
                 if (a.framework, a.framework_version) != (framework.id, framework.version)]
    if strangers:
        raise ValueError(f"Only assessments of {framework.short_title} {framework.version} can be compared here; "
                         f"not: {'; '.join(strangers)}")


def scores_frame(assessments: Sequence[Assessment], framework: Framework) -> pd.DataFrame:
    """Every assessment scored once, so that all the views below read the same numbers without scoring again.

    One row per assessment, scores in %: columns ``FRAME_COLUMNS``, then one per section id, then
    each assessment's own target per section ("<id> target"), which the gap views need.
    """
    check_one_framework(assessments, framework)
    sections = [s.id for s in framework.sections]
    columns = [*FRAME_COLUMNS, *sections, *(f"{s} target" for s in sections)]
    rows = []
    for a in assessments:
        result = score(a, framework)
        row = {"id": a.id, "subject": a.subject.name, "type": a.assessment_type, "date": a.date,
               "country": a.subject.country, "population": a.subject.population,
               "migrant_share": a.subject.migrant_share, "reviewer_of": a.reviewer_of,
               "overall": result.overall, "completion": result.completion}
        for s in result.sections:
            row[s.id] = s.score
            row[f"{s.id} target"] = s.target
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("overall", "completion", "migrant_share", *sections):
        frame[col] = frame[col].astype("float64")
    frame["population"] = frame["population"].astype("Int64")
    keys = frame["subject"].map(subject_key)
    frame = frame.assign(_key=keys).sort_values(["_key", "type", "date", "id"])
    return frame.drop(columns="_key").reset_index(drop=True)


def latest(frame: pd.DataFrame, assessment_type: str | None = "self") -> pd.DataFrame:
    """Per subject (and type), its latest assessment: the one a ranking should count.

    ``assessment_type=None`` keeps the latest of each type per subject.
    """
    rows = frame if assessment_type is None else frame[frame["type"] == assessment_type]
    rows = rows.assign(_key=rows["subject"].map(subject_key)).sort_values(["date", "id"])
    rows = rows.groupby(["_key", "type"], sort=False).tail(1)
    return rows.sort_values(["_key", "type"]).drop(columns="_key").reset_index(drop=True)


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


# ------------------------------------------------------------------------------------------ similar cities


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


# ------------------------------------------------------------------------------------------ statistics and gaps


def subject_row(frame: pd.DataFrame, subject: str) -> pd.Series | None:
    """A city's latest row (by date, then id), whatever the case or spacing of its name; None when it has none."""
    key = subject_key(subject)
    rows = [(d, i, n) for n, (s, d, i) in enumerate(zip(frame["subject"], frame["date"], frame["id"]))
            if subject_key(s) == key]
    return frame.iloc[max(rows)[2]] if rows else None


def section_stats(frame: pd.DataFrame, framework: Framework, subject: str | None = None) -> pd.DataFrame:
    """Per section the spread of scores across the rows (pass one row per city), and one city's own score."""
    mine = subject_row(frame, subject) if subject is not None else None
    out = []
    for s in framework.sections:  # plain numpy per column: pandas' own machinery costs more at a few dozen rows
        values = frame[s.id].to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        n = int(values.size)
        out.append({"section": s.id, "title": s.title, "n": n,
                    "mean": float(values.mean()) if n else None, "median": float(np.median(values)) if n else None,
                    "min": float(values.min()) if n else None, "max": float(values.max()) if n else None,
                    "subject_score": None if mine is None else _num(mine[s.id])})
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
        below = rated.assign(gap=gaps)[gaps.round(6) > min_gap]  # the rule of _below, for a whole column
        below = below.sort_values("gap", ascending=False)
        n = len(rated)
        out.append({"section": s.id, "title": s.title, "below": len(below), "rated": n,
                    "share": 100 * len(below) / n if n else None,
                    "mean_gap": _num(gaps.mean()) if n else None,
                    "most": n > 0 and len(below) > n / 2,
                    "subjects": list(below["subject"]), "_order": order})
    table = pd.DataFrame(out, columns=["section", "title", "below", "rated", "share", "mean_gap", "most", "subjects",
                                       "_order"])
    table = table.assign(_share=table["share"].fillna(-1), _gap=table["mean_gap"].fillna(float("-inf")))
    return table.sort_values(["below", "_share", "_gap", "_order"], ascending=[False, False, False, True]) \
        .drop(columns=["_order", "_share", "_gap"]).reset_index(drop=True)


# ------------------------------------------------------------------------------------------ learning pairs


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


def learning_pairs(frame: pd.DataFrame, assessments: Sequence[Assessment], framework: Framework,
                   top: int = 2) -> list[SectionLearning]:
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
                Evidence(item.id, item.question, _rating_label(framework, item.id, answers[item.id].value),
                         answers[item.id].evidence.strip())
                for item in s.items if item.id in answers and answers[item.id].evidence.strip())
            strongest.append(Strong(row["subject"], row["id"], row[s.id], row["rank"],
                                    not _below(row[target] - row[s.id]), evidence))
        # The strongest are in falling score order, so the peers scoring above a city are a prefix of them:
        # found by bisection, which keeps a network with thousands of tied top scores linear.
        falling = [-round(p.score, 1) for p in strongest]
        names = [p.subject for p in strongest]
        learners = []
        for row in rows:
            gap = row[target] - row[s.id]
            if not _below(gap):
                continue
            peers = tuple(names[:bisect.bisect_left(falling, -round(row[s.id], 1))])
            learners.append(Learner(row["subject"], row["id"], row[s.id], gap, peers))
        learners.sort(key=lambda x: (-x.gap, subject_key(x.subject)))
        out.append(SectionLearning(s.id, s.title, tuple(strongest), tuple(learners)))
    return out


# ------------------------------------------------------------------------------------------ self against peer


ITEM_COLUMNS = ["item", "section", "question", "self_rating", "peer_rating", "self_share", "peer_share", "difference",
                "same"]
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
    item_rows: tuple[dict, ...]
    section_rows: tuple[dict, ...]
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
    def most_generous(self) -> dict | None:
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
    for peer in sorted((a for a in assessments if a.assessment_type == "peer"),
                       key=lambda a: (subject_key(a.subject.name), a.date, a.id)):
        own = by_id.get(peer.reviewer_of or "")
        if own is None or own.assessment_type != "self":
            candidates = selfs.get(subject_key(peer.subject.name), [])
            # the nearest date; on a tie the earlier one, which the review can have seen
            own = min(candidates, key=lambda a: (abs((a.date - peer.date).days), a.date > peer.date, a.id),
                      default=None)
        if own is not None:
            pairs.append((own, peer))
    return pairs


def _score_lookup(frame: pd.DataFrame | None, framework: Framework) -> dict[str, dict[str, float | None]]:
    if frame is None:
        return {}
    cols = [OVERALL, *(s.id for s in framework.sections)]
    return {r["id"]: {c: _num(r[c]) for c in cols} for r in frame[["id", *cols]].to_dict("records")}


def _scores_of(a: Assessment, framework: Framework, lookup: dict) -> dict[str, float | None]:
    if a.id in lookup:
        return lookup[a.id]
    result = score(a, framework)
    return {OVERALL: result.overall, **{s.id: s.score for s in result.sections}}


def _self_vs_peer(own: Assessment, peer: Assessment, framework: Framework, lookup: dict) -> SelfPeer:
    rows = []
    same = compared = 0
    for order, (item_id, section_id) in enumerate(framework.section_of_item.items()):
        a, b = own.answers.get(item_id), peer.answers.get(item_id)
        va, vb = (a.value if a else None), (b.value if b else None)
        if va is not None and vb is not None:
            compared += 1
            same += va == vb
        sa, sb = item_share(framework, item_id, va), item_share(framework, item_id, vb)
        sa, sb = (None if sa is None else 100 * sa), (None if sb is None else 100 * sb)
        rows.append((order, {"item": item_id, "section": section_id,
                             "question": framework.item_by_id[item_id].question,
                             "self_rating": _rating_label(framework, item_id, va),
                             "peer_rating": _rating_label(framework, item_id, vb),
                             "self_share": sa, "peer_share": sb,
                             "difference": None if sa is None or sb is None else sa - sb,
                             "same": va == vb}))
    # most generous first; items without a difference last, in questionnaire order
    rows.sort(key=lambda p: (p[1]["difference"] is None, -(p[1]["difference"] or 0), p[0]))
    diffs = [r["difference"] for _, r in rows if r["difference"] is not None]
    mine, theirs = _scores_of(own, framework, lookup), _scores_of(peer, framework, lookup)
    sections = tuple({"section": s.id, "title": s.title, "self": mine[s.id], "peer": theirs[s.id],
                      "difference": None if mine[s.id] is None or theirs[s.id] is None else mine[s.id] - theirs[s.id]}
                     for s in framework.sections)
    return SelfPeer(subject=own.subject.name, self_id=own.id, peer_id=peer.id, self_date=own.date,
                    peer_date=peer.date, item_rows=tuple(r for _, r in rows), section_rows=sections,
                    compared=compared, same=same, agreement=100 * same / compared if compared else None,
                    mean_abs_difference=sum(abs(d) for d in diffs) / len(diffs) if diffs else None,
                    self_overall=mine[OVERALL], peer_overall=theirs[OVERALL])


def self_vs_peer(own: Assessment, peer: Assessment, framework: Framework,
                 frame: pd.DataFrame | None = None) -> SelfPeer:
    """Item by item, where the city's own view and the reviewers' differ; most generous self-rating first.

    Shares and differences are in % points. Give ``frame`` to reuse its scores instead of scoring again.
    """
    lookup = {} if frame is None else _score_lookup(frame[frame["id"].isin([own.id, peer.id])], framework)
    return _self_vs_peer(own, peer, framework, lookup)


def self_peer_all(assessments: Sequence[Assessment], framework: Framework,
                  frame: pd.DataFrame | None = None) -> list[SelfPeer]:
    """Every pair in the set, the city whose own view is most generous overall first."""
    lookup = _score_lookup(frame, framework)
    out = [_self_vs_peer(own, peer, framework, lookup) for own, peer in pair_reviews(assessments)]
    return sorted(out, key=lambda p: (p.overall_difference is None, -(p.overall_difference or 0),
                                      subject_key(p.subject)))


def self_peer_summary(pairs: Sequence[SelfPeer]) -> pd.DataFrame:
    """One row per pair: overall scores, their difference, agreement and the most generous section."""
    rows = []
    for p in pairs:
        top = p.most_generous
        rows.append({"subject": p.subject, "self_id": p.self_id, "peer_id": p.peer_id, "self_date": p.self_date,
                     "peer_date": p.peer_date, "self_overall": p.self_overall, "peer_overall": p.peer_overall,
                     "difference": p.overall_difference, "agreement": p.agreement, "compared": p.compared,
                     "mean_abs_difference": p.mean_abs_difference,
                     "most_generous_section": None if top is None else top["section"],
                     "most_generous_difference": None if top is None else top["difference"]})
    return pd.DataFrame(rows, columns=["subject", "self_id", "peer_id", "self_date", "peer_date", "self_overall",
                                       "peer_overall", "difference", "agreement", "compared", "mean_abs_difference",
                                       "most_generous_section", "most_generous_difference"])


# ------------------------------------------------------------------------------------------ progress


def progress(frame: pd.DataFrame, framework: Framework, assessment_type: str = "self") -> pd.DataFrame:
    """Long table (subject, date, section, score) for cities assessed on several dates; section "overall" too."""
    rows = frame[frame["type"] == assessment_type]
    rows = rows.assign(_key=rows["subject"].map(subject_key)).sort_values(["date", "id"])
    rows = rows.groupby(["_key", "date"], sort=False).tail(1)  # one assessment per date
    several = rows.groupby("_key")["date"].transform("nunique") > 1
    rows = rows[several].sort_values(["_key", "date"])
    sections = [OVERALL, *(s.id for s in framework.sections)]
    titles = {OVERALL: "Overall", **{s.id: s.title for s in framework.sections}}
    long = rows.melt(id_vars=["id", "subject", "date", "_key"], value_vars=sections, var_name="section",
                     value_name="score")
    long["title"] = long["section"].map(titles)
    long["_order"] = long["section"].map({s: n for n, s in enumerate(sections)})
    long = long.sort_values(["_key", "_order", "date"]).drop(columns=["_key", "_order"]).reset_index(drop=True)
    return long[["subject", "id", "date", "section", "title", "score"]]


def progress_deltas(frame: pd.DataFrame, framework: Framework, assessment_type: str = "self") -> pd.DataFrame:
    """Per city and section: first and last score and the change between them, in points."""
    long = progress(frame, framework, assessment_type)
    out = []
    for (subject, section), rows in long.groupby(["subject", "section"], sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        f, l = _num(first["score"]), _num(last["score"])
        out.append({"subject": subject, "section": section, "title": first["title"], "first_date": first["date"],
                    "last_date": last["date"], "first": f, "last": l,
                    "delta": None if f is None or l is None else l - f})
    return pd.DataFrame(out, columns=["subject", "section", "title", "first_date", "last_date", "first", "last",
                                      "delta"])


# ------------------------------------------------------------------------------------------ key findings


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
    shared_gap: dict | None
    gap_from: float
    any_gap: dict | None
    generous: SelfPeer | None


def key_findings(rows: pd.DataFrame, pairs: Sequence[SelfPeer], framework: Framework) -> Findings:
    leaders = []
    for s in framework.sections:
        ranked = ranking(rows, s.id)
        top = ranked[(ranked["rank"] == 1) & (ranked["score"] > 0)]
        if len(top):
            leaders.append(Leader(s.id, s.title, tuple(dict.fromkeys(top["subject"])), float(top["score"].iloc[0])))

    def first(min_gap: float) -> dict | None:
        table = shared_gaps(rows, framework, min_gap)
        return table.iloc[0].to_dict() if len(table) and table.iloc[0]["below"] > 0 else None

    any_gap = first(0)
    shared, gap_from = first(WIDE_GAP), WIDE_GAP
    if shared is None:
        shared, gap_from = any_gap, 0.0
    # on a tie the first in the order given (``self_peer_all``: the most generous overall first)
    generous = max((p for p in pairs if p.most_generous is not None),
                   key=lambda p: round(p.most_generous["difference"], 6), default=None)
    return Findings(tuple(leaders), shared, gap_from, any_gap, generous)


# ------------------------------------------------------------------------------------------ loading many files


def _read_one(name: str, data: bytes, frameworks: dict[str, Framework]) -> Assessment:
    lower = name.lower()
    if lower.endswith(".json"):
        if len(data) > MAX_UPLOAD_BYTES:
            raise AssessmentError(name, [f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"])
        a = parse_assessment(data, name)
        framework = frameworks.get(a.framework)
        if framework is None:
            known = ", ".join(sorted(frameworks)) or "none"
            raise AssessmentError(name, [f"framework: '{a.framework}' is not one this app has (it has: {known})"])
        problems = check_against(a, framework)
        if problems:
            raise AssessmentError(name, problems)
        return a
    if lower.endswith(".xlsx"):
        return read_report(data, frameworks, name)
    raise AssessmentError(name, ["not an assessment file (.json) or a report workbook (.xlsx)"])


def load_many(files: Iterable[tuple[str, bytes]],
              frameworks: dict[str, Framework]) -> tuple[list[Assessment], dict[str, list[str]]]:
    """Assessments from uploaded .json files and report workbooks, with each refused file's problems by name.

    One bad file does not stop the rest. The same assessment twice is kept once. Files of different
    frameworks or versions raise MixedFrameworksError naming them, as they cannot be compared.
    """
    loaded: list[tuple[str, Assessment]] = []
    problems: dict[str, list[str]] = {}
    first_file: dict[str, str] = {}
    for name, data in files:
        unique = name
        n = 2
        while unique in problems or unique in first_file.values():
            unique, n = f"{name} ({n})", n + 1
        try:
            a = _read_one(name, data, frameworks)
        except AssessmentError as exc:  # WorkbookError included
            problems[unique] = list(exc.problems)
            continue
        if a.id in first_file:
            problems[unique] = [f"the same assessment ({a.title}) as {first_file[a.id]}; it is compared once"]
            continue
        first_file[a.id] = unique
        loaded.append((unique, a))
    groups: dict[tuple[str, str], list[str]] = {}
    for name, a in loaded:
        groups.setdefault((a.framework, a.framework_version), []).append(name)
    if len(groups) > 1:
        labels = {}
        for (fw_id, version), names in groups.items():
            fw = frameworks.get(fw_id)
            labels[f"{fw.short_title if fw else fw_id} {version}"] = names
        raise MixedFrameworksError(labels, problems)
    return [a for _, a in loaded], problems


# ------------------------------------------------------------------------------------------ one summary


def summary(assessments: Sequence[Assessment], framework: Framework, basis: str = "self") -> dict:
    """The data of ``python -m benchmark compare --json``, in the shape ``JSON_SHAPE`` documents."""
    frame = scores_frame(assessments, framework)
    basis_rows = latest(frame, basis)
    pairs = self_peer_all(assessments, framework, frame)
    sections = [s.id for s in framework.sections]
    return {
        "framework": {"id": framework.id, "version": framework.version, "title": framework.title},
        "basis": basis,
        "assessments": [
            {"id": r["id"], "subject": r["subject"], "type": r["type"], "date": r["date"].isoformat(),
             "overall": _round(r[OVERALL]), "completion": _round(r["completion"]),
             "sections": {s: _round(r[s]) for s in sections}}
            for _, r in frame.iterrows()],
        "ranking": [
            {"rank": None if pd.isna(r["rank"]) else int(r["rank"]), "subject": r["subject"], "id": r["id"],
             "date": r["date"].isoformat(), "overall": _round(r["score"])}
            for _, r in ranking(basis_rows).iterrows()],
        "shared_gaps": [
            {"section": r["section"], "title": r["title"], "below": int(r["below"]), "rated": int(r["rated"]),
             "share": _round(r["share"]), "subjects": list(r["subjects"])}
            for _, r in shared_gaps(basis_rows, framework).iterrows()],
        "self_vs_peer": [
            {"subject": p.subject, "self_id": p.self_id, "peer_id": p.peer_id, "self_overall": _round(p.self_overall),
             "peer_overall": _round(p.peer_overall), "difference": _round(p.overall_difference),
             "agreement": _round(p.agreement), "mean_abs_difference": _round(p.mean_abs_difference),
             "sections": {r["section"]: _round(r["difference"]) for r in p.section_rows}}
            for p in pairs],
    }


def summary_text(data: dict, framework: Framework) -> str:
    """The summary as a few plain tables for a terminal."""

    def f(x) -> str:
        return "—" if x is None else f"{x:.1f}"

    label = framework.subject_label
    lines = [f"{framework.title} {framework.version}: {len(data['assessments'])} assessment(s)", "",
             f"Ranking ({TYPES[data['basis']].lower()}s, latest per {label.lower()})",
             f"{'rank':>4}  {label:<32} {'overall':>7}  date"]
    for r in data["ranking"]:
        lines.append(f"{r['rank'] or '—':>4}  {r['subject'][:32]:<32} {f(r['overall']):>7}  {r['date']}")
    lines += ["", "Shared gaps (below target / with a score)"]
    for g in data["shared_gaps"]:
        lines.append(f"  {g['section']:<6} {g['title'][:44]:<44} {g['below']:>3}/{g['rated']:<3} {f(g['share']):>6} %")
    lines += ["", "Self-assessment against peer review (difference = self − peer, in points)"]
    if not data["self_vs_peer"]:
        lines.append("  no peer review in these files is paired with a self-assessment")
    for p in data["self_vs_peer"]:
        widest = max(((s, d) for s, d in p["sections"].items() if d is not None), key=lambda x: x[1], default=None)
        most = f", most generous on {widest[0]} ({widest[1]:+.1f})" if widest and widest[1] > 0 else ""
        lines.append(f"  {p['subject'][:32]:<32} self {f(p['self_overall']):>5}  peer {f(p['peer_overall']):>5}  "
                     f"difference {f(p['difference']):>5}  same rating on {f(p['agreement'])} % of items{most}")
    return "\n".join(lines)


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


# ------------------------------------------------------------------------------------------ respondents' roles


ROLE_GAP_COLUMNS = ("id", "subject", "type", "date", "group_a", "group_b", "n_a", "n_b", "overall")


def role_gaps(assessments: Sequence[Assessment], framework: Framework, group_a: str, group_b: str) -> pd.DataFrame:
    """Across assessments, how far one group of respondents' ratings sit from another's (e.g. migrant residents
    against city officials): per section and overall, ``group_a``'s mean − ``group_b``'s, in points.

    Each assessment's own minimum group size applies exactly as in its views (``respondents.views``): a
    group under it is never shown, so its gap is empty (NaN), as are ``n_a``/``n_b`` (respondents counted
    overall). Only assessments where both groups are shown somewhere are listed, largest absolute gap in any
    section first. A group is a role, or the merged "Other roles (groups under k)".
    """
    from .respondents import views

    check_one_framework(assessments, framework)
    sections = [s.id for s in framework.sections]
    rows = []
    for a in assessments:
        if not a.respondents:
            continue
        v = views(a, framework)
        gaps = v.gap(group_a, group_b, "section")
        overall = v.gap(group_a, group_b, "overall")[OVERALL]
        if overall is None and all(g is None for g in gaps.values()):
            continue
        na, nb = v.overall.groups.get(group_a), v.overall.groups.get(group_b)
        rows.append({"id": a.id, "subject": a.subject.name, "type": a.assessment_type, "date": a.date,
                     "group_a": group_a, "group_b": group_b, "n_a": na.n if na else None, "n_b": nb.n if nb else None,
                     "overall": overall, **gaps})
    frame = pd.DataFrame(rows, columns=[*ROLE_GAP_COLUMNS, *sections])
    for col in ("overall", *sections):
        frame[col] = frame[col].astype("float64")
    for col in ("n_a", "n_b"):
        frame[col] = frame[col].astype("Int64")
    widest = frame[sections].abs().max(axis=1, skipna=True).fillna(-1)
    frame = frame.assign(_w=-widest, _key=frame["subject"].map(subject_key)).sort_values(["_w", "_key", "date", "id"])
    return frame.drop(columns=["_w", "_key"]).reset_index(drop=True)
