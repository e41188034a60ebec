"""The Excel report's download button, as Results, Action plan and Export / import offer it."""

from __future__ import annotations

import streamlit as st

from app_pages.ui.resources import get_store
from benchmark.assessment import Assessment
from benchmark.framework.model import Framework


def report_download(assessment: Assessment, framework: Framework, key: str) -> None:
    """The Excel report of the saved assessment, built only when the button is pressed. Each respondent's own
    answers go into it only when the team asks for them (for its own records), never by default."""
    from benchmark.xlsx import XLSX_MIME
    from benchmark.xlsx.report_writer import export_report, report_filename

    store, aid = get_store(), assessment.id
    individual = False
    if assessment.respondents:
        individual = st.checkbox(
            "Include each respondent's individual answers (for the team's own records)",
            value=False,
            key=f"{key}:individual",
            help="Off: the report shows the respondents' views only by role (groups of at least the minimum size), "
            "fit to share. On: it also carries every respondent's own answers in a hidden sheet, so that "
            "loading it back restores them; keep such a report within the team.",
        )
    st.download_button(
        "Download the Excel report",
        data=lambda: export_report(store.get(aid), framework, individual_answers=individual),
        file_name=report_filename(assessment),
        mime=XLSX_MIME,
        key=key,
        on_click="ignore",
        icon=":material/download:",
        help="Summary with chart, scores, answers, gaps with the guide's suggestions, the action plan and the "
        "method. Edit it in Excel or LibreOffice and load it back on the Export / import page.",
    )
