"""Command line for facilitators and scripts: ``python -m benchmark --help``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .assessment import Assessment, AssessmentError, check_against, load_assessment
from .framework.loader import (
    QuestionnaireError,
    framework_for,
    load_framework,
    load_frameworks,
    missing_version,
)
from .framework.model import Framework
from .framework.vocabulary import ASSESSMENT_TYPES
from .scoring import score
from .upgrade import Upgraded

if TYPE_CHECKING:  # the store's imports (SQLAlchemy) wait until a command needs them, to keep --help fast
    from .store import Store


class CliError(Exception):
    """A bad input: printed as one line, exit code 1."""


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def cmd_frameworks(args: argparse.Namespace) -> int:
    frameworks = load_frameworks(args.questionnaires)
    if args.json:
        out = [
            {
                "id": fw.id,
                "version": fw.version,
                "title": fw.title,
                "items": fw.item_count,
                "sections": [{"id": s.id, "title": s.title, "items": len(s.items)} for s in fw.sections],
            }
            for fw in frameworks.values()
        ]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    for fw in frameworks.values():
        print(
            f"{fw.id} {fw.version} — {fw.title} ({len(fw.sections)} {fw.sections_label.lower()}, {fw.item_count} items)"
        )
        for s in fw.sections:
            print(f"  {s.id:<6} {s.title} ({len(s.items)} items)")
    return 0


def _load_scored(path: str, questionnaires: str | None) -> tuple[Assessment, Framework]:
    assessment = load_assessment(path)
    frameworks = load_frameworks(questionnaires)
    framework = framework_for(frameworks, assessment.framework, assessment.framework_version)
    if framework is None:  # an assessment opens with the version it was made with, never another one
        raise CliError(
            f"{Path(path).name}: {missing_version(frameworks, assessment.framework, assessment.framework_version)}"
        )
    problems = check_against(assessment, framework)
    if problems:
        raise AssessmentError(Path(path).name, problems)
    return assessment, framework


def cmd_languages(args: argparse.Namespace) -> int:
    from .i18n.report import coverage

    rows = coverage(args.questionnaires)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        shares = ", ".join(f"{fid} {share:.1f} %" for fid, share in row["frameworks"].items())
        scope = "" if row["covers"] == "all" else " (what a respondent sees)"
        print(f"{row['code']:<4}{row['name']:<14}{row['direction']}  interface {row['ui']:.1f} %, {shares}{scope}")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    assessment, framework = _load_scored(args.file, args.questionnaires)
    result = score(assessment, framework)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return 0
    print(f"{assessment.title} — {framework.title} {framework.version}")
    print(f"Overall {_fmt(result.overall)} % ({result.maturity}), completion {_fmt(result.completion)} %")
    print(f"{'':6} {framework.section_label:<48} {'score':>6} {'target':>6} {'gap':>6}  rated/relevant")
    for s in result.sections:
        print(
            f"{s.id:<6} {s.title[:48]:<48} {_fmt(s.score):>6} {_fmt(s.target):>6} {_fmt(s.gap):>6}"
            f"  {s.answered}/{s.relevant}"
            + (f"  not relevant here: {s.not_relevant_reason}" if s.not_relevant_reason is not None else "")
        )
    if result.unanswered_items:
        print(f"Unanswered ({len(result.unanswered_items)}): {', '.join(result.unanswered_items)}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix.lower() in (".yaml", ".yml"):
        fw = load_framework(path)
        print(
            f"{path.name}: valid questionnaire {fw.id} {fw.version}"
            f" ({len(fw.sections)} sections, {fw.item_count} items)"
        )
        return 0
    assessment, framework = _load_scored(args.file, args.questionnaires)
    print(
        f"{path.name}: valid assessment of {assessment.subject.name} ({framework.short_title} {framework.version}, "
        f"{len(assessment.answers)} answers)"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .xlsx.report_writer import export_report

    assessment, framework = _load_scored(args.file, args.questionnaires)
    out = Path(args.output)
    out.write_bytes(export_report(assessment, framework, language=args.language))
    print(f"{out}: report of {assessment.subject.name} ({framework.short_title} {framework.version})")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .assessment import save_assessment
    from .xlsx.report_reader import read_report

    path = Path(args.file)
    assessment = read_report(path.read_bytes(), load_frameworks(args.questionnaires), path.name)
    save_assessment(assessment, args.output)
    print(
        f"{args.output}: assessment of {assessment.subject.name} with {len(assessment.answers)} answers and "
        f"{len(assessment.actions)} actions"
    )
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .compare.summary import summary
    from .services import MixedFrameworksError, load_many
    from .upgrade import describe_moves, on_version

    frameworks = load_frameworks(args.questionnaires)
    files, unreadable = [], {}
    for name in args.files:
        try:
            files.append((name, Path(name).read_bytes()))
        except OSError as exc:
            unreadable[name] = [exc.strerror or str(exc)]
    try:
        assessments, problems = load_many(files, frameworks)
    except MixedFrameworksError as exc:
        raise CliError(str(exc)) from None
    problems = {**unreadable, **problems}
    for name, found in problems.items():
        for problem in found:
            print(f"{'warning' if args.skip_invalid else 'error'}: {name}: {problem}", file=sys.stderr)
    if problems and not args.skip_invalid:
        print(
            f"error: {len(problems)} file(s) could not be loaded; nothing compared "
            "(--skip-invalid compares the others)",
            file=sys.stderr,
        )
        return 1
    if not assessments:
        raise CliError("no assessment to compare")
    framework = frameworks[assessments[0].framework]
    assessments, moved = on_version(assessments, framework)  # older versions only through their mapping
    if moved:
        print(f"note: {describe_moves(moved, framework)}", file=sys.stderr)
    data = summary(assessments, framework, args.type)
    print(json.dumps(data, indent=2, ensure_ascii=False) if args.json else summary_text(data, framework))
    if args.output:
        from .xlsx.comparison import compare_workbook

        Path(args.output).write_bytes(compare_workbook(assessments, framework, args.type, args.language))
        print(f"{args.output}: comparison of {len(assessments)} assessments", file=sys.stderr)
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    from .assessment import save_assessment
    from .upgrade import UpgradeError, plan

    assessment, framework = _load_scored(args.file, args.questionnaires)
    latest = load_frameworks(args.questionnaires)[framework.id]
    try:
        upgraded = plan(assessment, latest)
    except UpgradeError as exc:
        raise CliError(f"{Path(args.file).name}: {exc}") from None
    name = Path(args.file).name
    if not upgraded.changed:
        print(f"{name}: already made with {latest.short_title} {latest.version}, the newest version; nothing to do")
        return 0
    print(upgrade_text(upgraded, name))
    if args.dry_run:
        print("Dry run: nothing written.")
        return 0
    if not args.output:
        raise CliError("say where to write the moved assessment with -o OUT.json (or list the changes with --dry-run)")
    save_assessment(upgraded.assessment, args.output)
    print(f"{args.output}: {assessment.subject.name} moved to {latest.short_title} {latest.version}")
    return 0


def upgrade_text(upgraded: Upgraded, name: str) -> str:
    """The changes a move makes, as the app's preview lists them (``benchmark.upgrade.Upgraded``)."""
    lines = []
    for step in upgraded.steps:
        lines.append(f"{name}: {step.old.short_title} {step.old.version} -> {step.new.version}")
        if step.new.upgrade and step.new.upgrade.summary:
            lines.append(f"  {step.new.upgrade.summary}")
        for ln in step.lines:
            if ln.kind == "same" and not ln.note:
                continue
            old, new = ", ".join(ln.old) or "—", ", ".join(ln.new) or "—"
            given = "" if ln.kind == "new" else (" (answered)" if ln.answered else " (no answer)")
            lines.append(f"  {ln.kind:<8} {old:<16} -> {new:<16} {ln.outcome}{given}")
            if ln.note:
                lines.append(f"  {'':8} {ln.note}")
        same = sum(ln.kind == "same" and not ln.note for ln in step.lines)
        lines.append(f"  {same} other item(s) unchanged, answers kept")
        lines.append(f"  Rating carried over: {len(step.carried)} item(s)")
        lines.append(f"  Needs a new answer: {len(step.to_answer)} item(s): {', '.join(step.to_answer) or 'none'}")
        if step.notes_added:
            lines.append(f"  Earlier answers written out as notes on: {', '.join(step.notes_added)}")
        if step.dropped_settings:
            lines.append(f"  No longer applies: {', '.join(step.dropped_settings)}")
        lines.append(f"  The {step.old.version} answers stay in the assessment's history (earlier_versions).")
    return "\n".join(lines)


