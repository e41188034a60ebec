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
from ..scoring import Result
from ..tables import status_of
from .palette import STATUS_COLOURS, TARGET


def gap_chart(result: Result, framework: Framework) -> alt.LayerChart:
    """Horizontal bars of each section's score, with its target as a black tick."""
    return _gap_chart(_gap_rows(result), framework.section_label)


def gap_spec(result: Result, framework: Framework) -> dict[str, Any]:
    """The gap chart as a Vega-Lite dict, built once per distinct set of numbers.

    Building and validating an Altair chart costs tens of milliseconds, most of a
    page rerun; the numbers change only when an answer or a target does, so the
    finished spec is kept, keyed on the numbers themselves (never stale).
    """
    return copy.deepcopy(kept_gap_spec(*gap_key(result, framework)))


def gap_key(result: Result, framework: Framework) -> tuple[Any, ...]:
    """What the gap chart shows, hashable: equal keys, equal charts (a key for whoever keeps a chart)."""
    return _gap_rows(result), framework.section_label


@functools.lru_cache(maxsize=512)
def kept_gap_spec(rows: tuple[Any, ...], section_label: str) -> dict[str, Any]:
    """The kept spec itself, shared: read it, never change it (``gap_spec`` gives a copy)."""
    return _gap_chart(rows, section_label).to_dict()


def _gap_rows(result: Result) -> tuple[Any, ...]:
    return tuple(
        tuple(
            sorted(
                {
                    "id": s.id,
                    "section": f"{s.id} {s.title}",
                    "score": 0.0 if s.score is None else round(s.score, 1),
                    "label": (
                        f"{s.score:.0f} %"
                        if s.score is not None
                        else "not relevant here"
                        if s.not_relevant_reason is not None
                        else "not yet rated"
                    ),
                    "target": s.target,
                    "gap": None if s.gap is None else round(s.gap, 1),
                    "status": status_of(s.gap),
                    "rated": f"{s.answered} of {s.relevant}",
                }.items()
            )
        )
        for s in result.sections
    )


def _gap_chart(kept: tuple[Any, ...], section_label: str) -> alt.LayerChart:
    rows = [dict(r) for r in kept]
    data = pd.DataFrame(rows, columns=["id", "section", "score", "label", "target", "gap", "status", "rated"])
    order = [r["section"] for r in rows]
    y = alt.Y("section:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    tooltip = [
        alt.Tooltip("section:N", title=section_label),
        alt.Tooltip("label:N", title="Score"),
        alt.Tooltip("target:Q", title="Target %"),
        alt.Tooltip("gap:Q", title="Gap (points)"),
        alt.Tooltip("rated:N", title="Items rated"),
    ]
    base = alt.Chart(data)
    bars = base.mark_bar(height=18).encode(
        x=alt.X("score:Q", title="Score (%)", scale=alt.Scale(domain=[0, 100])),
        y=y,
        color=alt.Color(
            "status:N",
            title="Against target",
            scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=tooltip,
    )
    targets = base.mark_tick(color=TARGET, thickness=3, size=26).encode(x="target:Q", y=y, tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4, color=TARGET).encode(x="score:Q", y=y, text="label:N")
    chart: alt.LayerChart = (bars + targets + labels).properties(
        title=alt.Title(
            f"Score per {section_label.lower()} against target",
            subtitle="Bars: score. Black tick: target. Orange: below target; blue: at or above it.",
        ),
        width="container",
        height=alt.Step(34),
        description=_gap_description(rows, section_label),
    )
    return chart


def _gap_description(rows: list[dict[str, Any]], section_label: str) -> str:
    """What a screen reader says of the chart (its ``aria-label``): every bar's number and target in words, the
    ones below target named, so the chart is never only seen."""
    unit = section_label.lower()
    parts = []
    for r in rows:
        against = "" if r["target"] is None else f", target {r['target']:g} %"
        parts.append(f"{r['id']} {r['label']}{against}")
    below = [r["id"] for r in rows if r["status"] == "Below target"]
    tail = f" Below target: {', '.join(below)}." if below else ""
    return f"Bar chart of the score per {unit} against its target. " + "; ".join(parts) + "." + tail
