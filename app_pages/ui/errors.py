"""No raw exception reaches a user: not from a page's run (:func:`friendly_errors`), nor from a widget's callback
(:func:`saving`), which Streamlit runs before the page, outside any wrapper the page sets."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterator
from typing import ParamSpec

import streamlit as st

from app_pages.ui.language import translator
from app_pages.ui.session import flash
from benchmark.assessment import name_problem_in
from benchmark.i18n.translator import N_
from benchmark.store import DatabaseUnavailable

log = logging.getLogger("benchmark.app")

P = ParamSpec("P")

# Streamlit steers reruns and page switches with exceptions: those must pass through.
_CONTROL_FLOW = {"RerunException", "StopException", "ScriptControlException"}

NOT_SAVED = N_("Not saved — try again in a moment: the database cannot be reached just now.")


def _control_flow(exc: BaseException) -> bool:
    return any(cls.__name__ in _CONTROL_FLOW for cls in type(exc).__mro__)


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """A plain message on screen, the details in the server log."""
    try:
        yield
    except Exception as exc:
        if _control_flow(exc):
            raise
        if isinstance(exc, DatabaseUnavailable):
            log.warning("The database did not answer: %s", exc.reason)
            _ = translator().gettext
            st.error(
                _(NOT_SAVED)
                + " "
                + _(
                    "So this page cannot be shown. Nothing saved before is lost, and an answer you gave since is "
                    "kept in this tab until it can be saved."
                ),
                icon=":material/cloud_off:",
            )
            return
        log.exception("Unexpected error on a page")
        st.error(
            translator()
            .gettext(
                "Something went wrong on this page, and nothing you saved before has been lost. "
                "Reload the page to continue; if it happens again, tell your facilitator what you were doing. "
                "(Reference for the server log: {reference})"
            )
            .format(reference=type(exc).__name__),
            icon=":material/error:",
        )


def saving(callback: Callable[P, object]) -> Callable[P, None]:
    """A widget's callback that saves: when the database does not answer, or anything else goes wrong, the page
    that follows says plainly that nothing was saved (the details in the server log) instead of Streamlit's raw
    error."""

    @functools.wraps(callback)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            callback(*args, **kwargs)
        except Exception as exc:
            if _control_flow(exc):
                raise
            if isinstance(exc, DatabaseUnavailable):
                log.warning("Not saved, the database did not answer: %s", exc.reason)
                flash(translator().gettext(NOT_SAVED))
            else:
                log.exception("Unexpected error in a save")
                flash(
                    translator()
                    .gettext(
                        "Not saved — try again: something went wrong, and nothing you saved before has been lost. "
                        "If it happens again, tell your facilitator. (Reference for the server log: {reference})"
                    )
                    .format(reference=type(exc).__name__)
                )

    return run


def refusal(exc: Exception) -> str:
    """What a value the core refused says to the user: a name's problem (invisible, too long) in the page's
    language, else the core's own message. Pydantic's wording of the same ("1 validation error for …") never."""
    problem = name_problem_in(exc)
    if problem is not None:
        return translator().gettext(problem.message).format(**problem.params)
    return str(exc)