def summary_text(data: dict[str, Any], framework: Framework) -> str:
    """A comparison's summary (``compare.summary.summary``) as a few plain tables for a terminal."""
    label = framework.subject_label
    lines = [
        f"{framework.title} {framework.version}: {len(data['assessments'])} assessment(s)",
        "",
        f"Ranking ({ASSESSMENT_TYPES[data['basis']].lower()}s, latest per {label.lower()})",
        f"{'rank':>4}  {label:<32} {'overall':>7}  date",
    ]
    for r in data["ranking"]:
        lines.append(f"{r['rank'] or '—':>4}  {r['subject'][:32]:<32} {_fmt(r['overall']):>7}  {r['date']}")
    lines += ["", "Shared gaps (below target / with a score)"]
    for g in data["shared_gaps"]:
        lines.append(
            f"  {g['section']:<6} {g['title'][:44]:<44} {g['below']:>3}/{g['rated']:<3} {_fmt(g['share']):>6} %"
        )
    lines += ["", "Self-assessment against peer review (difference = self − peer, in points)"]
    if not data["self_vs_peer"]:
        lines.append("  no peer review in these files is paired with a self-assessment")
    for p in data["self_vs_peer"]:
        widest = max(((s, d) for s, d in p["sections"].items() if d is not None), key=lambda x: x[1], default=None)
        most = f", most generous on {widest[0]} ({widest[1]:+.1f})" if widest and widest[1] > 0 else ""
        lines.append(
            f"  {p['subject'][:32]:<32} self {_fmt(p['self_overall']):>5}  peer {_fmt(p['peer_overall']):>5}  "
            f"difference {_fmt(p['difference']):>5}  same rating on {_fmt(p['agreement'])} % of items{most}"
        )
    return "\n".join(lines)


