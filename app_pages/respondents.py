"""Respondents: invite several people to rate the items on their own, each through a personal link.

The team (editors only) adds respondents with a role, gets each one's link once, watches their progress (how
many items answered, never a rating) and decides when to reveal the views by role to the team.
"""

import streamlit as st

from app_pages.ui.access import may_edit, mode
from app_pages.ui.errors import refusal, saving
from app_pages.ui.language import current as session_language
from app_pages.ui.language import translated, translator
from app_pages.ui.opened import current, header
from app_pages.ui.resources import get_store
from app_pages.ui.session import flash
from app_pages.ui.text import md
from benchmark.access import app_base, respondent_links
from benchmark.i18n.languages import languages
from benchmark.i18n.translator import N_
from benchmark.role_views import progress_summary, progress_table, respond_url, respondent_choice

store = get_store()
t = translator()
_ = t.gettext
opened = current()
assessment, can_edit = opened.assessment, opened.can_edit
view = translated(opened.framework)
framework, role_name = view.framework, view.role  # roles are stored in English, shown in the page's language
aid = assessment.id
header(opened, "Respondents")
if not can_edit:
    st.info(_("Only the team, with the edit link, manages the respondents."), icon=":material/lock:")
    st.stop()

st.markdown(
    _(
        "Invite several people to rate the items **on their own**: city officials, elected representatives, migrant "
        "residents and their organisations, NGOs and service providers, a peer reviewer, or any role you add. Each "
        "respondent gets a **personal link**: with it they see and answer only their own questionnaire, never anyone "
        "else's answers. You see how far each has got, never their ratings, until you reveal the views; then "
        "**Views and consensus** shows them by role, side by side, and you agree a rating per item."
    )
)

new_key = f"new_respondent_link:{aid}"
links = respondent_links(mode())


def keep_link(role: str, token: str, why: str, lang: str) -> None:
    st.session_state[new_key] = (role, token, why, lang)


def link_language(key: str):
    """The language the respondent's link opens in (they can still switch): this page's language to start with."""
    shipped = languages()
    codes = list(shipped)
    return st.selectbox(
        _("Language of their link"),
        codes,
        index=codes.index(session_language().code),
        format_func=lambda c: shipped[c].name,
        key=key,
        help=_("The respondent's page opens in this language; they can switch on the page."),
    )


shown = st.session_state.get(new_key)
if shown is not None:
    role, token, why, lang = shown
    with st.container(border=True):
        st.success(
            _(why)
            + " "
            + _("Send this link to the respondent ({role}) and to nobody else.").format(role=md(role_name(role))),
            icon=":material/check_circle:",
        )
        st.code(respond_url(app_base(st.context.url), token, lang), language=None)
        st.warning(
            _(
                "Keep the link now (the button at the right of the box copies it). It is shown only this once: "
                "the app keeps only a scrambled form of it. If it is lost, make a new link below; the old one "
                "then stops working."
            ),
            icon=":material/key:",
        )
        st.button(
            _("I have kept the link"), key=f"dismiss:{new_key}", on_click=st.session_state.pop, args=(new_key, None)
        )

# --- who has been invited, and how far they have got (no ratings) ---------------------------------------------
st.subheader(_("Respondents"))
st.caption(progress_summary(assessment, framework, t))
if assessment.respondents:
    st.dataframe(progress_table(assessment, framework, t, role_name), hide_index=True, width="stretch")

if links:
    with st.form("add_respondent", clear_on_submit=True):
        st.markdown("**" + _("Add a respondent") + "**")
        left, middle, right = st.columns(3)
        role = left.selectbox(
            _("Role"), assessment.offered_roles(framework), format_func=role_name, key="add_respondent_role"
        )
        label = middle.text_input(
            _("Label (optional: initials, say; never shown in a view or report)"),
            max_chars=200,
            key="add_respondent_label",
        )
        with right:
            new_lang = link_language("add_respondent_lang")
        add = st.form_submit_button(_("Add the respondent and make their link"), type="primary")
else:
    add = False
    st.info(
        _(
            "**Respondents' links need the app to be shared with links.** It runs in the open mode, where whoever "
            "reaches it is the team: a respondent who shortened their link would see every assessment and every "
            "page. To invite respondents, ask whoever runs the app to start it with `BENCHMARK_ACCESS=links` "
            "(README, “Shared deployment”). The respondents already here, their progress, the reveal and the views "
            "stay as they are."
        ),
        icon=":material/link_off:",
    )
