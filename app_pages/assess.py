"""Assess: one section at a time, each item with its guidance and source beside it; saved as you go."""

from pydantic import ValidationError
import streamlit as st

from app_pages.answer_state import FIELDS, AnswerState, shown

from app_pages.common import Pending, check_can_edit, current, flash, get_store, header
from benchmark.access import describe_answer
from benchmark.assessment import MAX_TEXT, Answer
from benchmark.role_views import agreed_caption, evidence_kind_options, evidence_kind_text
from benchmark.scoring import score
from benchmark.storage import AccessDenied, AgreedRating, Conflict

store = get_store()
opened = current()
assessment, framework, snapshot, can_edit = opened.assessment, opened.framework, opened.snapshot, opened.can_edit
aid = assessment.id
header(assessment, framework, "Assess", can_edit=can_edit)

result = score(assessment, framework)
progress = {s.id: s for s in result.sections}
done = sum(p.done for p in result.sections)
st.progress(done / framework.item_count,
            text=f"Overall: {done} of {framework.item_count} items answered." +
                 (" Every answer is saved as you give it." if can_edit else ""))
st.caption("Answered per " + framework.section_label.lower() + ": " + " · ".join(
    f"{'✓ ' if p.done == p.items else ''}{p.id} {p.done}/{p.items}" for p in result.sections))

section_ids = [s.id for s in framework.sections]
section_key = f"section:{aid}"
if section_key not in st.session_state:
    from_url = st.query_params.get("s")
    st.session_state[section_key] = from_url if from_url in section_ids else section_ids[0]


def name(section_id: str) -> str:
    # Kept constant: a select box whose option labels change under it loses its choice.
    return f"{section_id} {framework.section_by_id[section_id].title}"


def label(section_id: str) -> str:
    p = progress[section_id]
    tick = "✓ " if p.done == p.items else ""
    return f"{tick}{name(section_id)} ({p.done} of {p.items} answered)"


def go_to(section_id: str) -> None:
    st.session_state[section_key] = section_id


nav, jump = st.columns([4, 1], vertical_alignment="bottom")
section_id = nav.selectbox(f"{framework.section_label}", section_ids, key=section_key, format_func=name)
st.query_params["s"] = section_id
nxt = result.unanswered_items[0] if result.unanswered_items else None
jump.button("Go to the first unanswered item", disabled=nxt is None, on_click=go_to,
            args=(framework.section_of_item[nxt] if nxt else None,), width="stretch")

section = framework.section_by_id[section_id]
p = progress[section_id]
st.header(f"{section.id} · {section.title}")
st.markdown(section.statement)
if section.purpose:
    st.markdown(f"*Why it matters:* {section.purpose}")
st.caption(f"Source: {section.source.cite()}")
st.progress(p.done / p.items, text=f"This {framework.section_label.lower()}: {p.done} of {p.items} answered")
if p.unanswered_items:
    st.caption("Still to answer here: " + ", ".join(p.unanswered_items))


state = AnswerState(aid, lambda item_id, answer, expected: write(item_id, answer, expected))
keys, rev_key, conflict_key, show_in_widgets = state.keys, state.rev_key, state.conflict_key, state.show


def write(item_id: str, answer: Answer, expected: int) -> None:
    try:
        check_can_edit(aid)
    except AccessDenied as exc:
        flash(str(exc))
        return
    try:
        rev = store.set_answer(aid, item_id, answer, expected_revision=expected)
    except Conflict as exc:
        st.session_state[conflict_key(item_id)] = Pending(exc.theirs, exc.ours, exc.revision)
        return
    except AgreedRating:
        flash(f"{item_id} was not saved: the team has agreed its rating meanwhile. Change it on Views and consensus; "
              "reload the page to see it.")
        return
    except KeyError:
        flash("Nothing was saved: this assessment is no longer stored.")
        return
    st.session_state[rev_key(item_id)] = rev
    st.session_state.pop(conflict_key(item_id), None)
    st.toast(f"Saved {item_id}", icon=":material/check:")


def save(item_id: str) -> None:
    typed = state.typed(item_id)
    before = assessment.answers.get(item_id, Answer())  # as this page showed it: fields it does not edit stay
    try:
        answer = Answer(**{**before.model_dump(), **typed})
    except ValidationError:
        flash(f"{item_id} was not saved: a text is longer than {MAX_TEXT:,} characters. Shorten it; the answer "
              "saved before is unchanged.")
        return
    write(item_id, answer, st.session_state.get(rev_key(item_id), 0))


