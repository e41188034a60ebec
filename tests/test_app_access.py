"""The app on a shared deployment (BENCHMARK_ACCESS=links) and with two people at once, through AppTest.

Links: creating shows an edit and a view-only link once and opens the assessment by link; a view link reads and
never writes (even when the browser sends a change for a disabled widget); a wrong, malformed or missing link
shows one plain sentence; a facilitator sees only the group's members; new links revoke the old ones.
Two sessions: an answer, targets or action plan saved by one is never silently overwritten by the other.
"""

from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from benchmark.access import INVALID_CODE, INVALID_LINK, NOT_SAVED_VIEW_ONLY, VIEW_ONLY
from benchmark.assessment import Action, Answer, Subject, new_assessment
from benchmark.store import Access, Store

from .apptest import app, no_errors, on_screen, saved
from .builders import MINI, created, everything
from .conftest import DATA, ROOT

TOKEN = re.compile(r"[?&]t=([A-Za-z0-9_-]{32})$")
BAD_TOKENS = {
    "empty": "",
    "10k characters": "A" * 10_000,
    "NUL": "\x00" * 32,
    "unicode": "é" * 32,
    "RTL override and emoji": "\u202e😀" * 16,
    "SQL": "' OR 1=1 --",
    "well formed, unknown": "A" * 32,
}


def shown_tokens(at: AppTest) -> list[str]:
    """The tokens of the links in the copyable boxes on screen, in order."""
    return [TOKEN.search(c.value).group(1) for c in at.code if TOKEN.search(c.value)]


# ------------------------------------------------------------------------------------------------ links mode


def test_creating_shows_both_links_once_and_opens_by_link(links):
    at = app()
    no_errors(at)
    at.text_input[0].input("Testville")
    at.button(key="FormSubmitter:new_assessment-Start assessment").click().run()
    no_errors(at)
    assert at.title[0].value == "Assess: Testville"
    edit, view = shown_tokens(at)
    assert "a" not in at.query_params and at.query_params["t"] == edit
    [row] = links.list()
    assert links.resolve(edit) == Access(row.id, True) and links.resolve(view) == Access(row.id, False)
    assert any("Keep both links now" in w.value for w in at.warning)
    assert "Edit link" in on_screen(at) and "View-only link" in on_screen(at)

    at.radio(key=f"{row.id}:A.1:value").set_value("full").run()  # edits save; the links stay until dismissed
    assert links.get(row.id).answers["A.1"].value == "full"
    assert shown_tokens(at) == [edit, view]
    at.button(key=f"dismiss:new_links:{row.id}").click().run()
    assert shown_tokens(at) == []

    again = app("assess", token=edit)  # the edit link, in a new browser session
    no_errors(again)
    assert again.title[0].value == "Assess: Testville" and shown_tokens(again) == []
    assert again.radio(key=f"{row.id}:A.1:value").value == "full"


def test_home_lists_nothing_and_a_pasted_link_opens(links):
    a, made = created(links, "Secretville")
    at = app()
    no_errors(at)
    assert "Secretville" not in on_screen(at)
    assert not [b for b in at.button if (b.key or "").startswith("open:")]
    box = next(t for t in at.text_input if t.label == "Your link")
    box.input("https://bench.example.org/results?t=" + "B" * 32)
    at.button(key="FormSubmitter:open_link-Open").click().run()
    assert [w.value for w in at.warning] == [INVALID_LINK]
    box = next(t for t in at.text_input if t.label == "Your link")
    box.input(f"https://bench.example.org/results?t={made.view}")
    at.button(key="FormSubmitter:open_link-Open").click().run()
    no_errors(at)
    assert at.title[0].value == "Results: Secretville" and at.query_params["t"] == made.view


