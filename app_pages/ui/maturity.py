"""What a maturity label ("Emerging", "Developing") means, said where the label is shown: a label without its band's
meaning is read differently by every reader."""

from __future__ import annotations

import streamlit as st

from benchmark.framework.model import Framework


def maturity_explained(framework: Framework, score: float | None) -> None:
    """The band the score falls in, with its meaning and range, and every band one click away."""
    band = framework.maturity_band(score)
    ranges = framework.maturity_ranges()
    if band is not None:
        span = next(words for b, words in ranges if b is band)
        st.markdown(f"**{band.label}** ({span} overall): {band.description}".rstrip(": "))
    with st.expander("What the maturity levels mean"):
        st.markdown(
            "Each level names a band of scores, for the overall score and for each "
            f"{framework.section_label.lower()} (the table below the chart):\n\n"
            + "\n".join(
                f"- **{b.label}**, {words}" + (f": {b.description}" if b.description else "") for b, words in ranges
            )
        )
