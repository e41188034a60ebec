"""The app's menu in the sidebar, drawn with page links.

Streamlit's own menu (``st.navigation`` in the sidebar) nests its section headers and links in ``<div>``s inside its
``<ul>``, which screen readers cannot read as a list (axe-core: ``list`` and ``listitem``, on every page). The app
therefore hides that menu and draws the same pages here: one heading per section (set small by the style
sheet), one link per page, in order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st
from streamlit.navigation.page import StreamlitPage


def menu(sections: Mapping[str, Sequence[StreamlitPage]]) -> None:
    """The sidebar menu: each section's visible pages under its name."""
    with st.sidebar:
        for section, pages in sections.items():
            shown = [p for p in pages if p.visibility != "hidden"]
            if not shown:
                continue
            st.subheader(section, anchor=False)  # a heading: screen readers list it and jump by it
            for page in shown:
                st.page_link(page, label=page.title, icon=page.icon or None, width="stretch")
