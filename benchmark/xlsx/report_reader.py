"""Reading a report workbook back (its shape: ``report_layout``): the assessment it holds, or every problem at once.

The bytes pass ``safety.check_container`` and ``safety.scan_contents`` before openpyxl parses any XML (once per
upload: ``services.import_parsed`` saves what was read), and every problem names the sheet, row and column it is
about, so a team can fix an edited report in one go. A formula cell read without a saved result is a problem, not
an empty cell.

A report is read in the language it was written in (``_meta``'s ``language``; none means English, as before
there were others): its sheets and headings by their names in that language or in English, ratings, evidence
kinds, priorities and statuses by their label in either, or by their stored value. A report in a language the app
does not write reports in is refused, naming it.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook.workbook import Workbook as ReadWorkbook
from pydantic import ValidationError

from ..assessment import (
    SCHEMA_VERSION,
    Action,
    Answer,
    Assessment,
    AssessmentError,
    Consensus,
    Respondent,
    Subject,
    check_against,
    name_problem_in,
)
from ..framework.loader import framework_for, missing_version
from ..framework.model import Framework
from ..framework.vocabulary import EVIDENCE_KINDS, PRIORITIES, STATUSES
from ..i18n.frameworks import translate
from ..i18n.languages import ENGLISH, languages
from ..i18n.sentence import Sentence
from ..i18n.translator import N_, Translator, translator
from ..plan import COLUMNS as PLAN_COLUMNS
from .adapter import load_workbook
from .report_layout import (
    ANSWER_HEADINGS,
    ANSWERS,
    FORMAT,
    FORMAT_VERSION,
    META,
    OPTIONAL_ANSWER_HEADINGS,
    PLAN,
    PLAN_HEADINGS,
    RESPONDENT_BLOCKS,
    RESPONDENTS,
    SCORE_HEADINGS,
    SCORES,
    report_languages,
    sheet_name,
)
from .safety import DECLARATIONS_REFUSED, MAX_RESPONDENT_ROWS, MAX_ROWS, check_container, scan_contents

UNCALCULATED = N_(
    "this cell holds a formula whose result was never saved, so its value cannot be read. Open the file in Excel "
    "or LibreOffice and save it again (that stores the results), or type the value instead of the formula."
)
DO_NOT_EDIT = N_("Do not edit this sheet; export the report again from the app.")
MAX_UNCALCULATED_SHOWN = 20  # per sheet; the rest are counted
TOO_MANY_ROWS = N_("has more than {n} rows; a report never needs that many.")


class WorkbookError(AssessmentError):
    """A workbook that cannot be loaded; every problem names the sheet, row and column it is about."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        if len(problems) == 1:
            message = f"{source} could not be loaded: {problems[0]}"
        else:
            message = f"{source} could not be loaded ({len(problems)} problems):\n" + "\n".join(
                f"  - {p}" for p in problems
            )
        ValueError.__init__(self, message)


@dataclass
class _Reader:
    """Collects every problem with its place, so the user sees them all at once."""

    problems: list[str] = field(default_factory=list)
    uncalculated: dict[str, list[str]] = field(default_factory=dict)  # sheet -> formula cells without a result

    def formulas(self, sheet: str, columns: Mapping[int, str | None], rows: range | None = None) -> None:
        """A problem for each formula cell without a saved result among the cells read (``columns``: column ->
        heading); openpyxl reads such a cell as empty, which would silently drop an answer or a value."""
        placed = []
        for ref in self.uncalculated.get(sheet, []):
            try:
                letters, row = coordinate_from_string(ref)
                col = column_index_from_string(letters)
            except ValueError:
                continue
            if col in columns and (rows is None or row in rows):
                placed.append((row, col))
        for row, col in sorted(placed)[:MAX_UNCALCULATED_SHOWN]:
            self.add(sheet, row, col, columns[col], Sentence(UNCALCULATED))
        if len(placed) > MAX_UNCALCULATED_SHOWN:
            more = len(placed) - MAX_UNCALCULATED_SHOWN
            self.add(
                sheet,
                None,
                None,
                None,
                Sentence(N_("{n} more cells hold a formula whose result was never saved."), n=more),
            )

    def add(self, sheet: str, row: int | None, col: int | None, heading: str | None, message: str) -> None:
        """A problem at its place, as a :class:`Sentence` (the page shows it in the reader's language)."""
        column = None if col is None else get_column_letter(col) + (f" ({heading})" if heading else "")
        if row is not None and column is not None:
            place = Sentence(N_("Sheet '{sheet}', row {row}, column {column}"), sheet=sheet, row=row, column=column)
        elif row is not None:
            place = Sentence(N_("Sheet '{sheet}', row {row}"), sheet=sheet, row=row)
        elif column is not None:
            place = Sentence(N_("Sheet '{sheet}', column {column}"), sheet=sheet, column=column)
        else:
            place = Sentence(N_("Sheet '{sheet}'"), sheet=sheet)
        self.problems.append(Sentence(N_("{place}: {problem}"), place=place, problem=message))


