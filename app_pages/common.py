"""What every page shares: the store, the frameworks, the open assessment, who may edit it, friendly errors.

Access (see ``benchmark/access.py``): in the ``open`` mode the address carries the assessment's id (``?a=``);
in the ``links`` mode it carries a link's token (``?t=``), which is resolved again on every run and checked
again at every save, so a view link or a replaced link never writes, whatever the browser sends.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import os
from dataclasses import dataclass
from typing import Any

import streamlit as st

from benchmark.access import (
    INVALID_LINK,
    NOT_SAVED_VIEW_ONLY,
    VIEW_ONLY,
    access_mode,
    app_base,
    link_url,
)
from benchmark.assessment import Assessment
from benchmark.framework.loader import load_frameworks
from benchmark.framework.model import Framework
from benchmark.framework.vocabulary import ASSESSMENT_TYPES
from benchmark.storage import AccessDenied, Links, Snapshot, Store

log = logging.getLogger("benchmark.app")

# Streamlit steers reruns and page switches with exceptions: those must pass through.
_CONTROL_FLOW = {"RerunException", "StopException", "ScriptControlException"}


def setting(name: str) -> str | None:
    """A setting from the environment, else from Streamlit secrets (``.streamlit/secrets.toml``)."""
    return os.environ.get(name) or _secret(name)


@st.cache_resource(show_spinner=False)
def _secret(name: str) -> str | None:
    try:
        value = st.secrets.get(name)
    except Exception:  # noqa: BLE001 - no secrets file is the usual case
        return None
    return None if value in (None, "") else str(value)


def mode() -> str:
    """``open`` or ``links`` (``BENCHMARK_ACCESS``); an unknown value raises ValueError."""
    return access_mode(setting("BENCHMARK_ACCESS"))


def links_mode() -> bool:
    return mode() == "links"


def sendable(spec: dict) -> dict:
    """A Vega-Lite dict with its datasets already in the Arrow form ``st.vega_lite_chart`` sends, so a kept spec
    costs a rerun only the sending (given plain rows, Streamlit converts them again on every rerun). Streamlit
    changes only the top level of what it is given, so the rest may stay shared."""
    try:
        from streamlit.dataframe_util import convert_anything_to_arrow_bytes
    except ImportError:  # Streamlit moved it: the chart still works, converted on each rerun
        return spec
    import pandas as pd

    return {**spec, "datasets": {name: rows if isinstance(rows, bytes) else convert_anything_to_arrow_bytes(
        pd.DataFrame(rows)) for name, rows in spec.get("datasets", {}).items()}}


@functools.lru_cache(maxsize=256)
def _sent_gap_spec(key: tuple) -> dict:
    from benchmark.charts.results import kept_gap_spec

    return sendable(kept_gap_spec(*key))


def gap_chart_spec(result, framework: Framework) -> dict:
    """The Results page's gap chart, built and converted once per distinct set of numbers."""
    from benchmark.charts.results import (
        gap_key,  # Altair loads when a chart is first drawn, not at every page's start
    )

    return _sent_gap_spec(gap_key(result, framework))


@st.cache_resource
def get_store() -> Store:
    return Store(setting("BENCHMARK_DATABASE_URL"))


@st.cache_resource
def get_frameworks() -> dict[str, Framework]:
    return load_frameworks()


