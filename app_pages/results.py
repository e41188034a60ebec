"""Results: where the city stands, against its targets, and what the guide suggests for each gap."""

import streamlit as st

from app_pages.ui import conflict
from app_pages.ui.access import links_mode, may_edit, require_edit
from app_pages.ui.charts import gap_chart_spec
from app_pages.ui.errors import saving
from app_pages.ui.language import translator
from app_pages.ui.maturity import maturity_explained
from app_pages.ui.opened import current, header
from app_pages.ui.report import report_download
from app_pages.ui.resources import get_store
from app_pages.ui.session import flash
from app_pages.ui.text import md, pct
from benchmark.access import describe_targets
from benchmark.role_views import no_evidence_in_words
from benchmark.scoring import score
from benchmark.store import AccessDenied, Conflict
from benchmark.tables import section_table

store = get_store()
t = translator()
_, ngettext = t.gettext, t.ngettext
opened = current()
assessment, framework, can_edit = opened.assessment, opened.framework, opened.can_edit
aid = assessment.id
header(opened, "Results")
report_download(assessment, framework, key="report:results")
result = score(assessment, framework)
label = framework.section_label.lower()

c1, c2, c3 = st.columns(3)
c1.metric(
    _("Overall score"), pct(result.overall), help=_("The mean of the section scores (weighted if weights are set).")
)
c2.metric(
    _("Completion"), f"{result.completion:.0f} %", help=_("Share of items answered, 'not relevant here' included.")
)
c3.metric(_("Maturity"), result.maturity, help=_("The band the overall score falls in; what each band means is below."))
maturity_explained(framework, result.overall)
if result.unanswered_items:
    st.warning(
        _(
            "{n} item(s) are not answered yet, so these scores are provisional. "
            "Unanswered items are left out of the scores, not counted as zero."
        ).format(n=len(result.unanswered_items))
    )
if result.not_relevant_items:
    st.caption(f"Marked not relevant here (left out of the scores): {', '.join(result.not_relevant_items)}")
for s in result.sections:
    if s.not_relevant_reason is not None:
        st.info(
            f"**{s.id} {s.title}** is marked not relevant here: {md(s.not_relevant_reason)} It has no score and is "
            "left out of the overall score, like a section not yet rated.",
            icon=":material/block:",
        )

st.vega_lite_chart(gap_chart_spec(result, framework), width="stretch")
st.caption(_("The same numbers as a table:"))
st.dataframe(section_table(result, framework), hide_index=True, width="stretch")

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
        flash("Nothing was saved: this assessment is no longer stored.")
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
    st.toast("Targets saved", icon=":material/check:")


@saving
def save_targets() -> None:
    if not may_edit(aid):
        return
    mine = {sid: float(st.session_state[key]) for sid, key in target_keys.items()}
    latest = store.load(aid)
    if latest is None:
        flash("Nothing was saved: this assessment is no longer stored.")
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

with st.expander(f"Set the targets per {label}", expanded=pending is not None):
    st.markdown(
        f"A target is the score your team aims for on each {label}. The default is {framework.default_target:.0f} %."
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
        st.form_submit_button("Save targets", on_click=save_targets, disabled=not can_edit)
    if can_edit:
        conflict.conflict_panel(
            targets_key,
            "Someone else changed the targets after this page showed them. Nothing "
            "was overwritten: their targets are saved, yours are not yet. Choose the ones to keep.",
            lambda targets: describe_targets(targets, framework),
            show_targets,
            use_my_targets,
        )

bare = no_evidence_in_words(assessment, framework)
st.subheader(_("Items resting on no evidence"))
if bare:
    st.markdown(
        f"{len(bare)} rated item(s) have no evidence written down, neither by the team nor by any "
        "respondent. Their ratings rest on opinion alone; add evidence on Assess, or treat them with care:"
    )
    st.markdown("\n".join(f"- {md(x)}" for x in bare))
else:
    st.markdown("Every rated item has some evidence written down (by the team or a respondent).")


def listed(heading: str, lines: list[str], none: str) -> None:
    st.subheader(heading)
    st.markdown("\n".join(f"- {line}" for line in lines) if lines else none)


strong, weak = st.columns(2)
with strong:
    listed(
        _("Strengths"),
        [f"**{s.id} {s.title}**: {pct(s.score)}, target {s.target:.0f} %" for s in result.strengths],
        f"No {label} has reached its target yet.",
    )
with weak:
    listed(
        _("Gaps"),
        [
            f"**{s.id} {s.title}**: {pct(s.score)}, {s.gap:.0f} points below the target of {s.target:.0f} %"
            for s in result.gaps
        ],
        f"No rated {label} is below its target.",
    )

if result.gaps:
    st.subheader(_("What the guide suggests for each gap"))
    for s in result.gaps:
        section = framework.section_by_id[s.id]
        with st.expander(f"{s.id} {s.title} — {s.gap:.0f} points below target", expanded=s is result.gaps[0]):
            if not section.suggestions:
                st.markdown("The guide has no specific suggestion for this one.")
            # One element per gap, not two per suggestion: each element costs a rerun about 0.1 ms.
            st.markdown(
                "\n\n".join(
                    f"**{framework.suggestion_kinds[sug.kind]}: {sug.title}.** {sug.text}  \n"
                    f":small[:gray[Source: {framework.cite(sug.source)}]]"
                    for sug in section.suggestions
                )
            )
    st.page_link("app_pages/action_plan.py", label=_("Turn the gaps into an action plan"), icon=":material/task_alt:")

if links_mode() and can_edit:
    with st.expander("Share this assessment"):
        st.markdown(
            "Whoever has the **edit link** can change this assessment; whoever has the **view-only link** "
            "can read it. Nobody else can find it. If a link went further than it should, make new links: "
            "the old ones stop working at once, for everyone."
        )
        if st.button("Make new links", key="share:rotate"):
            try:
                require_edit(aid)
                made = store.rotate_links(aid)
            except (AccessDenied, KeyError) as exc:
                st.error(str(exc) if isinstance(exc, AccessDenied) else "This assessment is no longer stored.")
            else:
                st.session_state["token"] = made.edit
                st.query_params["t"] = made.edit
                st.session_state[f"new_links:{aid}"] = made  # shown on top until dismissed
                flash("New links made. The old edit and view-only links no longer open this assessment.", "success")
                st.rerun()
        st.markdown(
            "**Peer review.** To let the facilitator of a peer-review group read these results (read-only; "
            "the other cities of the group do not see them), enter the group's join code."
        )
        member_of = store.groups_of(aid)
        if member_of:
            st.caption("Shared with the group(s): " + md(", ".join(member_of)))
        with st.form("join_group", clear_on_submit=True):
            code = st.text_input("Join code of the group", max_chars=200, type="password")
            join = st.form_submit_button("Join the group")
        if join:
            try:
                require_edit(aid)
                name = store.join_group(st.session_state.get("token"), code.strip())
            except AccessDenied as exc:
                st.error(
                    "Not joined: that code does not match any peer-review group. Check it with your facilitator."
                    if "group" in str(exc)
                    else str(exc)
                )
            else:
                st.success(
                    f"This assessment now belongs to the group **{md(name)}**: its facilitator can read its results.",
                    icon=":material/group:",
                )
