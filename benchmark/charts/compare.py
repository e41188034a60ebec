"""Altair charts for the peer-review views, drawn from the tables in ``benchmark.compare``.

Colours mean what ``palette`` says (Okabe–Ito, or viridis for a score scale); a shape as well as a colour
wherever one city is singled out, numbers in tooltips and, where there is room, on the chart itself. Every chart
carries a title and a description for screen readers.
"""

from __future__ import annotations

import functools
import json
from typing import Any, cast

import altair as alt
import pandas as pd

from ..compare.frame import OVERALL, rounded
from ..compare.names import subject_key
from ..compare.self_peer import SelfPeer
from ..compare.stats import section_stats
from ..framework.model import Framework
from ..i18n.translator import N_, Translator, translator
from .palette import (
    HIGHLIGHT,
    MEDIAN,
    NEUTRAL,
    NO_SCORE,
    PEER,
    SCORE_SCHEME,
    SELF,
    SERIES,
    SHAPES,
    TARGET,
)
from .words import lines

LABEL_LIMIT = 40  # subjects up to which the heatmap writes each number in its cell


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _section_names(framework: Framework) -> dict[str, str]:
    return {s.id: f"{s.id} {s.title}" for s in framework.sections}


def heatmap(
    frame: pd.DataFrame, framework: Framework, labels: bool | None = None, t: Translator | None = None
) -> alt.LayerChart:
    """Subjects × sections coloured by score (pass one row per city); the best overall on top.

    ``labels`` writes the number in each cell; by default only while the cells are big enough. Its words are in
    the language of ``t`` (English unless given; ``framework`` then in that language too).
    """
    t = t or translator(None)
    _ = t.gettext
    label = framework.subject_label
    order = frame.assign(_o=frame[OVERALL].fillna(-1), _k=frame["subject"].map(subject_key)).sort_values(
        ["_o", "_k"], ascending=[False, True]
    )
    names = _section_names(framework)
    rows = []
    for _i, r in order.iterrows():
        for s in framework.sections:
            value = rounded(r[s.id])
            rows.append(
                {
                    "subject": r["subject"],
                    "section": s.id,
                    "section_title": names[s.id],
                    "score": value,
                    "shown": "—" if value is None else t.number(value, 0),
                    "target": rounded(r[f"{s.id} target"]),
                    "overall": rounded(r[OVERALL]),
                }
            )
    data = pd.DataFrame(rows, columns=["subject", "section", "section_title", "score", "shown", "target", "overall"])
    subjects = list(dict.fromkeys(order["subject"]))
    x = alt.X(
        "section:N",
        sort=[s.id for s in framework.sections],
        title=framework.section_label,
        axis=alt.Axis(labelAngle=0, orient="top"),
    )
    y = alt.Y("subject:N", sort=subjects, title=None, axis=alt.Axis(labelLimit=240))
    tooltip = [
        alt.Tooltip("subject:N", title=label),
        alt.Tooltip("section_title:N", title=framework.section_label),
        alt.Tooltip("shown:N", title=_("Score %")),
        alt.Tooltip("target:Q", title=_("Target %")),
        alt.Tooltip("overall:Q", title=_("Overall %")),
    ]
    base = alt.Chart(data)
    rated = (
        base.transform_filter("isValid(datum.score)")
        .mark_rect()
        .encode(
            x=x,
            y=y,
            tooltip=tooltip,
            color=alt.Color(
                "score:Q",
                title=_("Score %"),
                scale=alt.Scale(scheme=SCORE_SCHEME, domain=[0, 100]),
                legend=alt.Legend(orient="bottom", gradientLength=240),
            ),
        )
    )
    unrated = base.transform_filter("!isValid(datum.score)").mark_rect(color=NO_SCORE).encode(x=x, y=y, tooltip=tooltip)
    # A layer only with cells to draw: an empty one is an unnamed graphic to a screen reader (axe: svg-img-alt).
    layers = [rated, unrated] if data["score"].isna().any() else [rated]
    if labels if labels is not None else len(subjects) <= LABEL_LIMIT:
        layers.append(
            base.mark_text(fontSize=11).encode(
                x=x,
                y=y,
                text="shown:N",
                tooltip=tooltip,
                color=alt.condition("isValid(datum.score) && datum.score < 50", alt.value("white"), alt.value("black")),
            )
        )
    best = subjects[0] if subjects else "—"
    chart = cast(alt.LayerChart, alt.layer(*layers))  # a FacetChart only when given facet arguments
    return chart.properties(
        title=alt.Title(
            _("Score per {section} and {subject}").format(
                section=t.inline(framework.section_label), subject=t.inline(label)
            ),
            subtitle=lines(
                _(
                    "Darker is lower, yellow is higher; grey: not yet rated. {subjects} ordered by overall score."
                ).format(subjects=framework.subjects_label)
            ),
        ),
        description=_(
            "Heatmap of {n} {subjects} by {m} {sections}, coloured by score from 0 to 100 %. Highest overall score: "
            "{best}."
        ).format(
            n=t.number(len(subjects)),
            subjects=t.inline(framework.subjects_label),
            m=t.number(len(framework.sections)),
            sections=t.inline(framework.sections_label),
            best=best,
        ),
        width="container",
        height=alt.Step(24 if len(subjects) <= LABEL_LIMIT else 12),
    )


