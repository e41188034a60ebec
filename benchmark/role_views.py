"""What the Respondents, Respond, and Views and consensus pages show, in words, tables and charts.

Plain Python (no Streamlit): the pages in ``app_pages/`` call these, and the tests check them directly. Every
figure comes from :func:`benchmark.respondents.views`, so the minimum group size holds here too: nothing in
this module ever reads an individual respondent's rating, except :func:`progress_table`, which counts answers
and shows no rating at all.

Charts use the Okabe–Ito palette (distinguishable with the common forms of colour blindness) and give each
group its own shape as well as its own colour, so nothing depends on colour alone.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from .assessment import Assessment, Consensus
from .questionnaire import Framework
from .respondents import Line, Views, merged_label, no_evidence_items, progress

# Okabe–Ito colours and distinct shapes, one pair per shown group (in the order the views list them).
GROUP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
GROUP_SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right",
                "triangle-left")


def respond_url(base: str | None, token: str) -> str:
    """The personal link of a respondent: the full address when the app's address is known, else ``?r=…``."""
    query = f"?r={token}"
    return f"{base}/respond{query}" if base else query


# ------------------------------------------------------------------------------------------ respondents list


def progress_table(assessment: Assessment, framework: Framework) -> pd.DataFrame:
    """One row per respondent: role, label, how many items they answered. Never a rating."""
    rows = [{"Role": p.respondent.role, "Label": p.respondent.label or "—",
             "Answered": f"{p.answered} of {p.items}", "Share answered (%)": round(p.share),
             "Added": p.respondent.created_at.strftime("%d %b %Y")}
            for p in progress(assessment, framework)]
    return pd.DataFrame(rows, columns=["Role", "Label", "Answered", "Share answered (%)", "Added"])


def respondent_choice(assessment: Assessment) -> dict[str, str]:
    """Respondent id -> how to name them in a select box (role, label, position), for the facilitator."""
    out = {}
    for n, r in enumerate(assessment.respondents, start=1):
        out[r.id] = f"{n}. {r.role}" + (f" — {r.label}" if r.label else "")
    return out


def progress_summary(assessment: Assessment, framework: Framework) -> str:
    """How far the respondents have got, in one sentence, with counts only."""
    rows = progress(assessment, framework)
    if not rows:
        return "No respondents yet."
    done = sum(p.answered == p.items for p in rows)
    started = sum(0 < p.answered < p.items for p in rows)
    return (f"{len(rows)} respondent(s): {done} answered every item, {started} started, "
            f"{len(rows) - done - started} not started yet.")


# ------------------------------------------------------------------------------------------ views in words


def group_note(v: Views) -> str:
    """Which groups are shown and why some are not, for a caption under every view."""
    if not v.respondents:
        return "No respondents yet."
    parts = [f"{g} ({v.members[g]})" for g in v.groups]
    text = (f"Groups shown: {', '.join(parts)}." if parts else
            f"No group has {v.k} or more respondents yet, so no rating can be shown.")
    merged = merged_label(v.k)
    if merged in v.groups:
        text += (f" Roles with fewer than {v.k} respondents are merged into “{merged}”, so no small group "
                 "is shown on its own.")
    if v.suppressed:
        text += (f" {v.suppressed} respondent(s) in roles with fewer than {v.k} respondents are left out of "
                 f"every figure: together they are still fewer than {v.k}.")
    text += f" A group's figure for an item is shown only when at least {v.k} of its respondents rated it."
    return text


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f} %"


def line_in_words(line: Line) -> str:
    """One item's or section's group means and spread in a sentence."""
    means = "; ".join(f"{g}: {view.mean:.1f} %" for g, view in line.groups.items())
    if line.spread is None:
        return f"{line.id} {line.title} — {means or 'no group shown'}."
    return f"{line.id} {line.title} — {means}. The groups are {line.spread:.0f} points apart."