if add and may_edit(aid):
    try:
        respondent, token = store.add_respondent(aid, role, label or "")
    except (ValueError, KeyError) as exc:
        st.error(_("Not added: {reason}").format(reason=md(refusal(exc))))
    else:
        keep_link(respondent.role, token, N_("Respondent added."), new_lang)
        st.rerun()

if assessment.respondents:
    choice = respondent_choice(assessment, role_name)
    with st.expander(_("New link for a respondent, or remove one") if links else _("Remove a respondent")):
        rid = st.selectbox(_("Respondent"), list(choice), format_func=choice.get, key=f"manage_respondent:{aid}")
        new_col, remove_col = st.columns(2) if links else (None, st.container())
        if new_col is not None:
            with new_col:
                st.caption(
                    _(
                        "A new link replaces the old one at once (for example if it was lost or went too far); "
                        "their answers are kept."
                    )
                )
                rotate_lang = link_language(f"rotate_respondent_lang:{aid}")
                if st.button(_("Make a new link"), key=f"rotate_respondent:{aid}") and may_edit(aid):
                    try:
                        token = store.rotate_respondent_link(aid, rid)
                    except KeyError:
                        st.error(_("That respondent is no longer in this assessment."))
                    else:
                        keep_link(
                            assessment.respondent(rid).role,
                            token,
                            N_("New link made; the old one no longer opens anything."),
                            rotate_lang,
                        )
                        st.rerun()
        with remove_col:
            st.caption(_("Removing a respondent deletes their link and every answer they gave."))
            sure = st.checkbox(_("Yes, remove this respondent and their answers"), key=f"remove_sure:{aid}")
            if st.button(_("Remove"), key=f"remove_respondent:{aid}", disabled=not sure) and may_edit(aid):
                store.remove_respondent(aid, rid)
                st.session_state.pop(f"remove_sure:{aid}", None)
                flash(_("Respondent removed, with their link and their answers."), "success")
                st.rerun()

# --- roles, group size and reveal ---------------------------------------------------------------------------
st.subheader(_("Roles and privacy"))
st.caption(
    _("Roles offered: {roles}.").format(roles=md(", ".join(map(role_name, assessment.offered_roles(framework)))))
)
with st.form("add_role", clear_on_submit=True):
    new_role = st.text_input(
        _("Add a role (for example: Youth council, Health services)"), max_chars=200, key="add_role_name"
    )
    add_role = st.form_submit_button(_("Add the role"))
if add_role:
    if not new_role.strip():
        st.error(_("Please give the role a name."))
    elif may_edit(aid):
        try:
            store.add_role(aid, new_role)
        except (ValueError, KeyError) as exc:
            st.error(_("Not added: {reason}").format(reason=md(refusal(exc))))
        else:
            flash(_("Role added: {role}.").format(role=md(" ".join(new_role.split()))), "success")
            st.rerun()

k_key, reveal_key = f"min_group_size:{aid}", f"revealed:{aid}"
st.session_state[k_key] = assessment.min_group_size  # what is stored, whatever this session showed before
st.session_state[reveal_key] = assessment.revealed


@saving
def save_k() -> None:
    if may_edit(aid):
        store.set_min_group_size(aid, int(st.session_state[k_key]))
        st.toast(_("Minimum group size saved"), icon=":material/check:")


@saving
def save_reveal() -> None:
    if may_edit(aid):
        store.set_revealed(aid, bool(st.session_state[reveal_key]))
        st.toast(
            _("Views revealed to the team") if st.session_state[reveal_key] else _("Views hidden again"),
            icon=":material/check:",
        )


st.number_input(
    _("Minimum group size"),
    min_value=2,
    max_value=100,
    step=1,
    key=k_key,
    on_change=save_k,
    help=_(
        "A role with fewer respondents than this is never shown on its own: small roles are merged into "
        "“Other roles”, and left out if even together they are fewer. So a lone migrant respondent is never "
        "exposed. 3 unless you change it."
    ),
)
st.toggle(_("Reveal the views to the team"), key=reveal_key, on_change=save_reveal)
st.caption(
    _(
        "While this is off, nobody sees anyone's ratings: respondents see only their own answers, and the team sees "
        "only how many items each has answered. Turn it on when everyone has answered: Views and consensus then "
        "shows each role's average rating side by side, where the groups disagree most, and lets the team agree a "
        "rating per item. Individual ratings are never shown, only groups of at least the minimum size. You can turn "
        "it off again."
    )
)
st.page_link("app_pages/consensus.py", label=_("Go to Views and consensus"), icon=":material/handshake:")
