"""The comparison workbook a peer-review session takes home: every city's scores, answers and gaps.

Built from the same tables as the Compare page (``benchmark.compare``), so the file and the screen agree, and
written with the report's kit (``kit``). Names, countries and ids come from uploaded files written by strangers,
so every piece of such text goes through ``kit.put_text`` and can never become a formula.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from openpyxl.utils import get_column_letter

from ..assessment import Assessment
from ..charts import palette
from ..compare.frame import OVERALL, latest, scores_frame
from ..compare.method import method_text
from ..compare.ranking import ranking
from ..compare.self_peer import SelfPeer, self_peer_all, self_peer_summary
from ..compare.stats import shared_gaps
from ..framework.model import Framework
from ..framework.vocabulary import ASSESSMENT_TYPES as TYPES
from ..i18n.frameworks import translate
from ..i18n.translator import N_, Translator, translator
from . import paper
from .adapter import Book, Sheet
from .kit import (
    CHART_WIDTH_CM,
    DATE,
    SCORE_LOOK,
    bar_chart,
    chart_ref,
    comment,
    label_rows,
    print_setup,
    put,
    put_headings,
    put_text,
    set_widths,
    solid,
)
from .paper import Header

# Sheet names in English, marked for the catalogs: a workbook in another language names its sheets in it.
SCORES, CHARTS, ITEMS, SELF_PEER, AGREEMENT, GAPS, METHOD_SHEET = (
    N_("Scores"),
    N_("Charts"),
    N_("Items"),
    N_("Self vs peer"),
    N_("Agreement"),
    N_("Shared gaps"),
    N_("Method"),
)
_LOW, _HIGH = "#FFFFFF", "#6BAED6"  # white to a light blue: black text stays readable on both
_MORE, _LESS = "#6BAED6", "#F5C16C"  # Okabe-Ito blue and orange, lightened, for self above / below peer


def _str(value: object) -> str | None:
    """pandas keeps a missing text as NaN; a cell wants None."""
    return value if isinstance(value, str) else None


def _scale_labels(framework: Framework) -> frozenset[str]:
    return frozenset(o.label for scale in framework.scales for o in scale.options)


def _label(ws: Sheet, row: int, col: int, label: str | None, trusted: frozenset[str]) -> None:
    """A rating label from the framework file as is; anything else (a value off the scale comes back
    as typed) as guarded text. Checking first keeps 20,000 rating cells fast."""
    if label is None:
        return
    if label in trusted:
        ws.write_string(row - 1, col - 1, label)
    else:
        put_text(ws, row, col, label)


def _number(ws: Sheet, row: int, col: int, value: float | None) -> None:
    if value is None or pd.isna(value):
        return
    put(ws, row, col, round(float(value), 1), num_format="0.0")


def _score_scale(ws: Sheet, ref: str) -> None:
    ws.conditional_format(
        ref,
        {
            "type": "2_color_scale",
            "min_type": "num",
            "min_value": 0,
            "min_color": _LOW,
            "max_type": "num",
            "max_value": 100,
            "max_color": _HIGH,
        },
    )


def _finish(ws: Sheet, last_row: int, last_col: int, freeze: str = "A2", repeat: int = 1) -> None:
    """Filters, frozen headings, and paper: a sheet too wide for a page repeats its first ``repeat`` columns."""
    ws.autofilter(f"A1:{get_column_letter(last_col)}{max(last_row, 1)}")
    ws.freeze_panes(freeze)
    print_setup(ws, repeat=repeat)


def _scores_sheet(book: Book, frame: pd.DataFrame, framework: Framework, basis: str, t: Translator) -> tuple[int, int]:
    """The Scores sheet; returns the first and last row of the ranked latest assessments of ``basis``, which the
    charts show."""
    _ = t.gettext
    ws = book.sheet(_(SCORES))
    sections = [s.id for s in framework.sections]
    headings = (
        _("Rank"),
        framework.subject_label,
        _("Type"),
        _("Date"),
        _("Latest"),
        _("Country"),
        _("Population"),
        _("Born abroad %"),
        _("Overall %"),
        _("Completion %"),
        *sections,
        _("Assessment ID"),
    )
    put_headings(
        ws,
        headings,
        widths={
            1: 7,
            2: 26,
            3: 16,
            4: 11,
            5: 9,
            6: 14,
            7: 12,
            8: 10,
            9: 10,
            10: 14,
            len(headings): 30,
            **{11 + n: 9 for n in range(len(sections))},
        },
    )
    rank_of: dict[str, int | None] = {}
    latest_ids: set[str] = set()
    for kind in TYPES:
        ranked = ranking(latest(frame, kind))
        latest_ids.update(ranked["id"])
        rank_of.update({i: None if pd.isna(rank) else int(rank) for i, rank in zip(ranked["id"], ranked["rank"])})
    table = frame.assign(
        _type=frame["type"].map(list(TYPES).index),
        _earlier=~frame["id"].isin(latest_ids),
        _rank=frame["id"].map(rank_of).fillna(10**9),
        _key=frame["subject"].str.casefold(),
    )
    table = table.sort_values(["_type", "_earlier", "_rank", "_key", "date"], ascending=[True, True, True, True, False])
    ranked_rows = []
    for r, row in enumerate(table.to_dict("records"), start=2):  # plain dicts: far faster than rows of a frame
        if row["type"] == basis and not row["_earlier"]:
            ranked_rows.append(r)
        put(ws, r, 1, rank_of.get(row["id"]))
        put_text(ws, r, 2, row["subject"])
        put(ws, r, 3, _(TYPES[row["type"]]))
        put(ws, r, 4, row["date"], num_format=DATE)
        put(ws, r, 5, _("earlier") if row["_earlier"] else _("yes"))
        put_text(ws, r, 6, _str(row["country"]))
        if not pd.isna(row["population"]):
            put(ws, r, 7, int(row["population"]), num_format="#,##0")
        _number(ws, r, 8, row["migrant_share"])
        _number(ws, r, 9, row[OVERALL])
        _number(ws, r, 10, row["completion"])
        for n, s in enumerate(sections):
            _number(ws, r, 11 + n, row[s])
        put_text(ws, r, len(headings), row["id"])
    comment(
        ws,
        "A1",
        _(
            "Rank of the overall score among each city's latest assessment; self-assessments and peer reviews are "
            "ranked separately, and ties share a rank (1, 2, 2, 4)."
        ),
    )
    last = len(table) + 1
    if len(table):
        _score_scale(ws, f"I2:I{last}")
        _score_scale(ws, f"K2:{get_column_letter(10 + len(sections))}{last}")
    _finish(ws, last, len(headings), "C2", repeat=2)
    return (ranked_rows[0], ranked_rows[-1]) if ranked_rows else (0, -1)


_MOST_IN_A_CHART = 40  # cities: more bars than this do not read on a page


def _charts_sheet(book: Book, rows: tuple[int, int], framework: Framework, basis: str, t: Translator) -> None:
    """Native charts of the Scores sheet's ranked rows: the overall score per city, then per city and section."""
    _ = t.gettext
    ws = book.sheet(_(CHARTS))
    scores = _(SCORES)
    first, last = rows[0], min(rows[1], rows[0] + _MOST_IN_A_CHART - 1)
    label = t.inline(framework.subject_label)
    kind = t.inline(_(TYPES[basis]))
    if last < first:
        put(ws, 1, 1, _("No {kind} in this comparison has a score to chart.").format(kind=kind))
        print_setup(ws, titles=False)
        return
    shown = last - first + 1
    more = " " + _("(the first {n} by rank)").format(n=shown) if rows[1] > last else ""
    put(
        ws,
        1,
        1,
        _("Latest {kind} per {subject}{more}; the numbers are on the {sheet} sheet.").format(
            kind=kind, subject=label, more=more, sheet=scores
        ),
        italic=True,
    )
    cities = chart_ref(scores, 2, first, last)
    series = [(chart_ref(scores, 9, 1), chart_ref(scores, 9, first, last), SCORE_LOOK)]
    overall = bar_chart(
        book,
        _("Overall score per {subject} (%)").format(subject=label),
        series,
        cities,
        height_cm=3 + 0.55 * shown,
        width_cm=CHART_WIDTH_CM,
        value_title="%",
    )
    overall.set_legend({"none": True})
    ws.insert_chart(2, 0, overall, {"x_offset": 4, "y_offset": 4})
    sections = [
        (
            chart_ref(scores, 11 + n, 1),
            chart_ref(scores, 11 + n, first, last),
            solid(palette.GROUPS[n % len(palette.GROUPS)]),
        )
        for n in range(len(framework.sections))
    ]
    height = min(4 + 0.18 * shown * len(sections), 24)
    by_section = bar_chart(
        book,
        _("Score per {subject} and {section} (%)").format(subject=label, section=t.inline(framework.section_label)),
        sections,
        cities,
        height_cm=height,
        width_cm=CHART_WIDTH_CM,
        value_title="%",
    )
    row = 4 + round((3 + 0.55 * shown) * 72 / 2.54 / paper.DEFAULT_HEIGHT)
    ws.insert_chart(row, 0, by_section, {"x_offset": 4, "y_offset": 4})
    ws.set_h_pagebreaks([row])
    set_widths(ws, {1: 70})  # the charts inside column A, which fits a portrait page
    print_setup(ws, titles=False)