def disagreement_in_words(v: Views, level: str = "item", top: int = 5) -> list[str]:
    """The lines where the groups' means are furthest apart, largest spread first, one sentence each."""
    out = []
    for line in v.disagreement(level, top=top):
        hi = max(line.groups.values(), key=lambda g: g.mean)
        lo = min(line.groups.values(), key=lambda g: g.mean)
        out.append(f"**{line.id}** {line.title}: {hi.group} rate it {hi.mean:.1f} %, {lo.group} "
                   f"{lo.mean:.1f} % — {line.spread:.0f} points apart.")
    return out


def spread_table(v: Views, framework: Framework, level: str = "item", section: str | None = None) -> pd.DataFrame:
    """The side-by-side table for the page: each shown group's mean and n, the spread and the agreed rating."""
    frame = v.spread_frame(level)
    if section is not None and not frame.empty:
        frame = frame[frame["section"] == section]
    if level == "item" and not frame.empty:
        frame = frame.assign(agreed=[_option_label(framework, i, x) for i, x in zip(frame["id"], frame["agreed"])])
    frame = frame.drop(columns=["section"]).rename(columns={
        "id": "Item" if level == "item" else "Section", "title": "Question" if level == "item" else "Title",
        "spread": "Spread (points)", "sd": "SD (points)", "n": "Respondents counted", "rank": "Disagreement rank",
        "agreed": "Agreed rating"})
    return frame.reset_index(drop=True)


def _option_label(framework: Framework, item_id: str, value: str | None) -> str | None:
    if value is None or pd.isna(value):
        return None
    option = framework.scale_for(framework.item_by_id[item_id]).option(value)
    return option.label if option else value


def agreed_caption(agreed: Consensus, where: bool = True) -> str:
    """Who agreed a rating, when and why (with ``where``: and where to change it, as the Assess page says)."""
    who = ", ".join(agreed.agreed_by) or "the team"
    why = f": {agreed.rationale}" if agreed.rationale else ""
    text = f"Agreed by {who} on {agreed.decided_at:%d %B %Y}{why}"
    return text + (" — change it on Views and consensus." if where else "")


def parse_agreed_by(text: str) -> list[str]:
    """Who agreed, typed as a list separated by commas, semicolons or new lines."""
    parts = [p.strip() for chunk in text.replace(";", ",").splitlines() for p in chunk.split(",")]
    return [p[:200] for p in parts if p][:50]


def new_consensus(item_id: str, value: str, agreed_by: str, rationale: str,
                  when: dt.datetime | None = None) -> Consensus:
    fields = {"item_id": item_id, "value": value, "agreed_by": parse_agreed_by(agreed_by),
              "rationale": rationale.strip()}
    if when is not None:
        fields["decided_at"] = when
    return Consensus(**fields)


def no_evidence_in_words(assessment: Assessment, framework: Framework) -> list[str]:
    """Items rated (not "not relevant here") with no evidence text from the team or any respondent."""
    return [f"{i} {framework.item_by_id[i].question}" for i in no_evidence_items(assessment, framework)]


# ------------------------------------------------------------------------------------------ charts


def _group_scales(groups: tuple[str, ...] | list[str]) -> tuple[alt.Scale, alt.Scale]:
    groups = list(groups)
    colours = [GROUP_COLOURS[n % len(GROUP_COLOURS)] for n in range(len(groups))]
    shapes = [GROUP_SHAPES[n % len(GROUP_SHAPES)] for n in range(len(groups))]
    return alt.Scale(domain=groups, range=colours), alt.Scale(domain=groups, range=shapes)


