"""What the Respondents, Respond, and Views and consensus pages show, in words and tables (their charts are in
``benchmark.charts.panel``).

Plain Python (no Streamlit): the pages in ``app_pages/`` call these, and the tests check them directly. Every
figure comes from :func:`benchmark.respondents.views`, so the minimum group size holds here too: nothing in
this module ever reads an individual respondent's rating, except :func:`progress_table`, which counts answers
and shows no rating at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from .assessment import MERGED_PREFIX, Assessment, Consensus
from .framework.model import Framework
from .i18n.translator import Translator, translator
from .respondents import Level, Line, Views, merged_label, no_evidence_items, progress

ENGLISH = translator(None)
Names = Callable[[str], str]  # a role (group) as the reader's language names it; stored roles stay English


def group_name(group: str, k: int, t: Translator = ENGLISH, role: Names = str) -> str:
    """A shown group in the reader's language: a role, or the merged small roles ("Other roles (groups under 3)")."""
    if group == merged_label(k):
        return t.gettext("{other} (groups under {k})").format(other=t.gettext(MERGED_PREFIX), k=t.number(k))
    return role(group)


def _pct(x: float, t: Translator) -> str:
    return t.gettext("{n} %").format(n=t.number(x, 1))


def respond_url(base: str | None, token: str, lang: str | None = None) -> str:
    """The personal link of a respondent: the full address when the app's address is known, else ``?r=…``; it
    opens in ``lang`` (``&lang=ar``) unless that is English, the default."""
    query = f"?r={token}" + (f"&lang={lang}" if lang and lang != "en" else "")
    return f"{base}/respond{query}" if base else query


# ------------------------------------------------------------------------------------------ respondents list


def progress_table(
    assessment: Assessment, framework: Framework, t: Translator = ENGLISH, role: Names = str
) -> pd.DataFrame:
    """One row per respondent: role, label, how many items they answered. Never a rating."""
    _ = t.gettext
    columns = [_("Role"), _("Label"), _("Answered"), _("Share answered (%)"), _("Added")]
    rows = [
        [
            role(p.respondent.role),
            p.respondent.label or "—",
            _("{answered} of {items}").format(answered=t.number(p.answered), items=t.number(p.items)),
            round(p.share),
            t.date(p.respondent.created_at.date()),
        ]
        for p in progress(assessment, framework)
    ]
    return pd.DataFrame(rows, columns=columns)


def respondent_choice(assessment: Assessment, role: Names = str) -> dict[str, str]:
    """Respondent id -> how to name them in a select box (role, label, position), for the facilitator."""
    out = {}
    for n, r in enumerate(assessment.respondents, start=1):
        out[r.id] = f"{n}. {role(r.role)}" + (f" — {r.label}" if r.label else "")
    return out


def progress_summary(assessment: Assessment, framework: Framework, t: Translator = ENGLISH) -> str:
    """How far the respondents have got, in one sentence, with counts only."""
    rows = progress(assessment, framework)
    if not rows:
        return t.gettext("No respondents yet.")
    done = sum(p.answered == p.items for p in rows)
    started = sum(0 < p.answered < p.items for p in rows)
    return t.ngettext(
        "{n} respondent: {done} answered every item, {started} started, {waiting} not started yet.",
        "{n} respondents: {done} answered every item, {started} started, {waiting} not started yet.",
        len(rows),
    ).format(
        n=t.number(len(rows)),
        done=t.number(done),
        started=t.number(started),
        waiting=t.number(len(rows) - done - started),
    )


# ------------------------------------------------------------------------------------------ views in words


def group_note(v: Views, t: Translator = ENGLISH, role: Names = str) -> str:
    """Which groups are shown and why some are not, for a caption under every view."""
    _, k = t.gettext, t.number(v.k)
    if not v.respondents:
        return _("No respondents yet.")
    parts = [f"{group_name(g, v.k, t, role)} ({t.number(v.members[g])})" for g in v.groups]
    if parts:
        text = _("Groups shown: {groups}.").format(groups=", ".join(parts))
    else:
        text = _("No group has {k} or more respondents yet, so no rating can be shown.").format(k=k)
    if merged_label(v.k) in v.groups:
        text += " " + _(
            "Roles with fewer than {k} respondents are merged into “{merged}”, so no small group is shown on its own."
        ).format(k=k, merged=group_name(merged_label(v.k), v.k, t))
    if v.suppressed:
        text += " " + t.ngettext(
            "{n} respondent in roles with fewer than {k} respondents is left out of every figure: together "
            "they are still fewer than {k}.",
            "{n} respondents in roles with fewer than {k} respondents are left out of every figure: together "
            "they are still fewer than {k}.",
            v.suppressed,
        ).format(n=t.number(v.suppressed), k=k)
    text += " " + _("A group's figure for an item is shown only when at least {k} of its respondents rated it.").format(
        k=k
    )
    return text


