"""Results: where the city stands, against its targets, and what the guide suggests for each gap."""

import streamlit as st

from app_pages.ui import conflict
from app_pages.ui.access import links_mode, may_edit, require_edit
from app_pages.ui.charts import gap_chart_spec
from app_pages.ui.errors import saving
from app_pages.ui.language import translated, translator
from app_pages.ui.maturity import maturity_explained
from app_pages.ui.opened import current, header
from app_pages.ui.report import report_download
from app_pages.ui.resources import get_store
from app_pages.ui.session import flash
from app_pages.ui.text import md
from benchmark.access import describe_targets
from benchmark.role_views import no_evidence_in_words
from benchmark.scoring import score
from benchmark.store import AccessDenied, Conflict
from benchmark.tables import section_table

store = get_store()
t = translator()
_, ngettext = t.gettext, t.ngettext
opened = current()
assessment, can_edit = opened.assessment, opened.can_edit
framework = translated(opened.framework).framework  # same ids, values and points: the same scores in any language
aid = assessment.id
header(opened, "Results")
report_download(assessment, opened.framework, key="report:results")
result = score(assessment, framework)
label = t.inline(framework.section_label)

c1, c2, c3 = st.columns(3)


def in_pct(x: float | None) -> str:
    """A score as this page has always written it (``67 %``), in this session's language and digits."""
    return _("not yet rated") if x is None else _("{n} %").format(n=t.number(x, 0))


c1.metric(
    _("Overall score"),
    in_pct(result.overall),
    help=_("The mean of the section scores (weighted if weights are set)."),
)
c2.metric(_("Completion"), in_pct(result.completion), help=_("Share of items answered, 'not relevant here' included."))
c3.metric(
    _("Maturity"), _(result.maturity), help=_("The band the overall score falls in; what each band means is below.")
)
maturity_explained(framework, result.overall)
if result.unanswered_items:
    st.warning(
        ngettext(
            "{n} item is not answered yet, so these scores are provisional. "
            "Unanswered items are left out of the scores, not counted as zero.",
            "{n} items are not answered yet, so these scores are provisional. "
            "Unanswered items are left out of the scores, not counted as zero.",
            len(result.unanswered_items),
        ).format(n=t.number(len(result.unanswered_items)))
    )
if result.not_relevant_items:
    st.caption(
        _("Marked not relevant here (left out of the scores): {items}").format(
            items=", ".join(result.not_relevant_items)
        )
    )
for s in result.sections:
    if s.not_relevant_reason is not None:
        st.info(
            _(
                "**{id} {title}** is marked not relevant here: {reason} It has no score and is "
                "left out of the overall score, like a section not yet rated."
            ).format(id=s.id, title=s.title, reason=md(s.not_relevant_reason)),
            icon=":material/block:",
        )

st.vega_lite_chart(gap_chart_spec(result, framework, t.code), width="stretch")
st.caption(_("The same numbers as a table:"))
st.dataframe(section_table(result, framework, t), hide_index=True, width="stretch")

# The targets form remembers the details revision it shows; a save over targets someone else changed since is
# refused and both versions are shown, never silently replaced.
target_keys = {s.id: f"target:{s.id}" for s in framework.sections}
details_key, loaded_key, targets_key = f"details_rev:{aid}", f"targets_shown:{aid}", f"targets:{aid}"


def targets_of(a) -> dict[str, float]:
    return {s.id: float(a.target_for(framework, s.id)) for s in framework.sections}


def show_targets(targets: dict[str, float], revision: int) -> None:
    for sid, key in target_keys.items():
        st.session_state[key] = targets[sid]
    st.session_state[details_key], st.session_state[loaded_key] = revision, targets


def write_targets(mine: dict[str, float], expected: int) -> None:
    latest = store.load(aid)
    if latest is None:
        flash(_("Nothing was saved: this assessment is no longer stored."))
        return
    a = latest.assessment
    a.targets = {k: v for k, v in mine.items() if v != framework.default_target}
    try:
        rev = store.save_details(a, expected_revision=expected)
    except Conflict as exc:
        conflict.hold(targets_key, targets_of(exc.theirs), mine, exc.revision)
        return
    show_targets(mine, rev)
    conflict.settled(targets_key)
    st.toast(_("Targets saved"), icon=":material/check:")


@saving
def save_targets() -> None:
    if not may_edit(aid):
        return
    mine = {sid: float(st.session_state[key]) for sid, key in target_keys.items()}
    latest = store.load(aid)
    if latest is None:
        flash(_("Nothing was saved: this assessment is no longer stored."))
        return
    # Section by section: what this session changed goes onto what is stored now, unless someone else changed
    # the same section to something else meanwhile; other details saved meanwhile are kept as they are.
    theirs, shown = targets_of(latest.assessment), st.session_state.get(loaded_key) or {}
    changed = {sid for sid in mine if mine[sid] != shown.get(sid)}
    if any(theirs[sid] != shown.get(sid) and theirs[sid] != mine[sid] for sid in changed):
        conflict.hold(targets_key, theirs, mine, latest.details_revision)
        return
    write_targets({sid: mine[sid] if sid in changed else theirs[sid] for sid in mine}, latest.details_revision)


def use_my_targets(mine: dict[str, float], revision: int) -> None:
    if may_edit(aid):
        write_targets(mine, revision)


pending = conflict.waiting(targets_key) if can_edit else None
if pending is None and (
    not can_edit
    or any(k not in st.session_state for k in target_keys.values())
    or st.session_state.get(details_key) != opened.snapshot.details_revision
):
    show_targets(targets_of(assessment), opened.snapshot.details_revision)