def role_means_chart(v: Views, framework: Framework, level: str = "item",
                     section: str | None = None) -> alt.LayerChart:
    """Each shown group's mean per item (of one section) or per section, as dots on a 0–100 scale, with a grey
    rule from the lowest to the highest group mean (the spread)."""
    frame = v.frame(level)
    if section is not None and not frame.empty:
        frame = frame[frame["section"] == section]
    frame = frame.assign(line=frame["id"] + " " + frame["title"].str.slice(0, 60),
                         label=frame["mean"].map(lambda x: f"{x:.0f} %"))
    order = list(dict.fromkeys(frame["line"]))
    spans = (frame.groupby("line", sort=False)["mean"].agg(["min", "max"]).reset_index()
             if not frame.empty else pd.DataFrame(columns=["line", "min", "max"]))
    colour, shape = _group_scales(v.groups)
    y = alt.Y("line:N", sort=order, title=None, axis=alt.Axis(labelLimit=360))
    rule = alt.Chart(spans).mark_rule(color="#999999", strokeWidth=2).encode(
        x=alt.X("min:Q", scale=alt.Scale(domain=[0, 100])), x2="max:Q", y=y)
    dots = alt.Chart(frame).mark_point(size=140, filled=True, opacity=0.9).encode(
        x=alt.X("mean:Q", title="Group mean (% of the scale's top)", scale=alt.Scale(domain=[0, 100])),
        y=y,
        color=alt.Color("group:N", title="Group", scale=colour, legend=alt.Legend(orient="bottom", columns=1)),
        shape=alt.Shape("group:N", title="Group", scale=shape),
        tooltip=[alt.Tooltip("line:N", title="Item" if level == "item" else framework.section_label),
                 alt.Tooltip("group:N", title="Group"), alt.Tooltip("label:N", title="Mean"),
                 alt.Tooltip("n:Q", title="Respondents counted"), alt.Tooltip("low:Q", title="Lowest", format=".0f"),
                 alt.Tooltip("high:Q", title="Highest", format=".0f")],
    )
    where = (f"{framework.section_label} {section}: each item" if section else
             f"Each {framework.section_label.lower()}")
    return (rule + dots).properties(
        title=alt.Title(f"{where}, as each group rates it",
                        subtitle=f"Dots: a group's mean (colour and shape per group). Grey line: the spread between "
                                 f"groups. Only groups of at least {v.k} respondents are shown."),
        width="container", height=alt.Step(34))


def role_means_spec(v: Views, framework: Framework, level: str = "item", section: str | None = None) -> dict:
    return role_means_chart(v, framework, level, section).to_dict()


def role_gap_chart(frame: pd.DataFrame, framework: Framework, group_a: str, group_b: str) -> alt.Chart:
    """Across cities: ``group_a``'s mean minus ``group_b``'s per section (from ``compare.role_gaps``), one bar
    per city and section; orange below zero (``group_a`` rates lower), blue above."""
    sections = [s.id for s in framework.sections]
    named = frame.assign(city=frame["subject"] + " (" + frame["type"].astype(str) + ", " + frame["date"].astype(str)
                         + ")")
    long = named.melt(id_vars=["city"], value_vars=[s for s in sections if s in frame.columns],
                      var_name="section", value_name="gap").dropna(subset=["gap"])
    long = long.assign(direction=long["gap"].map(lambda g: f"{group_a} lower" if g < 0 else f"{group_a} higher"),
                       label=long["gap"].map(lambda g: f"{g:+.0f}"))
    domain = [f"{group_a} lower", f"{group_a} higher"]
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("gap:Q", title=f"{group_a} minus {group_b} (points)", scale=alt.Scale(domain=[-100, 100])),
        y=alt.Y("city:N", title=None),
        row=alt.Row("section:N", title=None, sort=sections, header=alt.Header(labelAngle=0, labelAlign="left")),
        color=alt.Color("direction:N", title=None, scale=alt.Scale(domain=domain, range=["#E69F00", "#0072B2"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("city:N", title="Assessment"), alt.Tooltip("section:N", title=framework.section_label),
                 alt.Tooltip("label:N", title="Gap (points)")],
    ).properties(title=alt.Title(f"Where {group_a} rate differently from {group_b}",
                                 subtitle="Per city and section; groups under each city's minimum size are left out."),
                 width=420, height=alt.Step(16))


__all__ = ["GROUP_COLOURS", "GROUP_SHAPES", "agreed_caption", "disagreement_in_words",
           "group_note", "line_in_words", "new_consensus",
           "no_evidence_in_words", "parse_agreed_by", "progress_summary", "progress_table", "respond_url",
           "respondent_choice", "role_gap_chart", "role_means_chart", "role_means_spec", "spread_table"]
