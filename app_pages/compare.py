"""Compare: many assessments of one framework side by side (the full peer-review views are on their way)."""

import pandas as pd
import streamlit as st

from app_pages.common import get_frameworks, get_store
from benchmark.assessment import ASSESSMENT_TYPES
from benchmark.scoring import score

store = get_store()
frameworks = get_frameworks()

st.title("Compare assessments")
st.markdown("Put several cities or practices side by side. Heatmaps, rankings among similar cities, "
            "who-can-learn-from-whom and self-assessment against peer review are coming to this page; "
            "for now it lists the scores of every saved assessment of one framework.")
fw_id = st.selectbox("Framework", list(frameworks), format_func=lambda f: frameworks[f].title)
framework = frameworks[fw_id]
rows = []
for a in store.all(fw_id):
    if a.framework_version != framework.version:
        continue
    r = score(a, framework)
    rows.append({framework.subject_label: a.subject.name, "Kind": ASSESSMENT_TYPES[a.assessment_type],
                 "Date": a.date, "Overall %": None if r.overall is None else round(r.overall, 1),
                 "Completion %": round(r.completion),
                 **{s.id: None if s.score is None else round(s.score) for s in r.sections}})
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
else:
    st.info("No saved assessment uses this framework yet. Open a sample on the Home page to try this view.")
