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
    shown_framework,
    uploaded,
)
from app_pages.ui.language import translated, translator
from app_pages.ui.resources import get_frameworks, get_store
from app_pages.ui.text import md
from benchmark.compare.method import method_text
from benchmark.compare.names import subject_key
from benchmark.compare.roles import role_gaps
from benchmark.disclosure import views_shown
from benchmark.framework.vocabulary import ASSESSMENT_TYPES
from benchmark.i18n.sentence import say
from benchmark.xlsx import XLSX_MIME

# ------------------------------------------------------------------------------------------ the page

store = get_store()
frameworks = get_frameworks()
t = translator()
_, ngettext = t.gettext, t.ngettext

st.title(_("Compare cities"), anchor=False)
st.markdown(
    _(
        "Put the assessments of a network side by side for a peer-review session: who is strong where, which "
        "gaps most cities share, who can learn from whom, and where a city's own view differs from its peer "
        "review."
    )
)

source = st.radio(
    _("Where do the assessments come from?"),
    ["saved", "upload"],
    horizontal=True,
    key="compare_source",
    format_func={"saved": _("Saved in the app"), "upload": _("Upload report workbooks")}.get,
)
if source == "saved":
    summaries = store.list()
    counts = {
        f: sum(s.framework == f and fw.edition(s.framework_version) is not None for s in summaries)
        for f, fw in frameworks.items()
    }
    ids = list(frameworks)
    titles = {f: shown_framework(fw).title for f, fw in frameworks.items()}  # now, in this session's language
    fw_id = st.selectbox(
        _("Framework"),
        ids,
        index=ids.index(max(ids, key=lambda f: counts[f])) if ids else 0,
        format_func=lambda f: titles[f],
        key="compare_framework",
    )
    if fw_id is None:
        nothing_to_compare()
    framework = frameworks[fw_id]
    usable = [s for s in summaries if s.framework == fw_id and framework.edition(s.framework_version) is not None]
    unknown = sum(s.framework == fw_id for s in summaries) - len(usable)
    if unknown:
        st.caption(
            ngettext(
                "{n} saved assessment uses a version of {framework} this app does not keep and is left out.",
                "{n} saved assessments use a version of {framework} this app does not keep and are left out.",
                unknown,
            ).format(n=t.number(unknown), framework=framework.short_title)
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
        _("Report workbooks (.xlsx) or assessment files (.json), several at once"),
        type=["xlsx", "json"],
        accept_multiple_files=True,
        key="compare_upload",
        help=_(
            "The Excel reports downloaded from this app (edited or not), or the assessment files of the command "
            "line, all of the same framework. Nothing is saved in the app."
        ),
    )
    if not uploads:
        st.info(
            _(
                "Choose the report workbooks of the cities to compare: each city's report is downloaded on its "
                "Results page. Files of one framework can be compared together."
            ),
            icon=":material/upload_file:",
        )
        st.stop()
    files = tuple((f.name, f.getvalue()) for f in uploads)
    net, problems, mixed = network(
        digest_of([(n, hashlib.sha256(b).hexdigest()) for n, b in files]), lambda: uploaded(files, frameworks)
    )
    for name, found in problems.items():
        st.error(
            _("**{file}** could not be compared, the other files still are:").format(file=md(name))
            + "\n"
            + "\n".join(f"- {md(say(p, t))}" for p in found),
            icon=":material/error:",
        )
    if mixed is not None:
        st.error(md(say(mixed.sentence, t)), icon=":material/error:")
        st.stop()
    if net is None:
        st.warning(_("None of these files could be read, so there is nothing to compare."))
        st.stop()
    framework = net.framework

view = shown_framework(framework)
cities, city = t.inline(view.subjects_label), t.inline(view.subject_label)
if net.mapped_note:
    st.info(md(say(net.mapped_note, t)), icon=":material/compare_arrows:")
marked = [
    f"{md(a.subject.name)} ({t.inline(_(ASSESSMENT_TYPES[a.assessment_type]))}, {t.date(a.date)}): {s}, {md(why)}"
    for a in net.assessments
    for s, why in a.not_relevant_sections.items()
]
if marked:
    st.caption(
        _(
            "Marked not relevant here by the team (no score, left out of the overall, like a {section} not yet "
            "rated): {marked}"
        ).format(section=t.inline(view.section_label), marked="; ".join(marked))
    )
st.caption(
    _("{framework} (version {version}):").format(framework=view.title, version=view.version)
    + " "
    + ngettext("{n} assessment", "{n} assessments", len(net.frame)).format(n=t.number(len(net.frame)))
    + " "
    + _("of {n} {subjects}").format(n=t.number(len(net.subjects)), subjects=cities)
    + " — "
    + ngettext("{n} self-assessment", "{n} self-assessments", net.kinds.get("self", 0)).format(
        n=t.number(net.kinds.get("self", 0))
    )
    + ", "
    + ngettext("{n} peer review", "{n} peer reviews", net.kinds.get("peer", 0)).format(
        n=t.number(net.kinds.get("peer", 0))
    )
    + "."
)