def _items_sheet(
    book: Book, assessments: Sequence[Assessment], frame: pd.DataFrame, framework: Framework, t: Translator
) -> None:
    _ = t.gettext
    ws = book.sheet(_(ITEMS))
    items = list(framework.item_by_id)
    headings = (framework.subject_label, _("Type"), _("Date"), _("Assessment ID"), *items)
    put_headings(ws, headings, widths={1: 24, 2: 15, 3: 11, 4: 24, **{5 + n: 16 for n in range(len(items))}})
    by_id = {a.id: a for a in assessments}
    trusted = _scale_labels(framework)
    labels = {}  # one label lookup per (item, value), not per cell
    for r, a_id in enumerate(frame["id"], start=2):
        a = by_id[a_id]
        put_text(ws, r, 1, a.subject.name)
        put(ws, r, 2, _(TYPES[a.assessment_type]))
        put(ws, r, 3, a.date, num_format=DATE)
        put_text(ws, r, 4, a.id)
        for n, item_id in enumerate(items):
            answer = a.answers.get(item_id)
            if answer is None or answer.value is None:
                continue
            key = (item_id, answer.value)
            if key not in labels:
                labels[key] = framework.rating_label(item_id, answer.value)
            _label(ws, r, 5 + n, labels[key], trusted)
    _finish(ws, len(frame) + 1, len(headings), "B2")


