"""Peer-review group: a facilitator reads the member cities' results (read-only), or sets up a new group."""

import pandas as pd
import streamlit as st

from app_pages.ui.errors import refusal
from app_pages.ui.language import translated, translator
from app_pages.ui.resources import get_frameworks, get_store
from app_pages.ui.text import md
from benchmark.access import INVALID_CODE
from benchmark.framework.vocabulary import ASSESSMENT_TYPES
from benchmark.scoring import score

store = get_store()
frameworks = get_frameworks()
t = translator()
_, ngettext = t.gettext, t.ngettext

st.title(_("Peer-review group"), anchor=False)
st.markdown(
    _(
        "A peer-review group lets a facilitator read the results of the cities that joined it, side by side and "
        "read-only. A group has two codes: the **join code**, which a city's team enters under Results → *Share this "
        "assessment*, and the **facilitator code**, which opens this view. Members do not see each other's answers."
    )
)

made = st.session_state.get("new_group_codes")
if made is not None:
    with st.container(border=True):
        st.success(_("The group is set up. It has two codes:"), icon=":material/check_circle:")
        st.markdown(_("**Facilitator code**: opens this view of the group's results. Keep it to yourself."))
        st.code(made.facilitator, language=None)
        st.markdown(
            _(
                "**Join code**: give it to each city's team; they enter it under Results → *Share this "
                "assessment*. It lets them join, not read."
            )
        )
        st.code(made.join, language=None)
        st.warning(
            _(
                "Keep both codes now (the button at the right of each box copies it). They are shown only this "
                "once: the app keeps only a scrambled form of them and cannot show them again."
            ),
            icon=":material/key:",
        )
        st.button(
            _("I have kept both codes"),
            key="dismiss:new_group_codes",
            on_click=st.session_state.pop,
            args=("new_group_codes", None),
        )

with st.form("open_group"):
    entered = st.text_input(_("Facilitator code"), max_chars=200, type="password")
    opened = st.form_submit_button(_("Open the group"), type="primary")
if opened:
    st.session_state["group_code"] = entered.strip()

code = st.session_state.get("group_code")
group = store.group(code) if code is not None else None
if code is not None and group is None:
    st.warning(_(INVALID_CODE), icon=":material/key_off:")
elif group is not None:
    st.header(md(group.name))
    st.caption(
        _("Set up on {date}").format(date=t.date(group.created_at.date(), "long"))
        + " · "
        + ngettext("{n} member assessment", "{n} member assessments", len(group.members)).format(
            n=t.number(len(group.members))
        )
        + " · "
        + _("read-only")
    )
    if not group.members:
        st.info(_("No city has joined yet. Give the join code to each city's team."))
    members = store.group_assessments(code)
    for fw_id in sorted({a.framework for a in members}):
        fw = frameworks.get(fw_id)
        mine = [a for a in members if a.framework == fw_id]
        if fw is None:
            st.warning(
                ngettext(
                    "{n} member assessment uses the framework '{framework}', which this app does not have.",
                    "{n} member assessments use the framework '{framework}', which this app does not have.",
                    len(mine),
                ).format(n=t.number(len(mine)), framework=md(fw_id))
            )
            continue
        shown = translated(fw).framework
        st.subheader(shown.title)
        rows, other_version = [], 0
        for a in mine:
            edition = fw.edition(a.framework_version)  # each member scored with the version it was made with
            if edition is None:
                other_version += 1
                continue
            r = score(a, edition)
            rows.append(
                {
                    shown.subject_label: a.subject.name,
                    _("Country"): a.subject.country,
                    _("Kind"): _(ASSESSMENT_TYPES[a.assessment_type]),
                    _("Date"): t.date(a.date),
                    _("Overall"): _("not yet rated") if r.overall is None else t.percent(r.overall, 0),
                    _("Maturity"): _("Not yet rated") if r.overall is None else shown.maturity(r.overall),
                    _("Completion %"): round(r.completion),
                    **{s.id: None if s.score is None else round(s.score) for s in r.sections},
                }
            )
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            st.caption(
                _("Scores in %, per {section}: {sections}").format(
                    section=t.inline(shown.section_label),
                    sections="; ".join(f"{s.id} {s.title}" for s in shown.sections),
                )
            )
        if other_version:
            st.warning(
                ngettext(
                    "{n} member assessment uses a version of {framework} this app does not keep and is not shown.",
                    "{n} member assessments use a version of {framework} this app does not keep and are not shown.",
                    other_version,
                ).format(n=t.number(other_version), framework=shown.short_title)
            )

with st.expander(_("Set up a new group"), expanded=code is None):
    with st.form("new_group", clear_on_submit=True):
        name = st.text_input(_("Name of the group (e.g. the network and the year)"), max_chars=200)
        create = st.form_submit_button(_("Set up the group"))
    if create:
        try:
            made = store.create_group(name)
        except ValueError as exc:
            st.error(
                _("Not set up: {reason}").format(reason=md(refusal(exc)))
                if name.strip()
                else _("Please give the group a name.")
            )
        else:
            st.session_state["group_code"] = made.facilitator
            st.session_state["new_group_codes"] = made
            st.rerun()