def show_conflict(item_id: str, pending: Pending) -> None:
    st.warning(f"Someone else saved a different answer to {item_id} after this page showed it. Nothing was "
               "overwritten: their answer is saved, yours is not yet. Choose the one to keep.",
               icon=":material/sync_problem:")
    theirs, mine = st.columns(2)
    theirs.markdown("**Theirs (saved now)**")
    theirs.text(describe_answer(pending.theirs, framework, item_id))
    theirs.button("Keep theirs", key=f"{aid}:{item_id}:keep_theirs", on_click=state.keep_theirs, args=(item_id,))
    mine.markdown("**Yours (not saved)**")
    mine.text(describe_answer(pending.ours, framework, item_id))
    mine.button("Use mine", key=f"{aid}:{item_id}:use_mine", on_click=state.use_mine, args=(item_id,), type="primary")


groups = {g.id: g for g in section.groups}
current_group = None
for item in section.items:
    if item.group and item.group != current_group:
        current_group = item.group
        st.subheader(groups[item.group].title)
    scale = framework.scale_for(item)
    stored = assessment.answers.get(item.id, Answer())
    agreed = assessment.consensus.get(item.id)  # an agreed rating is changed on Views and consensus, not here
    k = keys(item.id)
    pending = st.session_state.get(conflict_key(item.id)) if can_edit else None
    stored_rev = snapshot.answer_revision(item.id)
    if pending is not None:  # keep showing what this session typed until a version is chosen
        for field in FIELDS:
            st.session_state.setdefault(k[field], shown(pending.ours, field))
    elif (not can_edit or k["value"] not in st.session_state
          or st.session_state.get(rev_key(item.id)) != stored_rev):  # first shown, or saved elsewhere since
        show_in_widgets(item.id, stored)
        st.session_state[rev_key(item.id)] = stored_rev
    else:
        for field in FIELDS:
            st.session_state.setdefault(k[field], shown(stored, field))
    with st.container(border=True):
        left, right = st.columns([3, 2])
        with left:
            value = st.radio(
                f"{item.id} · {item.question}",
                [o.value for o in scale.options],
                format_func=lambda v, s=scale: s.option(v).label,
                index=None,
                key=k["value"],
                horizontal=True,
                disabled=not can_edit or agreed is not None,
                on_change=save,
                args=(item.id,),
            )
            if agreed is not None:
                st.caption(f":material/handshake: {agreed_caption(agreed)}")
            option = scale.option(value) if value else None
            if option is not None and option.not_relevant:
                st.text_input("Why is this not relevant here? (optional)", key=k["reason"], max_chars=2000,
                              disabled=not can_edit, on_change=save, args=(item.id,))
            st.text_area("Evidence (documents, decisions, examples)", key=k["evidence"], max_chars=MAX_TEXT,
                         height=80, disabled=not can_edit, on_change=save, args=(item.id,))
            st.selectbox("Kind of evidence", evidence_kind_options(), key=k["evidence_kind"],
                         format_func=evidence_kind_text, disabled=not can_edit, on_change=save, args=(item.id,))
            st.text_area("Notes", key=k["notes"], max_chars=MAX_TEXT, height=68, disabled=not can_edit,
                         on_change=save, args=(item.id,))
        with right:
            if item.guidance:
                st.markdown(f"**Guidance.** {item.guidance}")
            st.caption(f"Source: {item.source.cite()}")
            if item.source.quote:
                st.caption(f"“{item.source.quote}”")
        if pending is not None:
            show_conflict(item.id, pending)

prev_col, next_col = st.columns(2)
idx = section_ids.index(section_id)
if idx > 0:
    prev_col.button(f"← {label(section_ids[idx - 1])}", on_click=go_to, args=(section_ids[idx - 1],))
if idx < len(section_ids) - 1:
    next_col.button(f"{label(section_ids[idx + 1])} →", on_click=go_to, args=(section_ids[idx + 1],), type="primary")
else:
    next_col.page_link("app_pages/results.py", label="See the results", icon=":material/bar_chart:")