@contextlib.contextmanager
def friendly_errors():
    """No raw exception reaches a user: a plain message on screen, the details in the server log."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - this is the last line of defence
        if any(cls.__name__ in _CONTROL_FLOW for cls in type(exc).__mro__):
            raise
        log.exception("Unexpected error on a page")
        st.error(
            "Something went wrong on this page, and nothing you saved before has been lost. "
            "Reload the page to continue; if it happens again, tell your facilitator what you were doing. "
            f"(Reference for the server log: {type(exc).__name__})",
            icon=":material/error:",
        )


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
        if token is not None and token != st.session_state.get("token"):
            st.session_state["token"] = token
        elif st.session_state.get("token") is not None and token is None:
            st.query_params["t"] = st.session_state["token"]
        return
    from_url = st.query_params.get("a")
    if from_url and from_url != st.session_state.get("aid"):
        st.session_state["aid"] = from_url
    elif st.session_state.get("aid") and not from_url:
        st.query_params["a"] = st.session_state["aid"]


def open_assessment(assessment_id: str, page: str = "app_pages/assess.py", token: str | None = None) -> None:
    """Go to a page of an assessment: by id in the open mode, by link (``token``, else the session's) in the
    links mode."""
    if links_mode():
        token = token or st.session_state.get("token")
        st.session_state["token"] = token
        st.switch_page(page, query_params={"t": token})
    else:
        st.session_state["aid"] = assessment_id
        st.switch_page(page, query_params={"a": assessment_id})


def open_with_links(assessment_id: str, made: Links, page: str = "app_pages/assess.py") -> None:
    """Open an assessment just made on a shared deployment; its two links are shown on top until dismissed."""
    st.session_state[f"new_links:{assessment_id}"] = made
    open_assessment(assessment_id, page, token=made.edit)


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


@dataclass(frozen=True)
class Pending:
    """A save that was refused because someone else saved the same part first: both versions, until one is chosen."""

    theirs: Any
    ours: Any
    revision: int


def opened_access() -> tuple[str, bool] | None:
    """The id of the assessment this session has open and whether it may edit it, or None; shows nothing."""
    if links_mode():
        token = st.session_state.get("token")
        access = get_store().resolve(token) if token is not None else None
        return None if access is None else (access.assessment_id, access.can_edit)
    aid = st.session_state.get("aid")
    return (aid, True) if aid else None


_KEPT = "kept_snapshot"


def _read(store: Store, assessment_id: str) -> Snapshot | None:
    """The assessment as stored. This session keeps the last one it read and reads it again only when the stamp
    (revision and time of the last write: one indexed query) moved, so a rerun does not read and validate the
    whole assessment each time."""
    kept = st.session_state.get(_KEPT)
    if kept is not None and kept.assessment.id == assessment_id:
        stamp = store.stamp(assessment_id)
        if kept.current(stamp):
            if kept.updated_at is None:  # patched after this session's own save: now it knows when that was
                kept = st.session_state[_KEPT] = dataclasses.replace(kept, updated_at=stamp[1])
            return kept
    snapshot = store.load(assessment_id)
    if snapshot is None:
        st.session_state.pop(_KEPT, None)
    else:
        st.session_state[_KEPT] = snapshot
    return snapshot


def kept_answer(assessment_id: str, item_id: str, answer, revision: int) -> None:
    """After this session saved an answer: keep the snapshot with it when no one else wrote in between (the
    save moved the revision by exactly one), so the next run need not read the assessment again."""
    kept = st.session_state.get(_KEPT)
    if kept is None or kept.assessment.id != assessment_id:
        return
    if revision == kept.revision + 1:
        st.session_state[_KEPT] = kept.with_answer(item_id, answer, revision)
    else:
        st.session_state.pop(_KEPT, None)


def current() -> Opened:
    """The open assessment, its framework and whether this session may edit it; otherwise a plain message (and
    the page stops): a pointer to Home in the open mode, "this link is not valid" in the links mode."""
    show_flashes()
    store = get_store()
    if links_mode():
        token = st.session_state.get("token")
        access = store.resolve(token) if token is not None else None
        snapshot = _read(store, access.assessment_id) if access else None
        if snapshot is None:
            st.warning(INVALID_LINK, icon=":material/link_off:")
            st.stop()
        can_edit = access.can_edit
    else:
        aid = st.session_state.get("aid")
        snapshot = _read(store, aid) if aid else None
        if snapshot is None:
            if aid:
                st.warning("This link does not point to a saved assessment. It may have been deleted, or the link is "
                           "incomplete. Choose an assessment on the Home page.")
            else:
                st.info("No assessment is open yet. Start one, continue one or open a sample on the Home page.")
            st.page_link("app_pages/home.py", label="Go to Home", icon=":material/home:")
            st.stop()
        can_edit = True
    assessment = snapshot.assessment
    framework = get_frameworks().get(assessment.framework)
    if framework is None or framework.version != assessment.framework_version:
        st.error(f"This assessment uses {assessment.framework} version {assessment.framework_version}, which this "
                 "app does not have. Ask your administrator to add that questionnaire file.")
        st.stop()
    return Opened(assessment, framework, snapshot, can_edit)


def check_can_edit(assessment_id: str) -> None:
    """Raise AccessDenied (with a message to show) unless this session may write to the assessment right now.

    Called by every save, not only by drawing disabled widgets: the link is looked up again, so a view link,
    a link replaced since the page was drawn, or a crafted request saves nothing.
    """
    if not links_mode():
        return
    token = st.session_state.get("token")
    access = get_store().resolve(token) if token is not None else None
    if access is None or access.assessment_id != assessment_id:
        raise AccessDenied(f"Nothing was saved: this link no longer opens this assessment. {INVALID_LINK}")
    if not access.can_edit:
        raise AccessDenied(NOT_SAVED_VIEW_ONLY)


def flash(text: str, kind: str = "error") -> None:
    """A message from a callback, shown at the top of the page on the run that follows."""
    st.session_state.setdefault("_flash", []).append((kind, text))


def show_flashes() -> None:
    for kind, text in st.session_state.pop("_flash", []):
        getattr(st, kind)(text)


def header(assessment: Assessment, framework: Framework, page_title: str, can_edit: bool = True) -> None:
    st.title(f"{page_title}: {assessment.subject.name}")
    who = ", ".join(assessment.assessors) or "no assessors named"
    st.caption(f"{framework.title} (version {framework.version}) · {ASSESSMENT_TYPES[assessment.assessment_type]} · "
               f"{assessment.date:%d %B %Y} · {who}")
    show_new_links(assessment.id)
    if not can_edit:
        st.info(VIEW_ONLY, icon=":material/visibility:")


def show_links(made: Links) -> None:
    """An assessment's two links, each in a box with a copy button."""
    base = app_base(st.context.url)
    st.markdown("**Edit link**: whoever has it can change the answers, the targets and the action plan. "
                "Keep it within your team.")
    st.code(link_url(base, "assess", made.edit), language=None)
    st.markdown("**View-only link**: whoever has it can read everything and change nothing. Share it with "
                "whoever should see your results.")
    st.code(link_url(base, "results", made.view), language=None)
    st.warning("Keep both links now (the button at the right of each box copies it). They are shown only this "
               "once: the app keeps only a scrambled form of them and cannot show them again. If the edit link is "
               "lost, the assessment can no longer be changed until an administrator makes new links.",
               icon=":material/key:")


def show_new_links(assessment_id: str) -> None:
    key = f"new_links:{assessment_id}"
    made = st.session_state.get(key)
    if made is None:
        return
    with st.container(border=True):
        st.success("This assessment has two links of its own; nobody can find it without one.",
                   icon=":material/check_circle:")
        show_links(made)
        st.button("I have kept both links", key=f"dismiss:{key}", on_click=st.session_state.pop, args=(key, None))


def visible_assessments(framework: str | None = None, facilitator_code: str | None = None) -> list[Assessment]:
    """What a comparison may show: every stored assessment in the open mode; in the links mode only the members
    of the peer-review group whose facilitator code is given (or was entered in this session)."""
    store = get_store()
    if not links_mode():
        return store.all(framework)
    code = facilitator_code or st.session_state.get("group_code")
    return store.group_assessments(code, framework) if code else []


def pct(x: float | None) -> str:
    return "not yet rated" if x is None else f"{x:.0f} %"


def report_download(assessment: Assessment, framework: Framework, key: str) -> None:
    """The Excel report of the saved assessment, built only when the button is pressed. Each respondent's own
    answers go into it only when the team asks for them (for its own records), never by default."""
    from benchmark.xlsx import XLSX_MIME
    from benchmark.xlsx.report_writer import export_report, report_filename

    store, aid = get_store(), assessment.id
    individual = False
    if assessment.respondents:
        individual = st.checkbox(
            "Include each respondent's individual answers (for the team's own records)", value=False,
            key=f"{key}:individual",
            help="Off: the report shows the respondents' views only by role (groups of at least the minimum size), "
                 "fit to share. On: it also carries every respondent's own answers in a hidden sheet, so that "
                 "loading it back restores them; keep such a report within the team.")
    st.download_button(
        "Download the Excel report",
        data=lambda: export_report(store.get(aid), framework, individual_answers=individual),
        file_name=report_filename(assessment), mime=XLSX_MIME, key=key, on_click="ignore",
        icon=":material/download:",
        help="Summary with chart, scores, answers, gaps with the guide's suggestions, the action plan and the "
             "method. Edit it in Excel or LibreOffice and load it back on the Export / import page.")


def forget_page_state(assessment_id: str) -> None:
    """Drop what pages keep about an assessment in this session, after it was replaced from outside."""
    for key in [k for k in st.session_state if isinstance(k, str) and assessment_id in k and k != "aid"]:
        del st.session_state[key]