def _self_peer_sheets(book: Book, pairs: Sequence[SelfPeer], framework: Framework, t: Translator) -> None:
    _ = t.gettext
    ws = book.sheet(_(SELF_PEER))
    trusted = _scale_labels(framework)
    # Only the items where the two views differ: they are what a session discusses, and the Agreement
    # sheet counts the rest. (All items of 500 pairs would also be 18,000 rows, slow to write and read.)
    # The self-assessment's date is on the Agreement sheet: one date per row tells pairs apart.
    headings: tuple[str, ...] = (
        framework.subject_label,
        _("Peer review date"),
        _("Item"),
        framework.section_label,
        _("Question"),
        _("Self rating"),
        _("Peer rating"),
        _("Self %"),
        _("Peer %"),
        _("Difference (points)"),
    )
    put_headings(ws, headings, widths={1: 18, 2: 11, 3: 7, 4: 7, 5: 44, 6: 16, 7: 16, 8: 7, 9: 7, 10: 10})
    r = 2
    for p in pairs:
        for item in p.item_rows:
            if item["same"]:
                continue
            put_text(ws, r, 1, p.subject)
            put(ws, r, 2, p.peer_date, num_format=DATE)
            put(ws, r, 3, item["item"])
            put(ws, r, 4, item["section"])
            put(ws, r, 5, item["question"])
            _label(ws, r, 6, item["self_rating"], trusted)
            _label(ws, r, 7, item["peer_rating"], trusted)
            for col, key in ((8, "self_share"), (9, "peer_share"), (10, "difference")):
                if item[key] is not None:  # a rating's share needs no number format: 0, 33.3, 50, 100
                    put(ws, r, col, round(item[key], 1))
            r += 1
    if r > 2:
        ws.conditional_format(
            f"J2:J{r - 1}",
            {
                "type": "3_color_scale",
                "min_type": "num",
                "min_value": -100,
                "min_color": _LESS,
                "mid_type": "num",
                "mid_value": 0,
                "mid_color": _LOW,
                "max_type": "num",
                "max_value": 100,
                "max_color": _MORE,
            },
        )
    else:
        put(
            ws,
            2,
            1,
            _("Every self-assessment agrees with its peer review on every item.")
            if pairs
            else _("No peer review in this comparison is paired with a self-assessment."),
        )
    _finish(ws, r - 1, len(headings), "B2")

    ws = book.sheet(_(AGREEMENT))
    sections = [s.id for s in framework.sections]
    headings = (
        framework.subject_label,
        _("Self-assessment date"),
        _("Peer review date"),
        _("Self overall %"),
        _("Peer overall %"),
        _("Difference (points)"),
        _("Same rating %"),
        _("Items compared"),
        _("Mean difference (points, either way)"),
        _("Most generous {section}").format(section=t.inline(framework.section_label)),
        _("Its difference (points)"),
        *(_("{section} difference").format(section=s) for s in sections),
    )
    put_headings(
        ws,
        headings,
        widths={
            1: 24,
            2: 12,
            3: 12,
            4: 10,
            5: 10,
            6: 12,
            7: 10,
            8: 10,
            9: 14,
            10: 12,
            11: 12,
            **{12 + n: 10 for n in range(len(sections))},
        },
    )
    summary = self_peer_summary(pairs)
    for r, (p, row) in enumerate(zip(pairs, summary.to_dict("records")), start=2):
        put_text(ws, r, 1, p.subject)
        put(ws, r, 2, p.self_date, num_format=DATE)
        put(ws, r, 3, p.peer_date, num_format=DATE)
        for col, name in ((4, "self_overall"), (5, "peer_overall"), (6, "difference"), (7, "agreement")):
            _number(ws, r, col, row[name])
        put(ws, r, 8, int(row["compared"]))
        _number(ws, r, 9, row["mean_abs_difference"])
        put(ws, r, 10, _str(row["most_generous_section"]))
        _number(ws, r, 11, row["most_generous_difference"])
        diffs = {x["section"]: x["difference"] for x in p.section_rows}
        for n, s in enumerate(sections):
            _number(ws, r, 12 + n, diffs[s])
    _finish(ws, len(pairs) + 1, len(headings), "B2")


