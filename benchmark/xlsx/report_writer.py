"""Writing the report workbook (its shape: ``report_layout``).

Sheets are made in reading order (``SHEET_ORDER``): XlsxWriter keeps them in the order they are added. Every cell
a user's text reaches is written with ``kit.put_text``, so it can never become a formula.

A report is written in one language (``report_layout.report_languages``): the app's words through that language's
catalog (``t``, a :class:`Translator`), the framework's through its translation, applied before anything is
written, so every sheet takes its titles, labels and drop-down choices from one translated framework. What is
stored (``_meta``, ``_respondents``, the ratings' values behind their labels) is the same in every language.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence

from openpyxl.utils import get_column_letter

from .. import respondents as panel
from ..assessment import MERGED_PREFIX, RESPONDENT_FIELDS, Answer, Assessment
from ..charts import palette
from ..disclosure import Withheld, individual_answers_withheld, views_shown
from ..framework.model import Framework, Suggestion
from ..framework.vocabulary import ASSESSMENT_TYPES, EVIDENCE_KINDS, PRIORITIES, STATUSES
from ..i18n.frameworks import TranslatedFramework, translate
from ..i18n.languages import ENGLISH
from ..i18n.translator import Translator, translator
from ..plan import COLUMNS as PLAN_COLUMNS
from ..scoring import NOT_RELEVANT_LABEL, RULE_LIST, Result, item_share, score
from ..tables import maturity_ranges
from .adapter import Book
from .kit import (
    BELOW_TARGET_FILL,
    CHART_WIDTH_CM,
    DATE,
    HEADER,
    INPUT,
    SCORE_LOOK,
    TARGET_LOOK,
    bar_chart,
    chart_ref,
    comment,
    data_bar,
    drop_down,
    label_rows,
    print_setup,
    put,
    put_headings,
    put_merged,
    put_text,
    row_runs,
    score_points,
    set_widths,
    solid,
)
from .measure import split_to_fit
from .paper import Header, keep_together
from .report_layout import (
    ANSWER_HEADINGS,
    ANSWERS,
    FORMAT,
    FORMAT_VERSION,
    GAPS,
    META,
    METHOD,
    PLAN,
    PLAN_HEADINGS,
    RESPONDENT_BLOCKS,
    RESPONDENTS,
    SCORE_HEADINGS,
    SCORES,
    SUMMARY,
    VIEWS,
    report_languages,
    sheet_name,
)
from .safety import MAX_CELL_TEXT, text_for_cell


def _no_evidence_text(assessment: Assessment, framework: Framework, t: Translator) -> str:
    bare = panel.no_evidence_items(assessment, framework)
    return f"{len(bare)}: {', '.join(bare)}" if bare else t.gettext("none")


def _maturity(label: str, t: Translator) -> str:
    """A maturity as the scoring module names it: a band of the (translated) framework, or one of its own two
    words, which are English and translated here."""
    _ = t.gettext
    if label == NOT_RELEVANT_LABEL:
        return _("Not relevant here")
    if label == "Not yet rated":
        return _("Not yet rated")
    return label


_SUMMARY_WIDTHS = {1: 26, 2: 46}  # a portrait page, the chart below the table


def _summary_sheet(book: Book, assessment: Assessment, framework: Framework, result: Result, t: Translator) -> None:
    _ = t.gettext
    ws = book.sheet(sheet_name(SUMMARY, t))
    set_widths(ws, _SUMMARY_WIDTHS)
    kind = _(ASSESSMENT_TYPES[assessment.assessment_type])
    put_merged(
        ws, 1, 1, 2, _("{kind}: {subject}").format(kind=kind, subject=assessment.subject.name), bold=True, font_size=16
    )
    put_merged(
        ws,
        2,
        1,
        2,
        _("{title}, version {version}").format(title=framework.title, version=framework.version),
        italic=True,
    )
    subject = assessment.subject
    rows = [
        (framework.subject_label, subject.name),
        (_("Country"), subject.country),
        (_("Population"), subject.population),
        (_("Migrant residents (%)"), subject.migrant_share),
        (_("Framework"), f"{framework.short_title} {framework.version}"),
        (_("Type"), kind),
        (_("Assessed by"), ", ".join(assessment.assessors)),
        (_("Date"), assessment.date),
        (_("Overall score (%)"), None if result.overall is None else round(result.overall, 1)),
        (_("Completion (%)"), round(result.completion, 1)),
        (_("Maturity"), _maturity(result.maturity, t)),
        (_("What this maturity means"), _maturity_in_words(framework, result.overall, t)),
        (_("Items not answered yet"), len(result.unanswered_items)),
        (_("Rated items resting on no evidence"), _no_evidence_text(assessment, framework, t)),
    ]
    if assessment.respondents:
        rows.append(
            (
                _("Respondents"),
                _("{n}: their views by role are on the '{sheet}' sheet").format(
                    n=len(assessment.respondents), sheet=sheet_name(VIEWS, t)
                ),
            )
        )
    n = 4
    for label, value in rows:
        put(ws, n, 1, label, bold=True)
        if isinstance(value, str):  # a text longer than a row holds continues on the next rows
            for part in split_to_fit(text_for_cell(value), _SUMMARY_WIDTHS[2]):
                put_text(ws, n, 2, part)
                n += 1
            continue
        put(ws, n, 2, value, align="left", **({"num_format": DATE} if isinstance(value, dt.date) else {}))
        n += 1
    note = _(
        "Scores are the share of the best rating, per {section}, over the items rated; items 'not relevant here' "
        "and unanswered items are left out. The {method} sheet explains the rules. Yellow cells on the {scores}, "
        "{answers} and {plan} sheets can be edited and loaded back into the app."
    ).format(
        section=t.inline(framework.section_label),
        method=sheet_name(METHOD, t),
        scores=sheet_name(SCORES, t),
        answers=sheet_name(ANSWERS, t),
        plan=sheet_name(PLAN, t),
    )
    put_merged(ws, n + 1, 1, 2, note)

    count = len(framework.sections)
    scores = sheet_name(SCORES, t)
    chart = bar_chart(
        book,
        _("Score and target per {section} (%)").format(section=t.inline(framework.section_label)),
        [
            (
                chart_ref(scores, 3, 1),
                chart_ref(scores, 3, 2, count + 1),
                SCORE_LOOK
                | {"points": score_points([x.score for x in result.sections], [x.target for x in result.sections])},
            ),
            (chart_ref(scores, 4, 1), chart_ref(scores, 4, 2, count + 1), TARGET_LOOK),
        ],
        chart_ref(scores, 1, 2, count + 1),
        height_cm=3 + 0.9 * count,
        width_cm=CHART_WIDTH_CM,
        value_title="%",
    )
    height_cm = 3 + 0.9 * count
    ws.insert_chart(n + 2, 0, chart, {"x_offset": 4, "y_offset": 8})
    keep_together(ws, ws.sizes, n + 2, height_cm * 72 / 2.54 + 8)
    print_setup(ws, titles=False)


def _scores_sheet(book: Book, assessment: Assessment, framework: Framework, result: Result, t: Translator) -> None:
    _ = t.gettext
    ws = book.sheet(sheet_name(SCORES, t))
    put_headings(
        ws,
        (_(SCORE_HEADINGS[0]), framework.section_label, *map(_, SCORE_HEADINGS[2:])),
        widths={1: 8, 2: 44, 3: 10, 4: 10, 5: 12, 6: 9, 7: 9, 8: 10, 9: 12, 10: 14},
    )
    comment(ws, "D1", _("Edit the targets here; they load back into the app."))
    comment(ws, "F1", _("Edit the weights here (1 = normal); they load back into the app."))
    for r, s in enumerate(result.sections, start=2):
        shown = None if s.score is None else round(s.score, 1)
        put(ws, r, 1, s.id)
        put(ws, r, 2, s.title)
        put(ws, r, 3, shown, num_format="0.0")
        put(ws, r, 4, s.target, **INPUT)
        # A formula, so the gap follows an edited target; its value is stored for viewers that do not recalculate.
        ws.write_formula(
            r - 1,
            4,
            f'=IF(C{r}="","",D{r}-C{r})',
            book.style(num_format="0.0"),
            "" if shown is None else s.target - shown,
        )
        put(ws, r, 6, s.weight, **INPUT)
        put(ws, r, 7, s.answered)
        put(ws, r, 8, s.not_relevant)
        put(ws, r, 9, s.unanswered)
        maturity = _maturity(s.maturity, t)
        reason = s.not_relevant_reason
        put(
            ws,
            r,
            10,
            maturity if reason is None else _("{maturity}: {reason}").format(maturity=maturity, reason=reason),
        )
    last = len(result.sections) + 1
    data_bar(ws, f"C2:C{last}", palette.SCORE)
    ws.conditional_format(
        f"E2:E{last}", {"type": "cell", "criteria": ">", "value": 0, "format": book.style(**BELOW_TARGET_FILL)}
    )

    top = last + 2
    put_merged(ws, top, 1, 2, _("Item scores"), bold=True, font_size=13)
    # The item block has columns of its own shape: the question in the wide column, the rating across two.
    put_headings(ws, (_("Item"), _("Question"), _("Rating"), "", _("Score %")), row=top + 1, freeze=False)
    ws.merge_range(top, 2, top, 3, _("Rating"), book.style(**HEADER))
    r = top + 2
    for section in framework.sections:
        for item in section.items:
            answer = assessment.answers.get(item.id)
            value = answer.value if answer else None
            share = item_share(framework, item.id, value)
            put(ws, r, 1, item.id)
            put(ws, r, 2, item.question)
            put_merged(ws, r, 3, 4, framework.rating_label(item.id, value) or _("not answered"))
            put(ws, r, 5, None if share is None else round(100 * share, 1), num_format="0.0")
            r += 1
    data_bar(ws, f"E{top + 2}:E{r - 1}", palette.SCORE)
    print_setup(ws)


# Wide enough that the longest texts a team writes print whole (``measure.fitting_size``), and printed across
# pages with the item id repeated: ids, question, rating, reason; evidence and its kind; notes and the source.
_ANSWER_WIDTHS = {1: 9, 2: 8, 3: 42, 4: 17, 5: 28, 6: 76, 7: 20, 8: 50, 9: 30}


def _answers_sheet(book: Book, assessment: Assessment, framework: Framework, t: Translator) -> None:
    _ = t.gettext
    ws = book.sheet(sheet_name(ANSWERS, t))
    put_headings(
        ws, (_(ANSWER_HEADINGS[0]), framework.section_label, *map(_, ANSWER_HEADINGS[2:])), widths=_ANSWER_WIDTHS
    )
    kinds = [_(label) for label in EVIDENCE_KINDS.values()]
    comment(ws, "D1", _("Choose a rating from the list; leave it empty for 'not answered yet'."))
    comment(ws, "G1", _("What the evidence is: {kinds}.").format(kinds="; ".join(kinds)))
    rows_of_scale: dict[str, list[int]] = {}
    r = 2
    for section in framework.sections:
        for item in section.items:
            answer = assessment.answers.get(item.id) or Answer()
            put(ws, r, 1, item.id)
            put(ws, r, 2, section.id)
            put(ws, r, 3, item.question)
            put_text(ws, r, 4, framework.rating_label(item.id, answer.value), **INPUT)
            for col, text in ((5, answer.reason), (6, answer.evidence), (8, answer.notes)):
                put_text(ws, r, col, text, **INPUT)
            put_text(
                ws, r, 7, _(panel.evidence_kind_label(answer.evidence_kind)) if answer.evidence_kind else "", **INPUT
            )
            put(ws, r, 9, framework.cite(item.source))
            rows_of_scale.setdefault(item.scale or framework.default_scale, []).append(r)
            r += 1
    for scale_id, rows in rows_of_scale.items():
        drop_down(
            ws,
            row_runs("D", rows),
            [o.label for o in framework.scale_by_id[scale_id].options],
            _("Not a rating"),
            _("Choose one of the ratings in the list."),
        )
    drop_down(
        ws,
        f"G2:G{max(r - 1, 2)}",
        kinds,
        _("Not an evidence kind"),
        _("Choose one of the kinds in the list, or leave it empty."),
    )
    ws.autofilter(f"A1:I{r - 1}")
    print_setup(ws, repeat=1)


def _gaps_sheet(book: Book, framework: Framework, result: Result, t: Translator) -> None:
    _ = t.gettext
    ws = book.sheet(sheet_name(GAPS, t))
    put_headings(
        ws,
        (
            _("ID"),
            framework.section_label,
            _("Score %"),
            _("Target %"),
            _("Gap (points)"),
            _("Kind"),
            _("Suggestion"),
            _("What the guide says"),
            _("Source"),
        ),
        widths={1: 7, 2: 22, 3: 8, 4: 8, 5: 9, 6: 11, 7: 22, 8: 42, 9: 20},
    )
    r = 2
    if not result.gaps:
        put(ws, r, 1, _("No rated {section} is below its target.").format(section=t.inline(framework.section_label)))
    for gap in result.gaps:
        section = framework.section_by_id[gap.id]
        suggestions: list[Suggestion | None] = [*section.suggestions] or [None]
        for sug in suggestions:
            put(ws, r, 1, gap.id)
            put(ws, r, 2, gap.title)
            put(ws, r, 3, round(gap.score or 0.0, 1))  # a section among the gaps has a score and a gap
            put(ws, r, 4, gap.target)
            put(ws, r, 5, round(gap.gap or 0.0, 1))
            if sug is None:
                put(ws, r, 7, _("The guide has no specific suggestion for this one."))
            else:
                # English reports have always shown the kind's id (tip, example); another language its label
                kind = sug.kind if t.code == ENGLISH else framework.suggestion_kinds.get(sug.kind, sug.kind)
                put(ws, r, 6, kind)
                put(ws, r, 7, sug.title)
                put(ws, r, 8, sug.text)
                put(ws, r, 9, framework.cite(sug.source))
            r += 1
    print_setup(ws)


def _plan_sheet(book: Book, assessment: Assessment, framework: Framework, t: Translator) -> None:
    _ = t.gettext
    ws = book.sheet(sheet_name(PLAN, t))
    headings = [_(h) for h in PLAN_HEADINGS]
    put_headings(
        ws, headings, widths={1: 12, 2: 34, 3: 34, 4: 9, 5: 18, 6: 18, 7: 18, 8: 11, 9: 11, 10: 26, 11: 9, 12: 12}
    )
    last = max(len(assessment.actions) + 1, 2)  # a table needs at least one body row
    header = book.style(**HEADER)
    ws.add_table(
        0,
        0,
        last - 1,
        len(PLAN_HEADINGS) - 1,
        {
            "name": "ActionPlan",
            "style": "Table Style Medium 2",
            "columns": [{"header": heading, "header_format": header} for heading in headings],
        },
    )
    fields = list(PLAN_COLUMNS)
    for r, action in enumerate(assessment.actions, start=2):
        put_text(ws, r, 1, action.id)
        for col, name in enumerate(fields, start=2):
            value = getattr(action, name)
            if name in ("start", "end"):
                put(ws, r, col, value, num_format=DATE)
            elif name in ("priority", "status"):
                put(ws, r, col, _(value))  # stored in English, read back in either language
            else:
                put_text(ws, r, col, value)
    # Validations reach well below the table, so rows a reader adds get the same drop-downs.
    reach = last + 200
    col_of = {name: get_column_letter(n) for n, name in enumerate(fields, start=2)}
    lists = (
        ("priority", [_(p) for p in PRIORITIES]),
        ("status", [_(s) for s in STATUSES]),
        ("section", [s.id for s in framework.sections]),
    )
    for name, choices in lists:
        drop_down(
            ws,
            f"{col_of[name]}2:{col_of[name]}{reach}",
            choices,
            _("Not on the list"),
            _("Choose one of: {choices}.").format(choices=", ".join(choices)),
        )
    for name in ("start", "end"):
        ws.data_validation(
            f"{col_of[name]}2:{col_of[name]}{reach}",
            {
                "validate": "date",
                "criteria": ">",
                "value": 1,
                "ignore_blank": True,
                "show_error": True,
                "error_title": _("Not a date"),
                "error_message": _("Enter a date, such as 2027-03-31."),
            },
        )
    comment(ws, "A1", _("Leave the ID empty on rows you add; the app gives them one."))
    print_setup(ws, repeat=2)


def _maturity_in_words(framework: Framework, overall: float | None, t: Translator) -> str:
    """The overall maturity's band, its range and meaning, for the Summary: the label alone says little."""
    _ = t.gettext
    method = sheet_name(METHOD, t)
    band = framework.maturity_band(overall)
    if band is None:
        return _("No item is rated yet. The maturity bands are explained on the {method} sheet.").format(method=method)
    span = next(words for b, words in maturity_ranges(framework, t) if b is band)
    meaning = f" {band.description}" if band.description else ""
    return _("{band}: an overall score {span}.{meaning} Every band is explained on the {method} sheet.").format(
        band=band.label, span=span, meaning=meaning, method=method
    )


