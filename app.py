"""Benchmark self-assessment dashboard: the Streamlit entry point.

Run with ``streamlit run app.py``. Pages live in ``app_pages/``; everything they
compute comes from the ``benchmark`` package.
"""

import logging

import streamlit as st

from app_pages.ui.access import links_mode, sync_url
from app_pages.ui.errors import friendly_errors
from app_pages.ui.menu import menu
from app_pages.ui.style import style

st.set_page_config(page_title="Integration strategy benchmark", page_icon="🧭", layout="wide")

try:
    shared = links_mode()  # BENCHMARK_ACCESS=links: a deployment shared by several cities
except ValueError:
    shared = False  # sync_url() below shows the reason and stops before any page runs

# On a shared deployment nothing lists every assessment: Compare gives way to the peer-review group page.
network = (
    st.Page("app_pages/group.py", title="Peer-review group", icon=":material/groups:")
    if shared
    else st.Page("app_pages/compare.py", title="Compare", icon=":material/compare_arrows:")
)
pages = {
    "Assessment": [
        st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("app_pages/assess.py", title="Assess", icon=":material/checklist:"),
        st.Page("app_pages/results.py", title="Results", icon=":material/bar_chart:"),
        st.Page("app_pages/action_plan.py", title="Action plan", icon=":material/task_alt:"),
        st.Page("app_pages/respondents.py", title="Respondents", icon=":material/diversity_3:"),
        st.Page("app_pages/consensus.py", title="Views and consensus", icon=":material/handshake:"),
        # A respondent's own page, reached only with their personal link (?r=…); not in the menu.
        st.Page("app_pages/respond.py", title="Your answers", icon=":material/edit_note:", visibility="hidden"),
    ],
    "Network": [
        network,
        st.Page("app_pages/exchange.py", title="Export / import", icon=":material/swap_vert:"),
    ],
    "Help": [st.Page("app_pages/about.py", title="About the method", icon=":material/info:")],
}

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
style()
# Streamlit's own menu is hidden and drawn again by menu() (see there why). A respondent's link opens their own page
# and nothing else: no menu to the team's pages.
page = st.navigation(pages, position="hidden")
if "r" not in st.query_params:
    menu(pages)
sync_url()
with friendly_errors():
    page.run()
