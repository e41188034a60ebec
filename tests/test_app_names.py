"""Names a person types that cannot be names (issue 19, point 6): nothing visible in them (zero-width, direction or
control characters only) or longer than 200 characters. The core refuses them with one plain sentence, and every
page where such a name is typed or uploaded shows that sentence instead of "Something went wrong
(ValidationError)" or a blank title: Home's new assessment, Respondents (a respondent's label, a role), the group
page and an uploaded report.
"""

from __future__ import annotations

import io
import json

import pytest

from benchmark.assessment import INVISIBLE_NAME, MAX_NAME

from .apptest import app, no_errors, saved, shown
from .builders import created

INVISIBLE = ["\u200b\u200b", "\u202e", "\x07", "\u2060\ufeff \u3164"]
TOO_LONG_ASSESSOR = "The assessor's name is too long: at most 200 characters"
START = "FormSubmitter:new_assessment-Start assessment"


def start(at, name: str, assessors: str = ""):
    at.text_input[0].input(name)
    at.text_input[2].input(assessors)
    return at.button(key=START).click().run()


@pytest.mark.parametrize("name", INVISIBLE)
def test_home_refuses_a_city_name_of_invisible_characters(env, name):
    at = start(app(), name)
    assert not at.exception
    assert [e.value for e in at.error] == [f"Not started: {INVISIBLE_NAME}"]
    assert env.list() == []


def test_home_refuses_an_assessor_too_long_or_invisible_and_says_which_rule(env):
    at = start(app(), "Testville", "Integration office, " + "x" * (MAX_NAME + 1))
    assert not at.exception
    assert [e.value for e in at.error] == [f"Not started: {TOO_LONG_ASSESSOR}"]
    at = start(at, "Testville", "Integration office, \u200b\u200b")
    assert [e.value for e in at.error] == [f"Not started: {INVISIBLE_NAME}"]
    assert env.list() == []
    at = start(at, "Testville", "Integration office, " + "x" * MAX_NAME)  # 200 is allowed
    no_errors(at)
    [row] = env.list()
    assert env.get(row.id).assessors == ["Integration office", "x" * MAX_NAME]


@pytest.mark.parametrize("text", INVISIBLE[:3])
def test_respondents_page_refuses_an_invisible_label_and_role(links, text):
    env = links
    a, made = created(links)
    at = app("respondents", token=made.edit)
    at.selectbox(key="add_respondent_role").set_value("City officials")
    at.text_input(key="add_respondent_label").input("A.B." if text == "\x07" else text)
    if text == "\x07":  # a control character alone is dropped from a label, which may be empty: the role then
        at.text_input(key="add_role_name").input(text)
        at.button(key="FormSubmitter:add_role-Add the role").click().run()
    else:
        at.button(key="FormSubmitter:add_respondent-Add the respondent and make their link").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [f"Not added: {INVISIBLE_NAME}"]
    assert env.respondents(a.id) == [] and env.respondent_session(a.id).extra_roles == []


def test_group_page_refuses_an_invisible_group_name(links):
    at = app("group")
    next(t for t in at.text_input if t.label.startswith("Name of the group")).input("\u200b\u202e")
    at.button(key="FormSubmitter:new_group-Set up the group").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [f"Not set up: {INVISIBLE_NAME}"]
    assert not at.code  # no codes were made


def report_with_meta(a, key: str, value: str) -> bytes:
    """The assessment's report with one value of its hidden _meta sheet replaced (as a hand-made file would be)."""
    from openpyxl import load_workbook

    from benchmark.xlsx.report_writer import export_report

    from .builders import MINI

    wb = load_workbook(io.BytesIO(export_report(a, MINI)))
    ws = wb["_meta"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key)
    ws.cell(row, 2, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        (
            "subject",
            json.dumps({"name": "\u200b\u200b", "kind": "city"}),
            f"The city or practice's name in this report: {INVISIBLE_NAME}.",
        ),
        ("subject", json.dumps({"name": "\u202e", "kind": "city"}), None),
        ("assessors", json.dumps(["Team A", "x" * 201]), f"An assessor's name in this report: {TOO_LONG_ASSESSOR}."),
        ("assessors", json.dumps(["\x07"]), f"An assessor's name in this report: {INVISIBLE_NAME}."),
    ],
)
def test_an_uploaded_report_with_such_a_name_names_the_problem(env, key, value, problem):
    a = saved(env, {"A.1": "full"})
    before = env.get(a.id)
    at = app("exchange", a.id)
    at.file_uploader(key="report_upload").set_value(("named.xlsx", report_with_meta(a, key, value), "x")).run()
    assert not at.exception
    assert at.error and "was not loaded, and nothing in the app was changed" in at.error[0].value
    assert (problem or INVISIBLE_NAME) in shown(at.markdown[-1].value)
    assert "ValidationError" not in shown(at.markdown[-1].value)
    assert env.get(a.id) == before
