"""What each colour means, in one place, for the app's charts (and, later, the workbooks).

Every colour is from the Okabe–Ito palette, which stays distinguishable with the common forms of colour
blindness, or viridis for a continuous score. No chart relies on colour alone: bars carry their number as text,
a city singled out gets its own shape, groups get shapes as well as colours.

Roles (use these names in charts, so that a colour means the same thing everywhere):

- ``SCORE`` (blue): a score at or above its target; the own view (self-assessment) against the peer review;
  a group rating higher than the one it is compared with.
- ``BELOW_TARGET`` (orange): a score short of its target; the peer review beside the own view; a group
  rating lower than the one it is compared with.
- ``TARGET`` (black): a reference value drawn over the data: a target tick, the mean, the overall line, text.
- ``MEDIAN`` (blue, drawn dashed): the median beside the mean, told apart by the dash as well as the colour.
- ``NEUTRAL`` (grey): what carries no judgement: not yet rated, the other cities, the line of a spread.
- ``NO_SCORE`` (light grey): a heatmap cell with no score, light enough for black text.
- ``HIGHLIGHT`` (vermillion): the one city a user picked out (always with its own shape).
- ``SCORE_SCHEME`` (viridis): a score on a continuous 0–100 scale (the heatmap).
- ``SELF``/``PEER`` and ``HIGHER``/``LOWER`` are ``SCORE`` and ``BELOW_TARGET`` under the names a chart reads.
- ``GROUPS``: one colour per shown group of respondents, in the order the views list them.
- ``SERIES``: one colour per line over time, the first (black, like ``TARGET``) for the overall score.
"""

from __future__ import annotations

from typing import Final

# The Okabe–Ito hues.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"

# Roles.
SCORE = BLUE
BELOW_TARGET = ORANGE
TARGET = BLACK
MEDIAN = BLUE
NEUTRAL = GREY
NO_SCORE = "#E8E8E8"
HIGHLIGHT = VERMILLION
SCORE_SCHEME: Final = "viridis"  # Final: a literal, as Altair types the scheme names
SELF, PEER = SCORE, BELOW_TARGET
HIGHER, LOWER = SCORE, BELOW_TARGET
GROUPS = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW, BLACK)
SERIES = (TARGET, BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, "#7F7F7F", YELLOW)
# Marker shapes, one per series or group beside its colour, so that no line or point is told apart by colour alone.
SHAPES = (
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "cross",
    "triangle-down",
    "triangle-left",
    "triangle-right",
    "stroke",
)

# What the result charts call each status of a section against its target (``tables.status_of``).
STATUS_COLOURS = {"At or above target": SCORE, "Below target": BELOW_TARGET, "Not yet rated": NEUTRAL}
