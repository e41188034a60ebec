"""What one browser session keeps between reruns: messages for the next run, saves waiting for a choice, the
assessment as last read."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import streamlit as st

from benchmark.assessment import Answer
from benchmark.store import Snapshot, Store


def flash(text: str, kind: str = "error") -> None:
    """A message from a callback, shown at the top of the page on the run that follows."""
    st.session_state.setdefault("_flash", []).append((kind, text))


def show_flashes() -> None:
    for kind, text in st.session_state.pop("_flash", []):
        getattr(st, kind)(text)


@dataclass(frozen=True)
class Pending:
    """A save that was refused because someone else saved the same part first: both versions, until one is chosen."""

    theirs: Any
    ours: Any
    revision: int


_KEPT = "kept_snapshot"


def read_snapshot(store: Store, assessment_id: str) -> Snapshot | None:
    """The assessment as stored. This session keeps the last one it read and reads it again only when the stamp
    (revision and time of the last write: one indexed query) moved, so a rerun does not read and validate the
    whole assessment each time."""
    kept = st.session_state.get(_KEPT)
    if kept is not None and kept.assessment.id == assessment_id:
        stamp = store.stamp(assessment_id)
        if kept.current(stamp):
            if kept.updated_at is None:  # patched after this session's own save: now it knows when that was
                kept = st.session_state[_KEPT] = dataclasses.replace(kept, updated_at=stamp[1])
            return kept
    snapshot = store.load(assessment_id)
    if snapshot is None:
        st.session_state.pop(_KEPT, None)
    else:
        st.session_state[_KEPT] = snapshot
    return snapshot


def kept_answer(assessment_id: str, item_id: str, answer: Answer, revision: int) -> None:
    """After this session saved an answer: keep the snapshot with it when no one else wrote in between (the
    save moved the revision by exactly one), so the next run need not read the assessment again."""
    kept = st.session_state.get(_KEPT)
    if kept is None or kept.assessment.id != assessment_id:
        return
    if revision == kept.revision + 1:
        st.session_state[_KEPT] = kept.with_answer(item_id, answer, revision)
    else:
        st.session_state.pop(_KEPT, None)


def forget_page_state(assessment_id: str) -> None:
    """Drop what pages keep about an assessment in this session, after it was replaced from outside."""
    for key in [k for k in st.session_state if isinstance(k, str) and assessment_id in k and k != "aid"]:
        del st.session_state[key]
