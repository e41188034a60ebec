"""A chart's words laid out to be read: Vega-Lite draws a subtitle on one line and cuts it at the chart's width
("… Nur Gruppen mit mindestens 3 Befragten w…"), and a translation is often longer than the English."""

from __future__ import annotations

import textwrap

SUBTITLE_WIDTH = 60  # characters a line: fits a phone's chart (390 px) at Vega's 11 px subtitle font


def lines(text: str, width: int = SUBTITLE_WIDTH) -> list[str]:
    """``text`` as the lines a subtitle is drawn in (Vega-Lite draws a list of strings one below the other)."""
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]
