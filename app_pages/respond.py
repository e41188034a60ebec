"""A respondent's own page, opened with their personal link (``?r=…``): they rate the items on their own.

Everything goes through the link: what is shown is read with it (only this respondent's answers), and every
save is checked with it again (a replaced link saves nothing). Nobody else's answers are ever read here.
"""

import streamlit as st

from app_pages.answer_state import AnswerState

from app_pages.common import Pending, flash, get_frameworks, get_store, show_flashes
from benchmark.access import INVALID_LINK, describe_answer
from benchmark.assessment import Answer
from benchmark.storage import AccessDenied, Conflict

store = get_store()
show_flashes()
token = st.query_params.get("r")
snap = store.own_answers(token) if token is not None else None
assessment = store.get(snap.assessment_id) if snap is not None else None
framework = get_frameworks().get(assessment.framework) if assessment is not None else None
if snap is None or framework is None or framework.version != assessment.framework_version:
    st.warning(INVALID_LINK, icon=":material/link_off:")
    st.stop()

me = snap.respondent
st.title(f"Your answers: {assessment.subject.name}")
st.caption(f"{framework.title} · you answer as: {me.role}")
st.markdown(
    "Rate each item as **you** see it, with your evidence and notes. Your answers are saved as you give them, "
    "and only you see them through this link. The team sees your ratings only as part of your group's average "
    f"(at least {assessment.min_group_size} people per group), and only once it decides to reveal the views. "
    "Keep this link to come back later.")
if snap.revealed:
    st.info("The team has revealed the views: it now sees each group's average rating, never yours alone.",
            icon=":material/visibility:")

answered = {i for i, a in snap.answers.items() if a.value is not None and i in framework.item_by_id}
st.progress(len(answered) / framework.item_count,
            text=f"You have answered {len(answered)} of {framework.item_count} items.")

rid = me.id
section_ids = [s.id for s in framework.sections]


def name(section_id: str) -> str:
    return f"{section_id} {framework.section_by_id[section_id].title}"


section_key = f"r:{rid}:section"
section_id = st.selectbox(framework.section_label, section_ids, key=section_key, format_func=name)
section = framework.section_by_id[section_id]
st.header(f"{section.id} · {section.title}")
st.markdown(section.statement)

state = AnswerState(f"r:{rid}", lambda item_id, answer, expected: write(item_id, answer, expected))


def write(item_id: str, answer: Answer, expected: int) -> None:
    try:
        rev = store.set_own_answer(token, item_id, answer, expected_revision=expected)
    except AccessDenied:
        flash(f"Nothing was saved. {INVALID_LINK}")
        return
    except Conflict as exc:
        state.conflicted(item_id, exc)
        return
    except KeyError:
        flash("Nothing was saved: this assessment is no longer stored.")
        return
    state.saved(item_id, rev)
    st.toast(f"Saved {item_id}", icon=":material/check:")


def show_conflict(item_id: str, pending: Pending) -> None:
    st.warning(f"You saved a different answer to {item_id} in another tab or window after this page showed it. "
               "Nothing was overwritten. Choose the one to keep.", icon=":material/sync_problem:")
    saved_col, this_col = st.columns(2)
    saved_col.markdown("**Saved from your other tab**")
    saved_col.text(describe_answer(pending.theirs, framework, item_id))
    saved_col.button("Keep the saved one", key=f"r:{rid}:{item_id}:keep", on_click=state.keep_theirs, args=(item_id,))
    this_col.markdown("**This tab (not saved)**")
    this_col.text(describe_answer(pending.ours, framework, item_id))
    this_col.button("Use this one", key=f"r:{rid}:{item_id}:use", on_click=state.use_mine, args=(item_id,),
                    type="primary")


for item in section.items:
    pending = state.pending(item.id)
    state.prepare(item.id, snap.answers.get(item.id, Answer()), snap.answer_revision(item.id), pending)
    with st.container(border=True):
        left, right = st.columns([3, 2])
        with left:
            state.widgets(item, framework.scale_for(item),
                          evidence_label="Your evidence (documents, decisions, examples, experience)",
                          kind_label="What kind of evidence is it?")
        with right:
            if item.guidance:
                st.markdown(f"**Guidance.** {item.guidance}")
            st.caption(f"Source: {item.source.cite()}")
        if pending is not None:
            show_conflict(item.id, pending)

idx = section_ids.index(section_id)
if idx < len(section_ids) - 1:
    st.button(f"Next: {name(section_ids[idx + 1])} →", type="primary",
              on_click=st.session_state.__setitem__, args=(section_key, section_ids[idx + 1]))
else:
    st.caption(f"This is the last {framework.section_label.lower()}. Your answers are saved as you give them; "
               "come back with your link to change them.")
