"""Home: start a new assessment, continue one, or open a sample."""

import datetime as dt

import streamlit as st

from app_pages.ui.access import ASSESS, RESULTS, linked, links_mode, open_assessment, open_with_links, session_token
from app_pages.ui.language import current as current_language
from app_pages.ui.language import translated, translator
from app_pages.ui.resources import get_frameworks, get_store
from app_pages.ui.text import md
from benchmark.access import INVALID_LINK, private_copy, token_from
from benchmark.assessment import Subject, name_problem_in, new_assessment
from benchmark.framework.vocabulary import ASSESSMENT_TYPES
from benchmark.i18n.languages import languages as shipped_languages
from benchmark.samples import install_samples, load_samples
from benchmark.xlsx.report_layout import report_languages

store = get_store()
t = translator()
_, ngettext = t.gettext, t.ngettext
frameworks = get_frameworks()
views = {f: translated(fw) for f, fw in frameworks.items()}  # titles in this session's language
shared = links_mode()  # a shared deployment: nothing is listed, everything is reached by its link

st.title(_("How well does your city co-design its integration strategy?"), anchor=False)
st.markdown(
    _(
        "Rate where your city or practice stands, item by item, against a published benchmark; see which parts "
        "lag; and leave with an action plan. Everything is saved as you go."
    )
)

if shared and session_token() is not None:
    access = linked()
    opened = store.get(access.assessment_id) if access else None
    if opened is None:
        st.warning(_(INVALID_LINK), icon=":material/link_off:")
    else:
        st.info(
            (
                _("Your link opens **{subject}** (edit). Go on with it:")
                if access.can_edit
                else _("Your link opens **{subject}** (view only). Go on with it:")
            ).format(subject=md(opened.subject.name)),
            icon=":material/link:",
        )
        c1, c2, c3 = st.columns(3)
        c1.page_link("app_pages/assess.py", label=_("Assess"), icon=":material/checklist:")
        c2.page_link("app_pages/results.py", label=_("Results"), icon=":material/bar_chart:")
        c3.page_link("app_pages/action_plan.py", label=_("Action plan"), icon=":material/task_alt:")

new_tab, continue_tab, sample_tab = st.tabs(
    [_("Start a new assessment"), _("Continue an assessment"), _("Open a sample")]
)

with new_tab:
    with st.form("new_assessment"):
        fw_id = st.selectbox(_("Framework"), list(frameworks), format_func=lambda f: views[f].framework.title)
        name = st.text_input(_("City or practice name"), max_chars=200)
        c1, c2, c3 = st.columns(3)
        country = c1.text_input(_("Country"), max_chars=100)
        population = c2.number_input(_("Population (optional)"), min_value=0, step=1000, value=None)
        share = c3.number_input(
            _("Share of residents born abroad, % (optional)"), min_value=0.0, max_value=100.0, value=None, step=0.5
        )
        c4, c5 = st.columns(2)
        kind = c4.radio(
            _("Kind of assessment"),
            list(ASSESSMENT_TYPES),
            format_func=lambda k: _(ASSESSMENT_TYPES[k]),
            horizontal=True,
        )
        date = c5.date_input(_("Date"), value=dt.date.today(), format="DD/MM/YYYY")
        assessors = st.text_input(_("Who is assessing? (names or organisations, separated by commas)"), max_chars=1000)
        report_codes = report_languages()
        here = current_language().code
        language = st.selectbox(
            _("Language of the assessment"),
            report_codes,
            index=report_codes.index(here) if here in report_codes else 0,
            format_func=lambda code: shipped_languages()[code].name,
            help=_(
                "Its reports start in this language. Everyone still reads the pages in their own language, and "
                "each respondent's link opens in the language chosen for them."
            ),
        )
        submitted = st.form_submit_button(_("Start assessment"), type="primary")
    if submitted:
        if not name.strip():
            st.error(_("Please give the name of the city or practice you are assessing."))
        else:
            fw = frameworks[fw_id]
            try:
                a = new_assessment(
                    fw,
                    Subject(
                        name=name.strip(),
                        kind=fw.subject_kind,
                        country=country.strip(),
                        population=population,
                        migrant_share=share,
                    ),
                    assessment_type=kind,
                    date=date,
                    assessors=[p.strip() for p in assessors.split(",") if p.strip()],
                    language=language,
                )
            except ValueError as exc:  # a name of invisible characters only, an assessor's name too long
                problem = name_problem_in(exc)
                if problem is None:
                    raise
                st.error(_("Not started: {problem}").format(problem=_(problem.message).format(**problem.params)))
            else:
                if shared:
                    open_with_links(a.id, store.create(a))
                else:
                    store.save(a)
                    open_assessment(a.id)

