"""What a maturity label ("Emerging", "Developing") means, said where the label is shown: a label without its band's
meaning is read differently by every reader."""

from __future__ import annotations

import streamlit as st

from app_pages.ui.language import translator
from benchmark.framework.model import Framework
from benchmark.tables import maturity_ranges


def maturity_explained(framework: Framework, score: float | None) -> None:
    """The band the score falls in, with its meaning and range, and every band one click away."""
    t = translator()
    _ = t.gettext
    band = framework.maturity_band(score)
    ranges = maturity_ranges(framework, t)
    if band is not None:
        span = next(words for b, words in ranges if b is band)
        st.markdown(
            _("**{band}** ({span} overall): {meaning}")
            .format(band=band.label, span=span, meaning=band.description)
            .rstrip(": ")
        )
    with st.expander(_("What the maturity levels mean")):
        st.markdown(
            _(
                "Each level names a band of scores, for the overall score and for each {section} "
                "(the table below the chart):"
            ).format(section=translator().inline(framework.section_label))
            + "\n\n"
            + "\n".join(
                f"- **{b.label}**, {words}" + (f": {b.description}" if b.description else "") for b, words in ranges
            )
        )