@pytest.mark.parametrize("page", ["assess", "results", "action_plan"])
def test_a_view_link_reads_everything_and_saves_nothing(links, page, monkeypatch):
    a, made = created(links, answers={"A.1": "some"})
    links.set_actions(a.id, [Action(measure="Publish the strategy", section="A")])
    before = everything(links)
    at = app(page, token=made.view)
    no_errors(at)
    assert [i.value for i in at.info] == [VIEW_ONLY]
    assert not [e for e in at.expander if e.label == "Share this assessment"]

    # What a browser could send for a disabled widget if someone crafted it: Streamlit drops it, and the save
    # paths check the link again (the table's edits arrive as plain state, so they reach that check).
    monkeypatch.setattr("streamlit.testing.v1.element_tree.Widget._assert_can_interact", lambda self: None)
    if page == "assess":
        radio = at.radio(key=f"{a.id}:A.1:value")
        assert radio.disabled and all(t.disabled for t in at.text_area)
        radio.set_value("full").run()
        assert at.radio(key=f"{a.id}:A.1:value").value == "some"
    elif page == "results":
        assert at.number_input(key="target:A").disabled
        at.number_input(key="target:A").set_value(10.0)
        at.button(key="FormSubmitter:targets-Save targets").click().run()
        assert at.number_input(key="target:A").value == 75.0
    else:
        assert at.button[0].disabled  # draft actions
        assert at.button(key="FormSubmitter:add_action-Add measure").disabled
        at.session_state[f"plan:{a.id}:0"] = {
            "edited_rows": {0: {"measure": "Hacked"}},
            "added_rows": [],
            "deleted_rows": [],
        }
        at.run()
        assert NOT_SAVED_VIEW_ONLY in [e.value for e in at.error]
    assert not at.exception
    assert everything(links) == before


@pytest.mark.parametrize("page", ["assess", "results", "action_plan"])
@pytest.mark.parametrize("token", [None, *BAD_TOKENS.values()], ids=["missing", *BAD_TOKENS])
def test_a_wrong_link_shows_one_plain_sentence_and_nothing_else(links, page, token):
    created(links, "Secretville", {"A.1": "full"})
    before = everything(links)
    at = app(page, token=token)
    assert not at.exception
    assert [w.value for w in at.warning] == [INVALID_LINK]
    assert not at.title and not at.radio and not at.dataframe and not at.button
    assert "Secretville" not in on_screen(at)
    assert everything(links) == before


def test_an_id_opens_nothing_in_links_mode(links):
    a, _ = created(links, "Secretville")
    at = app("results", aid=a.id)
    assert [w.value for w in at.warning] == [INVALID_LINK]
    assert "Secretville" not in on_screen(at) and "a" not in at.query_params


def test_new_links_revoke_the_old_ones(links):
    a, old = created(links)
    at = app("results", token=old.edit)
    no_errors(at)
    at.button(key="share:rotate").click().run()
    no_errors(at)
    edit, view = shown_tokens(at)
    assert at.query_params["t"] == edit and {edit, view}.isdisjoint({old.edit, old.view})
    assert "The old edit and view-only links no longer open this assessment" in at.success[0].value
    for token in (old.edit, old.view):
        stale = app("assess", token=token)
        assert [w.value for w in stale.warning] == [INVALID_LINK] and not stale.title
    assert app("assess", token=edit).title[0].value == "Assess: Testville"
    assert [i.value for i in app("results", token=view).info] == [VIEW_ONLY]

    # a tab still open with the old link cannot save either
    before = everything(links)
    stale_tab = app("assess", token=edit)
    links.rotate_links(a.id)
    stale_tab.radio(key=f"{a.id}:A.1:value").set_value("full").run()
    assert any("this link no longer opens this assessment" in e.value for e in stale_tab.error)
    assert links.get(a.id).answers == {} and everything(links)["answers"] == before["answers"]


def test_a_facilitator_sees_only_the_members_of_the_group(links):
    cities = {name: created(links, name, {"A.1": "full"}) for name in ("Alpha", "Beta", "Gamma")}
    page = app("group")
    no_errors(page)
    next(t for t in page.text_input if t.label.startswith("Name of the group")).input("North network")
    page.button(key="FormSubmitter:new_group-Set up the group").click().run()
    no_errors(page)
    facilitator, join = [c.value for c in page.code]
    assert page.header[0].value == "North network"
    assert any("No city has joined yet" in i.value for i in page.info)

    for name in ("Alpha", "Beta"):
        results = app("results", token=cities[name][1].edit)
        next(t for t in results.text_input if t.label == "Join code of the group").input(join)
        results.button(key="FormSubmitter:join_group-Join the group").click().run()
        no_errors(results)
        assert "now belongs to the group **North network**" in results.success[0].value
    wrong = app("results", token=cities["Gamma"][1].edit)
    next(t for t in wrong.text_input if t.label == "Join code of the group").input(facilitator)
    wrong.button(key="FormSubmitter:join_group-Join the group").click().run()
    assert "does not match any peer-review group" in wrong.error[0].value

    page.run()
    [table] = page.dataframe
    assert sorted(table.value["City"]) == ["Alpha", "Beta"]
    assert "Gamma" not in on_screen(page)

    for code in (join, "", "\x00" * 32, "' OR 1=1 --", "A" * 10_000):
        other = app("group")
        next(t for t in other.text_input if t.label == "Facilitator code").input(code[:200])
        other.button(key="FormSubmitter:open_group-Open the group").click().run()
        assert not other.exception
        assert [w.value for w in other.warning] == [INVALID_CODE] and not other.dataframe