def _shown(url: str | None) -> str:
    """A database URL fit to print: never a password that came in it."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True) if url else "(default)"
    except ArgumentError:
        return "(the URL given)"


def _open_store(url: str | None) -> Store:
    """The store a command works on, with a one-line error for a bad URL, a database that cannot be reached
    or one written by a newer app."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from .store import DatabaseUnavailable, Store

    try:
        return Store(url)
    except DatabaseUnavailable as exc:
        raise CliError(f"database {_shown(url)} cannot be reached: {exc.reason}") from None
    except (ArgumentError, OperationalError, RuntimeError) as exc:
        raise CliError(f"database {_shown(url)}: {str(exc).splitlines()[0]}") from None


def cmd_health(args: argparse.Namespace) -> int:
    """Exit 0 when the database answers with this app's schema and, with ``--app``, the app's web server says ok;
    for a container's health check or a monitor (Streamlit's /_stcore/health does not look at the database)."""
    import urllib.request

    from sqlalchemy.exc import ArgumentError

    from .store import DatabaseUnavailable, default_url
    from .store.health import database_status

    problems: list[str] = []
    try:
        print(f"database: {database_status(args.database or default_url())}")
    except DatabaseUnavailable as exc:
        problems.append(f"database {_shown(args.database)} cannot be reached: {exc.reason}")
    except (ArgumentError, RuntimeError) as exc:
        problems.append(f"database {_shown(args.database)}: {exc}")
    if args.app:
        url = args.app.rstrip("/") + "/_stcore/health"
        try:
            with urllib.request.urlopen(url, timeout=args.timeout) as answer:
                body = answer.read(100).decode("utf-8", "replace").strip()
        except OSError as exc:
            problems.append(f"app {url} does not answer: {exc}")
        else:
            if body == "ok":
                print(f"app: ok ({url})")
            else:
                problems.append(f"app {url} answers {body!r}")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .store.backup import Counts, backup, dumps

    data = backup(_open_store(args.database))
    Path(args.output).write_text(dumps(data), encoding="utf-8")
    groups = data["groups"]
    counts = Counts(
        len(data["assessments"]),
        sum(len(x["assessment"]["answers"]) for x in data["assessments"]),
        sum(len(x["assessment"]["actions"]) for x in data["assessments"]),
        sum(len(x["links"]) for x in data["assessments"]),
        len(groups),
        sum(len(g["members"]) for g in groups),
    )
    print(f"{args.output}: backup of {counts}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .store.backup import BackupError, loads, restore

    path = Path(args.file)
    try:
        counts = restore(_open_store(args.database), loads(path.read_bytes(), path.name), args.replace, path.name)
    except BackupError as exc:
        raise CliError(str(exc)) from None
    print(f"restored {counts}")
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    store = _open_store(args.database)
    try:
        made = store.rotate_links(args.assessment)
    except KeyError:
        raise CliError(f"no assessment with id {args.assessment}") from None
    print(f"New links for {args.assessment} (any earlier links no longer work; these are shown only now):")
    print(f"edit: {made.edit}")
    print(f"view: {made.view}")
    return 0


def _language_option(p: argparse.ArgumentParser, what: str) -> None:
    from .xlsx.report_layout import report_languages

    codes = report_languages()
    p.add_argument(
        "--language",
        choices=codes,
        default="en",
        help=f"the language {what} is written in: {', '.join(codes)} (default: en)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmark",
        description="Benchmark self-assessment for city integration strategies (UNITES, SPRING).",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--questionnaires", metavar="DIR", help="folder of framework files (default: questionnaires/)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("frameworks", parents=[common], help="list the frameworks with their sections and item counts")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_frameworks)

    p = sub.add_parser(
        "score",
        parents=[common],
        help="print completion, per-section and overall scores and gaps of an assessment file",
    )
    p.add_argument("file", help="assessment JSON file")
    p.add_argument("--json", action="store_true", help="print the documented JSON shape instead of text")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser(
        "validate",
        parents=[common],
        help="check a questionnaire (.yaml) or assessment (.json) file and print every problem",
    )
    p.add_argument("file")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", parents=[common], help="write the Excel report of an assessment file")
    p.add_argument("file", help="assessment JSON file")
    p.add_argument("-o", "--output", required=True, metavar="REPORT.xlsx", help="the workbook to write")
    _language_option(p, "the report")
    p.set_defaults(func=cmd_export)

    from .i18n.report import JSON_SHAPE as LANGUAGES_SHAPE

    p = sub.add_parser(
        "languages",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="list the shipped languages with the share of the interface and of each framework translated",
        epilog=LANGUAGES_SHAPE,
    )
    p.add_argument("--json", action="store_true", help="print JSON (shape below) instead of text")
    p.set_defaults(func=cmd_languages)

    p = sub.add_parser(
        "import", parents=[common], help="read an Excel report (as exported, maybe edited) back into an assessment file"
    )
    p.add_argument("file", help="report workbook (.xlsx)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.json", help="the assessment file to write")
    p.set_defaults(func=cmd_import)

    from .compare.shape import JSON_SHAPE

    p = sub.add_parser(
        "compare",
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="compare many assessments of one framework: ranking, shared gaps, self against peer",
        description="Compare assessments of one framework and version, as a peer-review session does.\n"
        "A file that cannot be loaded is named on stderr with its problems and nothing is\n"
        "compared (exit code 1), so no city silently drops out of a ranking;\n"
        "--skip-invalid compares the rest and only warns.",
        epilog=JSON_SHAPE,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="assessment files (.json) and/or report workbooks (.xlsx)")
    p.add_argument(
        "--type",
        choices=["self", "peer"],
        default="self",
        help="what the ranking and shared gaps rest on: each city's latest self-assessment (default) "
        "or latest peer review",
    )
    p.add_argument("--json", action="store_true", help="print JSON (shape below) instead of text")
    p.add_argument("-o", "--output", metavar="OUT.xlsx", help="also write the comparison workbook")
    _language_option(p, "the comparison workbook")
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="compare the files that load and warn about the others (exit code 0)",
    )
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser(
        "upgrade",
        parents=[common],
        help="move an assessment file to the newest version of its framework, by the mapping that version declares",
    )
    p.add_argument("file", help="assessment JSON file")
    p.add_argument("-o", "--output", metavar="OUT.json", help="the moved assessment file to write")
    p.add_argument("--dry-run", action="store_true", help="list what would change and write nothing")
    p.set_defaults(func=cmd_upgrade)

    database = argparse.ArgumentParser(add_help=False)
    database.add_argument(
        "--database",
        metavar="URL",
        help="SQLAlchemy database URL (default: BENCHMARK_DATABASE_URL, "
        "else BENCHMARK_DATA_DIR/benchmark.db, else data/benchmark.db)",
    )
    p = sub.add_parser(
        "backup", parents=[database], help="write every stored assessment, link and group to one JSON file"
    )
    p.add_argument("output", metavar="OUT.json")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore", parents=[database], help="load a backup file into a database (possibly another kind); all or nothing"
    )
    p.add_argument("file", metavar="IN.json")
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace assessments and groups already stored under the same id (refused otherwise)",
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "health",
        parents=[database],
        help="check that the database answers (and, with --app, the app's web server); exit code 1 if not",
    )
    p.add_argument("--app", metavar="URL", help="the app's address, e.g. http://127.0.0.1:8501, to check as well")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for the app (default 5)")
    p.set_defaults(func=cmd_health)

    p = sub.add_parser(
        "links",
        parents=[database],
        help="make new edit and view links for a stored assessment (the old ones stop working)",
    )
    p.add_argument("assessment", metavar="ASSESSMENT_ID")
    p.set_defaults(func=cmd_links)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (QuestionnaireError, AssessmentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 1
