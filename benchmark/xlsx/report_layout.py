"""The report's shape, which the writer makes and the reader expects: sheet names, headings, the format's id.

A report is meant for people first (a summary with a chart, readable tables, a printable action plan) and for
this app second: the same file loads back in, so a team can edit answers, targets and the action plan in Excel or
LibreOffice and continue in the app. What the app needs to recognise the file (ids, versions, fields no sheet
shows) lives in a hidden sheet ``_meta``.

Several respondents (benchmark/respondents.py). A report of an assessment with respondents or agreed ratings has
two more sheets:

* "Views by role" (visible): per section and per item, each shown group's mean and n, the spread between groups,
  the SD, the disagreement rank, and per item the rating used, the agreed rating with who agreed and why, and the
  kinds of evidence given. It respects the minimum group size exactly as the app's views do
  (``respondents.views``): no figure of a group under k, no figure over everyone.
* "_respondents" (hidden, like ``_meta``): what the app needs to load every respondent's own answers back, in
  blocks that each start with a marker row (``RESPONDENT_BLOCKS``): ``[settings]`` (key, value: extra_roles as
  JSON, min_group_size, revealed), ``[respondents]`` (id, role, label, created_at), ``[answers]`` (respondent,
  item, value, reason, evidence, evidence_kind, notes: values are the scale's keys, not its labels) and
  ``[consensus]`` (item, value, agreed_by as JSON, rationale, decided_at). It holds individual ratings, so it is
  written only when asked for (``individual_answers=True``) and ``disclosure.individual_answers_withheld`` allows
  it (after the reveal, every role of at least k); without it ``services.import_report`` keeps the respondents,
  their answers and the agreed ratings already stored.

Languages. A report is written in one of ``report_languages()`` (those the app ships whole): its sheet names,
headings, labels, drop-down choices and the Method text through that language's catalog, the framework's texts
through its translation (``benchmark.i18n.frameworks``). The names below are the English ones, marked for the
catalogs (``N_``); ``_meta`` (never translated, like ``_respondents``) records the language (a last row
``language``, left out in English, so an English report is what it was before there were others), and the reader
finds each sheet and heading by the name it has in that language, or in English. A rating, priority, status or
evidence kind is read from its label in that language or in English, or from its stored value.

The Answers sheet has an "Evidence kind" column (a drop-down of ``EVIDENCE_KINDS``; reports from before it load
without it), and the Summary lists the rated items that rest on no evidence at all.
"""

from __future__ import annotations

from ..i18n.languages import languages
from ..i18n.translator import N_, Translator
from ..plan import COLUMNS as PLAN_COLUMNS

FORMAT = "benchmark-report"
FORMAT_VERSION = 1

SUMMARY, SCORES, ANSWERS, GAPS, PLAN, METHOD, META = (
    N_("Summary"),
    N_("Scores"),
    N_("Answers"),
    N_("Gaps"),
    N_("Action plan"),
    N_("Method"),
    "_meta",
)
VIEWS, RESPONDENTS = N_("Views by role"), "_respondents"
SHEET_ORDER = [SUMMARY, SCORES, ANSWERS, VIEWS, GAPS, PLAN, METHOD, META, RESPONDENTS]

ANSWER_HEADINGS = (
    N_("Item"),
    N_("Section"),
    N_("Question"),
    N_("Rating"),
    N_("Why not relevant"),
    N_("Evidence"),
    N_("Evidence kind"),
    N_("Notes"),
    N_("Source"),
)
OPTIONAL_ANSWER_HEADINGS = ("Evidence kind",)  # reports from before it load without it
SCORE_HEADINGS = (
    N_("ID"),
    N_("Section"),
    N_("Score %"),
    N_("Target %"),
    N_("Gap (points)"),
    N_("Weight"),
    N_("Rated"),
    N_("Not relevant"),
    N_("Unanswered"),
    N_("Maturity"),
)
PLAN_HEADINGS = ("ID", *PLAN_COLUMNS.values())

RESPONDENT_BLOCKS = {
    "[settings]": ("key", "value"),
    "[respondents]": ("id", "role", "label", "created_at"),
    "[answers]": ("respondent", "item", "value", "reason", "evidence", "evidence_kind", "notes"),
    "[consensus]": ("item", "value", "agreed_by", "rationale", "decided_at"),
}


NOT_HIDDEN = frozenset(SHEET_ORDER) - {META, RESPONDENTS}  # the sheets whose names are translated


def report_languages() -> list[str]:
    """The codes of the languages a report is written and read in: those the app ships whole (Arabic and
    Ukrainian cover only what a respondent sees, so a report in them would be half English)."""
    return [code for code, lang in languages().items() if lang.covers == "all"]


def sheet_name(name: str, t: Translator) -> str:
    """A report sheet's name in the report's language (the hidden sheets keep theirs)."""
    return t.gettext(name) if name in NOT_HIDDEN else name