def test_a_sample_is_opened_as_a_private_copy(links, monkeypatch):
    monkeypatch.delenv("BENCHMARK_QUESTIONNAIRES")
    st.cache_resource.clear()
    ids = set()
    for _ in range(2):
        at = app()
        at.selectbox(key="sample_choice:spring").select("spring-p05-queer-base").run()
        at.button(key="sample_open:spring").click().run()
        no_errors(at)
        assert at.title[0].value == "Assess: Queer Base" and len(shown_tokens(at)) == 2
        ids.add(links.resolve(at.query_params["t"]).assessment_id)
    assert len(ids) == 2 and "spring-p05-queer-base" not in ids
    assert {s.id for s in links.list()} == ids
    assert not [b for b in at.button if (b.key or "").startswith("sample_all:")]


def test_an_uploaded_report_never_replaces_an_assessment_it_has_no_edit_link_for(links):
    from benchmark.xlsx.report_writer import export_report

    a, made = created(links, "Victimville", {"A.1": "full"})
    report = export_report(links.get(a.id).model_copy(update={"answers": {}}), MINI)
    before = links.get(a.id)
    at = app("exchange")  # no link at all
    at.file_uploader(key="report_upload").set_value(("report.xlsx", report, "x")).run()
    no_errors(at)
    assert not at.warning  # nothing says whether the report's assessment is stored
    assert "makes a new assessment with its own edit and view-only links" in at.info[-1].value
    at.button[-1].click().run()
    no_errors(at)
    assert links.get(a.id) == before
    new_id = links.resolve(at.query_params["t"]).assessment_id
    assert new_id != a.id and links.get(new_id).subject.name == "Victimville"

    mine = app("exchange", token=made.edit)  # with the edit link it may replace it, after confirming
    mine.file_uploader(key="report_upload").set_value(("report.xlsx", report, "x")).run()
    assert "This report replaces **Victimville" in mine.warning[0].value  # the edit link may know which one
    mine.button[-1].click().run()
    assert links.get(a.id).answers == {}


def test_the_access_mode_can_be_a_streamlit_secret(env):
    env.save(new_assessment(MINI, Subject(name="Secretville")))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["BENCHMARK_ACCESS"] = "links"
    at.run()
    no_errors(at)
    assert "Secretville" not in on_screen(at)
    assert any(t.label == "Your link" for t in at.text_input)  # the links mode's Home


def test_an_unknown_access_mode_shows_the_reason_and_nothing_else(env, monkeypatch):
    monkeypatch.setenv("BENCHMARK_ACCESS", "link")
    saved = new_assessment(MINI, Subject(name="Secretville"))
    env.save(saved)
    at = app()
    assert not at.exception
    assert "it must be 'open' or 'links'" in at.error[0].value
    assert "Secretville" not in on_screen(at) and not at.button


# ----------------------------------------------------------------------------------------- two sessions at once


def test_two_sessions_rating_different_items_both_persist(env):
    a = saved(env)
    one, two = app("assess", aid=a.id), app("assess", aid=a.id)
    one.radio(key=f"{a.id}:A.1:value").set_value("full").run()
    two.radio(key=f"{a.id}:A.2:value").set_value("none").run()
    two.text_area(key=f"{a.id}:A.2:evidence").input("Minutes of the council").run()
    no_errors(one)
    no_errors(two)
    assert not one.warning and not two.warning
    stored = env.get(a.id).answers
    assert stored == {"A.1": Answer(value="full"), "A.2": Answer(value="none", evidence="Minutes of the council")}
    one.run()  # the other session's answer shows up on the next rerun
    assert one.radio(key=f"{a.id}:A.2:value").value == "none"


