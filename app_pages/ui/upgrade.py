"""Moving the open assessment to the newest version of its framework: what will carry over and what will need a
new answer, shown before anyone confirms (``benchmark/upgrade.py`` does the move)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.ui.access import require_edit
from app_pages.ui.language import translator
from app_pages.ui.resources import get_frameworks, get_store
from app_pages.ui.session import flash, forget_page_state
from app_pages.ui.text import md
from benchmark.assessment import Assessment
from benchmark.store import AccessDenied, Conflict
from benchmark.upgrade import Upgraded, UpgradeError, plan


def offer_upgrade(assessment: Assessment, can_edit: bool, revision: int) -> None:
    """When a newer version of the framework is kept: a note, and (to an editor) the move, previewed. ``revision``
    is the whole assessment's as read: the move is refused if anything was written since."""
    t = translator()
    _, ngettext = t.gettext, t.ngettext
    assessment_id, version = assessment.id, assessment.framework_version
    latest = get_frameworks().get(assessment.framework)
    if latest is None or latest.version == version:
        return
    try:
        upgraded = plan(assessment, latest)
    except UpgradeError as exc:
        st.info(
            _("{framework} {new} is out; this assessment stays at {version}: {reason}").format(
                framework=latest.short_title, new=latest.version, version=version, reason=md(exc)
            )
        )
        return
    title = _("{framework} {new} is out — this assessment was made with version {version}").format(
        framework=latest.short_title, new=latest.version, version=version
    )
    with st.expander(title, icon=":material/upgrade:"):
        st.markdown(
            _(
                "It keeps opening, scoring and exporting as {version}. Moving it to {new} takes one step: answers "
                "go where the new version's file says, nothing is lost, and the {old} answers stay in the "
                "assessment's history."
            ).format(version=version, new=latest.version, old=version)
        )
        preview(upgraded)
        if not can_edit:
            return
        move = _("Move this assessment to {framework} {new}").format(framework=latest.short_title, new=latest.version)
        if st.button(move, type="primary"):
            try:
                require_edit(assessment_id)
                get_store().save(upgraded.assessment, expected_revision=revision)
            except AccessDenied as exc:
                st.error(md(exc))
                return
            except Conflict:
                st.warning(
                    _(
                        "Someone changed this assessment since this page was drawn, so it was not moved. Look at "
                        "the changes again (they now include the latest answers) and confirm once more."
                    )
                )
                return
            forget_page_state(assessment_id)
            flash(
                _("Moved to {framework} {new}.").format(framework=latest.short_title, new=latest.version)
                + " "
                + ngettext(
                    "{n} item needs a new answer: {items}.",
                    "{n} items need a new answer: {items}.",
                    len(upgraded.to_answer),
                ).format(n=t.number(len(upgraded.to_answer)), items=", ".join(upgraded.to_answer) or _("none")),
                "success",
            )
            st.rerun()


def preview(upgraded: Upgraded) -> None:
    """The changes of each step as a table, and what they mean for this assessment in numbers. The framework
    file's own words (its summary, each change's note) stay as the file writes them."""
    t = translator()
    _, ngettext = t.gettext, t.ngettext
    for step in upgraded.steps:
        if step.new.upgrade and step.new.upgrade.summary:
            st.markdown(md(step.new.upgrade.summary))
        rows = [
            {
                _("Change"): _(ln.kind),
                _("Items in {version}").format(version=step.old.version): ", ".join(ln.old) or "—",
                _("Items in {version}").format(version=step.new.version): ", ".join(ln.new) or "—",
                _("What happens"): _(ln.outcome),
                _("Answered here"): "—" if ln.kind == "new" else (_("yes") if ln.answered else _("no")),
                _("Why"): ln.note,
            }
            for ln in step.lines
            if ln.kind != "same" or ln.note
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        same = sum(ln.kind == "same" and not ln.note for ln in step.lines)
        parts = [
            ngettext(
                "{n} other item is unchanged and keeps its answer",
                "{n} other items are unchanged and keep their answers",
                same,
            ).format(n=t.number(same)),
            ngettext("{n} rating carries over", "{n} ratings carry over", len(step.carried)).format(
                n=t.number(len(step.carried))
            ),
            ngettext(
                "{n} item will need a new answer ({items})",
                "{n} items will need a new answer ({items})",
                len(step.to_answer),
            ).format(n=t.number(len(step.to_answer)), items=", ".join(step.to_answer) or _("none")),
        ]
        if step.notes_added:
            parts.append(
                _("earlier answers are written out as notes on {items}").format(items=", ".join(step.notes_added))
            )
        if step.dropped_settings:
            parts.append(_("no longer applies: {settings}").format(settings=", ".join(step.dropped_settings)))
        st.markdown(
            _("From {old} to {new}: {changes}.").format(
                old=step.old.version, new=step.new.version, changes="; ".join(parts)
            )
        )