_PICKED = "\x00picked\x00"  # stands for the picked city's name in a kept layout


def distribution_spec(
    frame: pd.DataFrame, framework: Framework, subject: str | None = None, t: Translator | None = None
) -> dict[str, Any]:
    """Every city's score per section as a dot, with mean and median, and one city picked out (a Vega-Lite dict).

    The page draws this anew for each city a user picks, and Altair takes tens of milliseconds to build it; the
    layout depends only on the framework's words and whether a city is picked, so it is built once and the data,
    the titles and the picked city's name are put into a copy of it.
    """
    t = t or translator(None)
    _ = t.gettext
    names = _section_names(framework)
    others = _("Other {subjects}").format(subjects=t.inline(framework.subjects_label))
    subjects = frame["subject"].tolist()
    key = subject_key(subject) if subject else None
    picked_rows = [key is not None and subject_key(name) == key for name in subjects]
    points = []  # plain Python: a few thousand points at most, where pandas' per-call costs would dominate
    for s in framework.sections:
        seen: dict[float, int] = {}
        for name, value, chosen in zip(subjects, frame[s.id].tolist(), picked_rows):
            value = rounded(value)
            if value is None:  # no score in this section (None or NaN)
                continue
            n = seen.get(value, 0)
            seen[value] = n + 1
            points.append(
                {
                    "section": names[s.id],
                    "subject": name,
                    "score": value,
                    "who": name if chosen else others,
                    "chosen": chosen,
                    "offset": 0 if chosen else (n % 5) - 2,
                }
            )  # spread equal scores a little
    spread = section_stats(frame, framework)
    stats = [
        {
            "section": names[r.section],
            "statistic": statistic,
            "shown_statistic": _(statistic),
            "score": rounded(getattr(r, statistic.lower())),
        }
        for r in spread.itertuples()
        if r.n
        for statistic in (N_("Mean"), N_("Median"))
    ]
    label, n = framework.subject_label, frame["subject"].nunique()
    picked = " " + _("{subject} is the large vermillion diamond.").format(subject=subject) if subject else ""
    layout = _distribution_layout(
        tuple(names.values()), label, framework.section_label, subject is not None, others, t.code
    )
    words = {
        "n": t.number(n),
        "subject": t.inline(label),
        "subjects": t.inline(framework.subjects_label),
        "section": t.inline(framework.section_label),
    }
    return _filled(
        layout,
        {"points": points, "stats": stats},
        _("How the {n} {subjects} spread in each {section}").format(**words),
        _("Dots: one per {subject}. Solid black line: mean; dashed blue line: median.").format(**words) + picked,
        _(
            "Dot plot of the scores of {n} {subjects} in each of {m} {sections}, from 0 to 100 %, with the mean "
            "and median marked."
        ).format(
            n=words["n"],
            subjects=words["subjects"],
            m=t.number(len(framework.sections)),
            sections=t.inline(framework.sections_label),
        )
        + picked,
        picked=subject,
    )


