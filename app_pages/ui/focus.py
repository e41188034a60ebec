"""Bring the place a move through a questionnaire lands on to the top of the view, with the keyboard focus on it.

Streamlit keeps the scroll position and the focus of the run before: after "next →" at the bottom of a section the
new section opened scrolled to its bottom, with the focus on the button. It has no API to scroll or focus, so a
move asks for it (:func:`focus_later`, from the button's callback) and the end of the page (:func:`focus_now`)
adds a small script that runs once in the page: it scrolls the target to the top and focuses it. A heading gets
``tabindex="-1"`` so that it can hold the focus without becoming a stop for Tab; the next Tab goes on from there.
"""

from __future__ import annotations

import json

import streamlit as st

_KEY, _COUNT = "focus:pending", "focus:count"

# A section's heading and an item's card, as the pages draw them: inside containers keyed "section-heading" and
# "itemcard:<item id>" (Streamlit turns a key into the class ``st-key-…``, with "." and ":" as "-").
HEADING = ".st-key-section-heading h2"


def card(item_id: str) -> str:
    return ".st-key-itemcard-" + item_id.replace(".", "-").replace(":", "-")


def item_rating(item_id: str) -> str:
    """An item's rating choices (the radio group), the focus target of a jump to the item."""
    return f"{card(item_id)} [role=radiogroup]"


def focus_later(scroll_to: str = HEADING, focus: str | None = None) -> None:
    """Ask the next run to bring ``scroll_to`` (a CSS selector) to the top and to focus ``focus`` (by default the
    same element). Call it from the callback of the control that moves."""
    st.session_state[_COUNT] = st.session_state.get(_COUNT, 0) + 1
    st.session_state[_KEY] = {"scroll": scroll_to, "focus": focus or scroll_to, "n": st.session_state[_COUNT]}


_SCRIPT = """<script>
(() => {
  const want = %s, tries = {n: 0};
  const go = () => {
    const place = document.querySelector(want.scroll), target = document.querySelector(want.focus);
    if (!place || !target) { if (tries.n++ < 100) setTimeout(go, 50); return; }
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    place.scrollIntoView({block: "start"});
    target.focus({preventScroll: true});
  };
  requestAnimationFrame(go);
})();
</script>"""


def focus_now() -> None:
    """At the end of a page: carry out what a move asked for, once."""
    want = st.session_state.pop(_KEY, None)
    if want is None:
        return
    # The request's number makes each script differ from the one before, so that Streamlit draws (and runs) it.
    st.html(_SCRIPT % json.dumps(want), unsafe_allow_javascript=True)