@pytest.mark.parametrize("choice", ["Keep theirs", "Use mine"])
def test_two_sessions_rating_the_same_item_see_both_versions(env, choice):
    a = saved(env)
    one, two = app("assess", aid=a.id), app("assess", aid=a.id)
    one.radio(key=f"{a.id}:A.1:value").set_value("full").run()
    two.radio(key=f"{a.id}:A.1:value").set_value("none").run()
    no_errors(two)
    assert env.get(a.id).answers["A.1"] == Answer(value="full")  # nothing silently overwritten
    [warning] = two.warning
    assert "Someone else saved a different answer to A.1" in warning.value
    assert [t.value for t in two.text] == ["Rating: Fully in place", "Rating: Not in place"]
    two.button(key=f"{a.id}:A.1:{choice.lower().replace(' ', '_')}").click().run()
    no_errors(two)
    assert not two.warning
    expected = "full" if choice == "Keep theirs" else "none"
    assert env.get(a.id).answers["A.1"].value == expected
    assert two.radio(key=f"{a.id}:A.1:value").value == expected
    one.run()
    assert one.radio(key=f"{a.id}:A.1:value").value == expected


def test_evidence_typed_in_two_sessions_is_kept_in_both_versions(env):
    a = saved(env)
    one, two = app("assess", aid=a.id), app("assess", aid=a.id)
    for at in (one, two):  # B is the second section
        at.selectbox(key=f"section:{a.id}").set_value("B").run()
    one.text_area(key=f"{a.id}:B.1:evidence").input("Theirs: the 2025 plan").run()
    two.text_area(key=f"{a.id}:B.1:evidence").input("Mine: the 2026 plan").run()
    assert env.get(a.id).answers["B.1"].evidence == "Theirs: the 2025 plan"
    assert [t.value for t in two.text] == [
        "Rating: not rated yet\nEvidence: Theirs: the 2025 plan",
        "Rating: not rated yet\nEvidence: Mine: the 2026 plan",
    ]


def test_targets_from_two_sessions(env):
    a = saved(env)
    one, two = app("results", aid=a.id), app("results", aid=a.id)
    one.number_input(key="target:A").set_value(40.0)
    one.button(key="FormSubmitter:targets-Save targets").click().run()
    two.number_input(key="target:B").set_value(60.0)  # another section: both kept
    two.button(key="FormSubmitter:targets-Save targets").click().run()
    no_errors(two)
    assert env.get(a.id).targets == {"A": 40.0, "B": 60.0}
    assert not two.warning or all("Someone else" not in w.value for w in two.warning)

    one.number_input(key="target:B").set_value(90.0)  # one still shows B at 75: the same section, differently
    one.button(key="FormSubmitter:targets-Save targets").click().run()
    no_errors(one)
    assert env.get(a.id).targets == {"A": 40.0, "B": 60.0}
    assert any("Someone else changed the targets" in w.value for w in one.warning)
    assert [t.value for t in one.text] == ["A First: 40 %\nB Second: 60 %", "A First: 40 %\nB Second: 90 %"]
    one.button(key=f"targets:{a.id}:use_mine").click().run()
    no_errors(one)
    assert env.get(a.id).targets == {"A": 40.0, "B": 90.0}


