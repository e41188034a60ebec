"""The Results page's chart: each section's score against its target.

Colours mean what ``palette`` says; every bar also carries its number as text, so nothing depends on colour alone.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import altair as alt
import pandas as pd

from ..framework.model import Framework
from ..i18n.translator import Translator, translator
from ..scoring import Result
from ..tables import status_of
from .palette import STATUS_COLOURS, TARGET
from .words import lines


def gap_chart(result: Result, framework: Framework, language: str = "en") -> alt.LayerChart:
    """Horizontal bars of each section's score, with its target as a black tick, in ``language`` (``result``
    scored with ``framework`` in that language)."""
    return _gap_chart(_gap_rows(result, translator(language)), framework.section_label, language)


def gap_spec(result: Result, framework: Framework, language: str = "en") -> dict[str, Any]:
    """The gap chart as a Vega-Lite dict, built once per distinct set of numbers.

    Building and validating an Altair chart costs tens of milliseconds, most of a
    page rerun; the numbers change only when an answer or a target does, so the
    finished spec is kept, keyed on the numbers themselves (never stale).
    """
    return copy.deepcopy(kept_gap_spec(*gap_key(result, framework, language)))


def gap_key(result: Result, framework: Framework, language: str = "en") -> tuple[Any, ...]:
    """What the gap chart shows, hashable: equal keys, equal charts (a key for whoever keeps a chart)."""
    return _gap_rows(result, translator(language)), framework.section_label, language


@functools.lru_cache(maxsize=512)
def kept_gap_spec(rows: tuple[Any, ...], section_label: str, language: str = "en") -> dict[str, Any]:
    """The kept spec itself, shared: read it, never change it (``gap_spec`` gives a copy)."""
    return _gap_chart(rows, section_label, language).to_dict()


def _gap_rows(result: Result, t: Translator) -> tuple[Any, ...]:
    _ = t.gettext
    return tuple(
        tuple(
            sorted(
                {
                    "id": s.id,
                    "section": f"{s.id} {s.title}",
                    "score": 0.0 if s.score is None else round(s.score, 1),
                    "label": (
                        _("{n} %").format(n=t.number(s.score, 0))
                        if s.score is not None
                        else _("not relevant here")
                        if s.not_relevant_reason is not None
                        else _("not yet rated")
                    ),
                    "target": s.target,
                    "gap": None if s.gap is None else round(s.gap, 1),
                    "status": status_of(s.gap),
                    "shown_status": _(status_of(s.gap)),
                    "rated": _("{answered} of {items}").format(
                        answered=t.number(s.answered), items=t.number(s.relevant)
                    ),
                }.items()
            )
        )
        for s in result.sections
    )


def _gap_chart(kept: tuple[Any, ...], section_label: str, language: str = "en") -> alt.LayerChart:
    t = translator(language)
    _ = t.gettext
    rows = [dict(r) for r in kept]
    columns = ["id", "section", "score", "label", "target", "gap", "status", "shown_status", "rated"]
    data = pd.DataFrame(rows, columns=columns)
    order = [r["section"] for r in rows]
    y = alt.Y("section:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    tooltip = [
        alt.Tooltip("section:N", title=section_label),
        alt.Tooltip("label:N", title=_("Score")),
        alt.Tooltip("target:Q", title=_("Target %")),
        alt.Tooltip("gap:Q", title=_("Gap (points)")),
        alt.Tooltip("rated:N", title=_("Items rated")),
    ]
    base = alt.Chart(data)
    bars = base.mark_bar(height=18).encode(
        x=alt.X("score:Q", title=_("Score (%)"), scale=alt.Scale(domain=[0, 100])),
        y=y,
        color=alt.Color(
            "shown_status:N",
            title=_("Against target"),
            scale=alt.Scale(domain=[_(s) for s in STATUS_COLOURS], range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=tooltip,
    )
    targets = base.mark_tick(color=TARGET, thickness=3, size=26).encode(x="target:Q", y=y, tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4, color=TARGET).encode(x="score:Q", y=y, text="label:N")
    chart: alt.LayerChart = (bars + targets + labels).properties(
        title=alt.Title(
            _("Score per {section} against target").format(section=t.inline(section_label)),
            subtitle=lines(_("Bars: score. Black tick: target. Orange: below target; blue: at or above it.")),
        ),
        width="container",
        height=alt.Step(34),
        description=_gap_description(rows, section_label, t),
    )
    return chart


def _gap_description(rows: list[dict[str, Any]], section_label: str, t: Translator) -> str:
    """What a screen reader says of the chart (its ``aria-label``): every bar's number and target in words, the
    ones below target named, so the chart is never only seen."""
    _ = t.gettext
    parts = []
    for r in rows:
        against = "" if r["target"] is None else ", " + _("target {n} %").format(n=t.number(r["target"]))
        parts.append(f"{r['id']} {r['label']}{against}")
    below = [r["id"] for r in rows if r["status"] == "Below target"]
    tail = " " + _("Below target: {sections}.").format(sections=", ".join(below)) if below else ""
    lead = _("Bar chart of the score per {section} against its target.").format(section=t.inline(section_label))
    return lead + " " + "; ".join(parts) + "." + tail
