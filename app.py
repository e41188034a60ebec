"""Benchmark self-assessment dashboard: the Streamlit entry point.

Run with ``streamlit run app.py``. Pages live in ``app_pages/``; everything they
compute comes from the ``benchmark`` package.
"""

import logging

import streamlit as st

from app_pages.ui.access import links_mode, sync_url
from app_pages.ui.errors import friendly_errors
from app_pages.ui.language import selector, translator
from app_pages.ui.menu import menu
from app_pages.ui.style import style

_ = translator().gettext  # this session's language (?lang=), before anything is drawn
st.set_page_config(page_title=_("Integration strategy benchmark"), page_icon="🧭", layout="wide")

try:
    shared = links_mode()  # BENCHMARK_ACCESS=links: a deployment shared by several cities
except ValueError:
    shared = False  # sync_url() below shows the reason and stops before any page runs

# On a shared deployment nothing lists every assessment: Compare gives way to the peer-review group page.
network = (
    st.Page("app_pages/group.py", title=_("Peer-review group"), icon=":material/groups:")
    if shared
    else st.Page("app_pages/compare.py", title=_("Compare"), icon=":material/compare_arrows:")
)
pages = {
    _("Assessment"): [
        st.Page("app_pages/home.py", title=_("Home"), icon=":material/home:", default=True),
        st.Page("app_pages/assess.py", title=_("Assess"), icon=":material/checklist:"),
        st.Page("app_pages/results.py", title=_("Results"), icon=":material/bar_chart:"),
        st.Page("app_pages/action_plan.py", title=_("Action plan"), icon=":material/task_alt:"),
        st.Page("app_pages/respondents.py", title=_("Respondents"), icon=":material/diversity_3:"),
        st.Page("app_pages/consensus.py", title=_("Views and consensus"), icon=":material/handshake:"),
        # A respondent's own page, reached only with their personal link (?r=…); not in the menu.
        st.Page("app_pages/respond.py", title=_("Your answers"), icon=":material/edit_note:", visibility="hidden"),
    ],
    _("Network"): [
        network,
        st.Page("app_pages/exchange.py", title=_("Export / import"), icon=":material/swap_vert:"),
    ],
    _("Help"): [st.Page("app_pages/about.py", title=_("About the method"), icon=":material/info:")],
}

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
style()
# Streamlit's own menu is hidden and drawn again by menu() (see there why). A respondent's link opens their own page
# and nothing else: no menu to the team's pages.
page = st.navigation(pages, position="hidden")
respondent = "r" in st.query_params
selector(st.container() if respondent else st.sidebar)  # a respondent has no menu: the selector tops their page
if not respondent:
    menu(pages)
sync_url()
with friendly_errors():
    page.run()