@dataclass(frozen=True)
class _Words:
    """A report's own words: its language's sheet names, headings and labels, with the English ones accepted too
    (a heading typed back in English, a report from before reports had languages)."""

    t: Translator
    framework: Framework  # the report's framework in the report's language: the same ids, values and options
    english: Framework

    def sheet(self, name: str) -> str:
        """The sheet's name in the report's language."""
        return sheet_name(name, self.t)

    def find(self, wb: ReadWorkbook, name: str) -> str | None:
        """The name the workbook gives the sheet ``name`` (in the report's language or in English), or None."""
        return next((n for n in (self.sheet(name), name) if n in wb.sheetnames), None)

    def heading(self, heading: str) -> tuple[str, ...]:
        """The heading as the report writes it, then in English."""
        return tuple(dict.fromkeys((self.t.gettext(heading), heading)))

    def section_heading(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.framework.section_label, self.english.section_label)))

    def choice(self, text: str, choices: tuple[str, ...]) -> str | None:
        """The stored value of ``text`` among ``choices`` (stored in English, written in the report's language)."""
        folded = text.casefold()
        return next((c for c in choices if folded in (c.casefold(), self.t.gettext(c).casefold())), None)


def _words(code: str, framework: Framework) -> _Words:
    return _Words(translator(code), translate(framework, code).framework, framework)


