"""What the Respondents, Respond, and Views and consensus pages show, in words and tables (their charts are in
``benchmark.charts.panel``).

Plain Python (no Streamlit): the pages in ``app_pages/`` call these, and the tests check them directly. Every
figure comes from :func:`benchmark.respondents.views`, so the minimum group size holds here too: nothing in
this module ever reads an individual respondent's rating, except :func:`progress_table`, which counts answers
and shows no rating at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .assessment import Assessment, Consensus
from .framework.model import Framework
from .respondents import Level, Line, Views, merged_label, no_evidence_items, progress


def respond_url(base: str | None, token: str, lang: str | None = None) -> str:
    """The personal link of a respondent: the full address when the app's address is known, else ``?r=…``; it
    opens in ``lang`` (``&lang=ar``) unless that is English, the default."""
    query = f"?r={token}" + (f"&lang={lang}" if lang and lang != "en" else "")
    return f"{base}/respond{query}" if base else query


# ------------------------------------------------------------------------------------------ respondents list


def progress_table(assessment: Assessment, framework: Framework) -> pd.DataFrame:
    """One row per respondent: role, label, how many items they answered. Never a rating."""
    rows = [
        {
            "Role": p.respondent.role,
            "Label": p.respondent.label or "—",
            "Answered": f"{p.answered} of {p.items}",
            "Share answered (%)": round(p.share),
            "Added": p.respondent.created_at.strftime("%d %b %Y"),
        }
        for p in progress(assessment, framework)
    ]
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
    return (
        f"{len(rows)} respondent(s): {done} answered every item, {started} started, "
        f"{len(rows) - done - started} not started yet."
    )


# ------------------------------------------------------------------------------------------ views in words


def group_note(v: Views) -> str:
    """Which groups are shown and why some are not, for a caption under every view."""
    if not v.respondents:
        return "No respondents yet."
    parts = [f"{g} ({v.members[g]})" for g in v.groups]
    text = (
        f"Groups shown: {', '.join(parts)}."
        if parts
        else f"No group has {v.k} or more respondents yet, so no rating can be shown."
    )
    merged = merged_label(v.k)
    if merged in v.groups:
        text += (
            f" Roles with fewer than {v.k} respondents are merged into “{merged}”, so no small group "
            "is shown on its own."
        )
    if v.suppressed:
        text += (
            f" {v.suppressed} respondent(s) in roles with fewer than {v.k} respondents are left out of "
            f"every figure: together they are still fewer than {v.k}."
        )
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


def disagreement_in_words(v: Views, level: Level = "item", top: int = 5) -> list[str]:
    """The lines where the groups' means are furthest apart, largest spread first, one sentence each (plain text,
    with the groups' names as typed: a page escapes it)."""
    out = []
    for line in v.disagreement(level, top=top):
        hi = max(line.groups.values(), key=lambda g: g.mean)
        lo = min(line.groups.values(), key=lambda g: g.mean)
        out.append(
            f"{line.id} {line.title}: {hi.group} rate it {hi.mean:.1f} %, {lo.group} "
            f"{lo.mean:.1f} % — {line.spread:.0f} points apart."
        )
    return out


def spread_table(v: Views, framework: Framework, level: Level = "item", section: str | None = None) -> pd.DataFrame:
    """The side-by-side table for the page: each shown group's mean and n, the spread and the agreed rating."""
    frame = v.spread_frame(level)
    if section is not None and not frame.empty:
        frame = frame[frame["section"] == section]
    if level == "item" and not frame.empty:
        frame = frame.assign(
            agreed=[framework.rating_label(i, None if pd.isna(x) else x) for i, x in zip(frame["id"], frame["agreed"])]
        )
    frame = frame.drop(columns=["section"]).rename(
        columns={
            "id": "Item" if level == "item" else "Section",
            "title": "Question" if level == "item" else "Title",
            "spread": "Spread (points)",
            "sd": "SD (points)",
            "n": "Respondents counted",
            "rank": "Disagreement rank",
            "agreed": "Agreed rating",
        }
    )
    return frame.reset_index(drop=True)


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


def new_consensus(
    item_id: str, value: str, agreed_by: str, rationale: str, when: dt.datetime | None = None
) -> Consensus:
    fields: dict[str, Any] = {
        "item_id": item_id,
        "value": value,
        "agreed_by": parse_agreed_by(agreed_by),
        "rationale": rationale.strip(),
    }
    if when is not None:
        fields["decided_at"] = when
    return Consensus(**fields)


def no_evidence_in_words(assessment: Assessment, framework: Framework) -> list[str]:
    """Items rated (not "not relevant here") with no evidence text from the team or any respondent."""
    return [f"{i} {framework.item_by_id[i].question}" for i in no_evidence_items(assessment, framework)]


__all__ = [
    "agreed_caption",
    "disagreement_in_words",
    "group_note",
    "line_in_words",
    "new_consensus",
    "no_evidence_in_words",
    "parse_agreed_by",
    "progress_summary",
    "progress_table",
    "respond_url",
    "respondent_choice",
    "spread_table",
]
