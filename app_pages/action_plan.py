"""Action plan: measures tied to gaps, edited in a table and saved as you go."""

import streamlit as st

from app_pages.ui import conflict
from app_pages.ui.access import may_edit
from app_pages.ui.language import translated, translator
from app_pages.ui.opened import current, header
from app_pages.ui.report import report_download
from app_pages.ui.resources import get_store
from app_pages.ui.session import flash
from benchmark.assessment import Action
from benchmark.framework.vocabulary import PRIORITIES, STATUSES
from benchmark.plan import COLUMNS, actions_to_frame, frame_to_actions, seed_actions
from benchmark.scoring import score
from benchmark.store import Conflict

store = get_store()
t = translator()
_, ngettext = t.gettext, t.ngettext
opened = current()
assessment, snapshot, can_edit = opened.assessment, opened.snapshot, opened.can_edit
framework = translated(opened.framework).framework  # same ids and points: the plan is the same in every language
aid = assessment.id
header(opened, "Action plan")
st.markdown(
    _(
        "Each measure should say what will be done, why (objective), who is responsible, with which partners and "
        "resources, when, and how you will know it worked (indicator). Add a row with the **+** under the table; "
        "select a row and press Delete to remove it. Changes are saved as you make them."
    )
)


def plan_frame(actions: list[Action]):
    """The plan as the table shows it: priority and status in the page's language (read back in any)."""
    return actions_to_frame(actions, t)


# The table edits a base copy; the base is reset only when rows are added from outside the table (or someone
# else saved the plan), so the editor's own record of edits is never applied twice. The session remembers the
# plan's revision and what it last saved: a save names that revision, so a plan someone else changed in between
# is never overwritten; both versions are shown until one is chosen.
base_key, version_key = f"plan_base:{aid}", f"plan_version:{aid}"
rev_key, saved_key, plan_key = f"plan_rev:{aid}", f"plan_saved:{aid}", f"plan:{aid}"
if st.session_state.get(f"plan_language:{aid}") != t.code:  # a new session, or the language switched: redraw
    st.session_state.pop(base_key, None)
    st.session_state[f"plan_language:{aid}"] = t.code
if base_key not in st.session_state:
    st.session_state[base_key] = plan_frame(assessment.actions)
    st.session_state[version_key] = st.session_state.get(version_key, -1) + 1  # a new table, never an old one's edits
    st.session_state[rev_key], st.session_state[saved_key] = snapshot.actions_revision, list(assessment.actions)


def reset_base(actions, revision: int) -> None:
    st.session_state[base_key] = plan_frame(actions)
    st.session_state[version_key] += 1
    st.session_state[rev_key], st.session_state[saved_key] = revision, list(actions)


def write(actions: list[Action], expected: int, tell=flash) -> str:
    """Save the plan over the revision this session showed: "saved", "conflict" or "denied"."""
    if not may_edit(aid, tell):
        return "denied"
    try:
        rev = store.set_actions(aid, actions, expected_revision=expected)
    except Conflict as exc:
        conflict.hold(plan_key, exc.theirs, exc.ours, exc.revision)
        return "conflict"
    except KeyError:
        tell(_("Nothing was saved: this assessment is no longer stored."))
        return "denied"
    st.session_state[rev_key], st.session_state[saved_key] = rev, list(actions)
    conflict.settled(plan_key)
    return "saved"


def use_mine(actions: list[Action], revision: int) -> None:
    if write(actions, revision) == "saved":
        reset_base(actions, st.session_state[rev_key])


result = score(assessment, framework)
drafts = seed_actions(result, framework, assessment.actions, t=t)
pending = conflict.waiting(plan_key) if can_edit else None
if st.button(
    _("Draft actions for the largest gaps ({n})").format(n=t.number(len(drafts))),
    disabled=not drafts or not can_edit or pending is not None,
    help=_(
        "Adds one draft measure for each of the largest gaps that has no action yet, using the guide's "
        "suggestions. You can edit or delete them."
    ),
):
    actions = assessment.actions + drafts  # onto the plan as stored now, whoever saved it
    if write(actions, snapshot.actions_revision) == "saved":
        reset_base(actions, st.session_state[rev_key])
    st.rerun()

