"""The one panel for a save refused because someone else saved the same part first.

Every use (an item on Assess or on a respondent's page, the targets, the action plan, an agreed rating) shows
the same thing: why, both versions side by side, and two buttons. "Keep theirs" takes the stored version and
saves nothing; "Use mine" saves this session's version over the stored one, knowingly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from app_pages.ui.session import Pending


def conflict_panel(key: str, warning: str, pending: Pending, show: Callable[[Any], object],
                   keep_theirs: Callable[[], None], use_mine: Callable[[], None]) -> None:
    """``show`` turns a version into plain text (a str) or a table; the buttons' keys are ``key:keep_theirs``
    and ``key:use_mine``."""
    st.warning(warning, icon=":material/sync_problem:")
    theirs, mine = st.columns(2)
    _side(theirs, "**Theirs (saved now)**", show(pending.theirs))
    theirs.button("Keep theirs", key=f"{key}:keep_theirs", on_click=keep_theirs)
    _side(mine, "**Yours (not saved)**", show(pending.ours))
    mine.button("Use mine", key=f"{key}:use_mine", on_click=use_mine, type="primary")


def _side(col: Any, title: str, shown: object) -> None:
    col.markdown(title)
    if isinstance(shown, str):
        col.text(shown)
    else:
        col.dataframe(shown, hide_index=True, width="stretch")