with continue_tab:
    if shared:
        st.markdown(
            _(
                "Each assessment here is reached with its own link: the **edit link** or the **view-only link** "
                "shown when it was started. Open the link you were given, or paste it here."
            )
        )
        with st.form("open_link"):
            pasted = st.text_input(_("Your link"), max_chars=4000, placeholder="https://…?t=…")
            go = st.form_submit_button(_("Open"))
        if go:
            token = token_from(pasted)
            access = linked(token) if token else None
            if access is None:
                st.warning(_(INVALID_LINK), icon=":material/link_off:")
            else:
                open_assessment(access.assessment_id, ASSESS if access.can_edit else RESULTS, token=token)
    rows = [] if shared else store.list()
    if not rows and not shared:
        st.info(_("No assessment has been saved yet. Start one, or open a sample."))
    for row in rows:
        fw = frameworks.get(row.framework)
        total = fw.item_count if fw else 0
        c1, c2 = st.columns([5, 1], vertical_alignment="center")
        kind = ASSESSMENT_TYPES.get(row.assessment_type)
        rated = ngettext("{n} of {total} item rated", "{n} of {total} items rated", total).format(
            n=t.number(row.answered), total=t.number(total)
        )
        c1.markdown(
            f"**{md(row.subject)}** · {views[row.framework].framework.short_title if fw else md(row.framework)} · "
            f"{_(kind) if kind else md(row.assessment_type)} · {row.date} · {rated}"
        )
        if c2.button(_("Open"), key=f"open:{row.id}", help=_("Open {subject}").format(subject=md(row.subject))):
            open_assessment(row.id)

with sample_tab:
    st.markdown(
        _(
            "Ready-made assessments to explore the app. Opening one makes your own copy, with its own links; "
            "your changes to it are saved like any other assessment."
        )
        if shared
        else _(
            "Ready-made assessments to explore the app. Opening one adds it to your list; your changes "
            "to it are saved like any other assessment."
        )
    )
    samples = load_samples()
    if not samples:
        st.info(_("No sample data is installed."))
    for fw_id in frameworks:
        mine = [s for s in samples if s.framework == fw_id]
        if not mine:
            continue
        tfw = views[fw_id].framework  # the same framework, its texts in this session's language
        st.subheader(tfw.title)
        by_id = {s.id: s for s in mine}
        c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
        chosen = c1.selectbox(
            _("{framework} samples").format(framework=tfw.short_title),
            list(by_id),
            key=f"sample_choice:{fw_id}",
            format_func=lambda i, by_id=by_id: (
                f"{by_id[i].subject.name} · {_(ASSESSMENT_TYPES[by_id[i].assessment_type])} · {t.date(by_id[i].date)}"
            ),
        )
        if c2.button(_("Open sample"), key=f"sample_open:{fw_id}", width="stretch"):
            if shared:
                copy = private_copy(by_id[chosen])
                open_with_links(copy.id, store.create(copy))
            else:
                install_samples(store, ids={chosen})
                open_assessment(chosen)
        if shared:
            continue  # a whole network is compared in a peer-review group, from each city's own copy
        subjects = len({s.subject.name for s in mine})
        counted = ngettext("{n} {subject}", "{n} {subjects}", subjects).format(
            n=t.number(subjects), subject=tfw.subject_label.lower(), subjects=tfw.subjects_label.lower()
        )
        if st.button(
            ngettext(
                "Add the {framework} sample ({subjects}) to compare it",
                "Add all {n} {framework} samples ({subjects}) to compare them",
                len(mine),
            ).format(n=t.number(len(mine)), framework=tfw.short_title, subjects=counted),
            key=f"sample_all:{fw_id}",
        ):
            added = install_samples(store, framework=fw_id)
            st.switch_page("app_pages/compare.py")