sections = [s.id for s in framework.sections]
edited = st.data_editor(
    st.session_state[base_key],
    key=f"plan:{aid}:{st.session_state[version_key]}",
    num_rows="dynamic" if can_edit else "fixed",
    disabled=not can_edit,
    hide_index=True,
    width="stretch",
    column_order=list(COLUMNS),
    column_config={
        "measure": st.column_config.TextColumn(_(COLUMNS["measure"]), required=True, max_chars=2000, width="large"),
        "objective": st.column_config.TextColumn(_(COLUMNS["objective"]), width="large"),
        "section": st.column_config.SelectboxColumn(
            _("Linked {section}").format(section=t.inline(framework.section_label)),
            options=sections,
            help=", ".join(f"{s.id}: {s.title}" for s in framework.sections),
        ),
        "responsible": st.column_config.TextColumn(_(COLUMNS["responsible"])),
        "partners": st.column_config.TextColumn(_(COLUMNS["partners"])),
        "resources": st.column_config.TextColumn(_(COLUMNS["resources"])),
        "start": st.column_config.DateColumn(_(COLUMNS["start"]), format="DD/MM/YYYY"),
        "end": st.column_config.DateColumn(_(COLUMNS["end"]), format="DD/MM/YYYY"),
        "indicator": st.column_config.TextColumn(_(COLUMNS["indicator"])),
        "priority": st.column_config.SelectboxColumn(
            _(COLUMNS["priority"]), options=[_(p) for p in PRIORITIES], default=_("Medium")
        ),
        "status": st.column_config.SelectboxColumn(
            _(COLUMNS["status"]), options=[_(s) for s in STATUSES], default=_("Not started")
        ),
    },
)

actions, problems = frame_to_actions(edited, t, st.session_state[saved_key])
for problem in problems:
    st.error(_("{problem}. Correct it in the table; the other rows are saved.").format(problem=problem))
if actions != st.session_state[saved_key] and (pending is None or actions != pending.ours):
    outcome = write(actions, st.session_state[rev_key], tell=st.error)
    if outcome == "saved":
        if {a.id for a in actions} - set(edited["id"].dropna()):
            # new rows now have ids: start the editor from the saved plan
            reset_base(actions, st.session_state[rev_key])
            st.rerun()
        st.toast(_("Action plan saved"), icon=":material/check:")
    pending = conflict.waiting(plan_key)
    saved_now = outcome == "saved"
else:
    saved_now = False

if can_edit:
    shown = ["measure", "section", "responsible", "start", "end", "priority", "status"]
    conflict.conflict_panel(
        plan_key,
        _(
            "Someone else changed the action plan after this page showed it. Nothing was overwritten: their plan "
            "is saved, your last change is not yet. Choose the version to keep."
        ),
        lambda plan: plan_frame(plan)[shown].rename(columns=lambda c: _(COLUMNS[c])),
        reset_base,
        use_mine,
    )

st.caption(
    ngettext("{n} measure in the plan.", "{n} measures in the plan.", len(actions)).format(n=t.number(len(actions)))
)
report_download(assessment, opened.framework, key="report:plan")
st.caption(
    _(
        "The report carries the action plan as an Excel table with drop-down lists. Edit it there and load it "
        "back on the Export / import page."
    )
)

with (
    st.expander(_("Add a measure with a form")),
    st.form("add_action", clear_on_submit=True, enter_to_submit=can_edit),
):
    measure = st.text_input(_("Measure (what will be done)"), max_chars=2000)
    c1, c2, c3 = st.columns(3)
    section = c1.selectbox(
        _("Linked {section}").format(section=t.inline(framework.section_label)),
        [""] + sections,
        format_func=lambda s: s and f"{s} {framework.section_by_id[s].title}",
    )
    responsible = c2.text_input(_(COLUMNS["responsible"]), max_chars=2000)
    priority = c3.selectbox(_(COLUMNS["priority"]), PRIORITIES, index=1, format_func=_)
    if st.form_submit_button(_("Add measure"), disabled=not can_edit or pending is not None):
        if not measure.strip():
            st.error(_("Please say what the measure is."))
        else:
            new = Action(measure=measure.strip(), section=section, responsible=responsible.strip(), priority=priority)
            # Added onto the plan as stored now (unless this run just saved this session's own edits), so a
            # measure someone else added meanwhile stays.
            if saved_now:
                actions, expected = actions + [new], st.session_state[rev_key]
            else:
                actions, expected = assessment.actions + [new], snapshot.actions_revision
            if write(actions, expected) == "saved":
                reset_base(actions, st.session_state[rev_key])
            st.rerun()

# Saved elsewhere since this session last saw the plan, and nothing of this session's is unsaved: show it as stored.
if pending is None and not problems and not saved_now and snapshot.actions_revision != st.session_state[rev_key]:
    reset_base(assessment.actions, snapshot.actions_revision)
    st.rerun()
