"""Every page through Streamlit's AppTest: what the user sees and what gets saved."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui.text import md
from benchmark.assessment import Action, Answer
from benchmark.scoring import score

from .apptest import app, no_errors, saved, shown
from .builders import MINI
from .conftest import ROOT


def test_home_creates_assessment_and_opens_it(env):
    at = app()
    no_errors(at)
    assert at.title[0].value.startswith("How well does your city")
    at.button(key="FormSubmitter:new_assessment-Start assessment").click().run()
    assert "Please give the name of the city or practice" in at.error[0].value
    assert env.list() == []
    at.text_input[0].input("Testville")
    at.text_input[1].input("Nowhere")
    at.text_input[2].input("Integration office, Migrant council")
    at.button(key="FormSubmitter:new_assessment-Start assessment").click().run()
    no_errors(at)
    [row] = env.list()
    assert at.title[0].value == "Assess: Testville"
    assert at.query_params["a"] == row.id
    a = env.get(row.id)
    assert a.assessors == ["Integration office", "Migrant council"] and a.subject.country == "Nowhere"


def test_answers_are_saved_item_by_item(env):
    a = saved(env)
    at = app("assess", a.id)
    no_errors(at)
    at.radio(key=f"{a.id}:A.1:value").set_value("full").run()
    at.text_area(key=f"{a.id}:A.1:evidence").input("Council motion, March 2026").run()
    got = env.get(a.id)
    assert got.answers["A.1"] == Answer(value="full", evidence="Council motion, March 2026")
    assert [p.value for p in at.get("progress")] == [20, 50]  # overall 1 of 5, section 1 of 2
    assert any("still to answer here: A.2" in p.proto.text for p in at.get("progress"))


def test_not_relevant_asks_for_reason_and_counts_as_done(env):
    a = saved(env)
    at = app("assess", a.id)
    at.selectbox(key=f"section:{a.id}").set_value("B").run()
    no_errors(at)
    assert at.query_params["s"] == "B"
    at.radio(key=f"{a.id}:B.3:value").set_value("na").run()
    at.text_input(key=f"{a.id}:B.3:reason").input("No such service here").run()
    assert env.get(a.id).answers["B.3"] == Answer(value="na", reason="No such service here")
    assert score(env.get(a.id), MINI).not_relevant_items == ("B.3",)
    assert [p.value for p in at.get("progress")] == [20, 33]


def test_reopening_the_link_shows_every_answer(env):
    a = saved(env, {"A.1": "some", "B.2": "yes"})
    at = app("assess", a.id)
    assert at.radio(key=f"{a.id}:A.1:value").value == "some"
    assert at.radio(key=f"{a.id}:A.2:value").value is None
    at.query_params["s"] = "B"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["a"], at.query_params["s"] = a.id, "B"
    at.switch_page("app_pages/assess.py").run()
    assert at.radio(key=f"{a.id}:B.2:value").value == "yes"


def test_jump_to_first_unanswered(env):
    a = saved(env, {"A.1": "full", "A.2": "none", "B.1": "yes"})
    at = app("assess", a.id)
    at.button[0].click().run()
    assert at.selectbox(key=f"section:{a.id}").value == "B"


def test_results_show_the_core_scores(env):
    a = saved(env, {"A.1": "full", "A.2": "some", "B.1": "yes", "B.2": "no", "B.3": "na"})
    at = app("results", a.id)
    no_errors(at)
    r = score(a, MINI)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Overall score": f"{r.overall:.0f} %", "Completion": "100 %", "Maturity": r.maturity}
    table = at.dataframe[0].value
    assert list(table["Score %"]) == [75.0, 50.0]
    assert list(table["Gap (points)"]) == [0.0, 25.0]
    [chart] = at.get("vega_lite_chart")
    assert "Score per factor against target" in chart.proto.spec
    text = " ".join(m.value for m in at.markdown)
    assert "**B Second**: 50 %, 25 points below the target of 75 %" in text
    assert "**Tool: A tool.** Use it." not in text  # A is at target: no suggestion shown for it


def test_targets_are_saved(env):
    a = saved(env, {"A.1": "some", "A.2": "some"})
    at = app("results", a.id)
    at.number_input(key="target:A").set_value(40.0)
    at.button(key="FormSubmitter:targets-Save targets").click().run()
    no_errors(at)
    assert env.get(a.id).targets == {"A": 40.0}
    assert list(at.dataframe[0].value["Target %"]) == [40.0, 75.0]


def test_suggestions_for_gaps(env):
    a = saved(env, {"A.1": "none", "A.2": "some"})
    at = app("results", a.id)
    text = " ".join(m.value for m in at.markdown)
    assert "**Tool: A tool.** Use it." in text


def test_action_plan_drafts_and_edits_persist(env):
    a = saved(env, {"A.1": "none", "A.2": "some", "B.1": "no"})
    at = app("action_plan", a.id)
    no_errors(at)
    at.button[0].click().run()
    no_errors(at)
    plan = env.get(a.id).actions
    assert [x.section for x in plan] == ["B", "A"]  # largest gap first: B 0 %, A 25 %
    assert plan[0].priority == "High" and plan[1].measure == "First: A tool"
    editor_key = f"plan:{a.id}:1"
    at.session_state[editor_key] = {
        "edited_rows": {0: {"responsible": "Integration office", "status": "In progress"}},
        "added_rows": [],
        "deleted_rows": [1],
    }
    at.run()
    no_errors(at)
    plan = env.get(a.id).actions
    assert len(plan) == 1
    assert (plan[0].responsible, plan[0].status, plan[0].section) == ("Integration office", "In progress", "B")


def test_action_plan_added_row_is_saved_once(env):
    a = saved(env)
    env.set_actions(a.id, [Action(measure="Existing")])
    at = app("action_plan", a.id)
    at.session_state[f"plan:{a.id}:0"] = {
        "edited_rows": {},
        "added_rows": [{"measure": "Hire an outreach worker", "priority": "High"}],
        "deleted_rows": [],
    }
    at.run()
    no_errors(at)
    at.run()
    plan = env.get(a.id).actions
    assert [x.measure for x in plan] == ["Existing", "Hire an outreach worker"]
    assert plan[1].priority == "High"


def test_pages_without_assessment_point_home(env):
    for page in ("assess", "results", "action_plan"):
        at = app(page)
        no_errors(at)
        assert "No assessment is open yet" in at.info[0].value


def test_unknown_link_is_explained(env):
    at = app("results", "not-a-real-id")
    no_errors(at)
    assert "does not point to a saved assessment" in at.warning[0].value


@pytest.mark.parametrize("page", ["compare", "exchange", "about"])
def test_other_pages_render(env, page):
    saved(env, {"A.1": "full"})
    at = app(page)
    no_errors(at)
    assert at.title


def test_compare_lists_scores(env):
    saved(env, {"A.1": "full", "A.2": "full"})
    at = app("compare")
    assert list(at.dataframe[0].value["A"]) == [100]


def test_unexpected_error_is_friendly(env, monkeypatch):
    a = saved(env)

    def boom(*args, **kwargs):
        raise ZeroDivisionError("internal detail")

    monkeypatch.setattr("benchmark.scoring.score", boom)
    at = app("results", a.id)
    assert not at.exception
    assert "Something went wrong on this page" in at.error[0].value
    assert "internal detail" not in at.error[0].value


def test_action_plan_form_adds_a_measure(env):
    a = saved(env)
    at = app("action_plan", a.id)
    at.button(key="FormSubmitter:add_action-Add measure").click().run()
    assert "Please say what the measure is." in at.error[0].value
    at.text_input[0].input("Run a citizens' dialogue")
    next(s for s in at.selectbox if s.label == "Linked factor").set_value("B")  # the report's language first
    at.text_input[1].input("Mayor's office")
    at.button(key="FormSubmitter:add_action-Add measure").click().run()
    no_errors(at)
    [action] = env.get(a.id).actions
    assert (action.measure, action.section, action.responsible, action.priority) == (
        "Run a citizens' dialogue",
        "B",
        "Mayor's office",
        "Medium",
    )
    assert "1 measure in the plan." in [c.value for c in at.caption]


def edited_report(a, change=None) -> bytes:
    import io

    from openpyxl import load_workbook

    from benchmark.xlsx.report_writer import export_report

    wb = load_workbook(io.BytesIO(export_report(a, MINI)))
    if change:
        change(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("page", ["results", "action_plan", "exchange"])
def test_report_download_offered(env, page):
    a = saved(env, {"A.1": "full"})
    at = app(page, a.id)
    no_errors(at)
    (button,) = at.get("download_button")
    assert button.proto.label == "Download the Excel report"


def test_upload_of_a_bad_report_is_refused_and_changes_nothing(env):
    a = saved(env, {"A.1": "full"})
    before = env.get(a.id)
    bad = edited_report(a, lambda wb: wb["Answers"].cell(row=2, column=4, value="Sometimes"))
    at = app("exchange", a.id)
    at.file_uploader(key="report_upload").set_value(("edited.xlsx", bad, "application/octet-stream")).run()
    assert not at.exception
    assert at.error[0].value.startswith(f"**{md('edited.xlsx')}** was not loaded, and nothing in the app was changed.")
    assert "Sheet 'Answers', row 2, column D (Rating): 'Sometimes' is not a rating" in shown(at.markdown[-1].value)
    assert not [b for b in at.button if b.label.startswith(("Replace", "Add"))]
    assert env.get(a.id) == before


def test_upload_of_an_edited_report_replaces_after_confirmation(env):
    a = saved(env, {"A.1": "full"})
    a.actions = [Action(measure="Publish the strategy", section="B")]
    env.save(a)

    def change(wb):
        wb["Answers"]["D3"] = "Some"  # A.2, by its label
        wb["Action plan"]["L2"] = "Done"
        wb["Action plan"].append([None, "Hold a public hearing", None, "A"])

    at = app("exchange", a.id)
    at.file_uploader(key="report_upload").set_value(("edited.xlsx", edited_report(a, change), "x")).run()
    no_errors(at)
    assert "is a valid report: Testville" in at.success[0].value
    assert "1 answer differs. The action plan goes from 1 to 2 measures." in at.warning[0].value
    assert env.get(a.id).actions[0].status == "Not started"  # nothing before the confirmation
    at.button[-1].click().run()
    stored = env.get(a.id)
    assert stored.answers["A.2"].value == "some"
    assert [(x.measure, x.status) for x in stored.actions] == [
        ("Publish the strategy", "Done"),
        ("Hold a public hearing", "Not started"),
    ]


def test_open_a_sample_in_one_click(real_env):
    at = app()
    no_errors(at)
    at.selectbox(key="sample_choice:spring").select("spring-p05-queer-base").run()
    at.button(key="sample_open:spring").click().run()
    no_errors(at)
    assert [s.id for s in real_env.list()] == ["spring-p05-queer-base"]
    assert at.title[0].value == "Assess: Queer Base"
    assert at.query_params["a"] == "spring-p05-queer-base"


def test_add_a_whole_sample_network(real_env):
    at = app()
    at.button(key="sample_all:unites").click().run()
    no_errors(at)
    stored = real_env.list("unites")
    assert len(stored) == 18 and len({s.subject for s in stored}) == 8
