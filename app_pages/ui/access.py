"""Who may open and edit what, asked in one place.

In the ``open`` mode (see ``benchmark/access.py``) the address carries the assessment's id (``?a=``) and whoever
reaches the app may edit. In the ``links`` mode it carries a link's token (``?t=``), kept in the session: it is
resolved again on every run (:func:`linked`), and every save asks the store's policy again
(:func:`require_edit`, over ``Store.require_edit``), so a view link or a link replaced since the page was drawn
never writes, whatever the browser sends.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from app_pages.ui.resources import get_store, setting
from app_pages.ui.session import flash
from benchmark.access import INVALID_LINK, NOT_SAVED_VIEW_ONLY, Mode, access_mode
from benchmark.store import Access, AccessDenied, Links

ASSESS, RESULTS = "app_pages/assess.py", "app_pages/results.py"


def mode() -> Mode:
    """``open`` or ``links`` (``BENCHMARK_ACCESS``); an unknown value raises ValueError."""
    return access_mode(setting("BENCHMARK_ACCESS"))


def links_mode() -> bool:
    return mode() == "links"


def session_token() -> str | None:
    """The link this session came with (links mode)."""
    return st.session_state.get("token")


def linked(token: str | None = None) -> Access | None:
    """What a link (by default this session's) opens now, or None."""
    token = session_token() if token is None else token
    return get_store().resolve(token) if token is not None else None


def opened_access() -> tuple[str, bool] | None:
    """The id of the assessment this session has open and whether it may edit it, or None; shows nothing."""
    if links_mode():
        access = linked()
        return None if access is None else (access.assessment_id, access.can_edit)
    aid = st.session_state.get("aid")
    return (aid, True) if aid else None


def require_edit(assessment_id: str) -> None:
    """Raise AccessDenied (with a message to show) unless this session may write to the assessment right now.

    Called by every save, not only by drawing disabled widgets. The policy is the store's: only a current edit
    link of this very assessment writes; the link is looked up again only to say why not.
    """
    if not links_mode():
        return
    try:
        if get_store().require_edit(session_token()) == assessment_id:
            return
    except AccessDenied:
        pass
    access = linked()
    if access is not None and access.assessment_id == assessment_id:
        raise AccessDenied(NOT_SAVED_VIEW_ONLY)
    raise AccessDenied(f"Nothing was saved: this link no longer opens this assessment. {INVALID_LINK}")


def may_edit(assessment_id: str, tell: Callable[[str], object] = flash) -> bool:
    """:func:`require_edit` for a callback: False, with the reason told (flashed by default), when refused."""
    try:
        require_edit(assessment_id)
    except AccessDenied as exc:
        tell(str(exc))
        return False
    return True


def sync_url() -> None:
    """Keep the open assessment (open mode) or link (links mode) in the address bar, so a reload or a bookmark
    comes back to it. An unknown access mode stops the app with the reason."""
    try:
        shared = links_mode()
    except ValueError as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()
    if shared:
        if "a" in st.query_params:  # ids open nothing on a shared deployment
            del st.query_params["a"]
        token = st.query_params.get("t")
        if token is not None and token != session_token():
            st.session_state["token"] = token
        elif session_token() is not None and token is None:
            st.query_params["t"] = session_token()
        return
    from_url = st.query_params.get("a")
    if from_url and from_url != st.session_state.get("aid"):
        st.session_state["aid"] = from_url
    elif st.session_state.get("aid") and not from_url:
        st.query_params["a"] = st.session_state["aid"]


def open_assessment(assessment_id: str, page: str = ASSESS, token: str | None = None) -> None:
    """Go to a page of an assessment: by id in the open mode, by link (``token``, else the session's) in the
    links mode."""
    if links_mode():
        token = token or session_token()
        st.session_state["token"] = token
        st.switch_page(page, query_params={"t": token})
    else:
        st.session_state["aid"] = assessment_id
        st.switch_page(page, query_params={"a": assessment_id})


def open_with_links(assessment_id: str, made: Links, page: str = ASSESS) -> None:
    """Open an assessment just made on a shared deployment; its two links are shown on top until dismissed."""
    st.session_state[f"new_links:{assessment_id}"] = made
    open_assessment(assessment_id, page, token=made.edit)