def _method_sheet(book: Book, framework: Framework, t: Translator) -> None:
    _ = t.gettext
    rows: list[tuple[str, str | None]] = [(_("How this report is made"), None)]
    rows.append(
        (_("Framework"), _("{title}, version {version}").format(title=framework.title, version=framework.version))
    )
    rows.append((_("Source"), framework.cite(framework.source)))
    if framework.description:
        rows.append((_("About it"), framework.description))
    rows.append(("", None))
    for scale in framework.scales:
        rows.append((_("Rating scale: {title}").format(title=scale.title), None))
        for opt in scale.options:
            points = opt.points or 0.0
            worth = (
                _("left out of the score")
                if opt.not_relevant
                else _("{points} of {top} points = {share} %").format(
                    points=t.number(points),
                    top=t.number(scale.max_points),
                    share=t.number(100 * points / scale.max_points, 1),
                )
            )
            rows.append((opt.label, worth + (f". {opt.description}" if opt.description else "")))
        rows.append(("", None))
    rows.append((_("How scores are computed"), None))
    for rule in RULE_LIST:
        rows.append(("", _(rule)))
    rows.append(("", None))
    rows.append((_("Maturity bands"), None))
    for band, span in maturity_ranges(framework, t):
        rows.append((band.label, span + (f": {band.description}" if band.description else "")))
    rows.append(("", None))
    rows.append((framework.sections_label, None))
    for s in framework.sections:
        rows.append(
            (
                s.id,
                _("{title}. {statement} (source: {source})").format(
                    title=s.title, statement=s.statement, source=framework.cite(s.source)
                ),
            )
        )
    rows.append(("", None))
    rows.append((_("Editing and loading back"), None))
    kinds = "; ".join(_(label) for label in EVIDENCE_KINDS.values())
    rows += [
        (
            _("{sheet} sheet").format(sheet=sheet_name(ANSWERS, t)),
            _(
                "Rating (from the drop-down), Why not relevant, Evidence, Evidence kind and Notes load back. "
                "Evidence kinds: {kinds}."
            ).format(kinds=kinds),
        ),
        (
            _("{sheet} sheet").format(sheet=sheet_name(VIEWS, t)),
            _(
                "Only in a report with respondents: their views by role, the spread between roles and the agreed "
                "ratings, respecting the minimum group size. Computed, not loaded back; an agreed rating changes in "
                "the app's consensus view."
            ),
        ),
        (
            _("{sheet} sheet").format(sheet=sheet_name(SCORES, t)),
            _("Target % and Weight per section load back; the scores are recomputed by the app."),
        ),
        (
            _("{sheet} sheet").format(sheet=sheet_name(PLAN, t)),
            _(
                "Every column loads back. Add measures as new rows at the bottom and leave their ID empty; delete a "
                "row to drop a measure."
            ),
        ),
        (_("Everything else"), _("is recomputed or read from the app's records; edits there are not loaded back.")),
        (
            _("Hidden sheet {sheet}").format(sheet=META),
            _("holds the ids and versions the app needs to recognise this report. Do not edit it."),
        ),
        (
            _("Hidden sheet {sheet}").format(sheet=RESPONDENTS),
            _(
                "only in a report with respondents: every respondent's own answers and the agreed ratings, so the "
                "report loads back whole. Do not edit it; a report without it keeps the respondents stored in the app."
            ),
        ),
    ]
    label_rows(book.sheet(sheet_name(METHOD, t)), rows, widths={1: 26, 2: 80})


