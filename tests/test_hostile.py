"""Hostile and broken input, as the app meets it: one test per case, each asserting what the user is told and
that the database is exactly as before (every row of every table), and that the app goes on serving.

The core's own messages for bad workbooks are pinned in test_excel.py; here the point is the app's answer.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from benchmark.access import INVALID_LINK
from benchmark.assessment import MAX_TEXT, Answer, Subject, new_assessment
from benchmark.xlsx.report_writer import export_report

from .apptest import app, no_errors, shown
from .builders import MINI, created, edited, everything
from .conftest import ROOT

ODD = {
    "RTL override": "Stadt \u202eneb\u202c am See",
    "zero-width": "Zero\u200bwidth\u200djoin\ufeff",
    "emoji": "Welcome 👋🏽 🏳️‍🌈 families",
    "combining marks": "Ame\u0301lie Z\u0336a\u0337l\u0338g\u0335o\u0334",
    "other scripts": "مدينة · 城市 · शहर · Ελλάδα",
}


def stored(store, answers=None):
    a = new_assessment(MINI, Subject(name="Testville", country="Nowhere"), assessors=["Team A"])
    answers = {"A.1": "full"} if answers is None else answers
    a.answers = {k: Answer(value=v, evidence="kept") for k, v in answers.items()}
    store.save(a)
    return a


def still_serving(store) -> None:
    """After the hostile input, a new visitor gets the app as usual."""
    at = app()
    no_errors(at)
    assert at.title[0].value.startswith("How well does your city")


def text_of(at: AppTest) -> str:
    return "\n".join(
        str(e.value)
        for kind in ("markdown", "caption", "warning", "error", "info", "success", "text")
        for e in getattr(at, kind)
    )


# ------------------------------------------------------------------------------------------------- uploads


def upload(store, data: bytes, name: str = "report.xlsx") -> tuple[AppTest, list[str]]:
    """Upload on Export / import with an assessment open; returns the page and the problems it lists."""
    a = stored(store)
    before = everything(store)
    at = app("exchange", aid=a.id)
    at.file_uploader(key="report_upload").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception
    assert shown(at.error[0].value) == f"**{name}** was not loaded, and nothing in the app was changed."
    assert not [b for b in at.button if b.label.startswith(("Replace", "Add"))]  # nothing to confirm
    problems = [line.removeprefix("- ") for line in shown(at.markdown[-1].value).splitlines()]
    assert everything(store) == before
    still_serving(store)
    return at, problems


def report_of(store_a) -> bytes:
    return export_report(store_a, MINI)


def rewritten(data: bytes, part: str, change) -> bytes:
    """The workbook with one zip member's bytes changed."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info)
            z.writestr(info, change(body) if info.filename == part else body)
    return out.getvalue()


def test_upload_not_a_workbook(env):
    _, problems = upload(env, b"item,rating\nA.1,full\n", "answers.csv")
    assert problems == ["this is not an Excel workbook (.xlsx). Upload a report that was downloaded from this app."]


def test_upload_empty_file(env):
    assert upload(env, b"")[1] == ["the file is empty."]


def test_upload_old_xls(env):
    assert upload(env, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)[1][0].startswith(
        "this is an old-format Excel file (.xls)."
    )


def test_upload_zip_that_is_not_a_workbook(env):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    assert upload(env, buffer.getvalue())[1][0].startswith("this is a zip file but not an Excel workbook")


def test_upload_truncated_workbook(env):
    data = report_of(stored(env))
    assert upload(env, data[: len(data) // 2])[1] == [
        "the file is damaged or incomplete (it may not have finished downloading or saving). "
        "Download or save the report again."
    ]


def test_upload_malformed_xml(env):
    data = rewritten(report_of(stored(env)), "xl/workbook.xml", lambda body: b"<not xml")
    assert upload(env, data)[1][0].startswith("the file is damaged or is not a workbook this app can read.")


def test_upload_zip_bomb(env):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 50_000_000)
    assert upload(env, buffer.getvalue())[1] == [
        "the file would unpack to far more data than any report holds (a 'zip bomb'), so it was not opened."
    ]


def test_upload_xml_entity_bomb(env):
    laughs = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    data = rewritten(report_of(stored(env)), "xl/workbook.xml", lambda body: laughs + body)
    assert upload(env, data)[1] == [
        "the file contains XML constructs that are refused for safety (entity declarations). "
        "Export the report again from the app."
    ]