def _unknown_language(code: str) -> str:
    """Why a report in another language is refused, naming it as well as it can be named."""
    shown = languages()
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(ENGLISH) or code
    except (ValueError, TypeError, LookupError):
        name = code
    named = f"{name} ('{code[:20]}')" if name != code else f"'{code[:20]}'"
    choices = ", ".join(shown[c].name for c in report_languages())
    return Sentence(
        N_(
            "this report is written in {language}, a language this app does not have for reports; it reads "
            "reports in {languages}. Export the report again from the app in one of them."
        ),
        language=named,
        languages=choices,
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cell_date(value: object) -> dt.date | None | str:
    """A date from a cell, or the error text to show."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        day: dt.date = from_excel(value).date()
        return day
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return Sentence(N_("'{text}' is not a date. Write it as a date such as 2027-03-31."), text=text[:40])


def _rows(ws: Any, reader: _Reader, sheet: str) -> list[tuple[Any, ...]]:
    rows = []
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if n > MAX_ROWS:
            reader.add(sheet, None, None, None, Sentence(TOO_MANY_ROWS, n=MAX_ROWS))
            break
        rows.append(row)
    return rows


def _columns(
    rows: list[tuple[Any, ...]],
    headings: Mapping[str, tuple[str, ...]],
    sheet: str,
    reader: _Reader,
) -> dict[str, int] | None:
    """Map each expected heading (its English name) to its column (1-based), found by any of the names it is
    given (the report's language first); a missing heading is a located problem, named as the report names it."""
    found = {}
    header = rows[0] if rows else ()
    for heading, names in headings.items():
        folded = {name.casefold() for name in names}
        for col, value in enumerate(header, start=1):
            if isinstance(value, str) and value.strip().casefold() in folded:
                found[heading] = col
                break
        else:
            reader.add(
                sheet,
                1,
                None,
                None,
                Sentence(N_("the column '{heading}' is missing. Keep the headings as exported."), heading=names[0]),
            )
    return found if len(found) == len(headings) else None


def _headings(words: _Words, headings: tuple[str, ...], section: int | None = None) -> dict[str, tuple[str, ...]]:
    """Each heading with the names it may have; the one at ``section`` is the framework's section label."""
    return {h: words.section_heading() if n == section else words.heading(h) for n, h in enumerate(headings)}


def _get(row: tuple[Any, ...], col: int) -> Any:
    return row[col - 1] if col - 1 < len(row) else None


def _read_meta(
    wb: ReadWorkbook, reader: _Reader, frameworks: dict[str, Framework]
) -> tuple[dict[str, Any], Framework | None]:
    if META not in wb.sheetnames:
        reader.add(
            META,
            None,
            None,
            None,
            "this sheet is missing, so the workbook is not a report exported by this "
            "app (or the sheet was deleted). Only reports downloaded from the app can be loaded back.",
        )
        return {}, None
    reader.formulas(META, {1: None, 2: None}, range(2, 101))
    meta, rows_of = {}, {}
    for n, row in enumerate(wb[META].iter_rows(min_row=2, max_row=100, values_only=True), start=2):
        if row and row[0]:
            value, more = _get(row, 2), [c for c in row[2:] if isinstance(c, str)]
            meta[str(row[0])] = value + "".join(more) if isinstance(value, str) and more else value
            rows_of[str(row[0])] = n
    if meta.get("format") != FORMAT:
        reader.add(META, rows_of.get("format"), 2, None, Sentence(N_("this is not a report exported by this app.")))
        return meta, None
    if str(meta.get("format_version")) not in (str(FORMAT_VERSION), f"{FORMAT_VERSION}.0"):
        reader.add(
            META,
            rows_of.get("format_version"),
            2,
            None,
            Sentence(
                N_("the report format {version} is newer than this app reads ({known})."),
                version=meta.get("format_version"),
                known=FORMAT_VERSION,
            ),
        )
        return meta, None
    code = _cell_text(meta.get("language")).strip() or ENGLISH  # none in reports from before languages
    if code not in report_languages():
        reader.add(META, rows_of.get("language"), 2, None, _unknown_language(code))
        return meta, None
    fw_id, version = _cell_text(meta.get("framework")), _cell_text(meta.get("framework_version"))
    framework = framework_for(frameworks, fw_id, version)
    if framework is None:  # answers are read against the questions they were given for, never another version
        place = "framework" if fw_id not in frameworks else "framework_version"
        reader.add(
            META,
            rows_of.get(place),
            2,
            None,
            Sentence("{text}.", text=missing_version(frameworks, fw_id, version, "the report")),
        )
        return meta, None
    for key in ("assessment_id", "subject", "date", "assessment_type"):
        if not meta.get(key):
            reader.add(
                META,
                rows_of.get(key),
                2,
                None,
                Sentence(N_("the value '{key}' is missing. Do not edit this sheet."), key=key),
            )
    return meta, framework


def _read_scores(
    wb: ReadWorkbook, framework: Framework, meta: dict[str, Any], reader: _Reader, words: _Words
) -> tuple[dict[str, Any], dict[str, Any]]:
    targets: dict[str, float] = {}
    weights: dict[str, float] = {}
    sheet = words.find(wb, SCORES)
    if sheet is None:
        reader.add(words.sheet(SCORES), None, None, None, "this sheet is missing. Keep every sheet of the report.")
        return targets, weights
    rows = _rows(wb[sheet], reader, sheet)
    cols = _columns(rows, _headings(words, SCORE_HEADINGS, section=1), sheet, reader)
    if cols is None:
        return targets, weights
    shown = {h: words.heading(h)[0] for h in SCORE_HEADINGS}  # a heading as this report names it
    read: dict[int, str | None] = {
        cols[h]: shown[h] for h in ("ID", "Target %", "Weight")
    }  # the gap is a formula the app wrote; not read
    reader.formulas(sheet, read, range(2, len(framework.sections) + 2))
    explicit_t = set(json.loads(meta.get("targets_set") or "[]"))
    explicit_w = set(json.loads(meta.get("weights_set") or "[]"))
    seen = set()
    for n, row in enumerate(rows[1:], start=2):
        section_id = _cell_text(_get(row, cols["ID"])).strip()
        if not section_id:
            break  # the section table ends at the first empty row; item scores follow below
        if section_id not in framework.section_by_id:
            reader.add(
                sheet,
                n,
                cols["ID"],
                shown["ID"],
                Sentence(
                    N_("'{text}' is not a {section} of {framework}."),
                    text=section_id[:40],
                    section=framework.section_label.lower(),
                    framework=framework.short_title,
                ),
            )
            continue
        seen.add(section_id)
        for heading, low, high, out, explicit, default in (
            ("Target %", 0, 100, targets, explicit_t, framework.default_target),
            ("Weight", 0, 1000, weights, explicit_w, 1.0),
        ):
            value = _get(row, cols[heading])
            if value is None or value == "":
                continue
            if isinstance(value, str):
                try:
                    value = float(value.replace(",", ".").replace("%", "").strip())
                except ValueError:
                    reader.add(
                        sheet,
                        n,
                        cols[heading],
                        shown[heading],
                        Sentence(N_("'{text}' is not a number."), text=value[:40]),
                    )
                    continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
                reader.add(
                    sheet,
                    n,
                    cols[heading],
                    shown[heading],
                    Sentence(
                        N_("{text} is not a number from {low} to {high}."),
                        text=_cell_text(value)[:40],
                        low=low,
                        high=high,
                    ),
                )
                continue
            if section_id in explicit or value != default:
                out[section_id] = value
    for missing in [s.id for s in framework.sections if s.id not in seen]:
        reader.add(
            sheet, None, None, None, Sentence(N_("the row for {id} is missing. Keep the rows as exported."), id=missing)
        )
    return targets, weights


def _evidence_kind(text: str, t: Translator) -> str | None | bool:
    """The key of an evidence kind written as its label (in the report's language or English) or key; None for
    empty, False for anything else."""
    text = " ".join(text.split()).casefold()
    if not text:
        return None
    return next(
        (k for k, label in EVIDENCE_KINDS.items() if text in (k, label.casefold(), t.gettext(label).casefold())),
        False,
    )


def _read_answers(
    wb: ReadWorkbook, framework: Framework, reader: _Reader, words: _Words, row_of: dict[str, int] | None = None
) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    sheet = words.find(wb, ANSWERS)
    if sheet is None:
        reader.add(words.sheet(ANSWERS), None, None, None, "this sheet is missing. Keep every sheet of the report.")
        return answers
    rows = _rows(wb[sheet], reader, sheet)
    required = tuple(h for h in ANSWER_HEADINGS if h not in OPTIONAL_ANSWER_HEADINGS)
    cols = _columns(rows, _headings(words, required, section=1), sheet, reader)
    if cols is None:
        return answers
    shown = {h: words.heading(h)[0] for h in ANSWER_HEADINGS}  # a heading as this report names it
    header = rows[0] if rows else ()
    kind_names = {name.casefold() for name in words.heading("Evidence kind")}
    kind_col = next(
        (
            c
            for c, value in enumerate(header, start=1)
            if isinstance(value, str) and value.strip().casefold() in kind_names
        ),
        None,
    )
    read: dict[int, str | None] = {c: shown.get(h, h) for h, c in cols.items()}
    if kind_col:
        read[kind_col] = shown["Evidence kind"]
    reader.formulas(sheet, read, range(2, MAX_ROWS + 1))
    seen: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        item_id = _cell_text(_get(row, cols["Item"])).strip()
        texts = {
            k: _cell_text(_get(row, cols[h]))
            for k, h in (("reason", "Why not relevant"), ("evidence", "Evidence"), ("notes", "Notes"))
        }
        kind_text = _cell_text(_get(row, kind_col)) if kind_col else ""
        rating = _cell_text(_get(row, cols["Rating"])).strip()
        if not item_id:
            if rating or any(texts.values()) or kind_text.strip():
                reader.add(
                    sheet,
                    n,
                    cols["Item"],
                    shown["Item"],
                    "this row has an answer but no item id. Keep the item ids as exported.",
                )
            continue
        item = framework.item_by_id.get(item_id)
        if item is None:
            reader.add(
                sheet,
                n,
                cols["Item"],
                shown["Item"],
                Sentence(
                    N_("'{text}' is not an item of {framework} {version}."),
                    text=item_id[:40],
                    framework=framework.short_title,
                    version=framework.version,
                ),
            )
            continue
        if item_id in seen:
            reader.add(
                sheet,
                n,
                cols["Item"],
                shown["Item"],
                Sentence(N_("item {id} appears twice. Keep one row per item."), id=item_id),
            )
            continue
        seen.add(item_id)
        if row_of is not None:
            row_of[item_id] = n
        kind = _evidence_kind(kind_text, words.t)
        if kind is False:
            choices = ", ".join(f"'{words.t.gettext(label)}'" for label in EVIDENCE_KINDS.values())
            reader.add(
                sheet,
                n,
                kind_col,
                shown["Evidence kind"],
                Sentence(
                    N_("'{text}' is not a kind of evidence. Choose one of {choices}, or leave it empty."),
                    text=kind_text.strip()[:40],
                    choices=choices,
                ),
            )
            continue
        value = None
        if rating:
            value = _rating(rating, framework, words, item_id)
            if value is None:
                choices = ", ".join(f"'{o.label}'" for o in words.framework.scale_for(item).options)
                reader.add(
                    sheet,
                    n,
                    cols["Rating"],
                    shown["Rating"],
                    Sentence(
                        N_("'{text}' is not a rating on this scale. Choose one of {choices}, or leave it empty."),
                        text=rating[:40],
                        choices=choices,
                    ),
                )
                continue
        try:
            answer = Answer(value=value, evidence_kind=kind, **texts)
        except ValidationError as exc:
            err = exc.errors()[0]
            heading = {"reason": "Why not relevant", "evidence": "Evidence", "notes": "Notes"}[str(err["loc"][0])]
            reader.add(sheet, n, cols[heading], shown[heading], err["msg"])
            continue
        if not answer.is_empty():
            answers[item_id] = answer
    missing = [i for i in framework.item_by_id if i not in seen]
    if missing:
        listed = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
        reader.add(
            sheet,
            None,
            None,
            None,
            Sentence(
                N_(
                    "{n} item row(s) are missing ({items}). Keep one row per item as exported; leave the rating "
                    "empty instead of deleting a row."
                ),
                n=len(missing),
                items=listed,
            ),
        )
    return answers


def _rating(text: str, framework: Framework, words: _Words, item_id: str) -> str | None:
    """The scale value a rating cell gives: the option's value, or its label in the report's language or English."""
    folded = text.casefold()
    english = framework.scale_for(framework.item_by_id[item_id])
    shown = words.framework.scale_for(words.framework.item_by_id[item_id])
    for own, theirs in zip(english.options, shown.options, strict=True):  # a translation keeps the options
        if folded in (own.value.casefold(), theirs.label.casefold(), own.label.casefold()):
            return own.value
    return None


def _read_respondents(wb: ReadWorkbook, reader: _Reader) -> dict[str, Any] | None:
    """The respondent fields of the assessment from the hidden sheet; None when the report has no such sheet."""
    if RESPONDENTS not in wb.sheetnames:
        return None
    sheet = RESPONDENTS
    out: dict[str, Any] = {
        "extra_roles": [],
        "min_group_size": 3,
        "revealed": False,
        "respondents": [],
        "respondent_answers": {},
        "consensus": {},
    }
    block, expect_header = None, False
    ids: set[str] = set()
    bad = Sentence(DO_NOT_EDIT)
    reader.formulas(sheet, {c: None for c in range(1, 16)})
    for n, row in enumerate(wb[sheet].iter_rows(values_only=True), start=1):
        if n > MAX_RESPONDENT_ROWS:
            reader.add(sheet, None, None, None, Sentence(TOO_MANY_ROWS, n=MAX_RESPONDENT_ROWS))
            break
        cells = [_cell_text(c) for c in row]
        if not any(c.strip() for c in cells):
            continue
        first = cells[0].strip()
        if first in RESPONDENT_BLOCKS:
            block, expect_header = first, True
            continue
        if block is None:
            continue  # the explanation at the top
        if expect_header:
            expect_header = False
            if tuple(c.strip() for c in cells[: len(RESPONDENT_BLOCKS[block])]) != RESPONDENT_BLOCKS[block]:
                reader.add(
                    sheet,
                    n,
                    None,
                    None,
                    Sentence(N_("the headings of the block {block} were changed. {advice}"), block=block, advice=bad),
                )
                block = None
            continue
        values = dict(zip(RESPONDENT_BLOCKS[block], cells + [""] * len(RESPONDENT_BLOCKS[block])))
        try:
            if block == "[settings]":
                key, value = values["key"], values["value"]
                if key == "extra_roles":
                    out["extra_roles"] = json.loads(value or "[]")
                elif key == "min_group_size":
                    out["min_group_size"] = int(value)
                elif key == "revealed":
                    out["revealed"] = value == "yes"
            elif block == "[respondents]":
                r = Respondent(
                    id=values["id"],
                    role=values["role"],
                    label=values["label"],
                    created_at=dt.datetime.fromisoformat(values["created_at"]),
                )
                if r.id in ids:
                    reader.add(
                        sheet,
                        n,
                        1,
                        "id",
                        Sentence(N_("the respondent '{id}' is listed twice. {advice}"), id=r.id, advice=bad),
                    )
                    continue
                out["respondents"].append(r)
                ids.add(r.id)
            elif block == "[answers]":
                rid, item = values["respondent"], values["item"]
                if rid not in ids:
                    reader.add(
                        sheet,
                        n,
                        1,
                        "respondent",
                        Sentence(N_("'{text}' is not a respondent listed above. {advice}"), text=rid[:40], advice=bad),
                    )
                    continue
                answer = Answer(
                    value=values["value"] or None,
                    reason=values["reason"],
                    evidence=values["evidence"],
                    evidence_kind=values["evidence_kind"] or None,
                    notes=values["notes"],
                )
                out["respondent_answers"].setdefault(rid, {})[item] = answer
            else:
                c = Consensus(
                    item_id=values["item"],
                    value=values["value"],
                    agreed_by=json.loads(values["agreed_by"] or "[]"),
                    rationale=values["rationale"],
                    decided_at=dt.datetime.fromisoformat(values["decided_at"]),
                )
                out["consensus"][c.item_id] = c
        except (ValidationError, ValueError, TypeError) as exc:
            reason = _reason(exc)
            reader.add(
                sheet,
                n,
                None,
                None,
                Sentence(
                    N_("a row of the block {block} cannot be read ({reason}). {advice}"),
                    block=block,
                    reason=reason,
                    advice=bad,
                ),
            )
    return out


def _read_plan(wb: ReadWorkbook, framework: Framework, reader: _Reader, words: _Words) -> list[Action]:
    actions: list[Action] = []
    sheet = words.find(wb, PLAN)
    if sheet is None:
        reader.add(words.sheet(PLAN), None, None, None, "this sheet is missing. Keep every sheet of the report.")
        return actions
    rows = _rows(wb[sheet], reader, sheet)
    cols = _columns(rows, _headings(words, PLAN_HEADINGS), sheet, reader)
    if cols is None:
        return actions
    shown = {h: words.heading(h)[0] for h in PLAN_HEADINGS}  # a heading as this report names it
    reader.formulas(sheet, {c: shown[h] for h, c in cols.items()}, range(2, MAX_ROWS + 1))
    seen_ids: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        raw = {h: _get(row, c) for h, c in cols.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        values: dict[str, Any] = {}
        ok = True
        for name, heading in PLAN_COLUMNS.items():
            col = cols[heading]
            value = raw[heading]
            if name in ("start", "end"):
                parsed = _cell_date(value)
                if isinstance(parsed, str):
                    reader.add(sheet, n, col, shown[heading], parsed)
                    ok = False
                values[name] = None if isinstance(parsed, str) else parsed
            elif name in ("priority", "status"):
                text = _cell_text(value).strip()
                choices = PRIORITIES if name == "priority" else STATUSES
                match = words.choice(text, choices)
                if text and match is None:
                    listed = ", ".join(words.t.gettext(c) for c in choices)
                    reader.add(
                        sheet,
                        n,
                        col,
                        shown[heading],
                        Sentence(N_("'{text}' is not one of {choices}."), text=text[:40], choices=listed),
                    )
                    ok = False
                values[name] = match or choices[0 if name == "status" else 1]
            elif name == "section":
                text = _cell_text(value).strip()
                if text and text not in framework.section_by_id:
                    reader.add(
                        sheet,
                        n,
                        col,
                        shown[heading],
                        Sentence(
                            N_("'{text}' is not a {section}; use one of {choices} or leave it empty."),
                            text=text[:40],
                            section=framework.section_label.lower(),
                            choices=", ".join(framework.section_by_id),
                        ),
                    )
                    ok = False
                values[name] = text
            else:
                values[name] = _cell_text(value)
        ident = _cell_text(raw["ID"]).strip()
        if not ident or ident in seen_ids:
            ident = uuid.uuid4().hex[:12]  # a row added (or copied) in the spreadsheet
        seen_ids.add(ident)
        if values["start"] and values["end"] and values["end"] < values["start"]:
            reader.add(sheet, n, cols["End"], shown["End"], Sentence(N_("the end date is before the start date.")))
            ok = False
        if not ok:
            continue
        try:
            actions.append(Action(id=ident, **values))
        except ValidationError as exc:
            err = exc.errors()[0]
            heading = PLAN_COLUMNS.get(str(err["loc"][0]), str(err["loc"][0]))
            reader.add(sheet, n, cols.get(heading), shown.get(heading, heading), err["msg"])
    return actions


def _reason(exc: Exception) -> str:
    """Why a value cannot be read, in a few plain words (a name's own problem as the app says it when typed)."""
    problem = name_problem_in(exc)
    if problem is not None:
        return str(problem)
    return str(exc.errors()[0]["msg"]) if isinstance(exc, ValidationError) else exc.__class__.__name__


_NAMED = {
    "name": N_("The city or practice's name"),
    "assessors": N_("An assessor's name"),
    "extra_roles": N_("A role's name"),
}


def _named(exc: Exception) -> str:
    """Which name of the report a refused name is (pydantic's location of the error)."""
    if isinstance(exc, ValidationError):
        for err in exc.errors():
            if err["loc"] and str(err["loc"][0]) in _NAMED:
                return Sentence(_NAMED[str(err["loc"][0])])
    return Sentence(N_("A name"))


def _unreadable(source: str, exc: BaseException) -> WorkbookError:
    """openpyxl wraps parser errors; defusedxml's refusal may sit anywhere in the chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__module__.startswith("defusedxml"):
            return WorkbookError(source, [Sentence(DECLARATIONS_REFUSED)])
        seen = seen.__cause__ or seen.__context__
    return WorkbookError(
        source,
        [
            Sentence(
                N_(
                    "the file is damaged or is not a workbook this app can read. Open it in Excel or LibreOffice, "
                    "save it as .xlsx, and try again."
                )
            )
        ],
    )


def read_report(data: bytes, frameworks: dict[str, Framework], source: str = "The workbook") -> Assessment:
    """The assessment a report workbook holds, or a WorkbookError listing every problem with its place."""
    return read_report_and_panel(data, frameworks, source)[0]


def read_report_and_panel(
    data: bytes, frameworks: dict[str, Framework], source: str = "The workbook"
) -> tuple[Assessment, bool]:
    """The assessment, and whether the report carried its respondents (the hidden sheet ``_respondents``): one
    without them leaves those already stored in place (``services.import_report``)."""
    problems = check_container(data)
    if problems:
        raise WorkbookError(source, problems)
    contents = scan_contents(data)  # streamed, bounded: no parse of a file that would stall the server
    if contents.problems:
        raise WorkbookError(source, contents.problems)
    with warnings.catch_warnings():  # formatting openpyxl does not know (Excel's extensions) is not read anyway
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        return _parse_report(data, frameworks, source, contents.uncalculated)


def _parse_report(
    data: bytes, frameworks: dict[str, Framework], source: str, uncalculated: dict[str, list[str]]
) -> tuple[Assessment, bool]:
    try:
        wb = load_workbook(data)
    except Exception as exc:  # noqa: BLE001 - any parser failure means the same thing to the user
        raise _unreadable(source, exc) from None
    try:
        reader = _Reader(uncalculated=uncalculated)
        meta, framework = _read_meta(wb, reader, frameworks)
        if framework is None or reader.problems:
            raise WorkbookError(source, reader.problems)
        words = _words(_cell_text(meta.get("language")).strip() or ENGLISH, framework)
        targets, weights = _read_scores(wb, framework, meta, reader, words)
        row_of: dict[str, int] = {}
        answers = _read_answers(wb, framework, reader, words, row_of)
        actions = _read_plan(wb, framework, reader, words)
        parts = _read_respondents(wb, reader)
        if parts is not None and not reader.problems:
            reader.problems += check_agreed(framework, answers, parts["consensus"], row_of, words)
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _unreadable(source, exc) from None
    finally:
        wb.close()
    if reader.problems:
        raise WorkbookError(source, reader.problems)
    try:
        assessment = Assessment(
            schema_version=SCHEMA_VERSION,
            id=_cell_text(meta["assessment_id"]),
            framework=framework.id,
            framework_version=framework.version,
            subject=Subject.model_validate_json(meta["subject"]),
            assessment_type=_cell_text(meta["assessment_type"]),
            assessors=json.loads(meta.get("assessors") or "[]"),
            reviewer_of=_cell_text(meta.get("reviewer_of")) or None,
            date=_cell_date(meta["date"]),
            language=_cell_text(meta.get("assessment_language")).strip()[:16] or None,
            answers=answers,
            targets=targets,
            weights=weights,
            actions=actions,
            notes=_cell_text(meta.get("notes")),
            sample=meta.get("sample") == "yes",
            earlier_versions=json.loads(meta.get("earlier_versions") or "[]"),
            not_relevant_sections=json.loads(meta.get("not_relevant_sections") or "{}"),
            **(parts or {}),
        )
    except (ValidationError, ValueError, TypeError) as exc:
        problem = name_problem_in(exc)
        if problem is not None:  # a name the app would refuse if typed: say which, in the words the app uses
            said = Sentence(problem.message, **problem.params)
            raise WorkbookError(
                source, [Sentence(N_("{name} in this report: {problem}."), name=_named(exc), problem=said)]
            ) from None
        raise WorkbookError(
            source,
            [
                Sentence(
                    N_("Sheet '{sheet}': its values were changed and cannot be read ({reason}). {advice}"),
                    sheet=META,
                    reason=exc.__class__.__name__,
                    advice=Sentence(DO_NOT_EDIT),
                )
            ],
        ) from None
    problems = check_against(assessment, framework)
    if problems:
        raise WorkbookError(source, problems)
    return assessment, parts is not None


def check_agreed(
    framework: Framework,
    answers: dict[str, Answer],
    agreed: dict[str, Consensus],
    row_of: dict[str, int] | None = None,
    words: _Words | None = None,
) -> list[str]:
    """A rating on the Answers sheet that differs from the item's agreed rating is refused, not silently dropped:
    the problems, placed on the rows in ``row_of`` (item id -> row) where it is known, in the words of the report
    (``words``; English without)."""
    reader = _Reader()
    row_of = row_of or {}
    words = words or _words(ENGLISH, framework)
    shown = words.framework
    for item_id, c in agreed.items():
        if item_id not in framework.item_by_id:
            continue  # check_against names it
        answer = answers.get(item_id)
        value = answer.value if answer else None
        if value != c.value:
            label = shown.rating_label(item_id, c.value)
            here = shown.rating_label(item_id, value) or Sentence(N_("empty"))
            reader.add(
                words.sheet(ANSWERS),
                row_of.get(item_id),
                4,
                words.heading("Rating")[0],
                Sentence(
                    N_(
                        "item {id} has an agreed rating, '{agreed}' (the team's consensus), but the rating here is "
                        "'{here}'. Set it back to '{again}', or change the agreed rating in the app's consensus view."
                    ),
                    id=item_id,
                    agreed=label,
                    here=here,
                    again=label,
                ),
            )
    return reader.problems
