"""The rules of the comparison in words, for the page's "How these comparisons are made" and the workbook's
Method sheet: one text, worded in each framework's own terms."""

from __future__ import annotations

from ..framework.model import Framework
from ..i18n.translator import N_, Translator, translator

# One rule per entry, marked for the catalogs; {section}, {subject} and {subjects} are the framework's own words.
METHOD: tuple[str, ...] = (
    N_("Each assessment is scored with the app's own rules; the {section} and overall scores are in %."),
    N_(
        "Ranks are competition ranks (1, 2, 2, 4) on the score rounded to one decimal, so {subjects} that show "
        "the same score share a place. One with no score in a {section} is listed last, unranked."
    ),
    N_(
        "Rankings, statistics, shared gaps and learning pairs use one assessment per {subject}: its latest "
        "assessment of the chosen type (self-assessment unless stated otherwise)."
    ),
    N_(
        "Similar {subjects}: population {population}; share of residents born abroad {share} (a boundary value "
        "belongs to the higher band). One without the figure is grouped with the others without it."
    ),
    N_(
        "Shared gaps: for each {section}, how many of the {subjects} with a score there are below their own "
        "target (gap = target − score above 0), and what share of those {subjects} that is."
    ),
    N_(
        "Who can learn from whom: in each {section} the strongest {subjects} are the top two by score (ties "
        "included, and only with a score above 0); one below its target there is pointed to those of them that "
        "score higher than it does, with their evidence item by item."
    ),
    N_(
        "Self-assessment against peer review: a peer review is paired with the self-assessment it names; failing "
        "that, with the same {subject}'s self-assessment nearest in date. Difference = self − peer in points (a "
        "positive difference means the self-assessment is the higher). Agreement is the share of items both "
        'answered with the very same rating (or both "not relevant here").'
    ),
    N_("Progress: {subjects} with assessments of the same type on several dates; change = last − first."),
)


def method_text(framework: Framework, t: Translator | None = None) -> list[str]:
    """The rules above in the framework's own words (key factor, criterion; city, practice), one per entry, in
    the language of ``t`` (English unless given; ``framework`` then in that language too)."""
    t = t or translator(None)
    bands = framework.comparison_bands
    words = {
        "section": t.inline(framework.section_label),
        "subject": t.inline(framework.subject_label),
        "subjects": t.inline(framework.subjects_label),
        "population": ", ".join(b.label for b in bands.population),
        "share": ", ".join(b.label for b in bands.migrant_share),
    }
    return [t.gettext(rule).format(**words) for rule in METHOD]
