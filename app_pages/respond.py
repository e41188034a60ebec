"""A respondent's own page, opened with their personal link (``?r=…``): they rate the items on their own.

Everything goes through the link: what is shown is read with it (only this respondent's answers), and every
save is checked with it again (a replaced link saves nothing). Nobody else's answers are ever read here.
"""

import streamlit as st

from app_pages.ui.access import mode
from app_pages.ui.focus import focus_later, focus_now
from app_pages.ui.item_card import ItemCard
from app_pages.ui.language import isolate, translated, translator
from app_pages.ui.resources import framework_of, get_store
from app_pages.ui.session import flash, show_flashes
from app_pages.ui.text import md
from benchmark.access import INVALID_LINK, NO_RESPONDENT_LINKS, respondent_links
from benchmark.assessment import Answer
from benchmark.store import AccessDenied

store = get_store()
t = translator()
_, ngettext = t.gettext, t.ngettext
show_flashes()
if not respondent_links(mode()):
    st.warning(_(NO_RESPONDENT_LINKS), icon=":material/link_off:")
    st.stop()
token = st.query_params.get("r")
snap = store.own_answers(token) if token is not None else None
assessment = store.get(snap.assessment_id) if snap is not None else None
framework = framework_of(assessment) if assessment is not None else None
if snap is None or framework is None:
    st.warning(_(INVALID_LINK), icon=":material/link_off:")
    st.stop()

view = translated(framework)
framework = view.framework
me = snap.respondent
st.title(_("Your answers: {subject}").format(subject=md(assessment.subject.name)), anchor=False)
st.caption(_("{framework} · you answer as: {role}").format(framework=framework.title, role=md(view.role(me.role))))
st.markdown(
    _(
        "Rate each item as **you** see it, with your evidence and notes. Your answers are saved as you give them, "
        "and only you see them through this link. The team sees your ratings only as part of your group's average "
        "(at least {k} people per group), and only once it decides to reveal the views. "
        "Keep this link to come back later."
    ).format(k=t.number(assessment.min_group_size))
)
if view.language != "en":
    st.caption(
        ":material/translate: "
        + _("This is an unofficial translation: the English text is the reference (“English text” beside each item).")
    )
if snap.revealed:
    st.info(
        _("The team has revealed the views: it now sees each group's average rating, never yours alone."),
        icon=":material/visibility:",
    )

answered = {i for i, a in snap.answers.items() if a.value is not None and i in framework.item_by_id}
st.progress(
    len(answered) / framework.item_count,
    text=ngettext(
        "You have answered {n} of {total} item.", "You have answered {n} of {total} items.", framework.item_count
    ).format(n=t.number(len(answered)), total=t.number(framework.item_count)),
)

rid = me.id
section_ids = [s.id for s in framework.sections]


# Worked out now, not when a widget formats an option: ids kept left to right in Arabic.
names = {s.id: f"{isolate(s.id)} {s.title}" for s in framework.sections}
name = names.__getitem__


section_key = f"r:{rid}:section"


def go_to(section_id: str) -> None:
    """Open a section with its heading at the top of the view and the keyboard focus on it."""
    st.session_state[section_key] = section_id
    focus_later()


section_id = st.selectbox(
    framework.section_label, section_ids, key=section_key, format_func=name, on_change=focus_later
)
section = framework.section_by_id[section_id]
with st.container(key="section-heading"):  # where "next" and the picker bring the view and the focus
    st.header(f"{isolate(section.id)} · {section.title}", anchor=False)
st.markdown(section.statement)


def write(item_id: str, answer: Answer, expected: int) -> int | None:
    try:
        return store.set_own_answer(token, item_id, answer, expected_revision=expected)
    except AccessDenied:
        flash(_("Nothing was saved.") + " " + _(INVALID_LINK))
        return None


card = ItemCard(
    f"r:{rid}",
    view,
    write,
    _(
        "You saved a different answer to {item} in another tab or window "
        "after this page showed it. Nothing was overwritten. Choose the one to keep."
    ),
)
for item in section.items:
    card.draw(
        item,
        snap.answers.get(item.id, Answer()),
        snap.answer_revision(item.id),
        evidence_label=_("Your evidence (documents, decisions, examples, experience)"),
        kind_label=_("What kind of evidence is it?"),
    )

idx = section_ids.index(section_id)
if idx < len(section_ids) - 1:
    st.button(
        _("Next: {section} →").format(section=name(section_ids[idx + 1])),
        type="primary",
        on_click=go_to,
        args=(section_ids[idx + 1],),
    )
else:
    st.caption(
        _(
            "This is the last part ({section}). Your answers are saved as you give them; "
            "come back with your link to change them."
        ).format(section=framework.section_label)
    )
focus_now()
