"""Peer-review group: a facilitator reads the member cities' results (read-only), or sets up a new group."""

import pandas as pd
import streamlit as st

from app_pages.ui.errors import refusal
from app_pages.ui.resources import get_frameworks, get_store
from app_pages.ui.text import md, pct
from benchmark.access import INVALID_CODE
from benchmark.framework.vocabulary import ASSESSMENT_TYPES
from benchmark.scoring import score

store = get_store()
frameworks = get_frameworks()

st.title("Peer-review group", anchor=False)
st.markdown(
    "A peer-review group lets a facilitator read the results of the cities that joined it, side by side and "
    "read-only. A group has two codes: the **join code**, which a city's team enters under Results → *Share this "
    "assessment*, and the **facilitator code**, which opens this view. Members do not see each other's answers."
)

made = st.session_state.get("new_group_codes")
if made is not None:
    with st.container(border=True):
        st.success("The group is set up. It has two codes:", icon=":material/check_circle:")
        st.markdown("**Facilitator code**: opens this view of the group's results. Keep it to yourself.")
        st.code(made.facilitator, language=None)
        st.markdown(
            "**Join code**: give it to each city's team; they enter it under Results → *Share this "
            "assessment*. It lets them join, not read."
        )
        st.code(made.join, language=None)
        st.warning(
            "Keep both codes now (the button at the right of each box copies it). They are shown only this "
            "once: the app keeps only a scrambled form of them and cannot show them again.",
            icon=":material/key:",
        )
        st.button(
            "I have kept both codes",
            key="dismiss:new_group_codes",
            on_click=st.session_state.pop,
            args=("new_group_codes", None),
        )

with st.form("open_group"):
    entered = st.text_input("Facilitator code", max_chars=200, type="password")
    opened = st.form_submit_button("Open the group", type="primary")
if opened:
    st.session_state["group_code"] = entered.strip()

code = st.session_state.get("group_code")
group = store.group(code) if code is not None else None
if code is not None and group is None:
    st.warning(INVALID_CODE, icon=":material/key_off:")
elif group is not None:
    st.header(md(group.name))
    st.caption(f"Set up on {group.created_at:%d %B %Y} · {len(group.members)} member assessment(s) · read-only")
    if not group.members:
        st.info("No city has joined yet. Give the join code to each city's team.")
    members = store.group_assessments(code)
    for fw_id in sorted({a.framework for a in members}):
        fw = frameworks.get(fw_id)
        mine = [a for a in members if a.framework == fw_id]
        if fw is None:
            st.warning(
                f"{len(mine)} member assessment(s) use the framework '{md(fw_id)}', which this app does not have."
            )
            continue
        st.subheader(fw.title)
        rows, other_version = [], 0
        for a in mine:
            edition = fw.edition(a.framework_version)  # each member scored with the version it was made with
            if edition is None:
                other_version += 1
                continue
            r = score(a, edition)
            rows.append(
                {
                    fw.subject_label: a.subject.name,
                    "Country": a.subject.country,
                    "Kind": ASSESSMENT_TYPES[a.assessment_type],
                    "Date": a.date,
                    "Overall": pct(r.overall),
                    "Maturity": r.maturity,
                    "Completion %": round(r.completion),
                    **{s.id: None if s.score is None else round(s.score) for s in r.sections},
                }
            )
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            st.caption(
                f"Scores in %, per {fw.section_label.lower()}: " + "; ".join(f"{s.id} {s.title}" for s in fw.sections)
            )
        if other_version:
            st.warning(
                f"{other_version} member assessment(s) use a version of {fw.short_title} this app does not keep "
                "and are not shown."
            )

with st.expander("Set up a new group", expanded=code is None):
    with st.form("new_group", clear_on_submit=True):
        name = st.text_input("Name of the group (e.g. the network and the year)", max_chars=200)
        create = st.form_submit_button("Set up the group")
    if create:
        try:
            made = store.create_group(name)
        except ValueError as exc:
            st.error(f"Not set up: {md(refusal(exc))}" if name.strip() else "Please give the group a name.")
        else:
            st.session_state["group_code"] = made.facilitator
            st.session_state["new_group_codes"] = made
            st.rerun()
