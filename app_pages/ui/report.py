"""The Excel report's download button, as Results, Action plan and Export / import offer it."""

from __future__ import annotations

import streamlit as st

from app_pages.ui.access import links_mode, may_edit, opened_access, session_token
from app_pages.ui.errors import saving
from app_pages.ui.language import current, translated, translator
from app_pages.ui.resources import get_store
from app_pages.ui.text import md
from benchmark.assessment import Assessment
from benchmark.disclosure import VIEW_ONLY, individual_answers_withheld
from benchmark.framework.model import Framework
from benchmark.i18n.languages import ENGLISH, languages
from benchmark.store import Store
from benchmark.xlsx.report_layout import report_languages


def report_download(assessment: Assessment, framework: Framework, key: str) -> None:
    """The Excel report of the saved assessment, built only when the button is pressed. Each respondent's own
    answers go into it only when the team asks for them (for its own records), never by default, and the choice
    is offered only where ``benchmark.disclosure`` allows it: with edit access, after the reveal, no small role.
    The report is written in the language chosen here (``_report_language``)."""
    from benchmark.xlsx import XLSX_MIME
    from benchmark.xlsx.report_writer import report_filename

    _ = translator().gettext
    store, aid = get_store(), assessment.id
    token = session_token() if links_mode() else None
    individual = False
    if assessment.respondents:
        withheld = _withheld(assessment, framework)
        if withheld is None:
            individual = st.checkbox(
                _("Include each respondent's individual answers (for the team's own records)"),
                value=False,
                key=f"{key}:individual",
                help=_(
                    "Off: the report shows the respondents' views only by role (groups of at least the minimum "
                    "size), fit to share. On: it also carries every respondent's own answers in a hidden sheet, so "
                    "that loading it back restores them; keep such a report within the team."
                ),
            )
        else:
            st.caption(f":material/lock: {md(withheld)}")
    language = _report_language(key, assessment)
    st.download_button(
        _("Download the Excel report"),
        data=lambda: _report(store, aid, framework, individual, token, language),
        file_name=report_filename(assessment, language),
        mime=XLSX_MIME,
        key=key,
        on_click="ignore",
        icon=":material/download:",
        help=_(
            "Summary with chart, scores, answers, gaps with the guide's suggestions, the action plan and the "
            "method. Edit it in Excel or LibreOffice and load it back on the Export / import page."
        ),
    )


def _report_language(key: str, assessment: Assessment) -> str:
    """The language the report is written in: the assessment's (the team sets it, on Home when it starts and here
    after), else the language this session reads in, when reports are written in it (Arabic and Ukrainian cover
    only a respondent's page), else English. A choice made here by the team becomes the assessment's language."""
    _ = translator().gettext
    shipped, codes = languages(), report_languages()
    here = assessment.language if assessment.language in codes else current().code
    widget = f"{key}:language"
    return str(
        st.selectbox(
            _("Language of the report"),
            codes,
            index=codes.index(here) if here in codes else codes.index(ENGLISH),
            format_func=lambda code: shipped[code].name,
            key=widget,
            on_change=_keep_language,
            args=(assessment.id, widget),
            help=_(
                "Sheet names, headings, labels, drop-down lists and the method in this language. A report in any "
                "of these languages loads back on the Export / import page."
            )
            + " "
            + _("The team's choice is kept as the assessment's language: its reports start in it for everyone."),
        )
    )


@saving
def _keep_language(assessment_id: str, widget: str) -> None:
    """The team's choice of the report's language, kept as the assessment's (a view-only link changes nothing)."""
    if may_edit(assessment_id, tell=lambda _message: None):
        get_store().set_language(assessment_id, str(st.session_state[widget]))


def _withheld(assessment: Assessment, framework: Framework) -> str | None:
    """Why this session may not include the respondents' own answers, or None."""
    t = translator()
    access = opened_access()
    if access is None or access[0] != assessment.id or not access[1]:
        return t.gettext(VIEW_ONLY)
    return individual_answers_withheld(assessment, t, translated(framework).role)


def _report(
    store: Store, aid: str, framework: Framework, individual: bool, token: str | None, language: str = ENGLISH
) -> bytes:
    """Built when the button is pressed, on a thread of its own (no session there): the rule is checked again on
    what is stored then, as the views may have been hidden or the edit link replaced since the page was drawn;
    then the report leaves the respondents' answers out."""
    from benchmark.xlsx.report_writer import export_report

    assessment = store.get(aid)
    if assessment is None:
        raise LookupError("This assessment is no longer stored.")
    if individual and token is not None:
        access = store.resolve(token)
        individual = access is not None and access.assessment_id == aid and access.can_edit
    individual = individual and individual_answers_withheld(assessment) is None
    return export_report(assessment, framework, individual_answers=individual, language=language)
