"""Views and consensus: the respondents' views by role side by side, where they disagree, and the agreed rating.

Editors only. Before the team reveals the views, only progress counts are shown. After, every figure comes from
``benchmark.respondents.views``: groups under the minimum size are merged or left out, and no individual rating
is ever shown. An agreed rating becomes the item's rating everywhere (scores, report, comparisons).
"""

import streamlit as st

from app_pages.ui import conflict
from app_pages.ui.access import may_edit
from app_pages.ui.errors import saving
from app_pages.ui.language import translated, translator
from app_pages.ui.opened import current, header
from app_pages.ui.resources import get_store
from app_pages.ui.session import flash
from app_pages.ui.text import md
from benchmark.charts.panel import role_means_spec
from benchmark.respondents import consensus_suggestion, views
from benchmark.role_views import (
    agreed_caption,
    disagreement_in_words,
    group_note,
    means_in_words,
    new_consensus,
    progress_summary,
    progress_table,
    spread_table,
)
from benchmark.store import Conflict

store = get_store()
t = translator()
_ = t.gettext
opened = current()
assessment, snapshot, can_edit = opened.assessment, opened.snapshot, opened.can_edit
view = translated(opened.framework)  # same ids, values and points: the views are the same in every language
framework, role = view.framework, view.role
aid = assessment.id
header(opened, "Views and consensus")
if not can_edit:
    st.info(
        _("Only the team, with the edit link, sees the views by role and records the consensus."),
        icon=":material/lock:",
    )
    st.stop()
if not assessment.respondents:
    st.info(
        _(
            "No respondents yet. Invite several people to rate the items on their own on the Respondents page; "
            "their views then appear here by role."
        ),
        icon=":material/diversity_3:",
    )
    st.page_link("app_pages/respondents.py", label=_("Go to Respondents"), icon=":material/diversity_3:")
    st.stop()
if not assessment.revealed:
    st.info(
        _(
            "The views are hidden until the team reveals them (on the Respondents page). Until then nobody sees "
            "anyone's ratings: only how many items each respondent has answered."
        ),
        icon=":material/visibility_off:",
    )
    st.caption(progress_summary(assessment, framework, t))
    st.dataframe(progress_table(assessment, framework, t, role), hide_index=True, width="stretch")
    st.page_link(
        "app_pages/respondents.py",
        label=_("Reveal the views on the Respondents page"),
        icon=":material/diversity_3:",
    )
    st.stop()

v = views(assessment, framework)
label = framework.section_label
note = md(group_note(v, t, role))
st.caption(note)
if len(v.groups) < 2:
    st.warning(
        _(
            "Fewer than two groups of at least {k} respondents have answered, so there is nothing to put side by "
            "side yet. The team can still record agreed ratings below."
        ).format(k=t.number(v.k)),
        icon=":material/group_off:",
    )

# --- at a glance ------------------------------------------------------------------------------------------
if v.groups:
    st.vega_lite_chart(role_means_spec(v, framework, "section", None, t, role), width="stretch")
top_sections = disagreement_in_words(v, "section", 3, t, role)
top_items = disagreement_in_words(v, "item", 5, t, role)
if top_items or top_sections:
    st.subheader(_("Where the groups disagree most"))
    if top_sections:
        st.markdown(f"**{framework.sections_label}**\n\n" + "\n".join(f"- {md(x)}" for x in top_sections))
    if top_items:
        st.markdown("**" + _("Items") + "**\n\n" + "\n".join(f"- {md(x)}" for x in top_items))
with st.expander(_("The same numbers as a table, per {section}").format(section=t.inline(label))):
    st.dataframe(spread_table(v, framework, "section", None, t, role), hide_index=True, width="stretch")

# --- one section: its items side by side, and the consensus -------------------------------------------------
section_ids = [s.id for s in framework.sections]
section_key = f"consensus_section:{aid}"
if section_key not in st.session_state:
    first = v.disagreement("section", top=1)
    st.session_state[section_key] = first[0].id if first else section_ids[0]
section_id = st.selectbox(
    label, section_ids, key=section_key, format_func=lambda s: f"{s} {framework.section_by_id[s].title}"
)
section = framework.section_by_id[section_id]
st.header(f"{section.id} · {section.title}")
if any(v.line(i.id).groups for i in section.items):
    st.vega_lite_chart(role_means_spec(v, framework, "item", section_id, t, role), width="stretch")
st.dataframe(spread_table(v, framework, "item", section_id, t, role), hide_index=True, width="stretch")
st.caption(note)