def _gaps_sheet(book: Book, frame: pd.DataFrame, framework: Framework, basis: str, t: Translator) -> None:
    _ = t.gettext
    ws = book.sheet(_(GAPS))
    label = framework.subject_label
    headings = (
        _("ID"),
        framework.section_label,
        _("Below target"),
        _("With a score"),
        _("Share below %"),
        _("Mean gap (points)"),
        _("{subjects} below target ({kind}, latest per {subject}; largest gap first)").format(
            subjects=framework.subjects_label, kind=t.inline(_(TYPES[basis])), subject=t.inline(label)
        ),
    )
    put_headings(ws, headings, widths={1: 7, 2: 30, 3: 10, 4: 10, 5: 10, 6: 11, 7: 60})
    gaps = shared_gaps(latest(frame, basis), framework)
    for r, row in enumerate(gaps.itertuples(index=False), start=2):
        put(ws, r, 1, row.section)
        put(ws, r, 2, row.title)
        put(ws, r, 3, row.below)
        put(ws, r, 4, row.rated)
        _number(ws, r, 5, row.share)
        _number(ws, r, 6, row.mean_gap)
        put_text(ws, r, 7, ", ".join(row.subjects))
    _finish(ws, len(gaps) + 1, len(headings))


def _method_sheet(book: Book, framework: Framework, basis: str, n: int, t: Translator) -> None:
    _ = t.gettext
    rows: list[tuple[str, str | None]] = [
        (_("How this comparison is made"), None),
        (
            _("Framework"),
            _("{title}, version {version} ({source})").format(
                title=framework.title, version=framework.version, source=framework.cite(framework.source)
            ),
        ),
        (
            _("Assessments"),
            _(
                "{n}. Rankings and shared gaps use each {subject}'s latest {kind}; the {sheet} sheet ranks the "
                'latest of each type separately and marks earlier assessments "{earlier}".'
            ).format(
                n=n,
                subject=t.inline(framework.subject_label),
                kind=t.inline(_(TYPES[basis])),
                sheet=_(SCORES),
                earlier=_("earlier"),
            ),
        ),
        ("", None),
    ]
    rows += [("", rule) for rule in method_text(framework, t)]
    rows += [
        ("", None),
        (_("Sheets"), None),
        (
            _(SCORES),
            _("One row per assessment: scores in %, rank overall, completion. Colour: darker blue = higher."),
        ),
        (_(CHARTS), _("The overall score per city, and the score per city and section, as charts.")),
        (_(ITEMS), _("One row per assessment, one column per item: the rating given (empty = not answered).")),
        (
            _(SELF_PEER),
            _(
                "The items where a self-assessment and its peer review differ (in rating, or answered in only one), "
                "most generous self-rating first; items rated the same are counted on the {sheet} sheet."
            ).format(sheet=_(AGREEMENT)),
        ),
        (_(AGREEMENT), _("One row per pair: overall scores, agreement and the difference per section.")),
        (_(GAPS), _("Per section, how many cities are below their own target.")),
        ("", None),
        (_("Items"), None),
    ]
    rows += [
        (item_id, f"{framework.section_of_item[item_id]}: {item.question}")
        for item_id, item in framework.item_by_id.items()
    ]
    label_rows(book.sheet(_(METHOD_SHEET)), rows, widths={1: 16, 2: 100})


