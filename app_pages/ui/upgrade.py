"""Moving the open assessment to the newest version of its framework: what will carry over and what will need a
new answer, shown before anyone confirms (``benchmark/upgrade.py`` does the move)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.ui.access import require_edit
from app_pages.ui.resources import get_frameworks, get_store
from app_pages.ui.session import flash, forget_page_state
from app_pages.ui.text import md
from benchmark.assessment import Assessment
from benchmark.store import AccessDenied, Conflict
from benchmark.upgrade import Upgraded, UpgradeError, plan


def offer_upgrade(assessment: Assessment, can_edit: bool, revision: int) -> None:
    """When a newer version of the framework is kept: a note, and (to an editor) the move, previewed. ``revision``
    is the whole assessment's as read: the move is refused if anything was written since."""
    assessment_id, version = assessment.id, assessment.framework_version
    latest = get_frameworks().get(assessment.framework)
    if latest is None or latest.version == version:
        return
    try:
        upgraded = plan(assessment, latest)
    except UpgradeError as exc:
        st.info(f"{latest.short_title} {latest.version} is out; this assessment stays at {version}: {md(exc)}")
        return
    title = f"{latest.short_title} {latest.version} is out — this assessment was made with version {version}"
    with st.expander(title, icon=":material/upgrade:"):
        st.markdown(
            f"It keeps opening, scoring and exporting as {version}. Moving it to {latest.version} takes one step: "
            "answers go where the new version's file says, nothing is lost, and the "
            f"{version} answers stay in the assessment's history."
        )
        preview(upgraded)
        if not can_edit:
            return
        if st.button(f"Move this assessment to {latest.short_title} {latest.version}", type="primary"):
            try:
                require_edit(assessment_id)
                get_store().save(upgraded.assessment, expected_revision=revision)
            except AccessDenied as exc:
                st.error(md(exc))
                return
            except Conflict:
                st.warning(
                    "Someone changed this assessment since this page was drawn, so it was not moved. "
                    "Look at the changes again (they now include the latest answers) and confirm once more."
                )
                return
            forget_page_state(assessment_id)
            flash(
                f"Moved to {latest.short_title} {latest.version}. "
                f"{len(upgraded.to_answer)} item(s) need a new answer: {', '.join(upgraded.to_answer) or 'none'}.",
                "success",
            )
            st.rerun()


def preview(upgraded: Upgraded) -> None:
    """The changes of each step as a table, and what they mean for this assessment in numbers."""
    for step in upgraded.steps:
        if step.new.upgrade and step.new.upgrade.summary:
            st.markdown(md(step.new.upgrade.summary))
        rows = [
            {
                "Change": ln.kind,
                f"{step.old.version} item(s)": ", ".join(ln.old) or "—",
                f"{step.new.version} item(s)": ", ".join(ln.new) or "—",
                "What happens": ln.outcome,
                "Answered here": "—" if ln.kind == "new" else ("yes" if ln.answered else "no"),
                "Why": ln.note,
            }
            for ln in step.lines
            if ln.kind != "same" or ln.note
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        same = sum(ln.kind == "same" and not ln.note for ln in step.lines)
        parts = [
            f"{same} other item(s) are unchanged and keep their answers",
            f"{len(step.carried)} rating(s) carry over",
            f"{len(step.to_answer)} item(s) will need a new answer ({', '.join(step.to_answer) or 'none'})",
        ]
        if step.notes_added:
            parts.append(f"earlier answers are written out as notes on {', '.join(step.notes_added)}")
        if step.dropped_settings:
            parts.append(f"no longer applies: {', '.join(step.dropped_settings)}")
        st.markdown(f"From {step.old.version} to {step.new.version}: " + "; ".join(parts) + ".")