st.subheader(_("Agree a rating per item"))
st.markdown(
    _(
        "For each item, look at every group's view, discuss, and record the rating the team agrees on, who "
        "agreed and why. The agreed rating becomes the item's rating in the results, the report and the "
        "comparisons; every respondent's own rating stays stored."
    )
)


def agreed_key(item_id: str) -> str:
    return f"agreed:{aid}:{item_id}"


def record(agreed, expected: int) -> None:
    try:
        store.set_consensus(aid, agreed, expected_revision=expected)
    except Conflict as exc:
        conflict.hold(agreed_key(agreed.item_id), exc.theirs, exc.ours, exc.revision)
        return
    except KeyError:
        flash(_("Nothing was saved: this assessment is no longer stored."))
        return
    conflict.settled(agreed_key(agreed.item_id))
    flash(_("Agreed rating recorded for {item}.").format(item=agreed.item_id), "success")


@saving
def clear(item_id: str) -> None:
    if may_edit(aid):
        store.clear_consensus(aid, item_id)
        flash(
            _("Agreed rating of {item} cleared; its rating can be changed on Assess again.").format(item=item_id),
            "success",
        )


def use_mine(agreed, revision: int) -> None:
    if may_edit(aid):
        record(agreed, revision)


def describe(agreed, scale) -> str:
    if agreed is None:
        return _("(no agreed rating)")
    return "\n".join(
        [
            _("Rating: {rating}").format(rating=scale.label(agreed.value)),
            _("Agreed by: {who}").format(who=", ".join(agreed.agreed_by) or "—"),
            _("Why: {why}").format(why=agreed.rationale or "—"),
        ]
    )


for item in section.items:
    scale = framework.scale_for(item)
    line = v.line(item.id)
    agreed = assessment.consensus.get(item.id)
    suggestion = consensus_suggestion(assessment, framework, item.id, v)
    with st.container(border=True):
        st.markdown(f"**{item.id}** {item.question}")
        if line.groups:
            st.markdown(_("Views: {means}").format(means=md(means_in_words(line, v.k, t, role))))
        else:
            st.caption(_("No group of at least {k} respondents rated this item.").format(k=t.number(v.k)))
        if suggestion is not None:
            st.caption(
                _(
                    "Suggested starting point: **{rating}** (the middle of the groups' means, rounded to the "
                    "scale). Only a starting point for the discussion."
                ).format(rating=scale.option(suggestion).label)
            )
        if agreed is not None:
            st.success(
                _("Agreed rating: **{rating}**.").format(rating=scale.option(agreed.value).label)
                + " "
                + md(agreed_caption(agreed, False, t)),
                icon=":material/handshake:",
            )
        else:
            own = assessment.answers.get(item.id)
            own_label = scale.label(own.value) if own else None
            st.caption(
                _("No agreed rating yet. The team's rating on Assess: {rating}.").format(
                    rating=own_label or _("not rated yet")
                )
            )
        options = [o.value for o in scale.options]
        start = agreed.value if agreed else suggestion
        with st.form(f"consensus:{aid}:{item.id}"):
            value = st.selectbox(
                _("Agreed rating"),
                options,
                index=options.index(start) if start in options else None,
                format_func=lambda x, s=scale: s.option(x).label,
                key=f"consensus:{item.id}:value",
            )
            who = st.text_input(
                _("Who agreed (names or organisations, separated by commas)"),
                max_chars=2000,
                value=", ".join(agreed.agreed_by) if agreed else "",
                key=f"consensus:{item.id}:who",
            )
            why = st.text_area(
                _("Why (rationale)"),
                value=agreed.rationale if agreed else "",
                max_chars=5000,
                key=f"consensus:{item.id}:why",
            )
            submitted = st.form_submit_button(_("Record the agreed rating"), type="primary")
        if submitted:
            if value is None:
                st.error(_("Choose the agreed rating first."))
            elif may_edit(aid):
                record(new_consensus(item.id, value, who or "", why or ""), snapshot.consensus_revision(item.id))
                st.rerun()
        if agreed is not None:
            st.button(
                _("Clear the agreed rating"), key=f"consensus_clear:{aid}:{item.id}", on_click=clear, args=(item.id,)
            )
        conflict.conflict_panel(
            agreed_key(item.id),
            _(
                "Someone else recorded an agreed rating for {item} after this page showed it. Nothing was "
                "overwritten. Choose the one to keep."
            ).format(item=item.id),
            lambda agreed, scale=scale: describe(agreed, scale),
            lambda *stored: None,
            use_mine,
        )
