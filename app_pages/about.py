"""About: the method, the sources, and how scores are computed, in the session's language."""

import streamlit as st

from app_pages.ui.language import translated, translator
from app_pages.ui.resources import get_frameworks
from benchmark import scoring

t = translator()
_, ngettext = t.gettext, t.ngettext
frameworks = [translated(fw).framework for fw in get_frameworks().values()]
st.title(_("About the method"), anchor=False)
st.markdown(
    ngettext(
        "This app turns {n} published framework into questionnaires a team can work through together.",
        "This app turns {n} published frameworks into questionnaires a team can work through together.",
        len(frameworks),
    ).format(n=t.number(len(frameworks)))
    + " "
    + _("Each question is written in plain words, faithful to its source, and cites the passage it rests on.")
)
for fw in frameworks:
    st.subheader(fw.title)
    st.markdown(fw.description)
    st.caption(
        _("Source: {source} · version {version} · {sections} {sections_label}, {items} items").format(
            source=fw.cite(fw.source),
            version=fw.version,
            sections=t.number(len(fw.sections)),
            sections_label=t.inline(fw.sections_label),
            items=t.number(fw.item_count),
        )
    )
    scale = fw.scale_by_id[fw.default_scale]
    options = [
        f"**{o.label}**"
        if o.not_relevant or o.points is None
        else _("**{label}** = {points} of {top} points").format(
            label=o.label, points=t.number(o.points), top=t.number(scale.max_points)
        )
        for o in scale.options
    ]
    st.markdown(_("Rating scale: {options}").format(options="; ".join(options)))
st.subheader(_("How scores are computed"))
st.markdown("".join(f"* {_(rule)}\n" for rule in scoring.RULE_LIST))
