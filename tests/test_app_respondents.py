"""Several respondents through AppTest: invite, respond with a personal link, reveal, views by role, consensus.

What is checked on screen: a link is shown once; a respondent sees and saves only their own answers; a bad link
shows one plain sentence; no rating is visible before the reveal; after it, the Torreluma sample shows key
factor 4's disagreement between officials and migrant residents and never a lone respondent's figure; an
agreed rating drives the Results score and locks the item on Assess; the evidence kind is saved on Assess.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from benchmark.access import INVALID_LINK, NO_RESPONDENT_LINKS
from benchmark.assessment import Answer, Consensus
from benchmark.framework.loader import load_framework
from benchmark.samples import install_samples
from benchmark.scoring import score

from .apptest import app, no_errors, on_screen, saved, shown
from .builders import MINI, created
from .conftest import ROOT

RTOKEN = re.compile(r"[?&]r=([A-Za-z0-9_-]{32})$")
OFFICIALS, MIGRANTS = "City officials", "Migrant residents and their organisations"
TORRELUMA = "unites-torreluma-self-2026"


@pytest.fixture
def real_env(real_env):
    """The real frameworks, with the Torreluma sample (ten respondents, revealed) installed."""
    install_samples(real_env, ids={TORRELUMA})
    return real_env


def shown_tokens(at: AppTest) -> list[str]:
    return [RTOKEN.search(c.value).group(1) for c in at.code if RTOKEN.search(c.value)]


# ------------------------------------------------------------------------------------------ respondents page


def add_respondent(at: AppTest, role: str, label: str = "") -> AppTest:
    at.selectbox(key="add_respondent_role").set_value(role)
    at.text_input(key="add_respondent_label").input(label)
    return at.button(key="FormSubmitter:add_respondent-Add the respondent and make their link").click().run()


def test_add_a_respondent_shows_the_link_once(links):
    env = links
    a, made = created(links)
    at = app("respondents", token=made.edit)
    no_errors(at)
    assert at.title[0].value == "Respondents: Testville"
    at = add_respondent(at, MIGRANTS, "F.D.")
    no_errors(at)
    [token] = shown_tokens(at)
    [r] = env.respondents(a.id)
    assert (r.role, r.label) == (MIGRANTS, "F.D.")
    assert env.respondent_for(token).respondent.id == r.id
    assert "0 of 5" in at.dataframe[0].value["Answered"].iloc[0]
    at.button(key=f"dismiss:new_respondent_link:{a.id}").click().run()
    assert shown_tokens(at) == []
    assert shown_tokens(app("respondents", token=made.edit)) == []  # a new session never sees it


def test_roles_group_size_reveal_new_link_and_remove(links):
    env = links
    a, made = created(links)
    at = app("respondents", token=made.edit)
    at.text_input(key="add_role_name").input("Youth council")
    at.button(key="FormSubmitter:add_role-Add the role").click().run()
    no_errors(at)
    assert "Youth council" in at.selectbox(key="add_respondent_role").options
    at = add_respondent(at, "Youth council")
    [old] = shown_tokens(at)
    at.number_input(key=f"min_group_size:{a.id}").set_value(5).run()
    assert env.respondent_session(a.id).min_group_size == 5
    at.toggle(key=f"revealed:{a.id}").set_value(True).run()
    assert env.revealed(a.id)
    at.button(key=f"rotate_respondent:{a.id}").click().run()
    no_errors(at)
    [new] = shown_tokens(at)
    assert new != old and env.respondent_for(old) is None and env.respondent_for(new) is not None
    at.checkbox(key=f"remove_sure:{a.id}").check().run()
    at.button(key=f"remove_respondent:{a.id}").click().run()
    no_errors(at)
    assert env.respondents(a.id) == []


def test_in_the_open_mode_no_respondent_link_is_made_nor_opened(env):
    """Whoever reaches an open-mode app is the team, so a respondent there could reach every page: issue 19."""
    a = saved(env)
    me, token = env.add_respondent(a.id, MIGRANTS)  # made while the app ran in the links mode
    at = app("respond", r=token)
    assert not at.exception
    assert [w.value for w in at.warning] == [NO_RESPONDENT_LINKS]
    assert not at.title and not at.radio and not at.markdown and not at.dataframe
    assert "Testville" not in on_screen(at)

    at = app("respondents", a.id)
    no_errors(at)
    keys = [b.key for b in at.button]
    assert "FormSubmitter:add_respondent-Add the respondent and make their link" not in keys
    assert f"rotate_respondent:{a.id}" not in keys and not at.code
    [why] = [i.value for i in at.info if "links" in i.value]
    assert "`BENCHMARK_ACCESS=links`" in why and "every assessment and every page" in why
    at.checkbox(key=f"remove_sure:{a.id}").check().run()  # the team still manages who is there
    at.button(key=f"remove_respondent:{a.id}").click().run()
    no_errors(at)
    assert env.respondents(a.id) == []


# ------------------------------------------------------------------------------------------ respond page


def test_a_respondent_saves_own_answers_and_never_sees_others(links):
    a = saved(links, {"A.1": "none"})
    me, mine = links.add_respondent(a.id, MIGRANTS)
    other, theirs = links.add_respondent(a.id, OFFICIALS)
    links.set_own_answer(theirs, "A.1", Answer(value="full", evidence="Officials' secret evidence XYZZY"))
    at = app("respond", r=mine)
    no_errors(at)
    assert at.title[0].value == "Your answers: Testville"
    assert "XYZZY" not in on_screen(at)
    assert at.radio(key=f"r:{me.id}:A.1:value").value is None  # not the team's answer, not the other's
    at.radio(key=f"r:{me.id}:A.1:value").set_value("some").run()
    at.text_area(key=f"r:{me.id}:A.1:evidence").input("We were never asked").run()
    at.segmented_control(key=f"r:{me.id}:A.1:evidence_kind").set_value("lived").run()
    no_errors(at)
    got = links.respondent_answers(a.id)
    assert got[me.id]["A.1"] == Answer(value="some", evidence="We were never asked", evidence_kind="lived")
    assert got[other.id]["A.1"].value == "full"  # untouched
    assert links.get(a.id).answers["A.1"].value == "none"  # the team's own answer too
    assert "XYZZY" not in on_screen(at)
    assert not [x for x in at.get("expander") if "Respondents" in str(x.label)]
    # Reopening the link shows the answer again.
    again = app("respond", r=mine)
    assert again.radio(key=f"r:{me.id}:A.1:value").value == "some"
    assert again.segmented_control(key=f"r:{me.id}:A.1:evidence_kind").value == "lived"


def test_a_respondent_second_tab_conflict_shows_both_versions(links):
    a = saved(links)
    me, mine = links.add_respondent(a.id, MIGRANTS)
    tab = app("respond", r=mine)
    links.set_own_answer(mine, "A.1", Answer(value="full"))  # the other tab
    tab.radio(key=f"r:{me.id}:A.1:value").set_value("none").run()
    assert links.respondent_answers(a.id)[me.id]["A.1"].value == "full"
    assert "another tab" in tab.warning[0].value
    assert "Rating: Fully in place" in [t.value for t in tab.text]
    tab.button(key=f"r:{me.id}:A.1:use_mine").click().run()
    no_errors(tab)
    assert links.respondent_answers(a.id)[me.id]["A.1"].value == "none"


@pytest.mark.parametrize("token", ["", "A" * 32, "x' OR 1=1 --", "é" * 32])
def test_a_bad_link_shows_one_sentence_and_nothing_else(links, token):
    a = saved(links)
    links.add_respondent(a.id, MIGRANTS)
    at = app("respond", r=token)
    assert not at.exception
    assert [w.value for w in at.warning] == [INVALID_LINK]
    assert not at.title and not at.radio and not at.markdown and not at.dataframe


def test_a_replaced_link_saves_nothing(links):
    a = saved(links)
    me, mine = links.add_respondent(a.id, MIGRANTS)
    at = app("respond", r=mine)
    links.rotate_respondent_link(a.id, me.id)
    at.radio(key=f"r:{me.id}:A.1:value").set_value("full").run()
    assert links.respondent_answers(a.id) == {}
    assert any(INVALID_LINK in w.value for w in at.warning)


# ------------------------------------------------------------------------------------------ views and consensus


def test_before_the_reveal_no_rating_is_visible(env):
    a = saved(env)
    for _ in range(3):
        for role, value in ((OFFICIALS, "full"), (MIGRANTS, "none")):
            _, token = env.add_respondent(a.id, role)
            env.set_own_answer(token, "A.1", Answer(value=value))
    at = app("consensus", a.id)
    no_errors(at)
    assert "hidden until the team reveals them" in at.info[0].value
    assert not at.get("vega_lite_chart")
    screen = on_screen(at)
    assert "%" not in screen.replace("Share answered (%)", "") and "Fully in place" not in screen
    assert list(at.dataframe[0].value.columns) == ["Role", "Label", "Answered", "Share answered (%)", "Added"]
    env.set_revealed(a.id, True)
    at = app("consensus", a.id)
    no_errors(at)
    assert at.get("vega_lite_chart")
    assert "100.0 %" in on_screen(at) and "0.0 %" in on_screen(at)


def test_torreluma_shows_key_factor_4_disagreement_and_no_lone_respondent(real_env):
    at = app("consensus", TORRELUMA)
    no_errors(at)
    assert at.selectbox(key=f"consensus_section:{TORRELUMA}").value == "KF4"  # where they disagree most
    screen = on_screen(at)
    assert f"{OFFICIALS} rate it 86.1 %, {MIGRANTS} 16.7 %" in screen
    words = [m.value for m in at.markdown if "Where" in m.value or "KF4" in m.value]
    assert any("\n- KF4 Migrant participation across the policy cycle: " in shown(w) for w in words)
    for lone in ("NGOs and service providers", "Elected representatives"):
        assert lone not in screen  # only inside the merged group, never on their own
    assert "Other roles (groups under 3)" in screen
    chart = json.loads(at.get("vega_lite_chart")[1].proto.spec)
    assert "KF4" in json.dumps(chart["title"])
    dots = chart["layer"][1]["encoding"]
    assert dots["color"]["scale"]["domain"] == [OFFICIALS, MIGRANTS, "Other roles (groups under 3)"]
    assert dots["shape"]["scale"]["domain"] == dots["color"]["scale"]["domain"]  # shapes too, not colour alone
    table = at.dataframe[1].value
    kf4_1 = table[table["Item"] == "KF4.1"].iloc[0]
    assert kf4_1[f"{OFFICIALS} %"] == pytest.approx(100) and kf4_1["Agreed rating"] == "Partly in place"
    # No figure of one person: every screen n is at least k.
    n_cols = [c for c in table.columns if c.endswith(" n")]
    assert (table[n_cols].fillna(3) >= 3).all().all()


def test_record_a_consensus_and_results_use_it(real_env):
    before = score(real_env.get(TORRELUMA), load_framework(ROOT / "questionnaires" / "unites.yaml"))
    at = app("consensus", TORRELUMA)
    item = "KF4.3"
    assert item not in real_env.consensus(TORRELUMA)
    at.selectbox(key=f"consensus:{item}:value").set_value("full")
    at.text_input(key=f"consensus:{item}:who").input("Office for Migration, Migrant Forum")
    at.text_area(key=f"consensus:{item}:why").input("Both groups accepted the evidence of the 2025 reports")
    at.button(key=f"FormSubmitter:consensus:{TORRELUMA}:{item}-Record the agreed rating").click().run()
    no_errors(at)
    agreed = real_env.consensus(TORRELUMA)[item]
    assert (agreed.value, agreed.agreed_by) == ("full", ["Office for Migration", "Migrant Forum"])
    assert "Both groups accepted" in agreed.rationale
    stored = real_env.get(TORRELUMA)
    assert stored.answers[item].value == "full"
    after = score(stored, load_framework(ROOT / "questionnaires" / "unites.yaml"))
    kf4 = after.section("KF4").score
    assert kf4 != before.section("KF4").score
    results = app("results", TORRELUMA)
    no_errors(results)
    assert results.metric[0].value == f"{after.overall:.0f} %"
    table = results.dataframe[0].value
    assert table.loc[table.iloc[:, 0].astype(str).str.contains("KF4"), "Score %"].iloc[0] == pytest.approx(
        kf4, abs=0.05
    )
    # Clear it: the rating stays as agreed, but it can be changed on Assess again.
    at.button(key=f"consensus_clear:{TORRELUMA}:{item}").click().run()
    no_errors(at)
    assert item not in real_env.consensus(TORRELUMA)


def test_agreed_item_is_locked_on_assess_and_evidence_kind_is_saved(env):
    a = saved(env, {"A.1": "some"})
    env.set_consensus(
        a.id,
        Consensus(
            item_id="A.1", value="full", agreed_by=["Team A", "Forum"], rationale="the council motion settles it"
        ),
    )
    at = app("assess", a.id)
    no_errors(at)
    radio = at.radio(key=f"{a.id}:A.1:value")
    assert radio.value == "full" and radio.disabled
    assert not at.radio(key=f"{a.id}:A.2:value").disabled
    caption = next(shown(c.value) for c in at.caption if "Agreed by" in c.value)
    assert "Agreed by Team A, Forum on" in caption and "the council motion settles it" in caption
    assert caption.endswith("change it on Views and consensus.")
    # Evidence and its kind still save on the agreed item, and on any other.
    at.text_area(key=f"{a.id}:A.1:evidence").input("Council motion, March 2026").run()
    at.segmented_control(key=f"{a.id}:A.1:evidence_kind").set_value("policy").run()
    no_errors(at)
    got = env.get(a.id).answers["A.1"]
    assert (got.value, got.evidence, got.evidence_kind) == ("full", "Council motion, March 2026", "policy")
    at.radio(key=f"{a.id}:A.2:value").set_value("none").run()
    at.segmented_control(key=f"{a.id}:A.2:evidence_kind").set_value("lived").run()
    no_errors(at)
    assert env.get(a.id).answers["A.2"] == Answer(value="none", evidence_kind="lived")


def test_results_name_items_resting_on_no_evidence(env):
    a = saved(env, {"A.1": "full", "A.2": "some", "B.3": "na"})
    env.set_answer(a.id, "A.1", Answer(value="full", evidence="Council motion"))
    at = app("results", a.id)
    no_errors(at)
    assert "Items resting on no evidence" in [s.value for s in at.subheader]
    listed = next(shown(m.value) for m in at.markdown if shown(m.value).startswith("- A.2"))
    assert "A.2 Second question?" in listed and "A.1" not in listed and "B.3" not in listed


def test_report_download_leaves_individual_answers_out_by_default(env):
    a = saved(env, {"A.1": "full"})
    for _ in range(3):
        env.add_respondent(a.id, MIGRANTS)
    env.set_revealed(a.id, True)
    at = app("results", a.id)
    no_errors(at)
    box = at.checkbox(key="report:results:individual")
    assert box.label.startswith("Include each respondent's individual answers") and box.value is False
    box.check().run()
    no_errors(at)
    assert at.checkbox(key="report:results:individual").value is True


def _offered(at) -> bool:
    return any(c.key == "report:results:individual" for c in at.checkbox)


def test_individual_answers_are_not_offered_before_the_reveal_or_with_a_role_under_k(env):
    a = saved(env, {"A.1": "full"})
    for _ in range(3):
        env.add_respondent(a.id, MIGRANTS)
    env.add_respondent(a.id, OFFICIALS)  # a lone official: their row would be their own answer
    at = app("results", a.id)
    no_errors(at)
    assert not _offered(at) and any("until the team reveals the views" in c.value for c in at.caption)
    env.set_revealed(a.id, True)
    at = app("results", a.id)
    no_errors(at)
    assert not _offered(at)
    assert any("at least 3 respondents" in c.value and f"{OFFICIALS} (1)" in shown(c.value) for c in at.caption)


def test_a_view_only_link_is_never_offered_nor_given_the_individual_answers(links):
    from app_pages.ui.report import _report

    a, made = created(links, answers={"A.1": "full"})
    for _ in range(3):
        links.add_respondent(a.id, MIGRANTS)
    links.set_revealed(a.id, True)
    for page in ("results", "exchange"):
        at = app(page, token=made.view)
        no_errors(at)
        assert not any(c.key.endswith(":individual") for c in at.checkbox)
        assert any("this link is view only" in c.value for c in at.caption)
    at = app("results", token=made.edit)
    no_errors(at)
    assert _offered(at)
    # and when the button is pressed (on a thread with no session), the link is checked again
    for token, sheet in ((made.view, False), (made.edit, True), (None, True)):
        wb = load_workbook(io.BytesIO(_report(links, a.id, MINI, True, token)))
        assert ("_respondents" in wb.sheetnames) == sheet, token
    links.set_revealed(a.id, False)  # hidden again since the page was drawn: left out, and no views either
    wb = load_workbook(io.BytesIO(_report(links, a.id, MINI, True, made.edit)))
    assert "_respondents" not in wb.sheetnames and "Views by role" not in wb.sheetnames


def test_compare_shows_views_by_role_across_cities(real_env):
    at = app("compare")
    no_errors(at)
    at.toggle(key="compare_roles").set_value(True).run()
    no_errors(at)
    assert at.selectbox(key="compare_role_a").value == MIGRANTS
    assert at.selectbox(key="compare_role_b").value == OFFICIALS
    table = next(df.value for df in at.dataframe if "Overall gap (points)" in df.value.columns)
    row = table.iloc[0]
    assert row["City"] == "Torreluma" and row["KF4"] == pytest.approx(16.7 - 86.1, abs=0.1)
    assert any("rate differently from" in ch.proto.spec for ch in at.get("vega_lite_chart"))