def means_in_words(line: Line, k: int, t: Translator = ENGLISH, role: Names = str) -> str:
    """One item's or section's group means and spread ("Residents: 66.7 %; Staff: 33.3 %. The groups are 33
    points apart.")."""
    means = "; ".join(f"{group_name(g, k, t, role)}: {_pct(view.mean, t)}" for g, view in line.groups.items())
    if line.spread is None:
        return (means or t.gettext("no group shown")) + "."
    return (
        means
        + ". "
        + t.ngettext("The groups are {n} point apart.", "The groups are {n} points apart.", round(line.spread)).format(
            n=t.number(line.spread, 0)
        )
    )


def line_in_words(line: Line, k: int = 3, t: Translator = ENGLISH, role: Names = str) -> str:
    """One item's or section's group means and spread in a sentence, after its id and title."""
    return f"{line.id} {line.title} — {means_in_words(line, k, t, role)}"


def disagreement_in_words(
    v: Views, level: Level = "item", top: int = 5, t: Translator = ENGLISH, role: Names = str
) -> list[str]:
    """The lines where the groups' means are furthest apart, largest spread first, one sentence each (plain text,
    with the groups' names as typed: a page escapes it)."""
    out = []
    for line in v.disagreement(level, top=top):
        hi = max(line.groups.values(), key=lambda g: g.mean)
        lo = min(line.groups.values(), key=lambda g: g.mean)
        spread = line.spread or 0.0
        out.append(
            t.ngettext(
                "{id} {title}: {high} rate it {high_mean}, {low} {low_mean} — {n} point apart.",
                "{id} {title}: {high} rate it {high_mean}, {low} {low_mean} — {n} points apart.",
                round(spread),
            ).format(
                id=line.id,
                title=line.title,
                high=group_name(hi.group, v.k, t, role),
                high_mean=_pct(hi.mean, t),
                low=group_name(lo.group, v.k, t, role),
                low_mean=_pct(lo.mean, t),
                n=t.number(spread, 0),
            )
        )
    return out


def spread_table(
    v: Views,
    framework: Framework,
    level: Level = "item",
    section: str | None = None,
    t: Translator = ENGLISH,
    role: Names = str,
) -> pd.DataFrame:
    """The side-by-side table for the page: each shown group's mean and n, the spread and the agreed rating."""
    _ = t.gettext
    frame = v.spread_frame(level)
    if section is not None and not frame.empty:
        frame = frame[frame["section"] == section]
    if level == "item" and not frame.empty:
        frame = frame.assign(
            agreed=[framework.rating_label(i, None if pd.isna(x) else x) for i, x in zip(frame["id"], frame["agreed"])]
        )
    frame = frame.drop(columns=["section"]).rename(
        columns={
            "id": _("Item") if level == "item" else _("Section"),
            "title": _("Question") if level == "item" else _("Title"),
            "spread": _("Spread (points)"),
            "sd": _("SD (points)"),
            "n": _("Respondents counted"),
            "rank": _("Disagreement rank"),
            "agreed": _("Agreed rating"),
        }
    )
    frame.columns = [_columns_of_group(c, v.k, t, role) for c in frame.columns]
    return frame.reset_index(drop=True)


def _columns_of_group(column: str, k: int, t: Translator, role: Names) -> str:
    """A group's columns ("Residents %", "Residents n") with the group named in the reader's language."""
    for suffix in (" %", " n"):
        if column.endswith(suffix) and column != t.gettext("Spread (points)"):
            return group_name(column[: -len(suffix)], k, t, role) + suffix
    return column


def agreed_caption(agreed: Consensus, where: bool = True, t: Translator = ENGLISH) -> str:
    """Who agreed a rating, when and why (with ``where``: and where to change it, as the Assess page says)."""
    _ = t.gettext
    who = ", ".join(agreed.agreed_by) or _("the team")
    text = _("Agreed by {who} on {date}").format(who=who, date=t.date(agreed.decided_at.date(), "long"))
    text += f": {agreed.rationale}" if agreed.rationale else ""
    return text + (" — " + _("change it on Views and consensus.") if where else "")


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
    "group_name",
    "group_note",
    "line_in_words",
    "means_in_words",
    "new_consensus",
    "no_evidence_in_words",
    "parse_agreed_by",
    "progress_summary",
    "progress_table",
    "respond_url",
    "respondent_choice",
    "spread_table",
]