def test_action_plans_from_two_sessions(env):
    a = saved(env)
    one, two = app("action_plan", aid=a.id), app("action_plan", aid=a.id)

    def add(at, measure):
        next(t for t in at.text_input if t.label.startswith("Measure")).input(measure)
        at.button(key="FormSubmitter:add_action-Add measure").click().run()
        no_errors(at)

    add(one, "Hold a citizens' dialogue")
    add(two, "Hire an outreach worker")  # added onto the stored plan: both measures kept
    assert [x.measure for x in env.get(a.id).actions] == ["Hold a citizens' dialogue", "Hire an outreach worker"]

    one.run()  # sees both now
    two.run()
    plan = env.get(a.id).actions
    one.session_state[f"plan:{a.id}:{one.session_state[f'plan_version:{a.id}']}"] = {
        "edited_rows": {0: {"status": "Done"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    one.run()
    no_errors(one)
    two.session_state[f"plan:{a.id}:{two.session_state[f'plan_version:{a.id}']}"] = {
        "edited_rows": {0: {"status": "On hold"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    two.run()
    assert not two.exception
    assert [x.status for x in env.get(a.id).actions] == ["Done", "Not started"]
    assert any("Someone else changed the action plan" in w.value for w in two.warning)
    theirs, mine = [d.value for d in two.dataframe[-2:]]
    assert list(theirs["Status"]) == ["Done", "Not started"] and list(mine["Status"]) == ["On hold", "Not started"]
    two.button(key=f"plan:{a.id}:keep_theirs").click().run()
    no_errors(two)
    assert not any("Someone else" in w.value for w in two.warning)
    assert env.get(a.id).actions[0].status == "Done" and [x.id for x in env.get(a.id).actions] == [x.id for x in plan]


# ----------------------------------------------------------------------------------------------- PostgreSQL


@pytest.mark.postgres
def test_the_app_runs_on_postgresql_end_to_end(postgres_server, tmp_path, monkeypatch):
    url = postgres_server.new_database()
    monkeypatch.setenv("BENCHMARK_DATABASE_URL", url)
    monkeypatch.setenv("BENCHMARK_DATA_DIR", str(tmp_path))  # must stay empty: the database is elsewhere
    monkeypatch.setenv("BENCHMARK_QUESTIONNAIRES", str(DATA))
    monkeypatch.delenv("BENCHMARK_ACCESS", raising=False)
    monkeypatch.chdir(ROOT)
    st.cache_resource.clear()
    try:
        at = app()
        at.text_input[0].input("Pgville")
        at.button(key="FormSubmitter:new_assessment-Start assessment").click().run()
        no_errors(at)
        aid = at.query_params["a"]
        at.radio(key=f"{aid}:A.1:value").set_value("some").run()
        at.text_area(key=f"{aid}:A.1:evidence").input("Ünïcode évidence 🙂").run()
        no_errors(at)
        again = app("assess", aid=aid)  # a reload: a new session reading from PostgreSQL
        assert again.radio(key=f"{aid}:A.1:value").value == "some"
        assert again.text_area(key=f"{aid}:A.1:evidence").value == "Ünïcode évidence 🙂"
        store = Store(url)
        assert store.engine.dialect.name == "postgresql"
        assert store.get(aid).answers["A.1"] == Answer(value="some", evidence="Ünïcode évidence 🙂")
        store.engine.dispose()
        assert list(tmp_path.iterdir()) == []
    finally:
        st.cache_resource.clear()


# ------------------------------------------------------------------------------------ the helpers, without Streamlit


def test_access_mode_refuses_what_it_does_not_know():
    from benchmark.access import access_mode

    assert access_mode(None) == access_mode("") == access_mode(" Open ") == "open"
    assert access_mode("LINKS") == "links"
    for typo in ("link", "closed", "true", "\x00"):
        with pytest.raises(ValueError, match="it must be 'open' or 'links'"):
            access_mode(typo)


def test_links_are_made_from_the_address_on_screen():
    from benchmark.access import app_base, link_url

    assert app_base("https://bench.example.org/assess") == "https://bench.example.org"
    assert app_base("https://bench.example.org/") == "https://bench.example.org"
    assert app_base("https://bench.example.org/network/results?t=x") == "https://bench.example.org/network"
    assert app_base(None) is None and app_base("javascript:alert(1)") is None
    assert link_url("https://x.org", "assess", "T" * 32) == f"https://x.org/assess?t={'T' * 32}"
    assert link_url(None, "results", "T" * 32) == f"?t={'T' * 32}"


def test_a_pasted_link_gives_its_token_or_nothing():
    from benchmark.access import token_from

    token = "Ab-_" * 8
    assert token_from(token) == token == token_from(f"  https://x.org/results?t={token}\n")
    assert token_from(f"https://x.org/results?s=KF1&t={token}") == token
    for bad in (
        None,
        "",
        "t=",
        f"https://x.org/?t={token}&t={token}",
        f"https://x.org/?t={token}A",
        "' OR 1=1 --",
        "A" * 5000,
        f"https://x.org/?t={token[:-1]}\x00",
    ):
        assert token_from(bad) is None


def test_a_private_copy_has_a_new_id_and_points_at_no_one_else():
    from benchmark.access import private_copy

    a = new_assessment(
        MINI, Subject(name="Sample"), reviewer_of="someone-else", sample=True, answers={"A.1": Answer(value="full")}
    )
    copy = private_copy(a)
    assert copy.id != a.id and copy.reviewer_of is None
    assert copy.model_dump(exclude={"id", "reviewer_of"}) == a.model_dump(exclude={"id", "reviewer_of"})
    copy.answers["A.1"].value = "none"
    assert a.answers["A.1"].value == "full"
