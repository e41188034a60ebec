"""The rules of the comparison in words, for the page's "How these comparisons are made" and the workbook's
Method sheet: one text, worded in each framework's own terms."""

from __future__ import annotations

from ..framework.model import Framework
from .names import plural

METHOD = """\
* Each assessment is scored with the app's own rules; the {section} and overall scores are in %.
* Ranks are competition ranks (1, 2, 2, 4) on the score rounded to one decimal, so {subjects} that
  show the same score share a place. One with no score in a {section} is listed last, unranked.
* Rankings, statistics, shared gaps and learning pairs use one assessment per {subject}: its latest
  assessment of the chosen type (self-assessment unless stated otherwise).
* Similar {subjects}: population {population}; share of residents born abroad {share} (a boundary
  value belongs to the higher band). One without the figure is grouped with the others without it.
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
    bands = framework.comparison_bands
    text = METHOD.format(
        section=framework.section_label.lower(),
        subject=framework.subject_label.lower(),
        subjects=plural(framework.subject_label),
        population=", ".join(b.label for b in bands.population),
        share=", ".join(b.label for b in bands.migrant_share),
    )
    return [" ".join(rule.removeprefix("* ").split()) for rule in text.split("\n* ")]
