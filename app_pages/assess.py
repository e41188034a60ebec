"""Assess: one section at a time, each item with its guidance and source beside it; saved as you go."""

import streamlit as st

from app_pages.ui.access import may_edit
from app_pages.ui.focus import card as card_of
from app_pages.ui.focus import focus_later, focus_now, item_rating
from app_pages.ui.item_card import ItemCard
from app_pages.ui.language import translated, translator
from app_pages.ui.opened import current, header
from app_pages.ui.resources import get_store
from app_pages.ui.session import flash, kept_answer
from app_pages.ui.text import md
from benchmark.assessment import Answer
from benchmark.role_views import agreed_caption
from benchmark.scoring import score
from benchmark.store import AgreedRating, Conflict

store = get_store()
t = translator()
_, ngettext = t.gettext, t.ngettext
opened = current()
assessment, snapshot, can_edit = opened.assessment, opened.snapshot, opened.can_edit
view = translated(opened.framework)  # same ids, values and points: scores alike in every language
framework = view.framework
aid = assessment.id
header(opened, "Assess")

result = score(assessment, framework)
progress = {s.id: s for s in result.sections}
done = sum(p.done for p in result.sections)
st.progress(
    done / framework.item_count,
    text=ngettext(
        "Overall: {n} of {total} item answered.", "Overall: {n} of {total} items answered.", framework.item_count
    ).format(n=t.number(done), total=t.number(framework.item_count))
    + (" " + _("Every answer is saved as you give it.") if can_edit else ""),
)
st.caption(
    _("Answered per {section}: {counts}").format(
        section=framework.section_label.lower(),
        counts=" · ".join(f"{'✓ ' if p.done == p.items else ''}{p.id} {p.done}/{p.items}" for p in result.sections),
    )
)

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
    return f"{tick}{name(section_id)} " + _("({n} of {total} answered)").format(
        n=t.number(p.done), total=t.number(p.items)
    )


def go_to(section_id: str) -> None:
    """Open a section with its heading at the top of the view and the keyboard focus on it."""
    st.session_state[section_key] = section_id
    focus_later()


def go_to_item(item_id: str) -> None:
    """Open an item's section with the item at the top of the view and the focus on its rating."""
    st.session_state[section_key] = framework.section_of_item[item_id]
    focus_later(card_of(item_id), item_rating(item_id))


nav, jump = st.columns([3, 2], vertical_alignment="bottom")
section_id = nav.selectbox(
    f"{framework.section_label}", section_ids, key=section_key, format_func=name, on_change=focus_later
)
st.query_params["s"] = section_id
nxt = result.unanswered_items[0] if result.unanswered_items else None
jump.button(
    _("Go to the first unanswered item"),
    disabled=nxt is None,
    on_click=go_to_item,
    args=(nxt,),
    width="stretch",
)

section = framework.section_by_id[section_id]
p = progress[section_id]
with st.container(key="section-heading"):  # where "next", "previous" and the picker bring the view and the focus
    st.header(f"{section.id} · {section.title}", anchor=False)
st.markdown(
    section.statement
    + ("\n\n" + _("*Why it matters:* {purpose}").format(purpose=section.purpose) if section.purpose else "")
)
st.caption(_("Source: {source}").format(source=framework.cite(section.source)))
marked = assessment.not_relevant_sections.get(section.id)
unit, subject = framework.section_label.lower(), framework.subject_label.lower()


def mark(reason: str | None) -> None:
    """Mark this whole section not relevant here (with the reason), or relevant again."""
    if not may_edit(aid):
        return
    try:
        store.set_section_not_relevant(aid, section.id, reason, expected_revision=snapshot.section_revision(section.id))
    except Conflict:
        flash(
            _("Nothing was saved: someone else changed whether {section} is relevant meanwhile. Look again.").format(
                section=section.id
            )
        )
    except ValueError:
        flash(
            _("Say why this {unit} is not relevant to your {subject}; nothing was saved.").format(
                unit=unit, subject=subject
            )
        )


if marked is not None:
    st.info(
        _(
            "This whole {unit} is marked **not relevant here**: {reason} It has no score and is left out of the "
            "overall score, like a section not yet rated. The answers below are kept but do not count."
        ).format(unit=unit, reason=md(marked)),
        icon=":material/block:",
    )
    if can_edit:
        st.button(
            _("It is relevant to our {subject} after all").format(subject=subject),
            key=f"relevant:{aid}:{section.id}",
            on_click=mark,
            args=(None,),
        )
elif can_edit:
    with st.expander(_("Is this whole {unit} not relevant to your {subject}?").format(unit=unit, subject=subject)):
        st.markdown(
            _(
                "The benchmark accepts that some factors may not be relevant to a city. Marked not relevant, this "
                "{unit} has no score and leaves the overall score; your answers to its items are kept."
            ).format(unit=unit)
        )
        why = st.text_area(_("Why is it not relevant here? (required)"), key=f"why:{aid}:{section.id}", max_chars=2000)
        st.button(
            _("Mark {section} not relevant here").format(section=section.id),
            key=f"not_relevant:{aid}:{section.id}",
            on_click=lambda: mark(st.session_state.get(f"why:{aid}:{section.id}") or ""),
        )
still = (
    " · " + _("still to answer here: {items}").format(items=", ".join(p.unanswered_items)) if p.unanswered_items else ""
)
st.progress(
    p.done / p.items,
    text=_("This {section}: {n} of {total} answered").format(
        section=framework.section_label.lower(), n=t.number(p.done), total=t.number(p.items)
    )
    + still,
)


def write(item_id: str, answer: Answer, expected: int) -> int | None:
    if not may_edit(aid):
        return None
    try:
        revision = store.set_answer(aid, item_id, answer, expected_revision=expected)
    except AgreedRating:
        flash(
            _(
                "{item} was not saved: the team has agreed its rating meanwhile. Change it on Views and consensus; "
                "reload the page to see it."
            ).format(item=item_id)
        )
        return None
    kept_answer(aid, item_id, answer, revision)
    return revision


card = ItemCard(
    aid,
    view,
    write,
    _(
        "Someone else saved a different answer to {item} after this page showed it. "
        "Nothing was overwritten: their answer is saved, yours is not yet. Choose the one to keep."
    ),
)
groups = {g.id: g for g in section.groups}
current_group = None
for item in section.items:
    if item.group and item.group != current_group:
        current_group = item.group
        st.subheader(groups[item.group].title, anchor=False)
    agreed = assessment.consensus.get(item.id)  # an agreed rating is changed on Views and consensus, not here
    card.draw(
        item,
        assessment.answers.get(item.id, Answer()),
        snapshot.answer_revision(item.id),
        evidence_label=_("Evidence (documents, decisions, examples)"),
        kind_label=_("Kind of evidence"),
        editable=can_edit,
        before=assessment.answers.get(item.id),
        quote=True,
        rating_note=f":material/handshake: {md(agreed_caption(agreed))}" if agreed else None,
    )

prev_col, next_col = st.columns(2)
idx = section_ids.index(section_id)
if idx > 0:
    prev_col.button(f"← {label(section_ids[idx - 1])}", on_click=go_to, args=(section_ids[idx - 1],))
if idx < len(section_ids) - 1:
    next_col.button(f"{label(section_ids[idx + 1])} →", on_click=go_to, args=(section_ids[idx + 1],), type="primary")
else:
    next_col.page_link("app_pages/results.py", label=_("See the results"), icon=":material/bar_chart:")
focus_now()
