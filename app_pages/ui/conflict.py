"""The one conflict component: a save refused because someone else saved the same part first.

Every use (an item on Assess or on a respondent's page, the targets, the action plan, an agreed rating) keeps
both versions under ``KEY:conflict`` and shows the same panel: why, both versions side by side, and two
buttons. "Keep theirs" takes the stored version and saves nothing; "Use mine" saves this session's version over
the stored one, knowingly (the save names the stored version's revision).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from app_pages.ui.errors import saving
from app_pages.ui.language import translator
from app_pages.ui.session import Pending

# Takes a version and the revision it was stored at.
Take = Callable[[Any, int], object]


def hold(key: str, theirs: Any, ours: Any, revision: int) -> None:
    """Keep both versions until one is chosen."""
    st.session_state[f"{key}:conflict"] = Pending(theirs, ours, revision)


def waiting(key: str) -> Pending | None:
    return st.session_state.get(f"{key}:conflict")


def settled(key: str) -> None:
    """The part was saved (or the choice made): no conflict waits any more."""
    st.session_state.pop(f"{key}:conflict", None)


def conflict_panel(
    key: str, warning: str, describe: Callable[[Any], object], take_theirs: Take, save_mine: Take
) -> None:
    """The panel, when a conflict waits under ``key``. ``describe`` turns a version into plain text (a str) or a
    table; ``take_theirs`` shows the stored version, ``save_mine`` saves this session's (and calls
    :func:`settled` when it did)."""
    pending = waiting(key)
    if pending is None:
        return
    _ = translator().gettext
    st.warning(warning, icon=":material/sync_problem:")
    theirs, mine = st.columns(2)
    _side(theirs, _("**Theirs (saved now)**"), describe(pending.theirs))
    theirs.button(_("Keep theirs"), key=f"{key}:keep_theirs", on_click=_keep_theirs, args=(key, take_theirs))
    _side(mine, _("**Yours (not saved)**"), describe(pending.ours))
    mine.button(_("Use mine"), key=f"{key}:use_mine", on_click=_use_mine, args=(key, save_mine), type="primary")


def _side(col: Any, title: str, shown: object) -> None:
    col.markdown(title)
    if isinstance(shown, str):
        col.text(shown)
    else:
        col.dataframe(shown, hide_index=True, width="stretch")


@saving
def _keep_theirs(key: str, take_theirs: Take) -> None:
    pending = waiting(key)
    settled(key)
    if pending is not None:
        take_theirs(pending.theirs, pending.revision)


@saving
def _use_mine(key: str, save_mine: Take) -> None:
    pending = waiting(key)
    if pending is not None:
        save_mine(pending.ours, pending.revision)
