"""What several test modules build on: the mini framework, small assessments, a workbook round trip, a snapshot
of every table. One definition each, so that test modules never import one another."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from benchmark.assessment import Answer, Assessment, Respondent, Subject, new_assessment
from benchmark.framework.loader import load_framework, load_frameworks
from benchmark.store.schema import metadata
from benchmark.xlsx.report_writer import export_report

from .conftest import DATA

MINI = load_framework(DATA / "mini.yaml")
FRAMEWORKS = {**load_frameworks(), "mini": MINI}


def make(
    fw,
    name,
    answers,
    *,
    kind="self",
    date=dt.date(2026, 5, 1),  # noqa: B008 - a date is immutable
    targets=None,
    population=None,
    share=None,
    ident=None,
    reviewer_of=None,
    evidence=None,
):
    """An assessment of the mini framework; ``answers`` maps item id to value, ``evidence`` item id to text."""
    a = new_assessment(
        fw,
        Subject(name=name, population=population, migrant_share=share),
        assessment_type=kind,
        date=date,
        targets=targets or {},
        reviewer_of=reviewer_of,
        id=ident or f"{name}-{kind}-{date.isoformat()}",
    )
    a.answers = {item: Answer(value=value, evidence=(evidence or {}).get(item, "")) for item, value in answers.items()}
    return a


# A's score from its two ratings, B's from its three
A100 = {"A.1": "full", "A.2": "full"}
A75 = {"A.1": "full", "A.2": "some"}
A50 = {"A.1": "some", "A.2": "some"}
A25 = {"A.1": "none", "A.2": "some"}


def everything(store) -> dict:
    """Every row of every table, to prove an operation wrote nothing."""
    with store.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr) for t in metadata.sorted_tables}


def created(store, name="Testville", answers=None):
    a = new_assessment(MINI, Subject(name=name, country="Nowhere"), assessors=["Team A"])
    a.answers = {k: Answer(value=v) for k, v in (answers or {}).items()}
    return a, store.create(a)


def workbook(a: Assessment, framework=None, **kw):
    data = export_report(a, framework or FRAMEWORKS[a.framework])
    return load_workbook(io.BytesIO(data), **kw), data


def edited(a: Assessment, change) -> bytes:
    wb, _ = workbook(a)
    change(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


OFFICIALS, ELECTED, MIGRANTS, NGOS, PEER = MINI.respondents.roles
T0 = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)


def person(rid: str, role: str) -> Respondent:
    return Respondent(id=rid, role=role, created_at=T0)


def hand_case(**fields) -> Assessment:
    """Three officials and three migrant residents who disagree on A.1, and one NGO worker (under k = 3); the team
    has revealed the views (``revealed=False`` for before).

    A.1 (0/50/100): officials full, full, some -> 100, 100, 50; migrants none, none, some -> 0, 0, 50.
    A.2: officials some x3 -> 50; migrants full, full, none -> 100, 100, 0.
    B.1 (0/100): officials yes x3; migrants yes, no (the third did not answer): only two, so not shown.
    """
    ratings = {
        "o1": (OFFICIALS, {"A.1": "full", "A.2": "some", "B.1": "yes"}),
        "o2": (OFFICIALS, {"A.1": "full", "A.2": "some", "B.1": "yes"}),
        "o3": (OFFICIALS, {"A.1": "some", "A.2": "some", "B.1": "yes"}),
        "m1": (MIGRANTS, {"A.1": "none", "A.2": "full", "B.1": "yes"}),
        "m2": (MIGRANTS, {"A.1": "none", "A.2": "full", "B.1": "no"}),
        "m3": (MIGRANTS, {"A.1": "some", "A.2": "none"}),
        "n1": (NGOS, {"A.1": "full", "A.2": "full", "B.1": "no"}),
    }
    fields = {"id": "hand", "revealed": True} | fields
    a = new_assessment(
        MINI,
        Subject(name="Handtown"),
        answers={"A.1": Answer(value="some", evidence="Plan")},
        respondents=[person(rid, role) for rid, (role, _) in ratings.items()],
        respondent_answers={rid: {i: Answer(value=v) for i, v in own.items()} for rid, (_, own) in ratings.items()},
        **fields,
    )
    return a


def shareable(a: Assessment) -> Assessment:
    """``a`` as it may go into a report with its respondents' own answers (benchmark.disclosure): the views
    revealed, and the respondents of every role under the minimum group size left out (with their answers)."""
    sizes: dict[str, int] = {}
    for r in a.respondents:
        sizes[r.role] = sizes.get(r.role, 0) + 1
    kept = [r for r in a.respondents if sizes[r.role] >= a.min_group_size]
    ids = {r.id for r in kept}
    return a.model_copy(
        update={
            "revealed": True,
            "respondents": kept,
            "respondent_answers": {rid: own for rid, own in a.respondent_answers.items() if rid in ids},
        }
    )


def resaved_by_libreoffice(soffice: str, folder: Path, reports: dict[str, bytes]) -> dict[str, bytes]:
    """Each report (file name -> bytes) opened and saved again by LibreOffice headless, as a team pressing Save
    would; returns what it wrote, by the same names (asserting it wrote each one)."""
    (folder / "in").mkdir()
    for name, data in reports.items():
        (folder / "in" / name).write_bytes(data)
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{folder}/lo",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(folder),
            *(str(folder / "in" / name) for name in reports),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0 and all((folder / n).exists() for n in reports), done.stdout + done.stderr
    return {name: (folder / name).read_bytes() for name in reports}