def _meta_sheet(book: Book, assessment: Assessment, t: Translator) -> None:
    ws = book.sheet(META, hidden=True)
    values: dict[str, str | int] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": assessment.schema_version,
        "assessment_id": assessment.id,
        "framework": assessment.framework,
        "framework_version": assessment.framework_version,
        "assessment_type": assessment.assessment_type,
        "reviewer_of": assessment.reviewer_of or "",
        "date": assessment.date.isoformat(),
        "subject": assessment.subject.model_dump_json(),
        "assessors": json.dumps(assessment.assessors, ensure_ascii=False),
        "notes": assessment.notes,
        "sample": "yes" if assessment.sample else "no",
        "targets_set": json.dumps(sorted(assessment.targets)),
        "weights_set": json.dumps(sorted(assessment.weights)),
        # whole sections marked not relevant here, with the reason (the Scores sheet shows them)
        "not_relevant_sections": json.dumps(assessment.not_relevant_sections, ensure_ascii=False),
        # what the assessment held under earlier versions of its framework, so the round trip keeps its history
        "earlier_versions": json.dumps(
            [e.model_dump(mode="json") for e in assessment.earlier_versions], ensure_ascii=False
        ),
    }
    if t.code != ENGLISH:  # the sheets' language, which the reader expects; without it (as before) English
        values["language"] = t.code
    if assessment.language:  # the team's language for the assessment, which may differ from this report's
        values["assessment_language"] = assessment.language
    put(ws, 1, 1, "key")
    put(ws, 1, 2, "value")
    for r, (key, value) in enumerate(values.items(), start=2):
        put(ws, r, 1, key)
        if isinstance(value, str):  # JSON can outgrow a cell (20,000 quotes escape to 40,000 characters): the
            for n, start in enumerate(range(0, max(len(value), 1), MAX_CELL_TEXT)):  # rest goes in the next cells
                put_text(ws, r, 2 + n, value[start : start + MAX_CELL_TEXT])
        else:
            put(ws, r, 2, value)


