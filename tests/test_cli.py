"""The command line, run as a user runs it, agrees with the scoring module."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmark.assessment import load_assessment
from benchmark.framework.loader import load_framework
from benchmark.scoring import score

from .conftest import DATA, ROOT

HAND = DATA / "mini_assessment.json"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "benchmark", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


def test_help_lists_commands():
    out = run("--help")
    assert out.returncode == 0
    for cmd in ("frameworks", "score", "validate"):
        assert cmd in out.stdout


def test_frameworks_json_lists_real_frameworks():
    out = run("frameworks", "--json")
    assert out.returncode == 0, out.stderr
    data = {f["id"]: f for f in json.loads(out.stdout)}
    assert {"unites", "spring"} <= set(data)
    assert [s["id"] for s in data["unites"]["sections"]] == [f"KF{n}" for n in range(1, 8)]
    assert data["spring"]["items"] == 40
    assert sum(s["items"] for s in data["unites"]["sections"]) == data["unites"]["items"]


def test_frameworks_text():
    out = run("frameworks", "--questionnaires", str(DATA))
    assert out.returncode == 0
    assert "mini 1.0 — Mini test framework (2 factors, 5 items)" in out.stdout


def test_score_json_agrees_with_scoring_module():
    out = run("score", str(HAND), "--json", "--questionnaires", str(DATA))
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    fw = load_framework(DATA / "mini.yaml")
    expected = score(load_assessment(HAND), fw).to_dict()
    assert got == expected
    # and the hand-computed figures: A = (1 + 0.5) / 2 = 75 %, B = 1 of 2 met = 50 %, overall 62.5
    assert got["overall"] == 62.5 and got["completion"] == 100.0
    b = got["sections"][1]
    assert (b["score"], b["target"], b["gap"], b["answered"], b["relevant"], b["items"]) == (50.0, 80.0, 30.0, 2, 2, 3)


def test_score_text():
    out = run("score", str(HAND), "--questionnaires", str(DATA))
    assert out.returncode == 0
    assert "Overall 62.5 % (Developing), completion 100.0 %" in out.stdout
    assert "B      Second" in out.stdout


def test_validate_both_kinds():
    assert "valid questionnaire mini 1.0" in run("validate", str(DATA / "mini.yaml")).stdout
    out = run("validate", str(HAND), "--questionnaires", str(DATA))
    assert out.returncode == 0 and "valid assessment of Testville" in out.stdout


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{oops", "not valid JSON"),
        (
            '{"framework": "mini", "framework_version": "2.0", "subject": {"name": "X"}}',
            "made with version 2.0 of Mini, which this app does not keep (it keeps 1.0)",
        ),
        (
            '{"framework": "atlantis", "framework_version": "1.0", "subject": {"name": "X"}}',
            "it is for the framework 'atlantis', which this app does not have (it has: mini)",
        ),
    ],
)
def test_bad_assessment_files(tmp_path, content, expected):
    f = tmp_path / "bad.json"
    f.write_text(content)
    for cmd in ("score", "validate"):
        out = run(cmd, str(f), "--questionnaires", str(DATA))
        assert out.returncode == 1
        assert expected in out.stderr
        assert "Traceback" not in out.stderr


def test_bad_questionnaire_prints_every_problem(tmp_path):
    text = (
        (DATA / "mini.yaml")
        .read_text()
        .replace('version: "1.0"', 'version: "v1"')
        .replace('question: "First question?"', 'question: ""')
    )
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    out = run("validate", str(f))
    assert out.returncode == 1
    assert "bad.yaml: 2 problem(s)" in out.stderr
    assert "line 3, version: version 'v1' must look like 1.0" in out.stderr
    assert "sections[1] (A) > items[1] (A.1) > question: must not be empty" in out.stderr


def test_missing_file():
    out = run("score", "does-not-exist.json")
    assert out.returncode == 1 and "file not found" in out.stderr


def test_compare_names_a_file_of_brackets_nested_too_deep_and_compares_the_rest(tmp_path):
    good = []
    for n in range(2):
        f = tmp_path / f"good{n}.json"
        f.write_text(HAND.read_text().replace('"id": "', f'"id": "{n}', 1))
        good.append(str(f))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    out = run("compare", *good, str(deep), "--skip-invalid", "--questionnaires", str(DATA))
    assert "Traceback" not in out.stderr and "RecursionError" not in out.stderr
    assert f"warning: {deep}: not an assessment file: its brackets are nested far too deep" in out.stderr
    assert out.returncode == 0, out.stderr


def test_export_and_compare_write_their_workbooks_in_the_language_asked(tmp_path):
    from openpyxl import load_workbook

    report, network = tmp_path / "bericht.xlsx", tmp_path / "vergleich.xlsx"
    out = run("export", str(HAND), "--questionnaires", str(DATA), "-o", str(report), "--language", "de")
    assert out.returncode == 0, out.stderr
    assert load_workbook(report).sheetnames[:3] == ["Übersicht", "Werte", "Antworten"]
    out = run("compare", str(HAND), "--questionnaires", str(DATA), "-o", str(network), "--language", "de")
    assert out.returncode == 0, out.stderr
    assert load_workbook(network).sheetnames[:2] == ["Werte", "Diagramme"]
    refused = run("export", str(HAND), "--questionnaires", str(DATA), "-o", str(report), "--language", "ar")
    assert refused.returncode == 2 and "invalid choice: 'ar'" in refused.stderr
