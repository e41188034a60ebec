"""No raw exception reaches a user."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import streamlit as st

log = logging.getLogger("benchmark.app")

# Streamlit steers reruns and page switches with exceptions: those must pass through.
_CONTROL_FLOW = {"RerunException", "StopException", "ScriptControlException"}


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """A plain message on screen, the details in the server log."""
    try:
        yield
    except Exception as exc:
        if any(cls.__name__ in _CONTROL_FLOW for cls in type(exc).__mro__):
            raise
        log.exception("Unexpected error on a page")
        st.error(
            "Something went wrong on this page, and nothing you saved before has been lost. "
            "Reload the page to continue; if it happens again, tell your facilitator what you were doing. "
            f"(Reference for the server log: {type(exc).__name__})",
            icon=":material/error:",
        )