def _has_panel(assessment: Assessment) -> bool:
    """Whether any respondent field differs from a new assessment's (then the hidden sheet carries them)."""
    fresh = Assessment.model_construct()  # type: ignore[call-arg]  # only its respondent fields' defaults are read
    return assessment.model_dump(include=set(RESPONDENT_FIELDS)) != fresh.model_dump(include=set(RESPONDENT_FIELDS))


def _group_columns(groups: Sequence[str]) -> list[tuple[str, str]]:
    return [(g, kind) for g in groups for kind in ("%", "n")]


def _group_name(group: str, k: int, tr: TranslatedFramework, t: Translator) -> str:
    """A shown group as the report's language names it: a role of the framework, the merged small roles, or a
    role the team added (as typed)."""
    if group == panel.merged_label(k):
        return t.gettext("{other} (groups under {k})").format(other=t.gettext(MERGED_PREFIX), k=k)
    return tr.role(group)


def _views_sheet(book: Book, assessment: Assessment, tr: TranslatedFramework, t: Translator) -> None:
    """The respondents' views by role: only what ``respondents.views`` shows, never an individual rating."""
    _ = t.gettext
    framework = tr.framework
    ws = book.sheet(sheet_name(VIEWS, t))
    views = sheet_name(VIEWS, t)
    v = panel.views(assessment, framework)
    # Across the first three columns: in the ID column alone the title wrapped into a row over 100 points tall,
    # repeated atop every printed page, and pushed the German chart across a page end.
    title = _("Views by role: {subject}").format(subject=assessment.subject.name)
    put_merged(ws, 1, 1, 3, title, bold=True, font_size=14)
    # One sentence, the English as reports have always had it (so ``(s)`` rather than plural forms).
    note = _(
        "{n} respondent(s). Groups of fewer than {k} respondents are not shown on their own: they are merged into "
        "'{merged}' when together they reach {k}, otherwise left out ({suppressed} respondent(s) left out here). A "
        "figure is shown only where at least {k} respondents of a group gave a rating that counts. % = mean share "
        "of the top rating; n = respondents counted; spread = highest minus lowest group mean, in points; SD = "
        "standard deviation of the individual ratings counted, in points; rank 1 = where the groups disagree most."
    ).format(n=v.respondents, k=v.k, merged=_group_name(panel.merged_label(v.k), v.k, tr, t), suppressed=v.suppressed)
    put_merged(ws, 2, 1, 3, note)
    groups = _group_columns(v.groups)
    columns = 3 + len(groups) + 3 + 6  # the item table's, the wider of the two
    set_widths(
        ws,
        {1: 9, 2: 30, 3: 50}
        | {4 + n: 11 for n in range(len(groups) + 3)}
        | {columns - 5: 16, columns - 4: 16, columns - 3: 24, columns - 2: 40, columns - 1: 11, columns: 24},
    )

    def figures(r: int, first: int, line: panel.Line, ranks: dict[str, int]) -> int:
        col = first
        for g, kind in groups:
            view = line.groups.get(g)
            value = None if view is None else (round(view.mean, 1) if kind == "%" else view.n)
            put(ws, r, col, value, num_format="0.0" if kind == "%" else "0")
            col += 1
        for value in (line.spread, line.sd):
            put(ws, r, col, None if value is None else round(value, 1), num_format="0.0")
            col += 1
        put(ws, r, col, ranks.get(line.id))
        return col + 1

    top = 4
    by_section = _("By {section}").format(section=t.inline(framework.section_label))
    put_merged(ws, top, 1, 2, by_section, bold=True, font_size=12)
    named = {g: _group_name(g, v.k, tr, t) for g in v.groups}
    heads = [
        _("ID"),
        framework.section_label,
        *(f"{named[g]} {kind}" for g, kind in groups),
        _("Spread (points)"),
        _("SD (points)"),
        _("Disagreement rank"),
    ]
    put_headings(ws, heads, row=top + 1, freeze=False)  # no frozen rows: the two tables start at different rows
    ranks = v.rank("section")
    r = top + 2
    for line in (*v.sections, v.overall):
        put(ws, r, 1, line.id if line.level == "section" else _("All"))
        put(ws, r, 2, line.title if line.level == "section" else _("Overall"))
        figures(r, 3, line, ranks)
        r += 1
    first_section, last_section = top + 2, r - 2  # without the overall row
    if v.groups:
        shares = [3 + n for n, (_, kind) in enumerate(groups) if kind == "%"]
        series = [
            (
                chart_ref(views, col, top + 1),
                chart_ref(views, col, first_section, last_section),
                solid(palette.GROUPS[n]) if n < len(palette.GROUPS) else None,
            )
            for n, col in enumerate(shares)
        ]
        height = min(4 + 0.4 * len(v.sections) * len(v.groups), 16)
        chart = bar_chart(
            book,
            _("Mean rating by role, per {section} (%)").format(section=t.inline(framework.section_label)),
            series,
            chart_ref(views, 1, first_section, last_section),
            height_cm=height,
            width_cm=CHART_WIDTH_CM,
        )
        ws.insert_chart(r, 0, chart)  # row r + 1 counted from 1
        r += 2 + math.ceil(height / 0.5)  # rows of 15 points are about 0.53 cm: keep the chart clear

    r += 1
    put_merged(ws, r, 1, 2, _("By item"), bold=True, font_size=12)
    item_heads = [
        _("Item"),
        framework.section_label,
        _("Question"),
        *(f"{named[g]} {kind}" for g, kind in groups),
        _("Spread (points)"),
        _("SD (points)"),
        _("Disagreement rank"),
        _("Rating used"),
        _("Agreed rating"),
        _("Agreed by"),
        _("Why (rationale)"),
        _("Decided"),
        _("Evidence given"),
    ]
    put_headings(ws, item_heads, row=r + 1, freeze=False)
    ranks = v.rank("item")
    first = r + 2
    r = first
    for line in v.items:
        put(ws, r, 1, line.id)
        put(ws, r, 2, line.section)
        put(ws, r, 3, framework.item_by_id[line.id].question)
        col = figures(r, 4, line, ranks)
        answer = assessment.answers.get(line.id)
        put_text(ws, r, col, framework.rating_label(line.id, answer.value if answer else None) or _("not answered"))
        agreed = line.agreed
        if agreed is not None:
            put_text(ws, r, col + 1, framework.rating_label(line.id, agreed.value))
            put_text(ws, r, col + 2, "; ".join(agreed.agreed_by))
            put_text(ws, r, col + 3, agreed.rationale)
            put(ws, r, col + 4, agreed.decided_at.date(), num_format=DATE)
        kinds = panel.evidence_kinds(assessment, line.id)
        text = (
            ", ".join(_(EVIDENCE_KINDS[k]) for k in kinds)
            if kinds
            else (_("evidence, kind not given") if panel.has_evidence(assessment, line.id) else _("none"))
        )
        put_text(ws, r, col + 5, text)
        r += 1
    spread_col = get_column_letter(4 + len(groups))
    if r > first:
        data_bar(ws, f"{spread_col}{first}:{spread_col}{r - 1}", palette.NEUTRAL)
    print_setup(ws, titles=False, repeat=1)