with st.expander(_("Set the targets per {section}").format(section=label), expanded=pending is not None):
    st.markdown(
        _("A target is the score your team aims for on each {section}. The default is {default}.").format(
            section=label, default=in_pct(framework.default_target)
        )
    )
    with st.form("targets"):
        for s in framework.sections:
            st.number_input(
                f"{s.id} {s.title}",
                min_value=0.0,
                max_value=100.0,
                step=5.0,
                key=target_keys[s.id],
                disabled=not can_edit,
            )
        st.form_submit_button(_("Save targets"), on_click=save_targets, disabled=not can_edit)
    if can_edit:
        conflict.conflict_panel(
            targets_key,
            _(
                "Someone else changed the targets after this page showed them. Nothing "
                "was overwritten: their targets are saved, yours are not yet. Choose the ones to keep."
            ),
            lambda targets: describe_targets(targets, framework),
            show_targets,
            use_my_targets,
        )

bare = no_evidence_in_words(assessment, framework)
st.subheader(_("Items resting on no evidence"))
if bare:
    st.markdown(
        ngettext(
            "{n} rated item(s) have no evidence written down, neither by the team nor by any "
            "respondent. Their ratings rest on opinion alone; add evidence on Assess, or treat them with care:",
            "{n} rated item(s) have no evidence written down, neither by the team nor by any "
            "respondent. Their ratings rest on opinion alone; add evidence on Assess, or treat them with care:",
            len(bare),
        ).format(n=t.number(len(bare)))
    )
    st.markdown("\n".join(f"- {md(x)}" for x in bare))
else:
    st.markdown(_("Every rated item has some evidence written down (by the team or a respondent)."))


def listed(heading: str, lines: list[str], none: str) -> None:
    st.subheader(heading)
    st.markdown("\n".join(f"- {line}" for line in lines) if lines else none)


strong, weak = st.columns(2)
with strong:
    listed(
        _("Strengths"),
        [
            _("**{id} {title}**: {score}, target {target}").format(
                id=s.id, title=s.title, score=in_pct(s.score), target=in_pct(s.target)
            )
            for s in result.strengths
        ],
        _("No {section} has reached its target yet.").format(section=label),
    )
with weak:
    listed(
        _("Gaps"),
        [
            _("**{id} {title}**: {score}, {gap} points below the target of {target}").format(
                id=s.id, title=s.title, score=in_pct(s.score), gap=t.number(s.gap or 0.0, 0), target=in_pct(s.target)
            )
            for s in result.gaps
        ],
        _("No rated {section} is below its target.").format(section=label),
    )

if result.gaps:
    st.subheader(_("What the guide suggests for each gap"))
    for s in result.gaps:
        section = framework.section_by_id[s.id]
        with st.expander(
            _("{id} {title} — {gap} points below target").format(id=s.id, title=s.title, gap=t.number(s.gap or 0.0, 0)),
            expanded=s is result.gaps[0],
        ):
            if not section.suggestions:
                st.markdown(_("The guide has no specific suggestion for this one."))
            # One element per gap, not two per suggestion: each element costs a rerun about 0.1 ms.
            st.markdown(
                "\n\n".join(
                    _("**{kind}: {title}.** {text}").format(
                        kind=framework.suggestion_kinds[sug.kind], title=sug.title, text=sug.text
                    )
                    + "  \n"
                    + ":small[:gray[{}]]".format(_("Source: {source}").format(source=framework.cite(sug.source)))
                    for sug in section.suggestions
                )
            )
    st.page_link("app_pages/action_plan.py", label=_("Turn the gaps into an action plan"), icon=":material/task_alt:")

if links_mode() and can_edit:
    with st.expander(_("Share this assessment")):
        st.markdown(
            _(
                "Whoever has the **edit link** can change this assessment; whoever has the **view-only link** "
                "can read it. Nobody else can find it. If a link went further than it should, make new links: "
                "the old ones stop working at once, for everyone."
            )
        )
        if st.button(_("Make new links"), key="share:rotate"):
            try:
                require_edit(aid)
                made = store.rotate_links(aid)
            except (AccessDenied, KeyError) as exc:
                st.error(str(exc) if isinstance(exc, AccessDenied) else _("This assessment is no longer stored."))
            else:
                st.session_state["token"] = made.edit
                st.query_params["t"] = made.edit
                st.session_state[f"new_links:{aid}"] = made  # shown on top until dismissed
                flash(_("New links made. The old edit and view-only links no longer open this assessment."), "success")
                st.rerun()
        st.markdown(
            _(
                "**Peer review.** To let the facilitator of a peer-review group read these results (read-only; "
                "the other cities of the group do not see them), enter the group's join code."
            )
        )
        member_of = store.groups_of(aid)
        if member_of:
            st.caption(_("Shared with the group(s): {groups}").format(groups=md(", ".join(member_of))))
        with st.form("join_group", clear_on_submit=True):
            code = st.text_input(_("Join code of the group"), max_chars=200, type="password")
            join = st.form_submit_button(_("Join the group"))
        if join:
            try:
                require_edit(aid)
                name = store.join_group(st.session_state.get("token"), code.strip())
            except AccessDenied as exc:
                st.error(
                    _("Not joined: that code does not match any peer-review group. Check it with your facilitator.")
                    if "group" in str(exc)
                    else str(exc)
                )
            else:
                st.success(
                    _(
                        "This assessment now belongs to the group **{group}**: its facilitator can read its results."
                    ).format(group=md(name)),
                    icon=":material/group:",
                )