def test_upload_huge_file(env):
    """Bigger than any report (the browser refuses it first: server.maxUploadSize; the app checks again)."""
    assert upload(env, b"PK" + b"\0" * (21 * 1024 * 1024))[1] == [
        "the file is 21.0 MB, more than the 20 MB a report can be. Upload the report as the app exported it."
    ]


def test_upload_unknown_framework(env):
    data = edited(stored(env), lambda wb: wb["_meta"].cell(row=6, column=2, value="selfie"))
    [problem] = upload(env, data)[1]
    assert "the report is for the framework 'selfie', which this app does not have" in problem


def test_upload_other_framework_version(env):
    data = edited(stored(env), lambda wb: wb["_meta"].cell(row=7, column=2, value="0.9"))
    [problem] = upload(env, data)[1]
    assert "the report was made with version 0.9 of Mini, which this app does not keep (it keeps 1.0)" in problem


def test_upload_extremely_long_text(env):
    data = edited(stored(env), lambda wb: wb["Answers"].cell(row=2, column=6, value="x" * (MAX_TEXT + 1)))
    assert upload(env, data)[1] == [
        "Sheet 'Answers', row 2, column F (Evidence): String should have at most 20000 characters"
    ]


def test_upload_formula_text_stays_text(env):
    """Text that looks like a formula is a user's text: loaded as it is written, never evaluated. A real formula
    cell without a saved result is a problem (test_upload_limits)."""
    a = stored(env)
    payload = '=HYPERLINK("http://evil.example","click")'

    def change(wb):
        text = wb["Answers"].cell(row=3, column=6, value=payload)  # A.2 evidence, typed as text
        text.data_type = "s"

    at = app("exchange", aid=a.id)
    at.file_uploader(key="report_upload").set_value(("report.xlsx", edited(a, change), "x")).run()
    no_errors(at)
    assert "is a valid report" in at.success[0].value and "1 answer differs." in at.warning[0].value
    at.button[-1].click().run()
    no_errors(at)
    assert env.get(a.id).answers["A.2"] == Answer(evidence=payload)


def test_formula_text_typed_in_an_answer(env):
    a = stored(env, {})
    payload = "=cmd|' /C calc'!A0"
    at = app("assess", aid=a.id)
    at.text_area(key=f"{a.id}:A.1:evidence").input(payload).run()
    no_errors(at)
    assert [t.value for t in at.toast] == ["Saved A.1"]
    assert env.get(a.id).answers["A.1"] == Answer(evidence=payload)
    cell = load_workbook(io.BytesIO(export_report(env.get(a.id), MINI)))["Answers"]["F2"]
    assert (cell.value, cell.data_type) == (payload, "s")  # a text cell in the report, not a formula


def test_extremely_long_text_typed_in_an_answer(env):
    a = stored(env)
    at = app("assess", aid=a.id)
    area = at.text_area(key=f"{a.id}:A.1:notes")
    assert area.max_chars == MAX_TEXT  # the browser stops typing there, with a counter beside the box
    before = everything(env)
    area._value = "x" * (5 * MAX_TEXT)  # what a crafted request could send anyway: Streamlit cuts it to max_chars
    at.run()
    no_errors(at)
    assert env.get(a.id).answers["A.1"] == Answer(value="full", evidence="kept", notes="x" * MAX_TEXT)
    after = everything(env)
    assert {k: v for k, v in after.items() if k not in ("answers", "assessments")} == {
        k: v for k, v in before.items() if k not in ("answers", "assessments")
    }
    still_serving(env)


@pytest.mark.parametrize("text", list(ODD.values()), ids=list(ODD))
def test_odd_unicode_is_kept_exactly(env, text):
    a = stored(env, {})
    at = app("assess", aid=a.id)
    at.text_area(key=f"{a.id}:A.1:evidence").input(text).run()
    no_errors(at)
    assert env.get(a.id).answers["A.1"].evidence == text
    again = app("assess", aid=a.id)
    assert again.text_area(key=f"{a.id}:A.1:evidence").value == text

    home = app()  # a subject named with it
    home.text_input[0].input(text[:200])
    home.button(key="FormSubmitter:new_assessment-Start assessment").click().run()
    no_errors(home)
    assert home.title[0].value == f"Assess: {text}"
    report = export_report(env.get(home.query_params["a"]), MINI)  # and the report of it reads back
    from benchmark.xlsx.report_reader import read_report

    assert read_report(report, {"mini": MINI}).subject.name == text


