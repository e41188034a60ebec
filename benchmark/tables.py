"""The numbers behind every chart, as tables (for the app, screen readers and Excel)."""

from __future__ import annotations

import pandas as pd

from .framework.model import Framework, MaturityBand
from .i18n.translator import N_, Translator, translator
from .scoring import NOT_RELEVANT_LABEL, Result


def section_table(result: Result, framework: Framework, t: Translator | None = None) -> pd.DataFrame:
    """One row per section: score, target, gap and what the score rests on, headed in the language of ``t``
    (English unless given; ``result`` then scored with ``framework`` in that language)."""
    t = t or translator(None)
    _ = t.gettext
    label = framework.section_label
    return pd.DataFrame(
        [
            {
                label: s.id,
                _("Title"): s.title,
                _("Score %"): None if s.score is None else round(s.score, 1),
                _("Target %"): round(s.target, 1),
                _("Gap (points)"): None if s.gap is None else round(s.gap, 1),
                _("Rated"): s.answered,
                _("Not relevant"): s.not_relevant,
                _("Unanswered"): s.unanswered,
                _("Maturity"): _maturity(s.maturity, t)
                if s.not_relevant_reason is None
                else f"{_maturity(s.maturity, t)}: {s.not_relevant_reason}",
            }
            for s in result.sections
        ]
    )


def _maturity(label: str, t: Translator) -> str:
    """A maturity label as the framework (already in the reader's language) names it; the app's own two words
    ("Not yet rated", "Not relevant here") through the catalog."""
    return t.gettext(label) if label in ("Not yet rated", NOT_RELEVANT_LABEL) else label


# What the result charts call each status of a section against its target, marked for the catalogs.
STATUSES = (N_("At or above target"), N_("Below target"), N_("Not yet rated"))


def status_of(gap: float | None) -> str:
    if gap is None:
        return "Not yet rated"
    return "Below target" if gap > 0 else "At or above target"


def maturity_ranges(framework: Framework, t: Translator | None = None) -> list[tuple[MaturityBand, str]]:
    """Each maturity band, lowest first, with the scores it covers in words ("from 25 % to under 50 %") in the
    language of ``t``, so a page or a report can say what a label such as "Emerging" means."""
    _ = (t or translator(None)).gettext
    bands = sorted(framework.maturity_bands, key=lambda b: b.min)
    return [
        (
            band,
            _("from {low} % to under {high} %").format(low=f"{band.min:g}", high=f"{nxt.min:g}")
            if nxt
            else _("from {low} % to 100 %").format(low=f"{band.min:g}"),
        )
        for band, nxt in zip(bands, [*bands[1:], None], strict=True)
    ]
