"""About: the method, the sources, and how scores are computed."""

import streamlit as st

from app_pages.ui.resources import get_frameworks
from benchmark import scoring

NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

frameworks = get_frameworks()
count = NUMBERS[len(frameworks)] if len(frameworks) < len(NUMBERS) else str(len(frameworks))
st.title("About the method", anchor=False)
st.markdown(
    f"This app turns {count} published framework{'' if len(frameworks) == 1 else 's'} into questionnaires a "
    "team can work through together. "
    "Each question is written in plain words, faithful to its source, and cites the passage it rests on."
)
for fw in frameworks.values():
    st.subheader(fw.title)
    st.markdown(fw.description)
    st.caption(
        f"Source: {fw.cite(fw.source)} · version {fw.version} · {len(fw.sections)} "
        f"{fw.sections_label.lower()}, {fw.item_count} items"
    )
    scale = fw.scale_by_id[fw.default_scale]
    st.markdown(
        "Rating scale: "
        + "; ".join(
            f"**{o.label}**" + ("" if o.not_relevant else f" = {o.points:g} of {scale.max_points:g} points")
            for o in scale.options
        )
    )
st.subheader("How scores are computed")
st.markdown(scoring.RULES)
