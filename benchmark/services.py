"""What the app and the command line do with files and the store, as one call each, so both do it the same way.

Loading many files for a comparison: each file is read as an assessment (.json) or a report workbook (.xlsx);
one bad file is named with its problems while the others load.

Importing a report: the formats (``benchmark.xlsx``) only turn bytes into models and back; deciding what an
import keeps of what is stored, and saving it, happens here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .assessment import RESPONDENT_FIELDS, Assessment, AssessmentError, check_against, parse_assessment
from .framework.loader import framework_for, missing_version
from .framework.model import Framework
from .i18n.sentence import Sentence
from .i18n.translator import N_
from .xlsx.report_reader import WorkbookError, check_agreed, read_report, read_report_and_panel
from .xlsx.safety import MAX_UPLOAD_BYTES

if TYPE_CHECKING:  # the store is only passed in: loading files for Compare needs no database code
    from .store import Store

# ------------------------------------------------------------------------------------------ load many files


class MixedFrameworksError(ValueError):
    """Files of different frameworks cannot share one comparison: their items differ. (Versions of one framework
    can, through the mapping the newer version declares: ``benchmark.upgrade.on_version``.)"""

    def __init__(self, groups: dict[str, list[str]], problems: dict[str, list[str]] | None = None):
        self.groups = groups
        self.problems = problems or {}
        parts = "; ".join(f"{label}: {', '.join(names)}" for label, names in groups.items())
        self.sentence = Sentence(
            N_(
                "These files are for different frameworks and cannot be compared together — {groups}. Compare the "
                "files of one framework at a time."
            ),
            groups=parts,
        )
        super().__init__(str(self.sentence))


def _read_one(name: str, data: bytes, frameworks: dict[str, Framework]) -> Assessment:
    lower = name.lower()
    if lower.endswith(".json"):
        if len(data) > MAX_UPLOAD_BYTES:
            raise AssessmentError(name, [f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"])
        a = parse_assessment(data, name)
        framework = framework_for(frameworks, a.framework, a.framework_version)
        if framework is None:
            raise AssessmentError(name, [missing_version(frameworks, a.framework, a.framework_version)])
        problems = check_against(a, framework)
        if problems:
            raise AssessmentError(name, problems)
        return a
    if lower.endswith(".xlsx"):
        return read_report(data, frameworks, name)
    raise AssessmentError(name, ["not an assessment file (.json) or a report workbook (.xlsx)"])


def load_many(
    files: Iterable[tuple[str, bytes]], frameworks: dict[str, Framework]
) -> tuple[list[Assessment], dict[str, list[str]]]:
    """Assessments from uploaded .json files and report workbooks, with each refused file's problems by name.

    One bad file does not stop the rest. The same assessment twice is kept once. Files of different
    frameworks raise MixedFrameworksError naming them, as they cannot be compared; files of different versions
    of one framework load, each as its own version (compare them through ``benchmark.upgrade.on_version``).
    """
    loaded: list[tuple[str, Assessment]] = []
    problems: dict[str, list[str]] = {}
    first_file: dict[str, str] = {}
    for name, data in files:
        unique = name
        n = 2
        while unique in problems or unique in first_file.values():
            unique, n = f"{name} ({n})", n + 1
        try:
            a = _read_one(name, data, frameworks)
        except AssessmentError as exc:  # WorkbookError included
            problems[unique] = list(exc.problems)
            continue
        if a.id in first_file:
            problems[unique] = [
                Sentence(
                    N_("the same assessment ({title}) as {file}; it is compared once"),
                    title=a.title,
                    file=first_file[a.id],
                )
            ]
            continue
        first_file[a.id] = unique
        loaded.append((unique, a))
    groups: dict[str, list[str]] = {}
    for name, a in loaded:
        groups.setdefault(a.framework, []).append(name)
    if len(groups) > 1:
        labels = {}
        for fw_id, names in groups.items():
            fw = frameworks.get(fw_id)
            labels[fw.short_title if fw else fw_id] = names
        raise MixedFrameworksError(labels, problems)
    return [a for _, a in loaded], problems


# ------------------------------------------------------------------------------------------ import a report


def import_report(
    store: Store, data: bytes, frameworks: dict[str, Framework], source: str = "The workbook"
) -> tuple[Assessment, bool]:
    """Read a report and save it, replacing the same assessment if it is stored; a refused file changes nothing.

    A report without the hidden sheet ``_respondents`` (from before respondents existed, or exported without
    ``individual_answers``, the default) keeps the respondents, their answers, the agreed ratings and the reveal
    settings already stored for the assessment. Returns the assessment and whether it replaced one already stored.
    """
    assessment, whole = read_report_and_panel(data, frameworks, source)  # raises before the store is touched
    return import_parsed(store, assessment, whole, frameworks, source)


def import_parsed(
    store: Store, assessment: Assessment, whole: bool, frameworks: dict[str, Framework], source: str = "The workbook"
) -> tuple[Assessment, bool]:
    """``import_report`` of a report already read (``read_report_and_panel``): the app reads an upload once, to show
    what it holds, and saves that on confirmation, as parsing a large workbook again would cost as much again."""
    stored = store.get(assessment.id)
    problems = replace_problems(stored, assessment)
    if problems:
        raise WorkbookError(source, problems)
    if stored is not None and stored.framework_version != assessment.framework_version:
        raise WorkbookError(
            source,
            [
                f"This report holds version {assessment.framework_version} of the assessment, but the stored "
                f"assessment has moved to version {stored.framework_version} since; loading it would undo the "
                "move. Export the report again from the app, or load this one as a new assessment."
            ],
        )
    if stored is not None and not whole:
        framework = framework_for(frameworks, assessment.framework, assessment.framework_version)
        assert framework is not None  # the report was read against it
        problems = check_agreed(framework, assessment.answers, stored.consensus)
        if problems:
            raise WorkbookError(source, problems)
        kept = stored.model_dump(include=set(RESPONDENT_FIELDS))
        assessment = Assessment.model_validate(assessment.model_dump() | kept)
    if stored is not None and stored.earlier_versions and not assessment.earlier_versions:
        # a report from before its assessment kept a history: the stored history stays
        assessment = assessment.model_copy(update={"earlier_versions": stored.earlier_versions})
    replaced = stored is not None
    store.save(assessment)
    return assessment, replaced


def same_subject(a: Assessment, b: Assessment) -> bool:
    """Whether two assessments are of the same city or practice: a report whose id was edited to another stored
    assessment's must not overwrite that one."""
    return (
        a.subject.kind == b.subject.kind
        and " ".join(a.subject.name.split()).casefold() == " ".join(b.subject.name.split()).casefold()
    )


def replace_problems(stored: Assessment | None, incoming: Assessment) -> list[str]:
    """Why a report may not replace the stored assessment with its id, in words for the team."""
    if stored is None or same_subject(stored, incoming):
        return []
    return [
        Sentence(
            N_(
                "This report carries the id of the stored assessment '{title}', which is about {stored}, but the "
                "report is about {incoming}. Loading it would overwrite that assessment, so it was not loaded. "
                "Download the report of {again} again from its own assessment, or start a new assessment for it."
            ),
            title=stored.title,
            stored=stored.subject.name,
            incoming=incoming.subject.name,
            again=incoming.subject.name,
        )
    ]
