"""The assessment a page shows: read once per run with who may edit it, and the header above it."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app_pages.ui.access import linked, links_mode
from app_pages.ui.language import translated, translator
from app_pages.ui.resources import framework_of, get_store
from app_pages.ui.session import read_snapshot, show_flashes
from app_pages.ui.text import md
from app_pages.ui.upgrade import offer_upgrade
from benchmark.access import INVALID_LINK, VIEW_ONLY, app_base, link_url
from benchmark.assessment import Assessment
from benchmark.framework.model import Framework
from benchmark.framework.vocabulary import ASSESSMENT_TYPES
from benchmark.store import Links, Snapshot


@dataclass(frozen=True)
class Opened:
    """The open assessment as this run read it, with the revisions to save against and whether saving is allowed."""

    assessment: Assessment
    framework: Framework
    snapshot: Snapshot
    can_edit: bool

    @property
    def id(self) -> str:
        return self.assessment.id


def current() -> Opened:
    """The open assessment, its framework and whether this session may edit it; otherwise a plain message (and
    the page stops): a pointer to Home in the open mode, "this link is not valid" in the links mode."""
    show_flashes()
    store = get_store()
    _ = translator().gettext
    if links_mode():
        access = linked()
        snapshot = read_snapshot(store, access.assessment_id) if access else None
        if access is None or snapshot is None:
            st.warning(_(INVALID_LINK), icon=":material/link_off:")
            st.stop()
        can_edit = access.can_edit
    else:
        aid = st.session_state.get("aid")
        snapshot = read_snapshot(store, aid) if aid else None
        if snapshot is None:
            if aid:
                st.warning(
                    _(
                        "This link does not point to a saved assessment. It may have been deleted, or the link is "
                        "incomplete. Choose an assessment on the Home page."
                    )
                )
            else:
                st.info(_("No assessment is open yet. Start one, continue one or open a sample on the Home page."))
            st.page_link("app_pages/home.py", label=_("Go to Home"), icon=":material/home:")
            st.stop()
        can_edit = True
    assessment = snapshot.assessment
    framework = framework_of(assessment)
    if framework is None:
        st.error(
            _(
                "This assessment uses {framework} version {version}, which this app does not have. Ask your "
                "administrator to add that questionnaire file."
            ).format(framework=md(assessment.framework), version=md(assessment.framework_version))
        )
        st.stop()
    return Opened(assessment, framework, snapshot, can_edit)


def header(opened: Opened, page_title: str) -> None:
    """The page's title with the subject, what is assessed by whom, new links to keep, and "view only".

    ``page_title`` is the page's English title as the menu names it (``app.py`` marks it for the catalogs); it is
    shown in this session's language, and so is the framework's title."""
    t = translator()
    _ = t.gettext
    assessment = opened.assessment
    framework = translated(opened.framework).framework
    st.title(_("{page}: {subject}").format(page=_(page_title), subject=md(assessment.subject.name)), anchor=False)
    who = md(", ".join(assessment.assessors)) or _("no assessors named")
    st.caption(
        _("{framework} (version {version}) · {kind} · {date} · {who}").format(
            framework=framework.title,
            version=framework.version,
            kind=_(ASSESSMENT_TYPES[assessment.assessment_type]),
            date=t.date(assessment.date, "long"),
            who=who,
        )
    )
    show_new_links(assessment.id)
    if not opened.can_edit:
        st.info(_(VIEW_ONLY), icon=":material/visibility:")
    offer_upgrade(assessment, opened.can_edit, opened.snapshot.revision)


def show_links(made: Links) -> None:
    """An assessment's two links, each in a box with a copy button."""
    _ = translator().gettext
    base = app_base(st.context.url)
    st.markdown(
        _(
            "**Edit link**: whoever has it can change the answers, the targets and the action plan. "
            "Keep it within your team."
        )
    )
    st.code(link_url(base, "assess", made.edit), language=None)
    st.markdown(
        _(
            "**View-only link**: whoever has it can read everything and change nothing. Share it with "
            "whoever should see your results."
        )
    )
    st.code(link_url(base, "results", made.view), language=None)
    st.warning(
        _(
            "Keep both links now (the button at the right of each box copies it). They are shown only this "
            "once: the app keeps only a scrambled form of them and cannot show them again. If the edit link is "
            "lost, the assessment can no longer be changed until an administrator makes new links."
        ),
        icon=":material/key:",
    )


def show_new_links(assessment_id: str) -> None:
    key = f"new_links:{assessment_id}"
    made = st.session_state.get(key)
    if made is None:
        return
    _ = translator().gettext
    with st.container(border=True):
        st.success(
            _("This assessment has two links of its own; nobody can find it without one."),
            icon=":material/check_circle:",
        )
        show_links(made)
        st.button(_("I have kept both links"), key=f"dismiss:{key}", on_click=st.session_state.pop, args=(key, None))
