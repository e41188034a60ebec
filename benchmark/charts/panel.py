"""The respondents' group views as charts (Views and consensus, and Compare's views by role across cities).

Colours mean what ``palette`` says; each group has its own shape as well as its own colour, so nothing depends
on colour alone. Every figure comes from :func:`benchmark.respondents.views`, so the minimum group size holds
here too.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ..framework.model import Framework
from ..i18n.translator import Translator, translator
from ..respondents import Level, Views
from ..role_views import Names, group_name
from .palette import GROUPS, HIGHER, LOWER, NEUTRAL, SHAPES
from .words import lines


def _group_scales(groups: tuple[str, ...] | list[str]) -> tuple[alt.Scale, alt.Scale]:
    groups = list(groups)
    colours = [GROUPS[n % len(GROUPS)] for n in range(len(groups))]
    shapes = [SHAPES[n % len(SHAPES)] for n in range(len(groups))]
    return alt.Scale(domain=groups, range=colours), alt.Scale(domain=groups, range=shapes)


def role_means_chart(
    v: Views,
    framework: Framework,
    level: Level = "item",
    section: str | None = None,
    t: Translator | None = None,
    role: Names = str,
) -> alt.LayerChart:
    """Each shown group's mean per item (of one section) or per section, as dots on a 0–100 scale, with a grey
    rule from the lowest to the highest group mean (the spread); in the language of ``t`` (English unless given;
    ``v`` then of ``framework`` in that language), each group named by ``role``."""
    t = t or translator(None)
    _ = t.gettext
    frame = v.frame(level)
    if section is not None and not frame.empty:
        frame = frame[frame["section"] == section]
    frame = frame.assign(
        line=frame["id"] + " " + frame["title"].str.slice(0, 60),
        label=frame["mean"].map(lambda x: _("{n} %").format(n=t.number(x, 0))),
        group=frame["group"].map(lambda g: group_name(g, v.k, t, role)),
    )
    order = list(dict.fromkeys(frame["line"]))
    spans = (
        frame.groupby("line", sort=False)["mean"].agg(["min", "max"]).reset_index()
        if not frame.empty
        else pd.DataFrame(columns=["line", "min", "max"])
    )
    colour, shape = _group_scales([group_name(g, v.k, t, role) for g in v.groups])
    y = alt.Y("line:N", sort=order, title=None, axis=alt.Axis(labelLimit=360))
    rule = (
        alt.Chart(spans)
        .mark_rule(color=NEUTRAL, strokeWidth=2)
        .encode(x=alt.X("min:Q", scale=alt.Scale(domain=[0, 100])), x2="max:Q", y=y)
    )
    dots = (
        alt.Chart(frame)
        .mark_point(size=140, filled=True, opacity=0.9)
        .encode(
            x=alt.X("mean:Q", title=_("Group mean (% of the scale's top)"), scale=alt.Scale(domain=[0, 100])),
            y=y,
            color=alt.Color(
                "group:N", title=_("Group"), scale=colour, legend=alt.Legend(orient="bottom", columns=1, labelLimit=0)
            ),
            shape=alt.Shape("group:N", title=_("Group"), scale=shape),
            tooltip=[
                alt.Tooltip("line:N", title=_("Item") if level == "item" else framework.section_label),
                alt.Tooltip("group:N", title=_("Group")),
                alt.Tooltip("label:N", title=_("Mean")),
                alt.Tooltip("n:Q", title=_("Respondents counted")),
                alt.Tooltip("low:Q", title=_("Lowest"), format=".0f"),
                alt.Tooltip("high:Q", title=_("Highest"), format=".0f"),
            ],
        )
    )
    where = (
        _("{section} {id}: each item").format(section=framework.section_label, id=section)
        if section
        else _("Each {section}").format(section=t.inline(framework.section_label))
    )
    chart: alt.LayerChart = (rule + dots).properties(
        title=alt.Title(
            _("{where}, as each group rates it").format(where=where),
            subtitle=lines(
                _(
                    "Dots: a group's mean (colour and shape per group). Grey line: the spread between groups. Only "
                    "groups of at least {k} respondents are shown."
                ).format(k=t.number(v.k))
            ),
        ),
        width="container",
        height=alt.Step(34),
        description=_means_description(frame, order, where, t),
    )
    return chart


def _means_description(frame: pd.DataFrame, order: list[str], where: str, t: Translator) -> str:
    """What a screen reader says of the chart: each line's group means in words, the widest spread named."""
    _ = t.gettext
    if frame.empty:
        return _("{where}, as each group rates it: no group of the minimum size yet.").format(where=where)
    lines = []
    for line in order:
        rows = frame[frame["line"] == line]
        means = ", ".join(
            f"{g} " + _("{n} %").format(n=t.number(m, 0)) for g, m in zip(rows["group"], rows["mean"], strict=True)
        )
        lines.append(f"{line.split(' ', 1)[0]}: {means}")
    spread = frame.groupby("line", sort=False)["mean"].agg(lambda m: m.max() - m.min())
    widest = spread.idxmax()
    return (
        _("Dot chart. {where}, as each group rates it (mean as % of the scale's top).").format(where=where)
        + " "
        + "; ".join(lines)
        + ". "
        + _("Widest spread: {line}, {n} points.").format(line=widest.split(" ", 1)[0], n=t.number(spread.max(), 0))
    )


