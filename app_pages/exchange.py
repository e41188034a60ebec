"""Export / import: the Excel report out, and an edited report back in.

An upload is read once (``_read_once``): the page reruns on every click, and parsing a workbook again each time, and
again to save it, would cost as much each time."""

import hashlib

import streamlit as st

from app_pages.ui.access import (
    RESULTS,
    links_mode,
    open_assessment,
    open_with_links,
    opened_access,
    require_edit,
    session_token,
)
from app_pages.ui.language import translated, translator
from app_pages.ui.report import report_download
from app_pages.ui.resources import framework_of, get_frameworks, get_store
from app_pages.ui.session import forget_page_state
from app_pages.ui.text import md
from benchmark.access import INVALID_LINK, private_copy
from benchmark.assessment import Assessment
from benchmark.framework.vocabulary import ASSESSMENT_TYPES
from benchmark.i18n.sentence import say
from benchmark.services import import_parsed, replace_problems
from benchmark.store import AccessDenied
from benchmark.xlsx.report_reader import WorkbookError, read_report_and_panel
from benchmark.xlsx.safety import MAX_UPLOAD_BYTES


def _read_once(name: str, data: bytes) -> tuple[Assessment, bool] | list[str]:
    """What the upload holds (the assessment and whether it carries its respondents) or its problems, read on the
    first run that sees these bytes and kept in the session for the reruns after it."""
    digest = hashlib.sha256(data).hexdigest()
    kept = st.session_state.get("report_upload:read")
    if kept is None or kept[0] != digest:
        try:
            kept = (digest, read_report_and_panel(data, frameworks, name))
        except WorkbookError as exc:
            kept = (digest, list(exc.problems))
        st.session_state["report_upload:read"] = kept
    result: tuple[Assessment, bool] | list[str] = kept[1]
    return result


store = get_store()
frameworks = get_frameworks()
shared = links_mode()
t = translator()
_, ngettext = t.gettext, t.ngettext

st.title(_("Export and import"), anchor=False)

st.header(_("Download a report"))
access = opened_access()  # (id, may edit) of the assessment open in this session, by id or by link
opened = store.get(access[0]) if access else None
if shared and session_token() is not None and opened is None:
    st.warning(_(INVALID_LINK), icon=":material/link_off:")
elif opened and (opened_framework := framework_of(opened)) is not None:
    st.markdown(
        _(
            "The report of **{title}**: a summary with a chart, the scores, every answer with its evidence and "
            "source, the gaps with the guide's suggestions, the action plan and the method."
        ).format(title=md(opened.title_in(t)))
    )
    report_download(opened, opened_framework, key="report:exchange")
else:
    st.info(_("Open an assessment on the Home page to download its report."))

st.header(_("Continue from a report"))
st.markdown(
    _(
        "Load a report that was downloaded from this app, after editing it in Excel or LibreOffice. The ratings, "
        "evidence and notes on the **Answers** sheet, the targets and weights on the **Scores** sheet and every "
        "row of the **Action plan** sheet are read back."
    )
    + " "
    + (
        _(
            "If you have the assessment open with its edit link, the report can replace it; any other report "
            "becomes a new assessment with links of its own."
        )
        if shared
        else _("If the assessment is already in the app, the report replaces it.")
    )
    + " "
    + _("Nothing changes until you confirm.")
)
# No file-type filter: the app checks the bytes itself and says what is wrong with any file (an .xls, a CSV, a
# renamed file), where a filter would only say "not allowed" (and, on a crafted request, fail outright).
upload = st.file_uploader(
    _("Report workbook (.xlsx)"),
    key="report_upload",
    help=_("A report downloaded from this app, as .xlsx; at most {n} MB.").format(
        n=t.number(MAX_UPLOAD_BYTES // 1024 // 1024)
    ),
)
if upload is not None:
    read = _read_once(upload.name, upload.getvalue())
    if not isinstance(read, list):
        incoming, whole = read
        if shared:  # only the assessment this session may edit can be replaced; nothing else is even looked up
            existing = opened if access and access[1] and access[0] == incoming.id else None
        else:
            existing = store.get(incoming.id)
        read = replace_problems(existing, incoming) or read
    if isinstance(read, list):
        st.error(
            _("**{file}** was not loaded, and nothing in the app was changed.").format(file=md(upload.name)),
            icon=":material/error:",
        )
        st.markdown("\n".join(f"- {md(say(p, t))}" for p in read))
        st.stop()
    fw = framework_of(incoming)
    assert fw is not None  # the report was read against it
    st.success(
        _("**{file}** is a valid report: {subject}, {kind} of {date} ({framework} {version}).").format(
            file=md(upload.name),
            subject=md(incoming.subject.name),
            kind=t.inline(_(ASSESSMENT_TYPES[incoming.assessment_type])),
            date=t.date(incoming.date, "long"),
            framework=translated(fw).framework.short_title,
            version=fw.version,
        )
        + " "
        + ngettext("{n} answer", "{n} answers", len(incoming.answers)).format(n=t.number(len(incoming.answers)))
        + ", "
        + ngettext("{n} measure in the action plan.", "{n} measures in the action plan.", len(incoming.actions)).format(
            n=t.number(len(incoming.actions))
        ),
        icon=":material/check_circle:",
    )
    if existing:
        changed = sum(existing.answers.get(i) != incoming.answers.get(i) for i in fw.item_by_id)
        st.warning(
            _("This report replaces **{title}**, which is already in the app.").format(title=md(existing.title_in(t)))
            + " "
            + ngettext("{n} answer differs.", "{n} answers differ.", changed).format(n=t.number(changed))
            + " "
            + _("The action plan goes from {before} to {after} measures.").format(
                before=t.number(len(existing.actions)), after=t.number(len(incoming.actions))
            ),
            icon=":material/sync:",
        )
    elif shared:
        st.info(
            _("Loading it makes a new assessment with its own edit and view-only links."), icon=":material/add_link:"
        )
    if st.button(_("Replace it with the report") if existing else _("Add it to the app"), type="primary"):
        if shared and not existing:
            copy = private_copy(incoming)
            open_with_links(copy.id, store.create(copy), RESULTS)
        else:
            try:
                require_edit(incoming.id)  # the link is looked up again: a link replaced meanwhile replaces nothing
                saved, _new = import_parsed(store, incoming, whole, frameworks, upload.name)
            except (WorkbookError, AccessDenied) as exc:  # the file cannot change between the check and here
                st.error(md(exc))
                st.stop()
            forget_page_state(saved.id)
            open_assessment(saved.id, RESULTS)