def compare_workbook(
    assessments: Sequence[Assessment], framework: Framework, basis: str = "self", language: str = "en"
) -> bytes:
    """The comparison as an .xlsx file; ``basis`` is the assessment type that rankings and gaps rest on. Its
    sheets, headings, labels and method are in ``language``, with the framework's translation (same ids, values
    and points: the same numbers in every language)."""
    t = translator(language)
    _ = t.gettext
    framework = translate(framework, language).framework
    frame = scores_frame(assessments, framework)
    pairs = self_peer_all(assessments, framework, frame)
    title = _("{framework} comparison of {n} assessments").format(framework=framework.short_title, n=len(assessments))
    last_date = max((a.date for a in assessments), default=None)
    book = Book(
        title,
        Header(
            title,
            f"{framework.short_title} {framework.version}",
            _("assessments up to {date}").format(date=last_date.isoformat()) if last_date else "",
            _("Page {page} of {pages}"),
        ),
    )
    ranked = _scores_sheet(book, frame, framework, basis, t)
    _charts_sheet(book, ranked, framework, basis, t)
    _items_sheet(book, assessments, frame, framework, t)
    _self_peer_sheets(book, pairs, framework, t)
    _gaps_sheet(book, frame, framework, basis, t)
    _method_sheet(book, framework, basis, len(assessments), t)
    return book.to_bytes()
