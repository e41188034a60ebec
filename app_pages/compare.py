"""Compare: a network of cities side by side, for a peer-review session.

Top to bottom: where the assessments come from (saved in the app or uploaded files), which of them count
(each city's latest self-assessment or peer review) and which city to highlight; the key findings in
words; the comparison workbook; then one view at a time (only the one on screen is computed). Every chart
has its numbers in a table below it. All numbers come from ``benchmark.compare``; they are scored once per
set of assessments and kept, so a rerun only reads them.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import streamlit as st

from app_pages.compare_views import (
    BASES,
    SHOW,
    VIEWS,
    digest_of,
    network,
    nothing_to_compare,
    rows_of,
    saved,
    show_findings,
    uploaded,
)
from app_pages.ui.resources import get_frameworks, get_store
from app_pages.ui.text import md
from benchmark.compare.method import method_text
from benchmark.compare.names import plural, subject_key
from benchmark.compare.roles import role_gaps
from benchmark.disclosure import views_shown
from benchmark.framework.vocabulary import ASSESSMENT_TYPES
from benchmark.xlsx import XLSX_MIME

# ------------------------------------------------------------------------------------------ the page

store = get_store()
frameworks = get_frameworks()

st.title("Compare cities", anchor=False)
st.markdown(
    "Put the assessments of a network side by side for a peer-review session: who is strong where, which "
    "gaps most cities share, who can learn from whom, and where a city's own view differs from its peer "
    "review."
)

source = st.radio(
    "Where do the assessments come from?",
    ["saved", "upload"],
    horizontal=True,
    key="compare_source",
    format_func={"saved": "Saved in the app", "upload": "Upload report workbooks"}.get,
)
if source == "saved":
    summaries = store.list()
    counts = {
        f: sum(s.framework == f and fw.edition(s.framework_version) is not None for s in summaries)
        for f, fw in frameworks.items()
    }
    ids = list(frameworks)
    fw_id = st.selectbox(
        "Framework",
        ids,
        index=ids.index(max(ids, key=lambda f: counts[f])) if ids else 0,
        format_func=lambda f: frameworks[f].title,
        key="compare_framework",
    )
    if fw_id is None:
        nothing_to_compare()
    framework = frameworks[fw_id]
    usable = [s for s in summaries if s.framework == fw_id and framework.edition(s.framework_version) is not None]
    unknown = sum(s.framework == fw_id for s in summaries) - len(usable)
    if unknown:
        st.caption(
            f"{unknown} saved assessment(s) use a version of {framework.short_title} this app does not keep and "
            "are left out."
        )
    if not usable:
        nothing_to_compare(framework)
    stamps = tuple((s.id, s.updated_at.isoformat()) for s in usable)
    previous = st.session_state.get("compare_previous")
    net = network(
        digest_of((store.url, fw_id, framework.version, stamps)), lambda: saved(store, framework, stamps, previous)
    )
    st.session_state["compare_previous"] = net
else:
    uploads = st.file_uploader(
        "Report workbooks (.xlsx) or assessment files (.json), several at once",
        type=["xlsx", "json"],
        accept_multiple_files=True,
        key="compare_upload",
        help="The Excel reports downloaded from this app (edited or not), or the assessment files of the command "
        "line, all of the same framework. Nothing is saved in the app.",
    )
    if not uploads:
        st.info(
            "Choose the report workbooks of the cities to compare: each city's report is downloaded on its "
            "Results page. Files of one framework can be compared together.",
            icon=":material/upload_file:",
        )
        st.stop()
    files = tuple((f.name, f.getvalue()) for f in uploads)
    net, problems, mixed = network(
        digest_of([(n, hashlib.sha256(b).hexdigest()) for n, b in files]), lambda: uploaded(files, frameworks)
    )
    for name, found in problems.items():
        st.error(
            f"**{md(name)}** could not be compared, the other files still are:\n"
            + "\n".join(f"- {md(p)}" for p in found),
            icon=":material/error:",
        )
    if mixed is not None:
        st.error(f"{md(mixed)}", icon=":material/error:")
        st.stop()
    if net is None:
        st.warning("None of these files could be read, so there is nothing to compare.")
        st.stop()
    framework = net.framework

cities, city = plural(framework.subject_label), framework.subject_label.lower()
if net.mapped_note:
    st.info(md(net.mapped_note), icon=":material/compare_arrows:")
marked = [
    f"{md(a.subject.name)} ({ASSESSMENT_TYPES[a.assessment_type].lower()}, {a.date:%d %b %Y}): {s}, {md(why)}"
    for a in net.assessments
    for s, why in a.not_relevant_sections.items()
]
if marked:
    st.caption(
        "Marked not relevant here by the team (no score, left out of the overall, like a "
        f"{framework.section_label.lower()} not yet rated): " + "; ".join(marked)
    )
st.caption(
    f"{framework.title} (version {framework.version}): {len(net.frame)} assessment(s) of {len(net.subjects)} "
    f"{cities} — {net.kinds.get('self', 0)} self-assessment(s), {net.kinds.get('peer', 0)} peer review(s)."
)

left, right = st.columns(2)
if len(net.kinds) > 1:
    basis = left.radio(
        f"Compare each {city}'s",
        list(BASES),
        format_func=BASES.get,
        horizontal=True,
        key="compare_basis",
        help=f"Rankings, statistics, gaps and who-learns-from-whom use one "
        f"assessment per {city}: its latest of this kind.",
    )
else:
    basis = next(iter(net.kinds))
    left.markdown(f"All of these are {ASSESSMENT_TYPES[basis].lower()}s: each {city}'s latest is compared.")
subjects = net.subjects
start = 0
if "compare_highlight" not in st.session_state and st.session_state.get("aid"):  # first visit: the open city
    opened = store.get(st.session_state["aid"])
    mine = subject_key(opened.subject.name) if opened else None
    start = next((n for n, s in enumerate(subjects) if subject_key(s) == mine), 0)
highlight = right.selectbox(f"Highlight a {city}", subjects, index=start, key="compare_highlight")
highlight = highlight or subjects[0]

rows = net.kept(rows_of, basis)
missing = len(subjects) - rows["subject"].map(subject_key).nunique()
if missing:
    st.caption(
        f"{missing} of the {len(subjects)} {cities} have no {ASSESSMENT_TYPES[basis].lower()} and are left out of "
        "the views below."
    )

show_findings(net, basis, highlight)


def workbook() -> bytes:
    from benchmark.xlsx.comparison import compare_workbook

    return compare_workbook(net.assessments, framework, basis)


st.download_button(
    "Download the comparison workbook",
    data=workbook,
    on_click="ignore",
    key="compare_download",
    file_name=f"comparison-{framework.id}-{dt.date.today().isoformat()}.xlsx",
    mime=XLSX_MIME,
    icon=":material/download:",
    help="Every city's scores, every answer side by side, self-assessment against peer review, the shared gaps "
    "and the method, as an Excel workbook.",
)

view = st.segmented_control(
    "View", list(VIEWS), format_func=VIEWS.get, default="overview", required=True, key="compare_view"
)
SHOW[view or "overview"](net, basis, highlight)
with st.expander("How these comparisons are made"):
    st.markdown("\n".join(f"- {rule}" for rule in method_text(framework)))

# Views by role across cities (issue 8): only where assessments have several respondents; a small, separate block.
with_panel = [a for a in net.assessments if a.respondents and views_shown(a)]  # none before the team's reveal
if with_panel:
    from benchmark.charts.panel import role_gap_chart

    if st.toggle(
        "Views by role across cities",
        key="compare_roles",
        help="Where migrant residents rate differently from city officials (or any two groups), city by city. "
        "Off by default: nothing is computed until it is turned on.",
    ):
        st.markdown(
            "Where one group of respondents rates differently from another, city by city: the first group's "
            "mean minus the second's, in points, per section. Each city's minimum group size applies: a "
            "group too small there is left out."
        )
        roles = list(dict.fromkeys(r for a in with_panel for r in a.offered_roles(framework)))
        first = framework.respondents.compare_pair(roles) or (roles[0], roles[0])
        ga, gb = st.columns(2)
        group_a = ga.selectbox("Group", roles, index=roles.index(first[0]), key="compare_role_a")
        group_b = gb.selectbox("compared with", roles, index=roles.index(first[1]), key="compare_role_b")
        gaps = role_gaps(with_panel, framework, group_a, group_b) if group_a != group_b else None
        if gaps is None or gaps.empty:
            st.caption(
                "No city has both groups with enough respondents to compare."
                if gaps is not None
                else "Choose two different groups."
            )
        else:
            sections = [s.id for s in framework.sections]
            table = gaps[["subject", "type", "date", "n_a", "n_b", "overall", *sections]].rename(
                columns={
                    "subject": framework.subject_label,
                    "type": "Assessment",
                    "date": "Date",
                    "n_a": f"{group_a} (n)",
                    "n_b": f"{group_b} (n)",
                    "overall": "Overall gap (points)",
                }
            )
            st.dataframe(table.round(1), hide_index=True, width="stretch")
            st.vega_lite_chart(role_gap_chart(gaps, framework, group_a, group_b).to_dict(), width="stretch")