def _block(marker: str) -> list[tuple[str | float | None, ...]]:
    """The marker row that starts a block of the hidden respondents sheet and the block's headings."""
    return [(marker,), RESPONDENT_BLOCKS[marker]]


def _respondents_sheet(book: Book, assessment: Assessment) -> None:
    """Every respondent's own answers and the agreed ratings, for loading back (see the module docstring)."""
    ws = book.sheet(RESPONDENTS, hidden=True)
    rows: list[tuple[str | float | None, ...]] = [
        (
            "This hidden sheet holds every respondent's own answers and the agreed ratings, so that the report loads "
            "back into the app whole. Do not edit it.",
        ),
        (),
        *_block("[settings]"),
        ("extra_roles", json.dumps(assessment.extra_roles, ensure_ascii=False)),
        ("min_group_size", assessment.min_group_size),
        ("revealed", "yes" if assessment.revealed else "no"),
        (),
        *_block("[respondents]"),
        *((r.id, r.role, r.label, r.created_at.isoformat()) for r in assessment.respondents),
        (),
        *_block("[answers]"),
        *(
            (rid, item, x.value, x.reason, x.evidence, x.evidence_kind, x.notes)
            for rid, items in assessment.respondent_answers.items()
            for item, x in items.items()
        ),
        (),
        *_block("[consensus]"),
        *(
            (c.item_id, c.value, json.dumps(c.agreed_by, ensure_ascii=False), c.rationale, c.decided_at.isoformat())
            for c in assessment.consensus.values()
        ),
    ]
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            if isinstance(value, str):
                put_text(ws, r, col, value)
            elif value is not None:
                put(ws, r, col, value)


