"""A respondent's own page, opened with their personal link (``?r=…``): they rate the items on their own.

Everything goes through the link: what is shown is read with it (only this respondent's answers), and every
save is checked with it again (a replaced link saves nothing). Nobody else's answers are ever read here.
"""

from pydantic import ValidationError
import streamlit as st

from app_pages.answer_state import FIELDS, AnswerState, shown

from app_pages.common import Pending, flash, get_frameworks, get_store, show_flashes
from benchmark.access import INVALID_LINK, describe_answer
from benchmark.assessment import MAX_TEXT, Answer
from benchmark.role_views import evidence_kind_options, evidence_kind_text
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
keys, rev_key, conflict_key, show_in_widgets = state.keys, state.rev_key, state.conflict_key, state.show


def write(item_id: str, answer: Answer, expected: int) -> None:
    try:
        rev = store.set_own_answer(token, item_id, answer, expected_revision=expected)
    except AccessDenied:
        flash(f"Nothing was saved. {INVALID_LINK}")
        return
    except Conflict as exc:
        st.session_state[conflict_key(item_id)] = Pending(exc.theirs, exc.ours, exc.revision)
        return
    except KeyError:
        flash("Nothing was saved: this assessment is no longer stored.")
        return
    st.session_state[rev_key(item_id)] = rev
    st.session_state.pop(conflict_key(item_id), None)
    st.toast(f"Saved {item_id}", icon=":material/check:")


def save(item_id: str) -> None:
    typed = state.typed(item_id)
    try:
        answer = Answer(**typed)
    except ValidationError:
        flash(f"{item_id} was not saved: a text is longer than {MAX_TEXT:,} characters. Shorten it; your answer "
              "saved before is unchanged.")
        return
    write(item_id, answer, st.session_state.get(rev_key(item_id), 0))


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
    scale = framework.scale_for(item)
    stored = snap.answers.get(item.id, Answer())
    k = keys(item.id)
    pending = st.session_state.get(conflict_key(item.id))
    stored_rev = snap.answer_revision(item.id)
    if pending is not None:
        for field in FIELDS:
            st.session_state.setdefault(k[field], shown(pending.ours, field))
    elif k["value"] not in st.session_state or st.session_state.get(rev_key(item.id)) != stored_rev:
        show_in_widgets(item.id, stored)
        st.session_state[rev_key(item.id)] = stored_rev
    else:
        for field in FIELDS:
            st.session_state.setdefault(k[field], shown(stored, field))
    with st.container(border=True):
        left, right = st.columns([3, 2])
        with left:
            value = st.radio(f"{item.id} · {item.question}", [o.value for o in scale.options],
                             format_func=lambda v, s=scale: s.option(v).label, index=None, key=k["value"],
                             horizontal=True, on_change=save, args=(item.id,))
            option = scale.option(value) if value else None
            if option is not None and option.not_relevant:
                st.text_input("Why is this not relevant here? (optional)", key=k["reason"], max_chars=2000,
                              on_change=save, args=(item.id,))
            st.text_area("Your evidence (documents, decisions, examples, experience)", key=k["evidence"],
                         max_chars=MAX_TEXT, height=80, on_change=save, args=(item.id,))
            st.selectbox("What kind of evidence is it?", evidence_kind_options(), key=k["evidence_kind"],
                         format_func=evidence_kind_text, on_change=save, args=(item.id,))
            st.text_area("Notes", key=k["notes"], max_chars=MAX_TEXT, height=68, on_change=save, args=(item.id,))
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
