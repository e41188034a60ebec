"""Export / import: the Excel report and reading it back (on its way)."""

import streamlit as st

st.title("Export and import")
st.markdown("Soon you will be able to download an assessment as an Excel report with charts and an editable "
            "action plan, and upload it again to continue from the file. Until then, every answer stays saved "
            "in the app and the command line can print the scores: `python -m benchmark score FILE`.")
