"""Results: where the city stands, against its targets, and what the guide suggests for each gap."""

import streamlit as st

from app_pages.common import current, get_store, header, pct, report_download
from benchmark.charts import gap_spec
from benchmark.scoring import score
from benchmark.tables import section_table

store = get_store()
assessment, framework = current()
header(assessment, framework, "Results")
report_download(assessment, framework, key="report:results")
result = score(assessment, framework)
label = framework.section_label.lower()

c1, c2, c3 = st.columns(3)
c1.metric("Overall score", pct(result.overall), help="The mean of the section scores (weighted if weights are set).")
c2.metric("Completion", f"{result.completion:.0f} %", help="Share of items answered, 'not relevant here' included.")
c3.metric("Maturity", result.maturity)
if result.unanswered_items:
    st.warning(f"{len(result.unanswered_items)} item(s) are not answered yet, so these scores are provisional. "
               "Unanswered items are left out of the scores, not counted as zero.")
if result.not_relevant_items:
    st.caption(f"Marked not relevant here (left out of the scores): {', '.join(result.not_relevant_items)}")

st.vega_lite_chart(gap_spec(result, framework), width="stretch")
st.caption("The same numbers as a table:")
st.dataframe(section_table(result, framework), hide_index=True, width="stretch")

with st.expander(f"Set the targets per {label}"):
    st.markdown(f"A target is the score your team aims for on each {label}. The default is "
                f"{framework.default_target:.0f} %.")
    with st.form("targets"):
        new_targets = {
            s.id: st.number_input(f"{s.id} {s.title}", min_value=0.0, max_value=100.0, step=5.0,
                                  value=float(assessment.target_for(framework, s.id)), key=f"target:{s.id}")
            for s in framework.sections
        }
        if st.form_submit_button("Save targets"):
            assessment.targets = {k: v for k, v in new_targets.items() if v != framework.default_target}
            store.save_details(assessment)
            st.rerun()

strong, weak = st.columns(2)
with strong:
    st.subheader("Strengths")
    if not result.strengths:
        st.markdown(f"No {label} has reached its target yet.")
    for s in result.strengths:
        st.markdown(f"- **{s.id} {s.title}**: {pct(s.score)}, target {s.target:.0f} %")
with weak:
    st.subheader("Gaps")
    if not result.gaps:
        st.markdown(f"No rated {label} is below its target.")
    for s in result.gaps:
        st.markdown(f"- **{s.id} {s.title}**: {pct(s.score)}, {s.gap:.0f} points below the target of {s.target:.0f} %")

if result.gaps:
    st.subheader("What the guide suggests for each gap")
    kinds = {"tool": "Tool", "example": "Real-life example", "checklist": "Checklist", "tip": "Tip",
             "resource": "Resource"}
    for s in result.gaps:
        section = framework.section_by_id[s.id]
        with st.expander(f"{s.id} {s.title} — {s.gap:.0f} points below target", expanded=s is result.gaps[0]):
            if not section.suggestions:
                st.markdown("The guide has no specific suggestion for this one.")
            for sug in section.suggestions:
                st.markdown(f"**{kinds[sug.kind]}: {sug.title}.** {sug.text}")
                st.caption(f"Source: {sug.source.cite()}")
    st.page_link("app_pages/action_plan.py", label="Turn the gaps into an action plan", icon=":material/task_alt:")
