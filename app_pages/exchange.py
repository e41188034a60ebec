"""Export / import: the Excel report out, and an edited report back in."""

import streamlit as st

from app_pages.common import forget_page_state, get_frameworks, get_store, open_assessment, report_download
from benchmark.assessment import ASSESSMENT_TYPES
from benchmark.excel import MAX_UPLOAD_BYTES, WorkbookError, import_report, read_report

store = get_store()
frameworks = get_frameworks()

st.title("Export and import")

st.header("Download a report")
aid = st.session_state.get("aid")
opened = store.get(aid) if aid else None
if opened and opened.framework in frameworks:
    st.markdown(f"The report of **{opened.title}**: a summary with a chart, the scores, every answer with its "
                "evidence and source, the gaps with the guide's suggestions, the action plan and the method.")
    report_download(opened, frameworks[opened.framework], key="report:exchange")
else:
    st.info("Open an assessment on the Home page to download its report.")

st.header("Continue from a report")
st.markdown(
    "Load a report that was downloaded from this app, after editing it in Excel or LibreOffice. The ratings, "
    "evidence and notes on the **Answers** sheet, the targets and weights on the **Scores** sheet and every row "
    "of the **Action plan** sheet are read back. If the assessment is already in the app, the report replaces it; "
    "nothing changes until you confirm.")
upload = st.file_uploader("Report workbook (.xlsx)", type=["xlsx"], key="report_upload",
                          help=f"At most {MAX_UPLOAD_BYTES // 1024 // 1024} MB.")
if upload is not None:
    data = upload.getvalue()
    try:
        incoming = read_report(data, frameworks, upload.name)
    except WorkbookError as exc:
        st.error(f"**{upload.name}** was not loaded, and nothing in the app was changed.", icon=":material/error:")
        st.markdown("\n".join(f"- {p}" for p in exc.problems))
        st.stop()
    existing = store.get(incoming.id)
    fw = frameworks[incoming.framework]
    st.success(f"**{upload.name}** is a valid report: {incoming.subject.name}, "
               f"{ASSESSMENT_TYPES[incoming.assessment_type].lower()} of {incoming.date:%d %B %Y} "
               f"({fw.short_title} {fw.version}), {len(incoming.answers)} answers, "
               f"{len(incoming.actions)} measures in the action plan.", icon=":material/check_circle:")
    if existing:
        changed = sum(existing.answers.get(i) != incoming.answers.get(i) for i in fw.item_by_id)
        st.warning(f"This assessment is already in the app. Loading the report replaces it: {changed} answer(s) "
                   f"differ, and the action plan goes from {len(existing.actions)} to {len(incoming.actions)} "
                   "measure(s).", icon=":material/sync:")
    if st.button("Replace it with the report" if existing else "Add it to the app", type="primary"):
        try:
            saved, _ = import_report(store, data, frameworks, upload.name)
        except WorkbookError as exc:  # the file cannot change between the check and here, but be sure
            st.error(str(exc))
            st.stop()
        forget_page_state(saved.id)
        open_assessment(saved.id, "app_pages/results.py")
