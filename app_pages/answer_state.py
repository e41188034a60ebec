"""The session state behind an item card, shared by the team's Assess page and a respondent's own page.

Each item keeps its widgets' values, the revision it was shown at, and a pending conflict under keys that
start with a prefix (the assessment for the team, the respondent for a respondent). A save names the revision,
so an answer saved elsewhere in between is never overwritten: the store refuses with both versions, and the
card shows them until one is chosen.
"""

from __future__ import annotations

from typing import Callable

import streamlit as st

from benchmark.assessment import Answer

FIELDS = ("value", "reason", "evidence", "evidence_kind", "notes")


def shown(answer: Answer, field: str):
    """What a widget shows of an answer's field ("" for an evidence kind not said: a select box shows None as a
    blank choice)."""
    value = getattr(answer, field)
    return (value or "") if field == "evidence_kind" else value


class AnswerState:
    def __init__(self, prefix: str, write: Callable[[str, Answer, int], None]):
        self.prefix = prefix
        self.write = write  # saves an answer against a revision; the page knows which store call and errors

    def keys(self, item_id: str) -> dict[str, str]:
        return {f: f"{self.prefix}:{item_id}:{f}" for f in FIELDS}

    def rev_key(self, item_id: str) -> str:
        return f"{self.prefix}:{item_id}:rev"

    def conflict_key(self, item_id: str) -> str:
        return f"{self.prefix}:{item_id}:conflict"

    def show(self, item_id: str, answer: Answer) -> None:
        for f, key in self.keys(item_id).items():
            st.session_state[key] = shown(answer, f)

    def typed(self, item_id: str) -> dict:
        """What the card's widgets hold now, as Answer fields."""
        k = self.keys(item_id)
        return {"value": st.session_state[k["value"]], "reason": st.session_state.get(k["reason"], "") or "",
                "evidence": st.session_state[k["evidence"]] or "", "notes": st.session_state[k["notes"]] or "",
                "evidence_kind": st.session_state.get(k["evidence_kind"]) or None}

    def keep_theirs(self, item_id: str) -> None:
        pending = st.session_state.pop(self.conflict_key(item_id), None)
        if pending is not None:
            self.show(item_id, pending.theirs)
            st.session_state[self.rev_key(item_id)] = pending.revision

    def use_mine(self, item_id: str) -> None:
        pending = st.session_state.get(self.conflict_key(item_id))
        if pending is not None:
            self.show(item_id, pending.ours)
            self.write(item_id, pending.ours, pending.revision)