left, right = st.columns(2)
if len(net.kinds) > 1:
    basis = left.radio(
        _("Compare each {subject}'s").format(subject=city),
        list(BASES),
        format_func=lambda k: _(BASES[k]),
        horizontal=True,
        key="compare_basis",
        help=_(
            "Rankings, statistics, gaps and who-learns-from-whom use one assessment per {subject}: its latest of "
            "this kind."
        ).format(subject=city),
    )
else:
    basis = next(iter(net.kinds))
    left.markdown(
        (
            _("All of these are self-assessments: each {subject}'s latest is compared.")
            if basis == "self"
            else _("All of these are peer reviews: each {subject}'s latest is compared.")
        ).format(subject=city)
    )
subjects = net.subjects
start = 0
if "compare_highlight" not in st.session_state and st.session_state.get("aid"):  # first visit: the open city
    opened = store.get(st.session_state["aid"])
    mine = subject_key(opened.subject.name) if opened else None
    start = next((n for n, s in enumerate(subjects) if subject_key(s) == mine), 0)
highlight = right.selectbox(
    _("Highlight a {subject}").format(subject=city), subjects, index=start, key="compare_highlight"
)
highlight = highlight or subjects[0]

rows = net.kept(rows_of, basis)
missing = len(subjects) - rows["subject"].map(subject_key).nunique()
if missing:
    st.caption(
        _("{missing} of the {n} {subjects} have no {kind} and are left out of the views below.").format(
            missing=t.number(missing),
            n=t.number(len(subjects)),
            subjects=cities,
            kind=t.inline(_(ASSESSMENT_TYPES[basis])),
        )
    )

show_findings(net, basis, highlight)


def workbook() -> bytes:
    from benchmark.xlsx.comparison import compare_workbook
    from benchmark.xlsx.report_layout import report_languages

    # In the page's language where workbooks are written in it (Arabic and Ukrainian cover a respondent's page)
    return compare_workbook(net.assessments, framework, basis, t.code if t.code in report_languages() else "en")


st.download_button(
    _("Download the comparison workbook"),
    data=workbook,
    on_click="ignore",
    key="compare_download",
    file_name=f"comparison-{framework.id}-{dt.date.today().isoformat()}.xlsx",
    mime=XLSX_MIME,
    icon=":material/download:",
    help=_(
        "Every city's scores, every answer side by side, self-assessment against peer review, the shared gaps "
        "and the method, as an Excel workbook."
    ),
)

shown_view = st.segmented_control(
    _("View"), list(VIEWS), format_func=lambda k: _(VIEWS[k]), default="overview", required=True, key="compare_view"
)
SHOW[shown_view or "overview"](net, basis, highlight)
with st.expander(_("How these comparisons are made")):
    st.markdown("\n".join(f"- {md(rule)}" for rule in method_text(view, t)))

# Views by role across cities (issue 8): only where assessments have several respondents; a small, separate block.
with_panel = [a for a in net.assessments if a.respondents and views_shown(a)]  # none before the team's reveal
if with_panel:
    from benchmark.charts.panel import role_gap_chart

    if st.toggle(
        _("Views by role across cities"),
        key="compare_roles",
        help=_(
            "Where migrant residents rate differently from city officials (or any two groups), city by city. Off "
            "by default: nothing is computed until it is turned on."
        ),
    ):
        st.markdown(
            _(
                "Where one group of respondents rates differently from another, city by city: the first group's "
                "mean minus the second's, in points, per section. Each city's minimum group size applies: a group "
                "too small there is left out."
            )
        )
        role = translated(framework).role
        roles = list(dict.fromkeys(r for a in with_panel for r in a.offered_roles(framework)))
        first = framework.respondents.compare_pair(roles) or (roles[0], roles[0])
        ga, gb = st.columns(2)
        group_a = ga.selectbox(_("Group"), roles, index=roles.index(first[0]), format_func=role, key="compare_role_a")
        group_b = gb.selectbox(
            _("compared with"), roles, index=roles.index(first[1]), format_func=role, key="compare_role_b"
        )
        gaps = role_gaps(with_panel, framework, group_a, group_b) if group_a != group_b else None
        if gaps is None or gaps.empty:
            st.caption(
                _("No city has both groups with enough respondents to compare.")
                if gaps is not None
                else _("Choose two different groups.")
            )
        else:
            sections = [s.id for s in framework.sections]
            table = gaps[["subject", "type", "date", "n_a", "n_b", "overall", *sections]].rename(
                columns={
                    "subject": view.subject_label,
                    "type": _("Assessment"),
                    "date": _("Date"),
                    "n_a": f"{role(group_a)} (n)",
                    "n_b": f"{role(group_b)} (n)",
                    "overall": _("Overall gap (points)"),
                }
            )
            st.dataframe(table.round(1), hide_index=True, width="stretch")
            st.vega_lite_chart(role_gap_chart(gaps, view, group_a, group_b, t, role).to_dict(), width="stretch")