def export_report(
    assessment: Assessment, framework: Framework, individual_answers: bool = False, language: str = "en"
) -> bytes:
    """The report workbook as bytes, in ``language`` (one of ``report_languages()``; ValueError for another).
    With respondents, once the team has revealed the views, also their views by role; with
    ``individual_answers`` (the team's own records, asked for with its edit access) also the hidden sheet of
    their own answers that a round trip needs, which ``disclosure`` allows only after the reveal and with no role
    under the minimum group size (else :class:`Withheld`, before anything is built). Importing a report without
    it keeps those stored in the app. Sheets are made in reading order (``SHEET_ORDER``)."""
    if language not in report_languages():
        raise ValueError(f"Reports are written in {', '.join(report_languages())}, not in '{language}'.")
    if individual_answers and _has_panel(assessment) and (why := individual_answers_withheld(assessment)):
        raise Withheld(why)
    t = translator(language)
    tr = translate(framework, language)
    fw = tr.framework  # the same ids, values and points as ``framework``: only its texts differ
    result = score(assessment, fw)
    kind = t.gettext(ASSESSMENT_TYPES[assessment.assessment_type])
    book = Book(
        t.gettext("{framework} report: {subject}").format(framework=fw.short_title, subject=assessment.subject.name),
        Header(
            assessment.subject.name,
            t.gettext("{framework}: {kind}").format(framework=f"{fw.short_title} {fw.version}", kind=t.inline(kind)),
            assessment.date.isoformat(),
            t.gettext("Page {page} of {pages}"),
        ),
    )
    _summary_sheet(book, assessment, fw, result, t)  # its chart reads the Scores sheet, filled in below
    _scores_sheet(book, assessment, fw, result, t)
    _answers_sheet(book, assessment, fw, t)
    if (assessment.respondents or assessment.consensus) and views_shown(assessment):
        _views_sheet(book, assessment, tr, t)
    _gaps_sheet(book, fw, result, t)
    _plan_sheet(book, assessment, fw, t)
    _method_sheet(book, fw, t)
    _meta_sheet(book, assessment, t)
    if individual_answers and _has_panel(assessment):
        _respondents_sheet(book, assessment)
    return book.to_bytes()


def report_filename(assessment: Assessment, language: str = ENGLISH) -> str:
    """The download's name; a report in another language than English says which, so two downloads of one
    assessment in two languages do not overwrite each other."""
    safe = "".join(c if c.isalnum() else "-" for c in assessment.subject.name).strip("-")[:40] or "assessment"
    tail = "" if language == ENGLISH else f"-{language}"
    return f"{safe}-{assessment.framework}-{assessment.assessment_type}-{assessment.date.isoformat()}{tail}.xlsx"