def role_means_spec(
    v: Views,
    framework: Framework,
    level: Level = "item",
    section: str | None = None,
    t: Translator | None = None,
    role: Names = str,
) -> dict[str, Any]:
    return role_means_chart(v, framework, level, section, t, role).to_dict()


def role_gap_chart(
    frame: pd.DataFrame,
    framework: Framework,
    group_a: str,
    group_b: str,
    t: Translator | None = None,
    role: Names = str,
) -> alt.Chart:
    """Across cities: ``group_a``'s mean minus ``group_b``'s per section (from ``compare.roles.role_gaps``), one bar
    per city and section; orange below zero (``group_a`` rates lower), blue above. In the language of ``t``, each
    group named by ``role``."""
    t = t or translator(None)
    _ = t.gettext
    a, b = role(group_a), role(group_b)
    sections = [s.id for s in framework.sections]
    named = frame.assign(
        city=frame["subject"] + " (" + frame["type"].astype(str) + ", " + frame["date"].astype(str) + ")"
    )
    long = named.melt(
        id_vars=["city"], value_vars=[s for s in sections if s in frame.columns], var_name="section", value_name="gap"
    ).dropna(subset=["gap"])
    lower, higher = _("{group} lower").format(group=a), _("{group} higher").format(group=a)
    long = long.assign(
        direction=long["gap"].map(lambda g: lower if g < 0 else higher),
        label=long["gap"].map(lambda g: ("+" if g > 0 else "") + t.number(g, 0)),
    )
    chart: alt.Chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X(
                "gap:Q",
                title=_("{a} minus {b} (points)").format(a=a, b=b),
                scale=alt.Scale(domain=[-100, 100]),
            ),
            y=alt.Y("city:N", title=None),
            row=alt.Row("section:N", title=None, sort=sections, header=alt.Header(labelAngle=0, labelAlign="left")),
            color=alt.Color(
                "direction:N",
                title=None,
                scale=alt.Scale(domain=[lower, higher], range=[LOWER, HIGHER]),
                # One label a line and never cut: the two labels start alike ("Migrant residents and th…" twice)
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("city:N", title=_("Assessment")),
                alt.Tooltip("section:N", title=framework.section_label),
                alt.Tooltip("label:N", title=_("Gap (points)")),
            ],
        )
        .properties(
            title=alt.Title(
                _("Where {a} rate differently from {b}").format(a=a, b=b),
                subtitle=lines(_("Per city and section; groups under each city's minimum size are left out.")),
            ),
            description=_(
                "Bar chart: per city and {section}, {a}'s mean rating minus {b}'s, in points from -100 to 100. The "
                "same numbers are in the table above."
            ).format(section=t.inline(framework.section_label), a=a, b=b),
            width=420,
            height=alt.Step(16),
        )
    )
    return chart