@functools.lru_cache(maxsize=64)
def _distribution_layout(
    order: tuple[str, ...], label: str, section_label: str, picked: bool, others: str, language: str = "en"
) -> str:
    """The chart without its data and words, as JSON text, with ``_PICKED`` where the picked city's name goes."""
    _ = translator(language).gettext
    y = alt.Y("section:N", sort=list(order), title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X("score:Q", title=_("Score (%)"), scale=alt.Scale(domain=[0, 100]))
    who_domain = [others] + ([_PICKED] if picked else [])
    who_colours = [NEUTRAL] + ([HIGHLIGHT] if picked else [])
    who_shapes = ["circle"] + (["diamond"] if picked else [])
    dots = (
        alt.Chart(alt.NamedData(name="points"))
        .mark_point(filled=True, opacity=0.8)
        .encode(
            x=x,
            y=y,
            yOffset=alt.YOffset("offset:Q", scale=alt.Scale(domain=[-4, 4])),
            color=alt.Color(
                "who:N",
                title=None,
                scale=alt.Scale(domain=who_domain, range=who_colours),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape("who:N", title=None, scale=alt.Scale(domain=who_domain, range=who_shapes)),
            size=alt.condition("datum.chosen", alt.value(160), alt.value(50)),
            order=alt.Order("chosen:N"),
            tooltip=[
                alt.Tooltip("subject:N", title=label),
                alt.Tooltip("section:N", title=section_label),
                alt.Tooltip("score:Q", title=_("Score %")),
            ],
        )
    )
    stat_tooltip = [
        alt.Tooltip("section:N", title=section_label),
        alt.Tooltip("shown_statistic:N", title=_("Statistic")),
        alt.Tooltip("score:Q", title=_("Score %")),
    ]
    stats = alt.NamedData(name="stats")
    mean = (
        alt.Chart(stats)
        .transform_filter("datum.statistic === 'Mean'")
        .mark_tick(color=TARGET, thickness=3, size=30)
        .encode(x=x, y=y, tooltip=stat_tooltip)
    )
    median = (
        alt.Chart(stats)
        .transform_filter("datum.statistic === 'Median'")
        .mark_tick(color=MEDIAN, thickness=2, size=30, strokeDash=[4, 3])
        .encode(x=x, y=y, tooltip=stat_tooltip)
    )
    return json.dumps(
        alt.layer(mean, median, dots)
        .properties(title="", description="", width="container", height=alt.Step(40))
        .to_dict()
    )


def _filled(
    layout: str, datasets: dict[str, Any], title: str, subtitle: str, description: str, picked: str | None = None
) -> dict[str, Any]:
    """A copy of a kept layout (JSON text) with its data, words and (where ``_PICKED`` stands) a city's name."""
    if picked is not None:
        layout = layout.replace(json.dumps(_PICKED)[1:-1], json.dumps(picked)[1:-1])
    spec: dict[str, Any] = json.loads(layout)
    spec.update(title={"text": title, "subtitle": lines(subtitle)}, description=description, datasets=datasets)
    return spec


def self_peer_spec(
    pair: SelfPeer, framework: Framework, level: str = "section", t: Translator | None = None
) -> dict[str, Any]:
    """Dumbbells: the city's own score and the peer reviewers', per section or per item, joined by a line (a
    Vega-Lite dict; the layout is kept per framework and level, as for ``distribution_spec``)."""
    t = t or translator(None)
    _ = t.gettext
    own_view, peer_view = _("Self-assessment"), _("Peer review")
    if level == "section":
        names = _section_names(framework)
        rows = [(names[r["section"]], r["self"], r["peer"], r["difference"]) for _, r in pair.sections.iterrows()]
        order = list(names.values())
        what = t.inline(framework.sections_label)
    else:
        by_item = pair.items.set_index("item")
        order = [f"{i} {_short(framework.item_by_id[i].question)}" for i in framework.item_by_id]
        rows = [
            (name, by_item.loc[i, "self_share"], by_item.loc[i, "peer_share"], by_item.loc[i, "difference"])
            for name, i in zip(order, framework.item_by_id)
        ]
        what = _("items")
    long, spans = [], []
    for name, own, peer, diff in rows:
        own, peer, diff = rounded(own), rounded(peer), rounded(diff)
        long.append({"row": name, "view": own_view, "score": own, "difference": diff})
        long.append({"row": name, "view": peer_view, "score": peer, "difference": diff})
        if own is not None and peer is not None:
            spans.append({"row": name, "low": min(own, peer), "high": max(own, peer), "difference": diff})
    gap = pair.overall_difference
    overall = (
        ""
        if gap is None
        else " "
        + _("Overall the self-assessment is {n} points from the peer review.").format(
            n=("+" if gap > 0 else "") + t.number(gap, 1)
        )
    )
    layout = _self_peer_layout(
        tuple(order),
        framework.section_label if level == "section" else _("Item"),
        28 if level == "section" else 20,
        t.code,
    )
    return _filled(
        layout,
        {"long": long, "spans": spans},
        _("{subject}: self-assessment against peer review").format(subject=pair.subject),
        _(
            "Blue circle: the city's own rating ({own}). Orange square: the peer review ({peer}). The line spans "
            "the difference."
        ).format(own=pair.self_date.isoformat(), peer=pair.peer_date.isoformat()),
        _("Dumbbell chart of {subject}'s own score and the peer review's score for each of the {n} {what}.").format(
            subject=pair.subject, n=t.number(len(rows)), what=what
        )
        + overall,
    )


@functools.lru_cache(maxsize=64)
def _self_peer_layout(order: tuple[str, ...], row_title: str, step: int, language: str = "en") -> str:
    _ = translator(language).gettext
    y = alt.Y("row:N", sort=list(order), title=None, axis=alt.Axis(labelLimit=360))
    x = alt.X("score:Q", title=_("Score (%)"), scale=alt.Scale(domain=[0, 100]))
    views = [_("Self-assessment"), _("Peer review")]
    tooltip = [
        alt.Tooltip("row:N", title=row_title),
        alt.Tooltip("view:N", title=_("View")),
        alt.Tooltip("score:Q", title=_("Score %")),
        alt.Tooltip("difference:Q", title=_("Self − peer (points)")),
    ]
    rules = (
        alt.Chart(alt.NamedData(name="spans"))
        .mark_rule(color=NEUTRAL, strokeWidth=3)
        .encode(x="low:Q", x2="high:Q", y=y)
    )
    # the circle is drawn larger, so where both views agree the square shows inside it
    dots = (
        alt.Chart(alt.NamedData(name="long"))
        .transform_filter("isValid(datum.score)")
        .mark_point(filled=True, opacity=1)
        .encode(
            x=x,
            y=y,
            tooltip=tooltip,
            size=alt.Size("view:N", scale=alt.Scale(domain=views, range=[200, 70]), legend=None),
            order=alt.Order("view:N", sort="descending"),
            color=alt.Color(
                "view:N",
                title=None,
                scale=alt.Scale(domain=views, range=[SELF, PEER]),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape("view:N", title=None, scale=alt.Scale(domain=views, range=["circle", "square"])),
        )
    )
    return json.dumps(
        alt.layer(rules, dots).properties(title="", description="", width="container", height=alt.Step(step)).to_dict()
    )


def progress_spec(
    long: pd.DataFrame, framework: Framework, subject: str, t: Translator | None = None
) -> dict[str, Any]:
    """One city's score per section over time (from ``compare.progress``); overall as a thick black line (a
    Vega-Lite dict; the layout is kept per framework)."""
    t = t or translator(None)
    _ = t.gettext
    rows = long[long["subject"].map(subject_key) == subject_key(subject)]
    names = {OVERALL: _("Overall"), **_section_names(framework)}
    data = [
        {"date": d.isoformat(), "series": names[sid], "score": rounded(v)}
        for d, sid, v in zip(rows["date"], rows["section"], rows["score"])
    ]
    dates = sorted({r["date"] for r in data})
    span = " " + _("from {first} to {last}").format(first=dates[0], last=dates[-1]) if dates else ""
    label = t.inline(framework.section_label)
    return _filled(
        _progress_layout(tuple(names.values()), framework.section_label, t.code),
        {"series": data},
        _("{subject}: progress per {section}").format(subject=subject, section=label),
        _("Each line is one {section}; the thick black line is the overall score.").format(section=label),
        _("Line chart of {subject}'s overall score and each {section}'s score at {n} assessment dates").format(
            subject=subject, section=label, n=t.number(len(dates))
        )
        + span
        + ".",
    )


@functools.lru_cache(maxsize=64)
def _progress_layout(series: tuple[str, ...], section_label: str, language: str = "en") -> str:
    _ = translator(language).gettext
    domain = list(series)
    colours = list(SERIES * (len(domain) // len(SERIES) + 1))[: len(domain)]
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(orient="right", labelLimit=260),
    )
    shape = alt.Shape("series:N", title=None, scale=alt.Scale(domain=domain, range=(SHAPES * 3)[: len(domain)]))
    x = alt.X("date:T", title=_("Date of the assessment"), axis=alt.Axis(format="%Y-%m-%d", tickCount="month"))
    y = alt.Y("score:Q", title=_("Score (%)"), scale=alt.Scale(domain=[0, 100]))
    tooltip = [
        alt.Tooltip("series:N", title=section_label),
        alt.Tooltip("date:T", title=_("Date"), format="%Y-%m-%d"),
        alt.Tooltip("score:Q", title=_("Score %")),
    ]
    base = alt.Chart(alt.NamedData(name="series")).transform_filter("isValid(datum.score)")
    overall = json.dumps(_("Overall"))  # the overall line, as the legend names it, is drawn thick
    lines = base.mark_line().encode(
        x=x, y=y, color=colour, strokeWidth=alt.condition(f"datum.series === {overall}", alt.value(4), alt.value(2))
    )
    points = base.mark_point(filled=True, size=70).encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    return json.dumps(
        alt.layer(lines, points).properties(title="", description="", width="container", height=320).to_dict()
    )