def test_control_characters_are_dropped_not_stored(env):
    a = stored(env, {})
    at = app("assess", aid=a.id)
    at.text_area(key=f"{a.id}:A.1:notes").input("bell\x07 nul\x00 esc\x1b end").run()
    no_errors(at)
    assert env.get(a.id).answers["A.1"].notes == "bell nul esc end"


# ------------------------------------------------------------------------------------ addresses and links

BAD_PARAMS = {
    "empty": "",
    "very long": "A" * 100_000,
    "NUL": "abc\x00def",
    "unicode": "é😀\u202e\u200b",
    "SQL": "' OR 1=1 --",
    "SQL, quoted": "x'; DROP TABLE assessments; --",
    "path": "../../etc/passwd",
    "percent-encoded": "%00%27%22",
}


@pytest.mark.parametrize("value", list(BAD_PARAMS.values()), ids=list(BAD_PARAMS))
def test_malformed_assessment_in_the_address(env, value):
    stored(env)
    before = everything(env)
    for page in ("assess", "results", "action_plan", "exchange"):
        at = app(page, aid=value)
        assert not at.exception and not at.error
        if page == "exchange":
            assert [i.value for i in at.info] == ["Open an assessment on the Home page to download its report."]
        elif value:
            assert at.warning[0].value.startswith("This link does not point to a saved assessment.")
        else:
            assert at.info[0].value.startswith("No assessment is open yet.")
        assert "Testville" not in text_of(at)
    assert everything(env) == before
    still_serving(env)


@pytest.mark.parametrize("value", list(BAD_PARAMS.values()), ids=list(BAD_PARAMS))
def test_malformed_section_in_the_address(env, value):
    a = stored(env)
    before = everything(env)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["a"], at.query_params["s"] = a.id, value
    at.switch_page("app_pages/assess.py").run()
    no_errors(at)
    assert at.selectbox(key=f"section:{a.id}").value == "A"  # the first section instead
    assert at.query_params["s"] == "A"
    assert everything(env) == before


@pytest.mark.parametrize("value", list(BAD_PARAMS.values()), ids=list(BAD_PARAMS))
def test_malformed_link_in_the_address(links, value):
    created(links, "Secretville", {"A.1": "full"})
    before = everything(links)
    for page in ("assess", "results", "action_plan"):
        at = app(page, token=value)
        assert not at.exception
        assert [w.value for w in at.warning] == [INVALID_LINK]
        assert "Secretville" not in text_of(at)
    home = app(token=value)
    assert [w.value for w in home.warning] == [INVALID_LINK] and "Secretville" not in text_of(home)
    assert everything(links) == before


@pytest.mark.parametrize("value", list(BAD_PARAMS.values()), ids=list(BAD_PARAMS))
def test_malformed_link_pasted_on_home(links, value):
    created(links, "Secretville")
    before = everything(links)
    at = app()
    next(t for t in at.text_input if t.label == "Your link").input(value[:4000])
    at.button(key="FormSubmitter:open_link-Open").click().run()
    assert not at.exception
    assert [w.value for w in at.warning] == [INVALID_LINK]
    assert everything(links) == before


@pytest.mark.parametrize("value", list(BAD_PARAMS.values()), ids=list(BAD_PARAMS))
def test_malformed_join_code(links, value):
    _, made = created(links)
    links.create_group("North network")
    before = everything(links)
    at = app("results", token=made.edit)
    next(t for t in at.text_input if t.label == "Join code of the group").input(value[:200])
    at.button(key="FormSubmitter:join_group-Join the group").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Not joined: that code does not match any peer-review group. Check it with your facilitator."
    ]
    assert everything(links) == before


@pytest.mark.parametrize("version", ["0.9", "2.0-beta", "9" * 32])
def test_stored_assessment_of_another_framework_version(env, version):
    """A database restored from another installation: the page says why it cannot show it and changes nothing."""
    a = new_assessment(MINI, Subject(name="Oldtown")).model_copy(update={"framework_version": version})
    env.save(a)
    before = everything(env)
    at = app("assess", aid=a.id)
    assert not at.exception
    assert shown(at.error[0].value).startswith(
        f"This assessment uses mini version {a.framework_version}, which this app does not have."
    )
    assert not at.radio
    assert everything(env) == before
    still_serving(env)
