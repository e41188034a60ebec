"""What every page shares: the store, the frameworks, the open assessment, friendly errors."""

from __future__ import annotations

import contextlib
import logging

import streamlit as st

from benchmark.assessment import ASSESSMENT_TYPES, Assessment
from benchmark.loader import load_frameworks
from benchmark.questionnaire import Framework
from benchmark.storage import Store

log = logging.getLogger("benchmark.app")

# Streamlit steers reruns and page switches with exceptions: those must pass through.
_CONTROL_FLOW = {"RerunException", "StopException", "ScriptControlException"}


@st.cache_resource
def get_store() -> Store:
    return Store()


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
    """Keep the open assessment in the address bar, so a reload or a bookmark comes back to it."""
    from_url = st.query_params.get("a")
    if from_url and from_url != st.session_state.get("aid"):
        st.session_state["aid"] = from_url
    elif st.session_state.get("aid") and not from_url:
        st.query_params["a"] = st.session_state["aid"]


def open_assessment(assessment_id: str, page: str = "app_pages/assess.py") -> None:
    st.session_state["aid"] = assessment_id
    st.switch_page(page, query_params={"a": assessment_id})


def current() -> tuple[Assessment, Framework]:
    """The open assessment and its framework, or a pointer back to Home (and the page stops)."""
    aid = st.session_state.get("aid")
    assessment = get_store().get(aid) if aid else None
    if assessment is None:
        if aid:
            st.warning("This link does not point to a saved assessment. It may have been deleted, or the link is "
                       "incomplete. Choose an assessment on the Home page.")
        else:
            st.info("No assessment is open yet. Start one, continue one or open a sample on the Home page.")
        st.page_link("app_pages/home.py", label="Go to Home", icon=":material/home:")
        st.stop()
    framework = get_frameworks().get(assessment.framework)
    if framework is None or framework.version != assessment.framework_version:
        st.error(f"This assessment uses {assessment.framework} version {assessment.framework_version}, which this "
                 "app does not have. Ask your administrator to add that questionnaire file.")
        st.stop()
    return assessment, framework


def header(assessment: Assessment, framework: Framework, page_title: str) -> None:
    st.title(f"{page_title}: {assessment.subject.name}")
    who = ", ".join(assessment.assessors) or "no assessors named"
    st.caption(f"{framework.title} (version {framework.version}) · {ASSESSMENT_TYPES[assessment.assessment_type]} · "
               f"{assessment.date:%d %B %Y} · {who}")


def pct(x: float | None) -> str:
    return "not yet rated" if x is None else f"{x:.0f} %"


def report_download(assessment: Assessment, framework: Framework, key: str) -> None:
    """The Excel report of the saved assessment, built only when the button is pressed."""
    from benchmark.excel import XLSX_MIME, export_report, report_filename

    store, aid = get_store(), assessment.id
    st.download_button(
        "Download the Excel report", data=lambda: export_report(store.get(aid), framework),
        file_name=report_filename(assessment), mime=XLSX_MIME, key=key, on_click="ignore",
        icon=":material/download:",
        help="Summary with chart, scores, answers, gaps with the guide's suggestions, the action plan and the "
             "method. Edit it in Excel or LibreOffice and load it back on the Export / import page.")


def forget_page_state(assessment_id: str) -> None:
    """Drop what pages keep about an assessment in this session, after it was replaced from outside."""
    for key in [k for k in st.session_state if isinstance(k, str) and assessment_id in k and k != "aid"]:
        del st.session_state[key]
