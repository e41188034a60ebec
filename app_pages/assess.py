"""Assess: one section at a time, each item with its guidance and source beside it; saved as you go."""

import streamlit as st

from app_pages.answer_state import AnswerState
from app_pages.common import Pending, check_can_edit, current, flash, get_store, header, kept_answer
from benchmark.access import describe_answer
from benchmark.assessment import Answer
from benchmark.role_views import agreed_caption
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
st.markdown(section.statement + (f"\n\n*Why it matters:* {section.purpose}" if section.purpose else ""))
st.caption(f"Source: {section.source.cite()}")
still = f" · still to answer here: {', '.join(p.unanswered_items)}" if p.unanswered_items else ""
st.progress(p.done / p.items, text=f"This {framework.section_label.lower()}: {p.done} of {p.items} answered{still}")


state = AnswerState(aid, lambda item_id, answer, expected: write(item_id, answer, expected))


def write(item_id: str, answer: Answer, expected: int) -> None:
    try:
        check_can_edit(aid)
    except AccessDenied as exc:
        flash(str(exc))
        return
    try:
        rev = store.set_answer(aid, item_id, answer, expected_revision=expected)
    except Conflict as exc:
        state.conflicted(item_id, exc)
        return
    except AgreedRating:
        flash(f"{item_id} was not saved: the team has agreed its rating meanwhile. Change it on Views and consensus; "
              "reload the page to see it.")
        return
    except KeyError:
        flash("Nothing was saved: this assessment is no longer stored.")
        return
    state.saved(item_id, rev)
    kept_answer(aid, item_id, answer, rev)
    st.toast(f"Saved {item_id}", icon=":material/check:")


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
    agreed = assessment.consensus.get(item.id)  # an agreed rating is changed on Views and consensus, not here
    pending = state.pending(item.id) if can_edit else None
    state.prepare(item.id, assessment.answers.get(item.id, Answer()), snapshot.answer_revision(item.id), pending,
                  refresh=not can_edit)
    with st.container(border=True):
        left, right = st.columns([3, 2])
        with left:
            state.widgets(item, framework.scale_for(item),
                          evidence_label="Evidence (documents, decisions, examples)", kind_label="Kind of evidence",
                          before=assessment.answers.get(item.id), disabled=not can_edit,
                          rating_disabled=agreed is not None,
                          rating_note=f":material/handshake: {agreed_caption(agreed)}" if agreed else None)
        with right:
            if item.guidance:
                st.markdown(f"**Guidance.** {item.guidance}")
            quote = f"  \n“{item.source.quote}”" if item.source.quote else ""
            st.caption(f"Source: {item.source.cite()}{quote}")
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
