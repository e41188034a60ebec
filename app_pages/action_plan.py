"""Action plan: measures tied to gaps, edited in a table and saved as you go."""

import streamlit as st

from app_pages.common import current, get_store, header, report_download
from benchmark.assessment import PRIORITIES, STATUSES, Action
from benchmark.plan import COLUMNS, actions_to_frame, frame_to_actions, seed_actions
from benchmark.scoring import score

store = get_store()
assessment, framework = current()
aid = assessment.id
header(assessment, framework, "Action plan")
st.markdown(
    "Each measure should say what will be done, why (objective), who is responsible, with which partners and "
    "resources, when, and how you will know it worked (indicator). Add a row with the **+** under the table; "
    "select a row and press Delete to remove it. Changes are saved as you make them."
)

# The table edits a base copy; the base is reset only when rows are added from outside the table,
# so the editor's own record of edits is never applied twice.
base_key, version_key = f"plan_base:{aid}", f"plan_version:{aid}"
if base_key not in st.session_state:
    st.session_state[base_key] = actions_to_frame(assessment.actions)
    st.session_state[version_key] = 0


def reset_base(actions) -> None:
    st.session_state[base_key] = actions_to_frame(actions)
    st.session_state[version_key] += 1


result = score(assessment, framework)
drafts = seed_actions(result, framework, assessment.actions)
if st.button(f"Draft actions for the largest gaps ({len(drafts)})", disabled=not drafts,
             help="Adds one draft measure for each of the largest gaps that has no action yet, "
                  "using the guide's suggestions. You can edit or delete them."):
    actions = assessment.actions + drafts
    store.set_actions(aid, actions)
    reset_base(actions)
    st.rerun()

sections = [s.id for s in framework.sections]
edited = st.data_editor(
    st.session_state[base_key],
    key=f"plan:{aid}:{st.session_state[version_key]}",
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_order=list(COLUMNS),
    column_config={
        "measure": st.column_config.TextColumn(COLUMNS["measure"], required=True, max_chars=2000, width="large"),
        "objective": st.column_config.TextColumn(COLUMNS["objective"], width="large"),
        "section": st.column_config.SelectboxColumn(
            f"Linked {framework.section_label.lower()}", options=sections,
            help=", ".join(f"{s.id}: {s.title}" for s in framework.sections)),
        "responsible": st.column_config.TextColumn(COLUMNS["responsible"]),
        "partners": st.column_config.TextColumn(COLUMNS["partners"]),
        "resources": st.column_config.TextColumn(COLUMNS["resources"]),
        "start": st.column_config.DateColumn(COLUMNS["start"], format="DD/MM/YYYY"),
        "end": st.column_config.DateColumn(COLUMNS["end"], format="DD/MM/YYYY"),
        "indicator": st.column_config.TextColumn(COLUMNS["indicator"]),
        "priority": st.column_config.SelectboxColumn(COLUMNS["priority"], options=PRIORITIES, default="Medium"),
        "status": st.column_config.SelectboxColumn(COLUMNS["status"], options=STATUSES, default="Not started"),
    },
)

actions, problems = frame_to_actions(edited)
for problem in problems:
    st.error(f"{problem}. Correct it in the table; the other rows are saved.")
if actions != assessment.actions:
    store.set_actions(aid, actions)
    if {a.id for a in actions} - set(edited["id"].dropna()):
        reset_base(actions)  # new rows now have ids: start the editor from the saved plan
        st.rerun()
    st.toast("Action plan saved", icon=":material/check:")

st.caption(f"{len(actions)} measure(s) in the plan.")
report_download(assessment, framework, key="report:plan")
st.caption("The report carries the action plan as an Excel table with drop-down lists. Edit it there and load it "
           "back on the Export / import page.")

with st.expander("Add a measure with a form"):
    with st.form("add_action", clear_on_submit=True):
        measure = st.text_input("Measure (what will be done)", max_chars=2000)
        c1, c2, c3 = st.columns(3)
        section = c1.selectbox(f"Linked {framework.section_label.lower()}", [""] + sections,
                               format_func=lambda s: s and f"{s} {framework.section_by_id[s].title}")
        responsible = c2.text_input("Responsible", max_chars=2000)
        priority = c3.selectbox("Priority", PRIORITIES, index=1)
        if st.form_submit_button("Add measure"):
            if not measure.strip():
                st.error("Please say what the measure is.")
            else:
                actions = actions + [Action(measure=measure.strip(), section=section, responsible=responsible.strip(),
                                            priority=priority)]
                store.set_actions(aid, actions)
                reset_base(actions)
                st.rerun()
